"""Expanding a sweep's axes into points (grid or seeded random) and turning a point into a scenario."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np

from sequences.document import Document
from sequences.scenario import Scenario
from sequences.scoring import MqlThreshold, SqlThreshold, ThresholdOverride
from sequences.sweep import SWEEP_PARAMETERS, Sweep

from .knobs import KNOBS

Point = dict[str, float]


def expand(sweep: Sweep) -> list[Point]:
    """Every point of the sweep, in a stable order: the full grid, or ``samples`` seeded random draws."""
    grids = [axis.grid() for axis in sweep.axes]
    names = [axis.parameter for axis in sweep.axes]
    if sweep.sampling == "grid":
        return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*grids)]
    rng = np.random.Generator(np.random.Philox(key=sweep.seed))
    points: list[Point] = []
    for _ in range(sweep.samples):
        point: Point = {}
        for axis, grid in zip(sweep.axes, grids, strict=True):
            if axis.values or axis.parameter == "require_hand_raise":
                point[axis.parameter] = float(grid[int(rng.integers(len(grid)))])
            else:
                value = float(rng.uniform(float(axis.low), float(axis.high)))  # type: ignore[arg-type]
                point[axis.parameter] = float(round(value)) if KNOBS[axis.parameter].integer else value
        points.append(point)
    return points


def shown(key: str, value: float) -> str:
    return ("yes" if value else "no") if key == "require_hand_raise" else f"{value:g}"


def describe_settings(point: Mapping[str, float]) -> str:
    """The point in a planner's words: "SQL total score 60, Sales reps 3, SQL needs a hand-raise yes"."""
    return ", ".join(f"{SWEEP_PARAMETERS[key]} {shown(key, value)}" for key, value in point.items())


def point_name(point: Mapping[str, float]) -> str:
    """A short readable name for a point, used for "make this a scenario"."""
    return describe_settings(point)


def current_settings(document: Document, base: Scenario, names: list[str]) -> Point:
    """The base scenario's own value of each setting (what "today" is, for ties and sensitivity)."""
    return {name: float(KNOBS[name].get(document, base)) for name in names}


def apply_point(document: Document, base: Scenario, point: Mapping[str, float], name: str | None = None) -> Scenario:
    """The base scenario with the point's settings; thresholds start from the effective scoring."""
    scoring = base.effective_scoring(document.scoring)
    data = base.model_dump()
    data["thresholds"] = ThresholdOverride(
        mql=MqlThreshold(fit_min=scoring.mql.fit_min, total=scoring.mql.total),
        sql=SqlThreshold(total=scoring.sql.total, require_hand_raise=scoring.sql.require_hand_raise),
        decay_half_life_days=scoring.decay_half_life_days,
    ).model_dump()
    for key, value in point.items():
        if key not in KNOBS:
            raise KeyError(f"unknown sweep parameter {key!r}")
        KNOBS[key].put(data, value)
    data["name"] = (name or f"{base.name} — {point_name(point)}")[:200]
    # Re-validate: a point may be impossible (e.g. negative threshold), and that must surface here.
    return Scenario.model_validate(data)

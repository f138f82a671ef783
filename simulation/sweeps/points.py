"""Expanding a sweep's axes into points (grid or seeded random) and turning a point into a scenario."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np

from sequences.document import Document
from sequences.scenario import Scenario
from sequences.scoring import MqlThreshold, SqlThreshold, ThresholdOverride
from sequences.sweep import INTEGER_PARAMETERS, SWEEP_PARAMETERS, Sweep

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
                point[axis.parameter] = float(round(value)) if axis.parameter in INTEGER_PARAMETERS else value
        points.append(point)
    return points


def point_name(point: Mapping[str, float]) -> str:
    """A short readable name for a point, used for "make this a scenario"."""
    parts = []
    for key, value in point.items():
        shown = ("yes" if value else "no") if key == "require_hand_raise" else f"{value:g}"
        parts.append(f"{key.replace('_', ' ')} {shown}")
    return ", ".join(parts)


def describe_settings(point: Mapping[str, float]) -> str:
    """The point in a planner's words: "SQL total score 60, Sales reps 3, SQL needs a hand-raise yes"."""
    parts = []
    for key, value in point.items():
        shown = ("yes" if value else "no") if key == "require_hand_raise" else f"{value:g}"
        parts.append(f"{SWEEP_PARAMETERS[key]} {shown}")
    return ", ".join(parts)


def apply_point(document: Document, base: Scenario, point: Mapping[str, float]) -> Scenario:
    """The base scenario with the point's settings; thresholds start from the effective scoring."""
    scoring = base.effective_scoring(document.scoring)
    mql, sql = scoring.mql, scoring.sql
    half_life = scoring.decay_half_life_days
    sales, sla, cohort = base.sales, base.sla, base.cohort
    for key, value in point.items():
        if key == "mql_fit_min":
            mql = mql.model_copy(update={"fit_min": float(value)})
        elif key == "mql_total":
            mql = mql.model_copy(update={"total": float(value)})
        elif key == "sql_total":
            sql = sql.model_copy(update={"total": float(value)})
        elif key == "require_hand_raise":
            sql = sql.model_copy(update={"require_hand_raise": bool(value)})
        elif key == "decay_half_life_days":
            half_life = float(value)
        elif key == "reps":
            sales = sales.model_copy(update={"reps": int(round(value))})
        elif key == "first_touches_per_rep_per_day":
            sales = sales.model_copy(update={"first_touches_per_rep_per_day": float(value)})
        elif key == "sla_hours":
            sla = sla.model_copy(update={"first_outreach_hours": float(value)})
        elif key == "arrival_scale":
            cohort = cohort.model_copy(update={"arrivals": tuple(
                a.model_copy(update={
                    "leads_per_week": None if a.leads_per_week is None else a.leads_per_week * value,
                    "leads": None if a.leads is None else int(round(a.leads * value)),
                }) for a in cohort.arrivals
            )})
        else:
            raise KeyError(f"unknown sweep parameter {key!r}")
    thresholds = ThresholdOverride(
        mql=MqlThreshold(fit_min=mql.fit_min, total=mql.total),
        sql=SqlThreshold(total=sql.total, require_hand_raise=sql.require_hand_raise),
        decay_half_life_days=half_life,
    )
    data = base.model_dump()
    data.update(
        name=f"{base.name} — {point_name(point)}",
        thresholds=thresholds.model_dump(),
        sales=sales.model_dump(),
        sla=sla.model_dump(),
        cohort=cohort.model_dump(),
    )
    # Re-validate: a point may be impossible (e.g. negative threshold), and that must surface here.
    return Scenario.model_validate(data)

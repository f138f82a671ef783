"""Runs a sweep in two stages: screen every point, then simulate the most promising and a check sample."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import numpy as np

from sequences.document import Document
from sequences.sweep import Sweep

from ..result import Estimate
from .executors import Executor, SerialExecutor
from .points import apply_point, expand
from .ranking import pareto_front, recommend, sensitivity
from .result import SweepPoint, SweepResult
from .screen import nurture_key, screened_metrics
from .tasks import screen_task, simulate_task

SCREEN_LEADS = 2_000
Progress = Callable[[str, int, int], None]


def _never() -> bool:
    return False


def run_sweep(document: Document, sweep: Sweep | str | None = None, executor: Executor | None = None, *,
              progress: Progress | None = None, cancel: Callable[[], bool] = _never,
              screen_leads: int = SCREEN_LEADS) -> SweepResult:
    """The whole sweep. On cancel, returns what finished with ``complete`` False."""
    sweep = sweep if isinstance(sweep, Sweep) else document.sweep(sweep)
    executor = executor or SerialExecutor()
    base = document.scenario(sweep.base_scenario)
    settings = expand(sweep)
    scenarios = [apply_point(document, base, point) for point in settings]
    text = json.dumps(document.model_dump(mode="json", by_alias=True), sort_keys=True)
    report = progress or (lambda stage, done, total: None)

    # Stage 1: one small run per nurture setting (common random numbers: one seed for all).
    groups: dict[tuple, int] = {}
    for index, point in enumerate(settings):
        groups.setdefault(nurture_key(point), index)
    keys = list(groups)
    tasks = [{"document": text, "scenario": scenarios[groups[k]].model_dump(mode="json"), "seed": sweep.seed,
              "leads": screen_leads} for k in keys]
    small: dict[tuple, dict] = {}
    for done, (i, figures) in enumerate(executor.run(screen_task, tasks, cancel), start=1):
        small[keys[i]] = figures
        report("screen", done, len(tasks))
    points = []
    for index, (point, scenario) in enumerate(zip(settings, scenarios, strict=True)):
        known = small.get(nurture_key(point))
        if known is None:
            continue
        full = sum(a.total() for a in scenario.cohort.arrivals) if sweep.leads is None else sweep.leads
        screened = screened_metrics(scenario, known, full, sweep.seed)
        points.append(SweepPoint(index=index, settings=point, screened=screened))
    complete = len(small) == len(keys)
    _judge(points, sweep)

    # Stage 2: the best feasible points by the screen, plus a seeded sample of the rest to check it.
    chosen = _choose(points, sweep) if complete else []
    sim_tasks = [{"document": text, "scenario": scenarios[p.index].model_dump(mode="json"), "seed": sweep.seed,
                  "replications": sweep.replications, "leads": sweep.leads,
                  "sla_hours": p.settings.get("sla_hours")} for p in chosen]
    for done, (i, figures) in enumerate(executor.run(simulate_task, sim_tasks, cancel), start=1):
        chosen[i].simulated = {k: Estimate(**v) for k, v in figures.items() if v is not None}
        report("simulate", done, len(sim_tasks))
    complete = complete and all(p.simulated is not None for p in chosen)
    _judge(points, sweep)

    best, reason = recommend(points, sweep)
    return SweepResult(
        sweep=sweep.name, base_scenario=base.name, objective=sweep.objective.metric,
        direction=sweep.objective.direction, executor=executor.name, points=points,
        pareto=pareto_front(points), recommended=None if best is None else best.index, reason=reason,
        sensitivity=sensitivity(points, best, sweep) if best is not None else [],
        screen_agreement=_agreement(points, sweep.objective.metric), complete=complete,
    )


def _judge(points: list[SweepPoint], sweep: Sweep) -> None:
    for point in points:
        point.violations = []
        for constraint in sweep.constraints:
            value = point.figure(constraint.metric)
            ok = value <= constraint.value if constraint.op == "lte" else value >= constraint.value
            if not ok or math.isnan(value):
                word = "above" if constraint.op == "lte" else "below"
                name = constraint.metric.replace("_", " ")
                point.violations.append(f"{name} {value:.3g} is {word} {constraint.value:g}")
        point.feasible = not point.violations


def _choose(points: list[SweepPoint], sweep: Sweep) -> list[SweepPoint]:
    sign = -1.0 if sweep.objective.direction == "maximise" else 1.0
    metric = sweep.objective.metric
    ranked = sorted(points, key=lambda p: (not p.feasible, sign * _finite(p.screened.get(metric)), p.index))
    top = ranked[: sweep.simulate_top]
    for p in top:
        p.why_simulated = "among the best by the screen"
    rest = ranked[sweep.simulate_top:]
    if rest and sweep.simulate_check:
        rng = np.random.Generator(np.random.Philox(key=sweep.seed + 1))
        picks = sorted(rng.choice(len(rest), size=min(sweep.simulate_check, len(rest)), replace=False))
        for i in picks:
            rest[int(i)].why_simulated = "random check of the screen"
        top += [rest[int(i)] for i in picks]
    return top


def _finite(value: float | None) -> float:
    return math.inf if value is None or math.isnan(value) else value


def _agreement(points: list[SweepPoint], metric: str) -> dict[str, float]:
    """How well the screen predicted the simulation on the simulated points."""
    pairs = [(p.screened[metric], p.simulated[metric].mean) for p in points
             if p.simulated and metric in p.simulated and p.simulated[metric].mean is not None]
    if not pairs:
        return {}
    errors = [abs(s - m) / abs(m) for s, m in pairs if m]
    inside = [p.simulated[metric].contains(p.screened[metric]) for p in points
              if p.simulated and metric in p.simulated and p.simulated[metric].low is not None]
    out = {"points": float(len(pairs)), "mean_relative_error": float(np.mean(errors)) if errors else 0.0,
           "share_inside_interval": float(np.mean(inside)) if inside else 0.0}
    if len(pairs) >= 3:
        screened, simulated = np.array(pairs).T
        if np.std(screened) > 0 and np.std(simulated) > 0:
            out["rank_correlation"] = float(np.corrcoef(np.argsort(np.argsort(screened)),
                                                        np.argsort(np.argsort(simulated)))[0, 1])
    return out

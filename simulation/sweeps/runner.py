"""Runs a sweep: screen every point, simulate the most promising, then check the recommendation's neighbours."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from sequences.document import Document
from sequences.scenario import Scenario
from sequences.sweep import METRIC_WORDS, Sweep

from .executors import Executor, SerialExecutor
from .explain import cohort_note, find_edges, reason
from .knobs import KNOBS, sla_pinned_by_nodes, team_size
from .points import apply_point, current_settings, expand
from .probes import marginals, probe_settings
from .ranking import judge, neighbours, pareto_front, recommend, sensitivity
from .result import SweepPoint, SweepResult, estimates
from .screen import nurture_key, screened_metrics
from .tasks import screen_task, simulate_task
from .value import add_value, add_value_one, needs_economics, needs_value

SCREEN_LEADS = 2_000
Progress = Callable[[str, int, int], None]


class SweepProblem(ValueError):
    """The sweep cannot answer its question as defined (the message says what to change)."""


def _never() -> bool:
    return False


def run_sweep(document: Document, sweep: Sweep | str | None = None, executor: Executor | None = None, *,
              progress: Progress | None = None, cancel: Callable[[], bool] = _never,
              screen_leads: int = SCREEN_LEADS) -> SweepResult:
    """The whole sweep. On cancel, returns what finished with ``complete`` False."""
    sweep = sweep if isinstance(sweep, Sweep) else document.sweep(sweep)
    executor = executor or SerialExecutor()
    base = document.scenario(sweep.base_scenario)
    economics = base.economics
    currency = economics.currency if economics else "$"
    _check_economics(sweep, base)
    settings = expand(sweep)
    scenarios = [apply_point(document, base, point) for point in settings]
    text = json.dumps(document.model_dump(mode="json", by_alias=True), sort_keys=True)
    report = progress or (lambda stage, done, total: None)
    base_leads = sum(a.total() for a in base.cohort.arrivals)

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
        screened = add_value_one(screened_metrics(scenario, known, full, sweep.seed), team_size(scenario), economics)
        points.append(SweepPoint(index=index, settings=point, screened=screened))
    complete = len(small) == len(keys)
    judge(points, sweep, currency)

    def simulate(chosen: list[SweepPoint], stage: str) -> bool:
        sim_tasks = [_task(text, scenarios[p.index], sweep) for p in chosen]
        for done, (i, figures) in enumerate(executor.run(simulate_task, sim_tasks, cancel), start=1):
            point = chosen[i]
            point.replicates = add_value(figures, team_size(scenarios[point.index]), economics)
            point.simulated = estimates(point.replicates)
            report(stage, done, len(sim_tasks))
        return all(p.simulated is not None for p in chosen)

    # Stage 2: the best feasible points by the screen, plus a seeded sample of the rest to check it.
    # A sweep that simulates nothing (simulate_top and simulate_check 0) is a screen only: no stage 3 or 4.
    screen_only = sweep.simulate_top == 0 and sweep.simulate_check == 0
    if complete and not screen_only:
        complete = simulate(_choose(points, sweep), "simulate")
    judge(points, sweep, currency)
    today = current_settings(document, base, [a.parameter for a in sweep.axes])

    # Stage 3: the recommendation's neighbours on every axis, so sensitivity compares simulated with simulated.
    # A neighbour may turn out better, so repeat (a few times at most) until the recommendation stays put.
    best, top, ties = recommend(points, sweep, today)
    for _ in range(4):
        if not complete or best is None or screen_only:
            break
        around = [n for axis in sweep.axes for n in neighbours(points, best, axis.parameter) if n.simulated is None]
        if not around:
            break
        for n in around:
            n.why_simulated = "neighbour of the recommendation"
        complete = simulate(list({n.index: n for n in around}.values()), "check")
        judge(points, sweep, currency)
        best, top, ties = recommend(points, sweep, today)

    # Stage 4: what one more rep, or one hour off the SLA, would change, on the same draws.
    found: list[dict[str, Any]] = []
    if complete and best is not None and best.replicates and not screen_only:
        probes = probe_settings(document, base, best.settings)
        probe_tasks = [_task(text, apply_point(document, base, p["settings"]), sweep) for p in probes]
        runs: dict[int, dict] = {}
        for done, (i, figures) in enumerate(executor.run(simulate_task, probe_tasks, cancel), start=1):
            scenario = apply_point(document, base, probes[i]["settings"])
            runs[i] = add_value(figures, team_size(scenario), economics)
            report("probe", done, len(probe_tasks))
        complete = len(runs) == len(probes)
        found = marginals(probes, runs, best, economics, sweep.replications)

    leads = float(sweep.leads) if sweep.leads is not None else base_leads
    note = cohort_note(leads, base_leads)
    return SweepResult(
        sweep=sweep.name, base_scenario=base.name, objective=sweep.objective.metric,
        direction=sweep.objective.direction, executor=executor.name, points=points,
        pareto=pareto_front(points), recommended=None if best is None else best.index,
        reason=reason(best, top, ties, sweep, points, sweep.replications, note, currency),
        sensitivity=sensitivity(points, best, sweep) if best is not None else [],
        screen_agreement=_agreement(points, sweep.objective.metric), complete=complete,
        goal=sweep.goal_words(currency), replications=sweep.replications, leads=leads, base_leads=base_leads,
        cohort_note=note, currency=currency, today=today, ties=ties,
        edges=find_edges(points, best, sweep) if best is not None else [], marginals=found,
        warnings=_warnings(document, sweep),
    )


def _task(text: str, scenario: Scenario, sweep: Sweep) -> dict[str, Any]:
    return {"document": text, "scenario": scenario.model_dump(mode="json"), "seed": sweep.seed,
            "replications": sweep.replications, "leads": sweep.leads}


def _check_economics(sweep: Sweep, base: Scenario) -> None:
    metrics = [sweep.objective.metric, *(c.metric for c in sweep.constraints)]
    missing = needs_value(metrics) if base.economics is not None and base.economics.sql_value() is None else []
    missing = needs_economics(metrics) if base.economics is None else missing
    if missing:
        words = ", ".join(METRIC_WORDS[m] for m in missing)
        what = "economics: {rep_cost_per_month, value_per_accepted_sql}" if base.economics is None else \
            "value_per_accepted_sql (or opportunity_rate, average_deal_value and win_rate) to its economics"
        raise SweepProblem(f"sweep '{sweep.name}' asks about {words}, but scenario '{base.name}' has no "
                           f"{'economics' if base.economics is None else 'value per accepted SQL'}: add {what} "
                           "(in the designer: Scenarios panel, Economics tab)")


def _warnings(document: Document, sweep: Sweep) -> list[str]:
    out = []
    pinned = sla_pinned_by_nodes(document)
    if any(a.parameter == "sla_hours" for a in sweep.axes) and pinned:
        out.append("SLA hours set the scenario's SLA, which applies to handoffs made by the SQL threshold; the "
                   f"handoff node(s) {', '.join(pinned)} keep their own SLA, which wins for the leads they hand over.")
    if any(a.parameter not in KNOBS for a in sweep.axes):  # pragma: no cover - the model refuses these
        out.append("unknown sweep settings")
    return out


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
    pairs = [(p.screened[metric], est.mean) for p in points
             if metric in p.screened and (est := p.estimate(metric)) is not None]
    if not pairs:
        return {}
    errors = [abs(s - m) / abs(m) for s, m in pairs if m]
    inside = [est.contains(p.screened[metric]) for p in points
              if metric in p.screened and (est := p.estimate(metric)) is not None]
    out = {"points": float(len(pairs)), "mean_relative_error": float(np.mean(errors)) if errors else 0.0,
           "share_inside_interval": float(np.mean(inside)) if inside else 0.0}
    if len(pairs) >= 3:
        screened, simulated = np.array(pairs).T
        if np.std(screened) > 0 and np.std(simulated) > 0:
            out["rank_correlation"] = float(np.corrcoef(np.argsort(np.argsort(screened)),
                                                        np.argsort(np.argsort(simulated)))[0, 1])
    return out

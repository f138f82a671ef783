"""Reading a sweep: feasibility, the Pareto front, the recommended setting with its ties, and sensitivity."""

from __future__ import annotations

import math
from typing import Any

from sequences.sweep import Sweep

from ..result import Estimate, t975
from .result import SweepPoint

# Pareto: more accepted SQLs, fewer SLA breaches, less rep load.
PARETO_AXES = (("accepted_per_month", 1.0), ("sla_breach_rate", -1.0), ("rep_utilisation", -1.0))


def judge(points: list[SweepPoint], sweep: Sweep, currency: str = "$") -> None:
    """Marks each point feasible or not, with every broken limit in words; infeasible points stay listed."""
    from sequences.sweep import METRIC_WORDS, show_figure

    for point in points:
        point.violations = []
        for constraint in sweep.constraints:
            value = point.figure(constraint.metric)
            name = METRIC_WORDS[constraint.metric]
            if math.isnan(value):
                point.violations.append(f"{name} unknown (limit {constraint.words(currency)})")
            elif not constraint.met_by(value):
                shown = show_figure(constraint.metric, value, currency)
                point.violations.append(f"{name} {shown} breaks {constraint.words(currency)}")
        point.feasible = not point.violations


def pareto_front(points: list[SweepPoint]) -> list[int]:
    vectors = [(p.index, tuple(sign * p.figure(m) for m, sign in PARETO_AXES)) for p in points]
    vectors = [(i, v) for i, v in vectors if not any(math.isnan(x) for x in v)]
    front = []
    for i, v in vectors:
        dominated = any(all(a >= b for a, b in zip(w, v, strict=True)) and w != v for _, w in vectors)
        if not dominated:
            front.append(i)
    return sorted(front)


def overlaps(a: Estimate | None, b: Estimate | None) -> bool:
    if a is None or b is None or None in (a.low, a.high, b.low, b.high):
        return False
    return a.low <= b.high and b.low <= a.high  # type: ignore[operator]


def cost_of(point: SweepPoint) -> float:
    """What a setting costs: its rep cost a month, or (without economics) its team size."""
    cost = point.figure("cost_per_month")
    return cost if not math.isnan(cost) else point.settings.get("reps", 0.0)


def changes_from(point: SweepPoint, today: dict[str, float]) -> tuple[int, float]:
    """How far a setting is from today's: settings changed, then the summed relative change."""
    moved = [k for k, v in point.settings.items() if k in today and v != today[k]]
    distance = sum(abs(point.settings[k] - today[k]) / max(abs(today[k]), 1.0) for k in moved)
    return len(moved), distance


def recommend(points: list[SweepPoint], sweep: Sweep, today: dict[str, float]) -> tuple[SweepPoint | None,
                                                                                       SweepPoint | None, list[int]]:
    """(recommended, best by the mean, ties): among the best feasible simulated points, a setting whose
    interval overlaps the best one's is a tie, and the cheapest, then the closest to today, is preferred."""
    metric = sweep.objective.metric
    sign = 1.0 if sweep.objective.direction == "maximise" else -1.0
    simulated = [p for p in points if p.estimate(metric) is not None]
    pool = [p for p in (simulated or points) if p.feasible and not math.isnan(p.figure(metric))]
    if not pool:
        return None, None, []
    top = max(pool, key=lambda p: (sign * p.figure(metric), -p.index))
    tied = [p for p in pool if p is top or is_tie(p, top, metric)]
    best = min(tied, key=lambda p: (cost_of(p), changes_from(p, today), -sign * p.figure(metric), p.index))
    return best, top, sorted(p.index for p in tied if p is not best)


def is_tie(point: SweepPoint, best: SweepPoint, metric: str) -> bool:
    """Not told apart by the simulation: on common random numbers, the 95% interval of the paired difference
    holds zero; without paired replications, the two intervals overlap."""
    change = paired_change(point, best, metric)
    if change is not None and change.low is not None and change.high is not None:
        return change.low <= 0.0 <= change.high
    return overlaps(point.estimate(metric), best.estimate(metric))


def neighbours(points: list[SweepPoint], best: SweepPoint, parameter: str) -> list[SweepPoint]:
    """The points one step either side of ``best`` on one axis, every other setting held."""
    same = [p for p in points if all(p.settings[k] == v for k, v in best.settings.items() if k != parameter)]
    same.sort(key=lambda p: p.settings[parameter])
    here = next((i for i, p in enumerate(same) if p.index == best.index), None)
    if here is None:
        return []
    return [same[j] for j in (here - 1, here + 1) if 0 <= j < len(same)]


def paired_change(other: SweepPoint, best: SweepPoint, metric: str) -> Estimate | None:
    """other − best on common random numbers: the mean and interval of the per-replication differences."""
    if not other.replicates or not best.replicates or metric not in other.replicates or metric not in best.replicates:
        return None
    pairs = [a - b for a, b in zip(other.replicates[metric], best.replicates[metric], strict=False)
             if not (math.isnan(a) or math.isnan(b))]
    return difference(pairs)


def difference(values: list[float]) -> Estimate | None:
    """Mean and 95% interval of paired differences; unlike a count, a difference may cross zero."""
    xs = [v for v in values if not math.isnan(v)]
    if not xs:
        return None
    n = len(xs)
    mean = math.fsum(xs) / n
    if n == 1:
        return Estimate(mean, mean, mean)
    half = t975(n - 1) * math.sqrt(math.fsum((x - mean) ** 2 for x in xs) / (n - 1)) / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half)


def sensitivity(points: list[SweepPoint], best: SweepPoint, sweep: Sweep) -> list[dict[str, Any]]:
    """For each axis, the objective one step either side, simulated against simulated on the same draws."""
    metric = sweep.objective.metric
    out = []
    for axis in sweep.axes:
        for other in neighbours(points, best, axis.parameter):
            change = paired_change(other, best, metric)
            if change is None:
                continue  # compare like with like: a screened neighbour says nothing against a simulated best
            out.append({"parameter": axis.parameter, "value": other.settings[axis.parameter],
                        "objective": other.figure(metric), "change": change.mean, "low": change.low,
                        "high": change.high, "feasible": other.feasible, "index": other.index})
    return out

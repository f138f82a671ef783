"""Reading a sweep: the Pareto front, the recommended setting with its reason, and sensitivity around it."""

from __future__ import annotations

import math

from sequences.sweep import SWEEP_METRICS, Sweep

from .points import describe_settings
from .result import SweepPoint

# Pareto: more accepted SQLs, fewer SLA breaches, less rep load.
PARETO_AXES = (("accepted_per_month", 1.0), ("sla_breach_rate", -1.0), ("rep_utilisation", -1.0))


def pareto_front(points: list[SweepPoint]) -> list[int]:
    vectors = [(p.index, tuple(sign * p.figure(m) for m, sign in PARETO_AXES)) for p in points]
    vectors = [(i, v) for i, v in vectors if not any(math.isnan(x) for x in v)]
    front = []
    for i, v in vectors:
        dominated = any(all(a >= b for a, b in zip(w, v, strict=True)) and w != v for _, w in vectors)
        if not dominated:
            front.append(i)
    return sorted(front)


def _show(metric: str, value: float) -> str:
    if metric in ("sla_breach_rate", "rep_utilisation", "acceptance_rate"):
        return f"{100 * value:.1f}%"
    return f"{value:.1f}"


def recommend(points: list[SweepPoint], sweep: Sweep) -> tuple[SweepPoint | None, str]:
    """The best simulated point meeting every constraint (screened points if none was simulated)."""
    metric = sweep.objective.metric
    sign = 1.0 if sweep.objective.direction == "maximise" else -1.0
    simulated = [p for p in points if p.simulated]
    pool = [p for p in (simulated or points) if p.feasible]
    if not pool:
        return None, (
            f"No setting meets every constraint ({len(points)} points tried): relax a constraint or widen the axes."
        )
    best = max(pool, key=lambda p: (sign * p.figure(metric), -p.index))
    words = [f"{SWEEP_METRICS[metric]} {_show(metric, best.figure(metric))}"]
    est = best.simulated.get(metric) if best.simulated else None
    if est is not None and est.low is not None and est.high is not None:
        words[0] += f" [{_show(metric, est.low)}, {_show(metric, est.high)}]"
    for constraint in sweep.constraints:
        limit = _show(constraint.metric, constraint.value)
        value = _show(constraint.metric, best.figure(constraint.metric))
        relation = "≤" if constraint.op == "lte" else "≥"
        words.append(f"{SWEEP_METRICS[constraint.metric]} {value} (limit {relation} {limit})")
    basis = "simulated" if best.simulated else "screened only"
    reason = (f"Recommended: {describe_settings(best.settings)} — " + ", ".join(words)
              + f"; the best of {len(pool)} {basis} settings that meet every constraint.")
    return best, reason


def sensitivity(points: list[SweepPoint], best: SweepPoint, sweep: Sweep) -> list[dict]:
    """For each axis, the objective at the neighbouring values with every other setting held."""
    metric = sweep.objective.metric
    out = []
    for axis in sweep.axes:
        name = axis.parameter
        same = [p for p in points if all(p.settings[k] == v for k, v in best.settings.items() if k != name)]
        same.sort(key=lambda p: p.settings[name])
        values = [p.settings[name] for p in same]
        here = values.index(best.settings[name]) if best.settings[name] in values else None
        if here is None:
            continue
        for step in (-1, 1):
            j = here + step
            if 0 <= j < len(same):
                other = same[j]
                out.append({"parameter": name, "value": other.settings[name],
                            "objective": other.figure(metric),
                            "change": other.figure(metric) - best.figure(metric),
                            "feasible": other.feasible})
    return out

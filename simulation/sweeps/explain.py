"""The recommendation in a planner's words: its figures, limits, economics, ties, edges and marginal values."""

from __future__ import annotations

from typing import Any

from sequences.sweep import METRIC_WORDS, SWEEP_PARAMETERS, Sweep, show_figure

from ..result import Estimate
from .knobs import KNOBS
from .points import describe_settings, shown
from .result import SweepPoint


def cohort_note(leads: float, base_leads: float) -> str:
    """"" on the base scenario's own cohort; else the words that go beside every figure."""
    if round(leads) == round(base_leads):
        return ""
    return f"on a {leads:,.0f}-lead cohort, not the scenario's own {base_leads:,.0f}"


def with_interval(metric: str, est: Estimate | None, value: float, currency: str) -> str:
    text = show_figure(metric, value, currency)
    if est is not None and est.low is not None and est.high is not None and est.low != est.high:
        text += f" [{show_figure(metric, est.low, currency)}, {show_figure(metric, est.high, currency)}]"
    return text


def find_edges(points: list[SweepPoint], best: SweepPoint, sweep: Sweep) -> list[dict[str, Any]]:
    """Axes on which the best feasible point sits at the lowest or highest value tried, with the next value."""
    out = []
    for axis in sweep.axes:
        name = axis.parameter
        values = sorted({p.settings[name] for p in points})
        if len(values) < 2 or name == "require_hand_raise":
            continue
        here = best.settings[name]
        knob = KNOBS[name]
        for side, end, inner in (("lowest", values[0], values[1]), ("highest", values[-1], values[-2])):
            if here != end:
                continue
            step = end - inner
            suggested = end + step
            if knob.integer:
                suggested = float(round(suggested))
            if knob.lowest is not None:
                suggested = max(suggested, knob.lowest)
            if knob.highest is not None:
                suggested = min(suggested, knob.highest)
            out.append({"parameter": name, "side": side, "value": end,
                        "suggested": None if suggested == end else suggested})
    return out


def extend_axes(sweep: Sweep, edges: list[dict[str, Any]]) -> Sweep:
    """The sweep with every edge axis one step longer, so the next run can look past the edge."""
    axes = []
    for axis in sweep.axes:
        grow = [e["suggested"] for e in edges if e["parameter"] == axis.parameter and e["suggested"] is not None]
        if not grow:
            axes.append(axis)
        elif axis.values:
            axes.append(axis.model_copy(update={"values": tuple(sorted({*axis.values, *grow}))}))
        else:
            low = min([axis.low, *grow])
            high = max([axis.high, *grow])
            axes.append(axis.model_copy(update={"low": low, "high": high, "steps": min(axis.steps + len(grow), 200)}))
    return sweep.model_copy(update={"axes": tuple(axes)})


def signed(metric: str, value: float | None, currency: str = "$") -> str:
    """A change with its sign: +1.2, −$3,400, +0.5 points for rates."""
    if value is None or value != value:
        return "–"
    sign = "+" if value >= 0 else "−"
    if metric.endswith("_rate") or metric == "rep_utilisation":
        return f"{sign}{100 * abs(value):.1f} points"
    return sign + show_figure(metric, abs(value), currency)


def edge_words(edges: list[dict[str, Any]]) -> list[str]:
    words = []
    for e in edges:
        name = SWEEP_PARAMETERS[e["parameter"]]
        beyond = "below" if e["side"] == "lowest" else "above"
        offer = (f" Extend the axis to {shown(e['parameter'], e['suggested'])} to look further."
                 if e["suggested"] is not None else "")
        words.append(f"{name} {shown(e['parameter'], e['value'])} is the {e['side']} value tried: the best setting "
                     f"may lie {beyond} it.{offer}")
    return words


def marginal_words(marginals: list[dict[str, Any]], currency: str) -> list[str]:
    words = []
    for m in marginals:
        acc = m["accepted"]
        text = (f"{m['label']}: accepted SQLs {acc['mean']:+.1f} [{acc['low']:+.1f}, {acc['high']:+.1f}] a month"
                f" (same draws, {m['replications']} replications)")
        if m.get("breach") is not None:
            text += f", SLA breach rate {signed('sla_breach_rate', m['breach'])}"
        if m.get("value") is not None:
            gain, cost = m["value"], m.get("cost", 0.0)
            text += f"; pipeline value {'+' if gain >= 0 else '−'}{currency}{abs(gain):,.0f} a month"
            if cost:
                text += f" for {currency}{cost:,.0f} more rep cost — {'worth it' if gain > cost else 'not worth it'}"
        words.append(text + ".")
    return words


def reason(best: SweepPoint | None, top: SweepPoint | None, ties: list[int], sweep: Sweep, points: list[SweepPoint],
           replications: int, note: str, currency: str) -> str:
    """Why this setting: objective with its interval, the limits it meets, its economics, and any tie."""
    if best is None or top is None:
        return (f"No setting meets every limit ({len(points)} points tried): relax a limit or widen the axes. "
                f"The question was: {sweep.goal_words(currency)}")
    metric = sweep.objective.metric
    basis = (f"mean of {replications} replications, 95% interval" if best.estimate(metric) is not None
             else "screened only, not simulated")
    head = (f"Recommended: {describe_settings(best.settings)} — {METRIC_WORDS[metric]} "
            f"{with_interval(metric, best.estimate(metric), best.figure(metric), currency)} ({basis}"
            f"{', ' + note if note else ''}).")
    limits = [f"{METRIC_WORDS[c.metric]} {show_figure(c.metric, best.figure(c.metric), currency)} "
              f"(limit {'≤' if c.op == 'lte' else '≥'} {show_figure(c.metric, c.value, currency)})"
              for c in sweep.constraints]
    parts = [head]
    if limits:
        parts.append("Meets every limit: " + ", ".join(limits) + ".")
    money = [m for m in ("pipeline_value_per_month", "cost_per_month", "cost_per_accepted_sql", "net_value_per_month")
             if m != metric and best.figure(m) == best.figure(m)]
    if money:
        parts.append("Economics: " + ", ".join(f"{METRIC_WORDS[m]} {show_figure(m, best.figure(m), currency)}"
                                               for m in money) + ".")
    if ties:
        if best is top:
            parts.append(f"{len(ties)} other setting(s) tie with it (on the same draws the interval of the "
                         "difference holds zero); it is also the cheapest and closest to today's settings.")
        else:
            if top.figure(metric) == best.figure(metric):
                lead = f"A tie: {describe_settings(top.settings)} gives exactly the same figure"
            else:
                lead = (f"A tie: {describe_settings(top.settings)} has the best mean "
                        f"({show_figure(metric, top.figure(metric), currency)}), but on the same draws the interval "
                        "of the difference holds zero")
            parts.append(f"{lead}, as do {len(ties) - 1} other(s); the cheaper and simpler setting is preferred "
                         "(fewer reps, then fewest changes from today's settings).")
    pool = sum(1 for p in points if p.feasible and p.estimate(metric) is not None)
    parts.append(f"The best of {pool} simulated settings that meet every limit.")
    return " ".join(parts)

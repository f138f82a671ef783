"""Page one of the forecast report: the forecast in three sentences, key figures with ranges, a recommendation,
and the plain names (role labels, offer names, node titles) the report uses instead of ids."""

from __future__ import annotations

from typing import Any

from sequences.audience import ROLE_LABELS
from sequences.document import Document

from .compare import Comparison
from .narrative import count_phrase, headline, rate_phrase
from .result import Estimate, SimulationResult
from .summary import number

KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("arrived", "Leads arrived"), ("mqls", "MQLs"), ("sql_leads", "SQLs"), ("accepted", "Accepted by sales"),
    ("conversion", "Lead to SQL"), ("sla_breach_rate", "SLA breach rate"), ("rep_utilisation", "Rep utilisation"),
)
RATE_FIGURES = {"conversion", "sla_breach_rate", "rep_utilisation"}


def words(value: str) -> str:
    """``hospital_system`` -> ``Hospital system``: the last resort when there is no label."""
    text = value.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def value_name(document: Document, attribute: str, value: str) -> str:
    """The name a reader knows a lead attribute's value by."""
    if attribute == "role":
        return ROLE_LABELS.get(value, words(value))
    if attribute == "offer":
        offer = document.audience.offer(value)
        return offer.name if offer is not None else words(value)
    return words(value)


def node_name(document: Document, node_id: str) -> str:
    """A node's title (its label), or ``Sales queue`` for the queue."""
    if node_id == "sales queue":
        return "Sales queue"
    node = next((n for n in document.sequence.nodes if n.id == node_id), None)
    return node.label() if node is not None else words(node_id)


def _interval(e: Estimate, rate: bool) -> str:
    if e.mean is None or e.low is None or e.high is None or e.low == e.high:
        return "-"
    return f"{number(e.low, rate)} – {number(e.high, rate)}"


# Key figures whose weekly series carries an expected range for one week (the result's ``weeks``).
WEEKLY_SERIES = {"arrived": "arrivals", "mqls": "mqls", "sql_leads": "sql_handoffs", "accepted": "accepted"}


def week_range(result: SimulationResult, key: str) -> str:
    """The expected range for one typical week: the 95% prediction interval of one week, averaged over the
    weeks running at full volume (at least half the busiest week's mean); "" for figures without a series."""
    series = WEEKLY_SERIES.get(key)
    if series is None or series not in result.weeks:
        return ""
    means = result.weekly(series)
    top = max(means, default=0.0)
    busy = [k for k, m in enumerate(means) if top > 0 and m >= top / 2]
    if not busy:
        return ""
    low, high = result.weekly(series, "pred_low"), result.weekly(series, "pred_high")
    return (f"{number(sum(low[k] for k in busy) / len(busy))} – "
            f"{number(sum(high[k] for k in busy) / len(busy))}")


def key_figures(result: SimulationResult) -> list[dict[str, str]]:
    rows = []
    for key, label in KEY_FIGURES:
        e = result.totals.get(key)
        if e is None:
            continue
        rate = key in RATE_FIGURES
        rows.append({"label": label, "mean": number(e.mean, rate), "interval": _interval(e, rate),
                     "week": week_range(result, key)})
    return rows


def three_sentences(document: Document, result: SimulationResult) -> list[str]:
    """What happens, when, and where it goes wrong: the forecast of one scenario in three sentences."""
    t = result.totals
    sqls = t["sql_leads"]
    interval = f" (95% interval {number(sqls.low)}–{number(sqls.high)})" if sqls.low != sqls.high else ""
    first = (f"Over {result.horizon_days:g} days, {number(t['arrived'].mean)} leads arrive, "
             f"{number(t['mqls'].mean)} become MQLs and {number(sqls.mean)} reach sales as SQLs{interval}: "
             f"{number(t['conversion'].mean, True)} of leads.")
    median = result.time_to_sql["p50"].mean
    p90 = result.time_to_sql["p90"].mean
    timing = (f"; a typical SQL comes {number(median)} days after the lead arrives, nine in ten within "
              f"{number(p90)} days" if median is not None and p90 is not None else "")
    second = f"Sales accept {number(t['accepted'].mean)} of them{timing}."
    stalls = result.stall_points(1)
    where = (f"; most stalled leads wait at “{node_name(document, stalls[0][0])}” ({number(stalls[0][1])})"
             if stalls else "; no leads stall")
    third = (f"{number(t['sla_breach_rate'].mean, True)} of handoffs miss the first-outreach SLA, with the reps "
             f"{number(t['rep_utilisation'].mean, True)} busy{where}.")
    return [first, second, third]


def recommendation(comparison: Comparison) -> dict[str, Any] | None:
    """The scenario to choose and why: the one with the most clearly more sales-accepted leads."""
    if len(comparison.results) < 2:
        return None
    base = comparison.result(comparison.baseline)
    best, gain = None, 0.0
    for r in comparison.results:
        diff = comparison.differences.get(r.scenario, {}).get("accepted")
        if r.scenario == comparison.baseline or diff is None or diff.mean is None:
            continue
        clear = diff.low is not None and diff.low > 0
        if clear and diff.mean > gain:
            best, gain = r, diff.mean
    lines = [headline(comparison, r.scenario) + "." for r in comparison.results if r.scenario != comparison.baseline]
    if best is None:
        verdict = (f"Keep “{comparison.baseline}”: no alternative gives clearly more leads accepted by sales.")
    else:
        diffs = comparison.differences[best.scenario]
        accepted = count_phrase("leads accepted by sales", base.totals["accepted"], diffs["accepted"])
        breaches = rate_phrase("SLA breaches", base.totals["sla_breach_rate"], best.totals["sla_breach_rate"],
                               diffs.get("sla_breach_rate"))
        verdict = f"Choose “{best.scenario}”: {accepted}, and {breaches}."
    return {"verdict": verdict, "lines": lines}

"""Plain rows of a result for people: the funnel, weekly handoffs, stall points (shared by CLI and report)."""

from __future__ import annotations

from .result import Estimate, SimulationResult

FUNNEL: tuple[tuple[str, str], ...] = (
    ("arrived", "Leads arrived"), ("mqls", "MQLs"), ("sql_leads", "SQL leads"),
    ("sql_handoffs", "Handoffs to sales"), ("first_touches", "First touches"), ("accepted", "Accepted by sales"),
    ("rejected", "Rejected by sales"), ("recycled", "Recycled to nurture"),
    ("disqualified", "Disqualified by sales"), ("unsubscribed", "Unsubscribed"),
    ("completed", "Completed nurture"), ("in_flight", "Still in flight at the horizon"),
)
# Event figures count every occurrence (a recycled lead hands off again); the others count each lead once.
EVENTS = frozenset({"sql_handoffs", "first_touches", "rejected", "recycled"})
RATES: tuple[tuple[str, str], ...] = (
    ("sla_breach_rate", "SLA breach rate"), ("rep_utilisation", "Rep utilisation"), ("conversion", "Lead to SQL"),
)
COMPARED: tuple[tuple[str, str], ...] = FUNNEL[1:9] + (("sla_breaches", "SLA breaches"),
                                                       ("queue_stalled", "Stalled in the sales queue")) + RATES


def number(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "-"
    if percent:
        return f"{100 * value:.1f}%"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def estimate(e: Estimate, percent: bool = False, signed: bool = False) -> str:
    text = number(e.mean, percent)
    if signed and e.mean is not None and e.mean > 0:
        text = "+" + text
    if e.mean is None or e.low == e.high:
        return text
    return f"{text} [{number(e.low, percent)}, {number(e.high, percent)}]"


def is_rate(figure: str) -> bool:
    return figure in dict(RATES)


def funnel_rows(result: SimulationResult) -> list[tuple[str, str]]:
    """Every funnel figure labelled as a lead count or an event count, then the rates."""
    return [(f"{label} ({'events' if key in EVENTS else 'leads'})", estimate(result.totals[key]))
            for key, label in FUNNEL] + [
        (label, estimate(result.totals[key], percent=True)) for key, label in RATES]


def funnel_sections(result: SimulationResult) -> list[tuple[str, list[tuple[str, str]]]]:
    """The funnel in two labelled parts: unique leads, then events (which can count a lead twice)."""
    leads = [(label, estimate(result.totals[key])) for key, label in FUNNEL if key not in EVENTS]
    events = [(label, estimate(result.totals[key])) for key, label in FUNNEL if key in EVENTS]
    return [("Leads (each lead counted once)", leads), ("Events (a lead can count more than once)", events)]


def reconciliation(result: SimulationResult) -> str:
    """in = out + stalled + in flight, in mean leads: every arrived lead is in exactly one of the three."""
    t = result.totals
    if "ended" not in t:  # a result saved before the line existed
        return "Reconciliation: not in this result"
    return (f"Reconciliation (mean leads): {number(t['arrived'].mean)} in = {number(t['ended'].mean)} out"
            f" + {number(t['stalled'].mean)} stalled + {number(t['moving'].mean)} in flight")


def weekly_rows(result: SimulationResult, series: str = "sql_handoffs",
                width: int = 30) -> list[tuple[int, float, str]]:
    weeks = result.weekly(series)
    top = max(weeks, default=0.0) or 1.0
    return [(k + 1, value, "#" * round(width * value / top)) for k, value in enumerate(weeks)]


def weekly_range_rows(result: SimulationResult, series: str = "sql_handoffs") -> list[dict[str, str | int]]:
    """Per week: the mean, its 95% interval, and the expected range for one week (95% prediction interval)."""
    parts = {w: result.weekly(series, w) for w in ("mean", "low", "high", "pred_low", "pred_high")}
    return [{"week": k + 1, "mean": number(parts["mean"][k]),
             "mean_interval": f"[{number(parts['low'][k])}, {number(parts['high'][k])}]",
             "range_one_week": f"{number(parts['pred_low'][k])}-{number(parts['pred_high'][k])}"}
            for k in range(len(parts["mean"]))]


def time_rows(result: SimulationResult) -> list[tuple[str, str, str, str]]:
    rows = []
    for label, q in (("Arrival to MQL", result.time_to_mql), ("Arrival to SQL", result.time_to_sql)):
        rows.append((label, number(q["p25"].mean), number(q["p50"].mean), number(q["p90"].mean)))
    return rows

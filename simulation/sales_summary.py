"""Plain rows of the sales figures for people: per queue and in total, response-time bands (CLI, reports)."""

from __future__ import annotations

from .result import Estimate, SimulationResult
from .summary import estimate, number

# (figure, label, is a rate) in the order a planner reads a queue.
QUEUE_FIGURES: tuple[tuple[str, str, bool], ...] = (
    ("handoffs", "Handoffs", False), ("first_touches", "First touches", False), ("accepted", "Accepted", False),
    ("lost_to_slow_response", "Lost to slow response", False), ("rejected", "Rejected", False),
    ("recycled", "Recycled", False), ("disqualified", "Disqualified", False),
    ("sla_breach_rate", "SLA breach rate", True), ("rep_utilisation", "Rep utilisation", True),
    ("mean_wait_hours", "Mean hours to first touch", False),
)
# Totals a comparison adds to the funnel: what speed to lead and recycling cost or bring.
SALES_COMPARED: tuple[tuple[str, str], ...] = (
    ("sqls_lost_to_slow_response", "SQLs lost to slow response"),
    ("accepted_if_reached_at_once", "Accepted if reached at once"),
    ("recycled_leads", "Leads recycled at least once"),
)


def queue_table(result: SimulationResult) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(queue names, rows of label and one cell per queue), each cell a mean with its interval."""
    names = list(result.queues)
    rows = []
    for key, label, rate in QUEUE_FIGURES:
        cells = []
        for name in names:
            value = result.queues[name].get(key)
            cells.append(estimate(value, percent=rate) if isinstance(value, Estimate) else "-")
        rows.append((label, cells))
    return names, rows


def band_rows(result: SimulationResult) -> list[tuple[str, str]]:
    """Accepted SQLs by time to first touch (mean with interval), then the SQLs lost to slow response."""
    rows = [(f"Accepted, first touch {band}", estimate(value)) for band, value in result.response_bands.items()]
    lost = result.totals.get("sqls_lost_to_slow_response")
    if lost is not None:
        rows.append(("SQLs lost to slow response", estimate(lost)))
    return rows


def queue_means(result: SimulationResult, key: str, rate: bool = False) -> dict[str, str]:
    """One figure's mean for each queue, for side-by-side tables."""
    return {name: number(q[key].mean, rate) for name, q in result.queues.items() if key in q}

"""The analytic screen: one small replication per nurture setting, then the sales queue for every sales setting.

Sales capacity and the SLA do not change how leads move through nurture, so points that differ only in
reps, touches or SLA hours share one small simulation; the queue is then played through the engine's
own sales team at that handoff rate. A sweep of a few thousand points needs only as many small runs as nurture settings.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sequences.scenario import Acceptance, Scenario

from ..sales import SalesTeam
from ..sales_rules import first_outreach
from .points import Point
from .tasks import DAYS_PER_MONTH

SALES_PARAMETERS = frozenset({"reps", "first_touches_per_rep_per_day", "sla_hours"})
QUEUE_DAYS = 56.0


def nurture_key(point: Point) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((k, v) for k, v in point.items() if k not in SALES_PARAMETERS))


def queue_figures(scenario: Scenario, handoffs_per_day: float, seed: int) -> tuple[float, float, float, float]:
    """(utilisation, SLA breach share, share of handoffs the team can touch, p90 wait in hours).

    A closed form ignores working hours, and most breaches come from handoffs that land at night or on a
    weekend, so the queue is played through the engine's own sales team (working clock, FIFO
    Kiefer-Wolfowitz recurrence) on Poisson handoffs — thousands of heap steps, a few milliseconds.
    """
    # The first queue takes the threshold handoffs no rule routes: the screen puts them all there.
    sales = next(iter(scenario.sales.team().values()))
    sla = sales.sla or scenario.sla
    per_rep = sales.first_touches_per_rep_per_day * len(set(sales.working_days)) / 7.0
    capacity = per_rep * sales.reps
    if capacity <= 0:
        return 1.0, 1.0, 0.0, float("inf")
    if handoffs_per_day <= 0:
        return 0.0, 0.0, 1.0, 0.0
    # Other programs' handoffs to the same team load it too (the engine adds them the same way).
    load = handoffs_per_day + sales.other_handoffs_per_week / 7.0
    utilisation = load / capacity
    if utilisation >= 1:
        return 1.0, 1.0, capacity / load, float("inf")
    rng = np.random.Generator(np.random.Philox(key=seed))
    count = int(min(max(load * QUEUE_DAYS, 50), 20_000))
    span = count / load
    arrivals = np.sort(rng.uniform(0.0, span, size=count))
    team = SalesTeam(sales, Acceptance(), sla, scenario.sales.holiday_days())
    # The team's pickup delays each touch after a rep takes the lead, as in the engine.
    pickup = team.pickup_hours((rng.random(count), rng.random(count))) if team.pickup_median > 0 else None
    out = first_outreach(team, arrivals, np.full(count, sla.first_outreach_hours / 24.0), float("inf"), QUEUE_DAYS,
                         pickup=pickup)
    warm = arrivals > span * 0.1  # skip the empty-queue start
    waits = out.wait[warm]
    breach = float(np.mean(out.breached[warm]))
    return utilisation, breach, 1.0, float(np.percentile(waits, 90)) * 24.0


def screened_metrics(scenario: Scenario, small: dict[str, Any], full_leads: float, seed: int) -> dict[str, float]:
    """Scale one small run up to the point's cohort and put the sales queue on top."""
    scale = full_leads / small["arrived"] if small["arrived"] else 0.0
    months = scenario.horizon_days / DAYS_PER_MONTH
    handoffs = small["sql_handoffs"] * scale
    per_day = handoffs / scenario.horizon_days
    utilisation, breach, served, wait_p90 = queue_figures(scenario, per_day, seed)
    median = small["median_days_to_sql"]
    return {
        "accepted_per_month": handoffs * served * small["acceptance_rate"] / months,
        "sql_per_month": handoffs / months,
        "mql_per_month": small["mqls"] * scale / months,
        "sla_breach_rate": breach,
        "rep_utilisation": min(utilisation, 1.0),
        "acceptance_rate": small["acceptance_rate"],
        "queue_wait_p90_hours": wait_p90,
        "median_days_to_sql": float("nan") if median is None else float(median),
    }

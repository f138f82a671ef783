"""The sales team as the history's first touches show it: the days and hours it works, and its pickup.

A CRM records when each handoff was first touched. Where the touches show the team at work on certain days and
hours (``sla_clock.touch_schedule``), those become the scenario's working days and hours; on that clock, the
working hours from each handoff to its first touch are the team's pickup, a lognormal by its median and 90th
percentile. The engine then touches a lead a pickup after a rep takes it, so its SLA breaches and speed-to-lead
losses come from the team's own speed, not from reps who touch every lead the moment it arrives.

The team's size and pace (reps, first touches a day) stay the base scenario's: first-touch times alone do not
show them. The pickup is read as if a rep were always free to take the lead; the queue the base team's capacity
adds in the engine comes on top (``sla_clock.sla_comparison`` compares the result with the history).
"""

from __future__ import annotations

import numpy as np

from sequences import Scenario
from sequences.sales_model import WorkingHours
from sequences.timing import Lag

from .counts import HistoryCounts
from .estimates import delay_estimates
from .sla_clock import touch_schedule, touch_times
from .stats import Estimate

MIN_SHARE = 0.9  # the days and hours found hold at least this share of all first touches
DATED_ONLY = 0.9  # handoffs at midnight beyond this share: the export has no times of day to read a pickup from
INSTANT_HOURS = 0.01  # a median pickup under 36 seconds is none


def team_estimates(counts: HistoryCounts, start: Scenario, min_n: int
                   ) -> tuple[Scenario, list[Estimate], list[str]]:
    """``start`` with the history's working days, hours and pickup where its first touches show them, the
    pickup's estimates, and a line saying what was written (or why not)."""
    shown = touch_schedule(counts)
    if shown is None:
        return start, [], []
    days, begin, end, share = shown
    if start.sales.queues:
        return start, [], ["sales hours: the scenario has several queues; the history's first touches do not say "
                           "which queue's team made them, so each queue keeps its working days, hours and pickup"]
    if share < MIN_SHARE:
        return start, [], [f"sales hours: only {100 * share:.0f}% of the history's first touches fall in the busiest "
                           "days and hours: the team's schedule is not clear enough to write; kept the base "
                           "scenario's working days and hours"]
    sales = start.sales.model_copy(update={"working_days": days, "working_hours": WorkingHours(start=begin, end=end)})
    scenario = start.model_copy(update={"sales": sales})
    lines = [f"sales hours: written from the history's first touches: {', '.join(days)}, {begin}-{end} "
             f"({100 * share:.0f}% of the touches fall in those days and hours)"]
    sql, touch, clock = touch_times(counts, scenario)
    if np.mean(np.isclose(sql % 1.0, 0.0, atol=1e-9)) > DATED_ONLY:
        return scenario, [], lines + ["sales pickup: the export's handoff dates carry no time of day, so the "
                                      "working hours to the first touch cannot be read; none written"]
    work = np.sort(clock.to_work(touch) - clock.to_work(sql))  # hours of the team's working time
    estimates = delay_estimates("sales.pickup_hours", work.tolist(), "SQL date to first outreach, in the team's "
                                 "working hours", "working hours", min_n)
    median, p90 = estimates[0].value, estimates[1].value
    if median < INSTANT_HOURS or p90 <= median or len(work) < min_n:
        why = (f"only {len(work)} first touches" if len(work) < min_n else
               "half the handoffs or more were touched at once")
        return scenario, estimates, lines + [f"sales pickup: none written ({why})"]
    pickup = Lag(median=round(median, 3), p90=round(p90, 3))
    sales = sales.model_copy(update={"pickup": pickup})
    return start.model_copy(update={"sales": sales}), estimates, lines + [
        f"sales pickup: written from the history: a rep first touches a lead a median {median:.3g} and a p90 "
        f"{p90:.3g} working hours after its handoff (lognormal)"]

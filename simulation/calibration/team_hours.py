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

from sequences import Document, Scenario
from sequences.sales_model import WorkingHours
from sequences.timing import Lag

from .counts import HistoryCounts
from .estimates import delay_estimates
from .sla_clock import median_touch_hours, touch_schedule, touch_times
from .stats import Estimate

MIN_SHARE = 0.9  # the days and hours found hold at least this share of all first touches
DATED_ONLY = 0.9  # handoffs at midnight beyond this share: the export has no times of day to read a pickup from
INSTANT_HOURS = 0.01  # a median pickup under 36 seconds is none


def team_estimates(counts: HistoryCounts, start: Scenario, min_n: int
                   ) -> tuple[Scenario, list[Estimate], list[str]]:
    """``start`` with the history's working days, hours and pickup where its first touches show them, the
    pickup's estimates, and a line saying what was written (or why not)."""
    handoff = np.asarray(counts.outreach_day, dtype=np.float64)
    touched = handoff + np.asarray(counts.outreach_hours, dtype=np.float64) / 24
    if len(touched) and _dates_only(touched):
        return start, [], ["sales hours: the export's first-outreach dates carry no time of day, so neither the "
                           "team's working hours nor its pickup can be read; kept the base scenario's"]
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
    if _dates_only(handoff):
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
        f"sales pickup: read from the history: a rep first touches a lead a median {median:.3g} and a p90 "
        f"{p90:.3g} working hours after its handoff (lognormal); written so, unless the behaviour fit scales it "
        "(fit.pickup_scale)"]


def _dates_only(days: np.ndarray) -> bool:
    """Whether moments (in days) are nearly all at midnight: dates without a time of day."""
    return bool(np.mean(np.isclose(days % 1.0, 0.0, atol=1e-6)) > DATED_ONLY)


def team_lines(scenario: Scenario, estimates: list[Estimate], flags: list[str]) -> list[str]:
    """The sales team as written into the scenario, and its speed against the history's: for the wizard's last
    page and the CLI."""
    from .behaviour_fit import comparison_lines

    sales = scenario.sales
    written = [f for f in flags if f.startswith(("sales hours:", "sales pickup:"))]
    pickup = (f"; a rep first touches a lead a median {sales.pickup.median:.3g} (p90 {sales.pickup.p90:.3g}) "
              "working hours after taking it" if sales.pickup is not None else "; touches at once")
    lines = [f"{sales.reps} reps x {sales.first_touches_per_rep_per_day:g} first touches a day (the base "
             f"scenario's), at work {', '.join(sales.working_days)} {sales.working_hours.start:g}-"
             f"{sales.working_hours.end:g}{pickup}" + ("" if written else " (all the base scenario's)")]
    lines += [line for line in comparison_lines(estimates) if line.startswith(("sla.", "first_outreach"))]
    return lines


SCALE_RANGE = (0.05, 4.0)  # the pickup's fitted scale stays within this factor of the one read
SCALE_STEPS = 8  # bisection steps on the scale (geometric): within 3% of the median that matches


def fit_pickup(document: Document, scenario: Scenario, figures: dict, found: dict[str, Estimate], seed: int
               ) -> tuple[Scenario, dict, list[Estimate], list[str]]:
    """The pickup scaled so that the engine's median time to first touch is the history's.

    The pickup read from the history is the whole delay from handoff to first touch, as if a rep were always
    free; in the engine the base team's queue comes on top (a morning's pile of overnight handoffs waits for
    the reps), and the engine's handoffs fall at its own times of the week. Scaling the pickup (its median and
    p90 together) so the trial's median time to first touch matches the observed one takes both out. Returns
    the scenario, the trial's figures at the scale chosen, the fit's estimate and any flag."""
    from .behaviour_fit import simulated_funnel

    observed = found.get("sales.first_outreach_hours.median")
    pickup = scenario.sales.pickup
    simulated = median_touch_hours(figures)
    if observed is None or pickup is None or scenario.sales.queues or simulated is None:
        return scenario, figures, [], []
    if observed.low <= simulated <= observed.high:
        return scenario, figures, [Estimate("fit.pickup_scale", 1.0, 1.0, 1.0, observed.n, "simulation",
                                            "the pickup as read: the engine's median time to first touch is "
                                            "inside the history's interval")], []

    def at(scale: float) -> Scenario:
        lag = Lag(median=round(pickup.median * scale, 3), p90=round(pickup.p90 * scale, 3))
        return scenario.model_copy(update={"sales": scenario.sales.model_copy(update={"pickup": lag})})

    lo, hi = SCALE_RANGE
    best = (abs(simulated - observed.value), 1.0, scenario, figures)
    for _ in range(SCALE_STEPS):
        mid = float(np.sqrt(lo * hi))
        trial = at(mid)
        run = simulated_funnel(document, trial, seed)
        median = median_touch_hours(run)
        if median is None:
            break
        if abs(median - observed.value) < best[0]:
            best = (abs(median - observed.value), mid, trial, run)
        lo, hi = (mid, hi) if median < observed.value else (lo, mid)
    _, scale, chosen, run = best
    estimate = Estimate("fit.pickup_scale", scale, scale, scale, observed.n, "simulation",
                        "factor on the pickup read from the history, so the engine's median time to first touch "
                        "(the team's hours, its queue and the pickup together) is the history's")
    written, reached = chosen.sales.pickup, median_touch_hours(run)
    flags = [f"sales pickup: scaled by {scale:.2f} to a median {written.median:.3g} and a p90 {written.p90:.3g} "
             "working hours: the engine's median time to first touch, with the team's hours and queue, comes to "
             f"{reached or 0:.1f} hours, the history's {observed.value:.1f}"] if written is not None else []
    if reached is not None and not observed.low <= reached <= observed.high:
        flags.append(f"sales pickup: at {scale:.2f} times the pickup read, the engine's median time to first touch "
                     f"is {reached:.1f} hours against the history's {observed.value:.1f} ({observed.low:.1f}-"
                     f"{observed.high:.1f}): the base team's queue is "
                     + ("slower than the history's team was" if reached > observed.high else "not the history's"))
    return chosen, run, [estimate], flags

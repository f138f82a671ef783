"""The history's first touches on the scenario's SLA clock, and how they sit against the team's working time.

A CRM records when a handoff was first touched in calendar time. A scenario's SLA may count the team's working
hours instead (``sla.clock: business``), so a breach rate read from the history in calendar hours and one the
engine counts in working hours are different figures: each is read here on the clock the scenario counts. The
share of first touches outside the team's working days and hours says whether the scenario's team works when the
history's did (a team that calls back at weekends breaches a calendar SLA far less than one that does not).
"""

from __future__ import annotations

import numpy as np

from sequences import Scenario
from sequences.sales_model import SalesQueue, TeamFields

from ..clock import WorkingClock
from .counts import HistoryCounts, monday
from .stats import Estimate, wilson


def team_of(scenario: Scenario) -> TeamFields:
    """The team whose clock the history is read on: the first queue's where the scenario has several."""
    return next(iter(scenario.sales.queues.values())) if scenario.sales.queues else scenario.sales


def clock_label(scenario: Scenario) -> str:
    if scenario.sla.clock == "calendar":
        return "calendar hours"
    team = team_of(scenario)
    return (f"working hours of the scenario's team ({', '.join(d.title() for d in team.working_days)} "
            f"{team.working_hours.start:g}-{team.working_hours.end:g})")


def touch_times(counts: HistoryCounts, scenario: Scenario, team: TeamFields | None = None
                ) -> tuple[np.ndarray, np.ndarray, WorkingClock]:
    """Handoff and first-touch moments in days from a Monday midnight (whole weeks taken off: small numbers), and
    ``team``'s clock (by default the scenario's, ``team_of``) on the same day numbers, its holidays (the engine's
    days off) included."""
    sql = np.asarray(counts.outreach_day, dtype=np.float64)
    base = int(7 * np.floor(sql.min() / 7)) if len(sql) else 0
    holidays = tuple(h.toordinal() - monday(0).toordinal() - base for h in scenario.sales.holidays)
    sql = sql - base
    return sql, sql + np.asarray(counts.outreach_hours, dtype=np.float64) / 24, WorkingClock(team or team_of(scenario),
                                                                                                 holidays)


def queue_teams(scenario: Scenario, queues: np.ndarray | None) -> list[tuple[np.ndarray | None, SalesQueue | None]]:
    """The touches of each queue (``queues``: each touch's queue index, -1 for none, from
    ``queue_touches.touch_queues``) with the queue; touches of no queue go with the first, as the engine sends
    handoffs no rule routes. Without ``queues``: every touch, the scenario's team (``None``, None)."""
    if queues is None or not scenario.sales.queues:
        return [(None, None)]
    named = list(scenario.sales.queues.values())
    return [((queues == k) | ((queues < 0) if k == 0 else False), queue) for k, queue in enumerate(named)]


def late_touches(counts: HistoryCounts, scenario: Scenario, queues: np.ndarray | None = None) -> np.ndarray:
    """For every handoff with a first touch, whether the touch came later than the SLA on the scenario's clock
    (with ``queues``: each on its own queue's SLA and clock)."""
    hours = np.asarray(counts.outreach_hours, dtype=np.float64)
    late = np.zeros(len(hours), dtype=bool)
    if not len(hours):
        return late
    for mask, queue in queue_teams(scenario, queues):
        sla = (queue.sla if queue is not None and queue.sla is not None else None) or scenario.sla
        pick = np.ones(len(hours), dtype=bool) if mask is None else mask
        if sla.clock == "calendar":
            late[pick] = hours[pick] > sla.first_outreach_hours
            continue
        sql, touch, clock = touch_times(counts, scenario, queue)
        late[pick] = (clock.to_work(touch[pick]) - clock.to_work(sql[pick])) > sla.first_outreach_hours
    return late


def _day_and_hour(touch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers and hours of the day of moments in days. To the minute, as HubSpot writes its dates
    (Salesforce's seconds would put 16:59:40 on the other side of a boundary the same touch in a HubSpot export
    does not cross)."""
    day = np.floor(touch)
    return day, np.floor(np.rint((touch - day) * 24 * 60 * 1e6) / 1e6) / 60


def off_hours_share(counts: HistoryCounts, scenario: Scenario, queues: np.ndarray | None = None) -> tuple[int, int]:
    """How many of the history's first touches fall outside their team's working days and hours (the scenario's;
    with ``queues``, each touch's queue's), of all."""
    if not len(counts.outreach_hours):
        return 0, 0
    off = 0
    for mask, queue in queue_teams(scenario, queues):
        team = queue or team_of(scenario)
        _, touch, clock = touch_times(counts, scenario, team)
        day, hour = _day_and_hour(touch if mask is None else touch[mask])
        inside = clock.works[day.astype(np.int64) % 7] & ~np.isin(day, clock.holidays) & (
            hour >= team.working_hours.start) & (hour < team.working_hours.end)
        off += int(np.count_nonzero(~inside))
    return off, len(counts.outreach_hours)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MIN_TOUCHES = 100  # fewer first touches do not show a team's days and hours
DAY_SHARE = 0.25  # a working day has at least this share of an average day's touches
HOURS_SHARE = 0.95  # the working hours hold this share of the working days' touches
EDGE_SHARE = 0.25  # an hour beside them with this share of their median hour's touches is a working hour too


def touch_schedule(counts: HistoryCounts, mask: np.ndarray | None = None
                   ) -> tuple[tuple[str, ...], int, int, float] | None:
    """The days and hours the history's first touches (those of ``mask``, by default all) show the team at work:
    the weekdays with at least a quarter of an average day's touches, and the narrowest window of whole hours
    holding 95% of those days' touches, widened by the busy hours beside it; with the share of all touches inside
    both. ``None`` under ``MIN_TOUCHES`` touches."""
    touch = (np.asarray(counts.outreach_day, dtype=np.float64)
             + np.asarray(counts.outreach_hours, dtype=np.float64) / 24)
    if mask is not None:
        touch = touch[mask]
    if len(touch) < MIN_TOUCHES:
        return None
    day, hour = _day_and_hour(touch)
    weekday = (day % 7).astype(np.int64)  # day 0 is a Monday
    per_day = np.bincount(weekday, minlength=7)
    days = [d for d in range(7) if per_day[d] >= DAY_SHARE * per_day.mean()]
    on = np.isin(weekday, days)
    hours = np.sort(hour[on])
    need = int(np.ceil(HOURS_SHARE * len(hours)))
    start, end = 0, 24
    for width in range(1, 25):
        found = [a for a in range(0, 25 - width)
                 if np.searchsorted(hours, a + width, "left") - np.searchsorted(hours, a, "left") >= need]
        if found:
            start, end = found[0], found[0] + width
            break
    # The narrowest window holding 95% leaves out the quieter edge hours of a day the team works throughout: the
    # night's handoffs are touched in the first hours, so a team at work 8-16 may make a tenth as many touches
    # at 15 as at 8. An hour next to the window is in it too when it holds at least a quarter of the window's
    # median hour (the median: the morning's pile of touches does not raise the bar).
    per_hour = np.bincount(np.minimum(hours.astype(np.int64), 23), minlength=24)
    busy = float(np.median(per_hour[start:end])) if end > start else 0.0
    while start > 0 and per_hour[start - 1] >= EDGE_SHARE * busy:
        start -= 1
    while end < 24 and per_hour[end] >= EDGE_SHARE * busy:
        end += 1
    inside = on & (hour >= start) & (hour < end)
    return tuple(WEEKDAYS[d] for d in days), start, end, float(np.count_nonzero(inside)) / len(touch)


def schedule_flag(counts: HistoryCounts, scenario: Scenario) -> list[str]:
    """A flag when the history's first touches show a team working other days or hours than the scenario's."""
    shown = touch_schedule(counts)
    if shown is None:
        return []
    days, start, end, share = shown
    team = team_of(scenario)
    if set(days) == set(team.working_days) and (start, end) == (team.working_hours.start, team.working_hours.end):
        return []
    return [f"sales hours: the history's first touches show a team at work on {', '.join(days)}, {start}-{end} "
            f"({100 * share:.0f}% of the touches fall in those days and hours); the scenario's team works "
            f"{', '.join(team.working_days)}, {team.working_hours.start:g}-{team.working_hours.end:g}. If the "
            f"history's is the team's own, set sales.working_days: [{', '.join(days)}] and sales.working_hours: "
            f"{{start: {start}, end: {end}}}"]


def median_touch_hours(figures: dict, queue: str | None = None) -> float | None:
    """The engine's median hours from handoff to first touch in ``queue`` (by default its first, as ``team_of``
    reads it; a single team's is ``sales``)."""
    queues: dict = figures.get("queues", {})
    found: dict = queues.get(queue, {}) if queue is not None else next(iter(queues.values()), {})
    value = found.get("median_wait_hours")
    return float(value) if value is not None else None


def sla_comparison(figures: dict, found: dict, scenario: Scenario) -> tuple[list[Estimate], list[str]]:
    """The trial's SLA breach rate beside the history's (both on the scenario's clock), and a flag when their
    intervals do not meet: the scenario's team then does not work as the history's did."""
    sla_hours = scenario.sla.first_outreach_hours
    seen = found.get(f"sla.breach_rate@{sla_hours:g}h")
    totals = figures.get("totals", {})
    touched, late = totals.get("first_touches", 0), totals.get("sla_breaches", 0)
    if seen is None or not seen.n or not touched:
        return [], []
    low, high = wilson(late, touched)
    sim = Estimate(f"simulated.sla.breach_rate@{sla_hours:g}h", late / touched, low, high, touched,
                   "Wilson 95% over the simulated cohort", f"engine, the scenario's team, {clock_label(scenario)}")
    # The time to the first touch beside the history's: the team's hours, pickup and queue together (each
    # queue's beside its own touches', where the history's were put with the queues).
    if scenario.sales.queues:
        medians = {f"queues.{q}.": median_touch_hours(figures, q)
                   for q in scenario.sales.queues if f"sales.queues.{q}.first_outreach_hours.median" in found}
    else:
        medians = {"": median_touch_hours(figures)}
    speed = [Estimate(f"simulated.{key}first_outreach_hours.median", m, m, m, touched,
                      "the trial cohort's median (one replication)", "engine, the scenario's team", "hours")
             for key, m in medians.items() if m is not None]
    if high >= seen.low and low <= seen.high:
        return [sim, *speed], []
    sim.flags.append("the team differs from the history's")
    off = found.get("sales.first_touches_off_hours")
    where = (f"; {100 * off.value:.0f}% of the history's first touches fall outside its working days and hours"
             if off is not None and off.n else "")
    teams = "; ".join(f"{name + ': ' if scenario.sales.queues else ''}{', '.join(t.working_days)}, "
                      f"{t.working_hours.start:g}-{t.working_hours.end:g}, {t.reps} reps"
                      for name, t in scenario.sales.team().items())
    clock = "each queue's own SLA and clock" if scenario.sales.queues else clock_label(scenario)
    return [sim, *speed], [f"sales speed: the scenario's {'queues' if scenario.sales.queues else 'team'} "
                   f"({teams}) {'miss' if scenario.sales.queues else 'misses'} the "
                   f"{sla_hours:g}-hour SLA ({clock}) on {100 * sim.value:.1f}% of handoffs "
                   f"({100 * low:.1f}-{100 * high:.1f}%) against {100 * seen.value:.1f}% ({100 * seen.low:.1f}-"
                   f"{100 * seen.high:.1f}%) in the history{where}: the calibration takes the team's working days, "
                   "hours and pickup from the history's first touches where they show them, but keeps the base "
                   "scenario's reps and first touches a day, so check those (and sales.pickup) against the "
                   "team's own before trusting its SLA figures"]

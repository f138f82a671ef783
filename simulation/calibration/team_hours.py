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

from typing import TypeVar

import numpy as np

from sequences import Document, Scenario
from sequences.sales_model import TeamFields, WorkingHours
from sequences.timing import Lag

from .counts import HistoryCounts
from .estimates import delay_estimates
from .sla_clock import median_touch_hours, queue_teams, touch_schedule, touch_times
from .stats import Estimate

MIN_SHARE = 0.9  # the days and hours found hold at least this share of all first touches
DATED_ONLY = 0.9  # handoffs at midnight beyond this share: the export has no times of day to read a pickup from
INSTANT_HOURS = 0.01  # a median pickup under 36 seconds is none
T = TypeVar("T", bound=TeamFields)


def team_estimates(counts: HistoryCounts, start: Scenario, min_n: int, queues: np.ndarray | None = None
                   ) -> tuple[Scenario, list[Estimate], list[str]]:
    """``start`` with the history's working days, hours and pickup where its first touches show them, the
    pickup's estimates, and a line saying what was written (or why not). With several queues, ``queues`` (each
    touch's queue, ``queue_touches.touch_queues``) lets each queue be read from its own touches; without it they
    keep theirs."""
    handoff = np.asarray(counts.outreach_day, dtype=np.float64)
    touched = handoff + np.asarray(counts.outreach_hours, dtype=np.float64) / 24
    if len(touched) and _dates_only(touched):
        return start, [], ["sales hours: the export's first-outreach dates carry no time of day, so neither the "
                           "team's working hours nor its pickup can be read; kept the base scenario's"]
    dates_only = _dates_only(handoff)
    if not start.sales.queues:
        team, estimates, lines = _one_team(counts, start, start.sales, None, "sales", min_n, dates_only)
        return start.model_copy(update={"sales": team}), estimates, lines
    if queues is None:  # the touches were not put with the queues; ``touch_queues`` said why
        return start, [], []
    written, estimates, lines = dict(start.sales.queues), [], []
    for (mask, _), (name, queue) in zip(queue_teams(start, queues), start.sales.queues.items(), strict=True):
        written[name], est, more = _one_team(counts, start, queue, mask, f"sales queue {name}", min_n, dates_only,
                                             prefix=f"sales.queues.{name}")
        estimates += est
        lines += more
    sales = start.sales.model_copy(update={"queues": written})
    return start.model_copy(update={"sales": sales}), estimates, lines


def _one_team(counts: HistoryCounts, scenario: Scenario, team: T, mask: np.ndarray | None, label: str, min_n: int,
              dates_only: bool, prefix: str = "sales") -> tuple[T, list[Estimate], list[str]]:
    """``team`` with the days, hours and pickup its touches (``mask``: those of its queue) show."""
    shown = touch_schedule(counts, mask)
    if shown is None:
        if mask is None:
            return team, [], []
        return team, [], [f"{label} hours: only {int(np.count_nonzero(mask))} first touches, too few to show its "
                          "days and hours; kept its own"]
    days, begin, end, share = shown
    if share < MIN_SHARE:
        return team, [], [f"{label} hours: only {100 * share:.0f}% of its first touches fall in the busiest days "
                          "and hours: the team's schedule is not clear enough to write; kept the base scenario's "
                          "working days and hours"]
    team = team.model_copy(update={"working_days": days, "working_hours": WorkingHours(start=begin, end=end)})
    lines = [f"{label} hours: written from the history's first touches: {', '.join(days)}, {begin}-{end} "
             f"({100 * share:.0f}% of the touches fall in those days and hours)"]
    if dates_only:
        return team, [], lines + [f"{label} pickup: the export's handoff dates carry no time of day, so the "
                                  "working hours to the first touch cannot be read; none written"]
    sql, touch, clock = touch_times(counts, scenario, team)
    if mask is not None:
        sql, touch = sql[mask], touch[mask]
    work = np.sort(clock.to_work(touch) - clock.to_work(sql))  # hours of the team's working time
    estimates = delay_estimates(f"{prefix}.pickup_hours", work.tolist(), "SQL date to first outreach, in the "
                                "team's working hours", "working hours", min_n)
    median, p90 = estimates[0].value, estimates[1].value
    if median < INSTANT_HOURS or p90 <= median or len(work) < min_n:
        why = (f"only {len(work)} first touches" if len(work) < min_n else
               "half the handoffs or more were touched at once")
        return team, estimates, lines + [f"{label} pickup: none written ({why})"]
    team = team.model_copy(update={"pickup": Lag(median=round(median, 3), p90=round(p90, 3))})
    return team, estimates, lines + [
        f"{label} pickup: read from the history: a rep first touches a lead a median {median:.3g} and a p90 "
        f"{p90:.3g} working hours after its handoff (lognormal); written so, unless the behaviour fit scales it "
        f"(fit{prefix.removeprefix('sales')}.pickup_scale)"]


def _dates_only(days: np.ndarray) -> bool:
    """Whether moments (in days) are nearly all at midnight: dates without a time of day."""
    return len(days) > 0 and bool(np.mean(np.isclose(days % 1.0, 0.0, atol=1e-6)) > DATED_ONLY)


def team_lines(scenario: Scenario, estimates: list[Estimate], flags: list[str]) -> list[str]:
    """The sales team as written into the scenario, and its speed against the history's: for the wizard's last
    page and the CLI."""
    from .behaviour_fit import comparison_lines

    teams = scenario.sales.team()
    lines = []
    for name, team in teams.items():
        label = "sales" if not scenario.sales.queues else f"sales queue {name}"
        written = [f for f in flags if f.startswith((f"{label} hours: written", f"{label} pickup: read"))]
        pickup = (f"; a rep first touches a lead a median {team.pickup.median:.3g} (p90 {team.pickup.p90:.3g}) "
                  "working hours after taking it" if team.pickup is not None else "; touches at once")
        lines.append(("" if not scenario.sales.queues else f"queue {name}: ")
                     + f"{team.reps} reps x {team.first_touches_per_rep_per_day:g} first touches a day (the base "
                     f"scenario's), at work {', '.join(team.working_days)} {team.working_hours.start:g}-"
                     f"{team.working_hours.end:g}{pickup}" + ("" if written else " (all the base scenario's)"))
    lines += [line for line in comparison_lines(estimates) if line.startswith(("sla.", "first_outreach", "queues."))]
    return lines


SCALE_RANGE = (0.05, 4.0)  # the pickup's fitted scale stays within this factor of the one read
SCALE_STEPS = 8  # bisection steps on the scale (geometric): within 3% of the median that matches


def fit_pickup(document: Document, scenario: Scenario, figures: dict, found: dict[str, Estimate], seed: int
               ) -> tuple[Scenario, dict, list[Estimate], list[str]]:
    """The pickup scaled so that the engine's median time to first touch is the history's: the team's, or each
    queue's where the history's touches were put with the queues (``sales.queues.<q>.first_outreach_hours``).

    The pickup read from the history is the whole delay from handoff to first touch, as if a rep were always
    free; in the engine the base team's queue comes on top (a morning's pile of overnight handoffs waits for
    the reps), and the engine's handoffs fall at its own times of the week. Scaling the pickup (its median and
    p90 together) so the trial's median time to first touch matches the observed one takes both out. Queues
    are bisected together, one trial a step: a queue's pickup moves its own touches only. Returns the scenario,
    the trial's figures at the scales chosen, the fit's estimates and any flags."""
    from .behaviour_fit import simulated_funnel

    several = bool(scenario.sales.queues)
    targets: dict[str, tuple[Estimate, float]] = {}  # queue -> the history's median, the engine's now
    for name, team in scenario.sales.team().items():
        observed = found.get(f"sales.queues.{name}.first_outreach_hours.median" if several else
                             "sales.first_outreach_hours.median")
        now = median_touch_hours(figures, name)
        if observed is not None and team.pickup is not None and now is not None:
            targets[name] = (observed, now)
    if not targets:
        return scenario, figures, [], []
    loose = {n for n, (seen, now) in targets.items() if not seen.low <= now <= seen.high}
    brackets = {n: list(SCALE_RANGE) for n in loose}
    best = {n: (abs(now - seen.value), 1.0, -1) for n, (seen, now) in targets.items()}
    runs: list[dict] = []
    for step in range(SCALE_STEPS if loose else 0):
        mids = {n: float(np.sqrt(lo * hi)) for n, (lo, hi) in brackets.items()}
        run = simulated_funnel(document, _scaled(scenario, mids), seed)
        runs.append(run)
        for n, mid in mids.items():
            median = median_touch_hours(run, n)
            if median is None:
                continue
            if abs(median - targets[n][0].value) < best[n][0]:
                best[n] = (abs(median - targets[n][0].value), mid, step)
            brackets[n] = [mid, brackets[n][1]] if median < targets[n][0].value else [brackets[n][0], mid]
    scales = {n: best[n][1] for n in targets}
    chosen = _scaled(scenario, scales)
    steps = {best[n][2] for n in loose}
    if not loose or steps == {-1}:
        run = figures  # nothing moved: the figures already are the scenario's
    elif len(steps) == 1 and -1 not in steps:
        run = runs[steps.pop()]  # every fitted queue's best came from one trial: its figures are the scenario's
    else:
        run = simulated_funnel(document, chosen, seed)
    estimates, flags = [], []
    for n, (observed, _) in targets.items():
        scale, label = scales[n], f"sales queue {n}" if several else "sales"
        what = ("factor on the pickup read from the history, so the engine's median time to first touch (the "
                "team's hours, its queue and the pickup together) is the history's" if n in loose else
                "the pickup as read: the engine's median time to first touch is inside the history's interval")
        estimates.append(Estimate(f"fit.queues.{n}.pickup_scale" if several else "fit.pickup_scale", scale, scale,
                                  scale, observed.n, "simulation", what))
        if n not in loose:
            continue
        written, reached = chosen.sales.team()[n].pickup, median_touch_hours(run, n)
        if written is not None:
            flags.append(f"{label} pickup: scaled by {scale:.2f} to a median {written.median:.3g} and a p90 "
                         f"{written.p90:.3g} working hours: the engine's median time to first touch, with the team's "
                         f"hours and queue, comes to {reached or 0:.1f} hours, the history's {observed.value:.1f}")
        if reached is not None and not observed.low <= reached <= observed.high:
            flags.append(f"{label} pickup: at {scale:.2f} times the pickup read, the engine's median time to first "
                         f"touch is {reached:.1f} hours against the history's {observed.value:.1f} "
                         f"({observed.low:.1f}-{observed.high:.1f}): the base team's queue is "
                         + ("slower than the history's team was" if reached > observed.high else "not the history's"))
    return chosen, run, estimates, flags


def _scaled(scenario: Scenario, scales: dict[str, float]) -> Scenario:
    """``scenario`` with the named teams' pickups (median and p90) times their scale."""
    def lag(team: TeamFields, scale: float) -> Lag | None:
        pickup = team.pickup
        return pickup if pickup is None else Lag(median=round(pickup.median * scale, 3),
                                                 p90=round(pickup.p90 * scale, 3))

    sales = scenario.sales
    if sales.queues:
        queues = {n: q.model_copy(update={"pickup": lag(q, scales[n])}) if n in scales else q
                  for n, q in sales.queues.items()}
        return scenario.model_copy(update={"sales": sales.model_copy(update={"queues": queues})})
    if "sales" not in scales:
        return scenario
    return scenario.model_copy(update={"sales": sales.model_copy(update={"pickup": lag(sales, scales["sales"])})})

"""One streaming pass over imported leads and events into the counts every estimate is made from."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sequences.history import EventRecord, LeadRecord

from .cancelling import report, stop_point

_MONDAY = date(2001, 1, 1).toordinal()  # a Monday: weeks run Monday to Sunday, as CRM reports do
MIX_FIELDS = ("role", "care_setting", "facility_size", "source", "offer")
HAND_RAISE = frozenset({"form", "demo", "reply"})


def week_of(moment: datetime) -> int:
    return (moment.toordinal() - _MONDAY) // 7


def monday(week: int) -> datetime:
    return datetime.fromordinal(_MONDAY + 7 * week)


def days_between(start: datetime, end: datetime) -> float:
    return (end - start) / timedelta(days=1)


@dataclass
class HistoryCounts:
    """Counts by absolute week number (``week_of``); delays in days or hours as their names say."""

    leads: int = 0
    first_week: int | None = None
    last_week: int | None = None
    arrivals: Counter = field(default_factory=Counter)  # (offer, source, week) -> leads
    created_days: Counter = field(default_factory=Counter)  # day ordinal -> leads created that day
    first_created: datetime | None = None
    last_created: datetime | None = None
    mix: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in MIX_FIELDS})
    weekly: dict[str, Counter] = field(default_factory=lambda: {
        name: Counter() for name in ("arrivals", "mql", "sql", "accepted", "rejected")})
    # Conversion by cohort week, so the estimates can leave out cohorts too young to have converted.
    created: Counter = field(default_factory=Counter)  # (role, created week) -> leads
    created_mql: Counter = field(default_factory=Counter)  # (role, created week) -> of those, MQLs
    mql: Counter = field(default_factory=Counter)  # (role, MQL week) -> MQLs
    mql_sql: Counter = field(default_factory=Counter)  # (role, MQL week) -> of those, SQLs
    sql_without_mql: int = 0
    days_to_mql: array = field(default_factory=lambda: array("d"))
    days_to_sql: array = field(default_factory=lambda: array("d"))
    # The cohort week of each delay above (created week; MQL week): young cohorts' rates are completed with
    # the delays of the old ones, whose conversions have all been seen.
    days_to_mql_week: array = field(default_factory=lambda: array("l"))
    days_to_sql_week: array = field(default_factory=lambda: array("l"))
    outreach_week: array = field(default_factory=lambda: array("l"))
    outreach_hours: array = field(default_factory=lambda: array("d"))
    outreach_day: array = field(default_factory=lambda: array("d"))  # the handoff, in days from monday(0)
    # The team each first touch was made by, where the export names one: its index in ``teams`` (-1: none), the
    # team names in the order first seen.
    outreach_team: array = field(default_factory=lambda: array("l"))
    teams: dict[str, int] = field(default_factory=dict)
    handoffs_without_outreach: int = 0
    decided: Counter = field(default_factory=Counter)  # (fit, accepted|rejected) -> leads
    # (role, fit by the document's fit rules) -> leads: how many the MQL fit minimum lets through at all.
    fit_by_role: Counter = field(default_factory=Counter)
    undated_decisions: Counter = field(default_factory=Counter)  # accepted|rejected -> decisions without a date
    # (stage, "created"|"mql", day ordinal of that date) -> stages reached without a date of their own
    undated: Counter = field(default_factory=Counter)
    imputed: Counter = field(default_factory=Counter)  # stage -> undated stages placed by the median delay
    by_response: Counter = field(default_factory=Counter)  # (hours to first touch, accepted) -> decisions
    days_created_to_sql: array = field(default_factory=lambda: array("d"))
    # Hours from the last delivered email to an open, click or hand-raise (events files only).
    lags: dict[str, array] = field(default_factory=lambda: {k: array("d") for k in ("open", "click", "hand_raise")})
    undecided_handoffs: int = 0
    rejected_without_handoff: int = 0  # lead status says rejected, but the lead never reached sales
    reasons: Counter = field(default_factory=Counter)
    out_of_order: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)  # (role, topic, event) -> events
    folded: dict[str, tuple[int, int]] = field(default_factory=dict)  # field -> (rare values, their leads)

    @property
    def weeks(self) -> int:
        if self.first_week is None or self.last_week is None:
            return 0
        return self.last_week - self.first_week + 1

    @property
    def start(self) -> datetime:
        return monday(self.first_week or 0)

    @property
    def created_weeks(self) -> float:
        """The span of the created dates in weeks: stage dates after lead creation stopped do not count."""
        if self.first_created is None or self.last_created is None:
            return 0.0
        return max(days_between(self.first_created, self.last_created), 1.0) / 7

    def series(self, name: str) -> list[int]:
        """A weekly series from the first to the last week of the history."""
        counts = self.weekly[name]
        return [counts.get(w, 0) for w in range(self.first_week or 0, (self.last_week or -1) + 1)]

    def breaches(self, late: Iterable[bool]) -> tuple[list[int], list[int]]:
        """Weekly handoffs with a first outreach, and of those the ones ``late`` marks (one flag per first touch,
        in order: ``sla_clock.late_touches`` reads them on the scenario's SLA clock)."""
        touched = [0] * self.weeks
        missed = [0] * self.weeks
        first = self.first_week or 0
        for week, is_late in zip(self.outreach_week, late, strict=True):
            if 0 <= week - first < self.weeks:
                touched[week - first] += 1
                missed[week - first] += bool(is_late)
        return touched, missed


def _seen(counts: HistoryCounts, moment: datetime | None) -> None:
    if moment is not None:
        week = week_of(moment)
        counts.first_week = week if counts.first_week is None else min(counts.first_week, week)
        counts.last_week = week if counts.last_week is None else max(counts.last_week, week)


def _delay(counts: HistoryCounts, what: str, start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    days = days_between(start, end)
    if days < 0:
        counts.out_of_order[what] += 1
        return None
    return days


def _check(done: int, what: str = "leads") -> None:
    if done % 10_000 == 0:
        stop_point()  # the calibration's or backtest's cancel (cancelling.cancellable)
        report(f"reading the history: {done:,} {what}")


def count_history(leads: Iterable[LeadRecord], events: Callable[[], Iterable[EventRecord]] | None,
                  fit: Callable[[LeadRecord], float]) -> HistoryCounts:
    """Stream ``leads`` once, then (when given) the events, which are joined to the leads by keyed hash.
    Every 10,000 rows it asks the cancel of the block it runs in (``cancelling.cancellable``)."""
    counts = HistoryCounts()
    role_of: dict[int, str] | None = {} if events is not None else None
    for lead in leads:
        counts.leads += 1
        _check(counts.leads)
        for moment in (lead.created, lead.mql, lead.sql, lead.accepted, lead.rejected, lead.first_outreach):
            _seen(counts, moment)
        week = week_of(lead.created)
        counts.arrivals[(lead.offer, lead.source, week)] += 1
        counts.created_days[lead.created.toordinal()] += 1
        if counts.first_created is None or lead.created < counts.first_created:
            counts.first_created = lead.created
        if counts.last_created is None or lead.created > counts.last_created:
            counts.last_created = lead.created
        counts.weekly["arrivals"][week] += 1
        for name in MIX_FIELDS:
            counts.mix[name][getattr(lead, name) or "(empty)"] += 1
        if role_of is not None:
            role_of[lead.key] = lead.role
        counts.fit_by_role[(lead.role, fit(lead))] += 1
        _count_funnel(counts, lead, fit)
    place_undated(counts)
    if events is not None and role_of is not None:
        delivered: dict[int, datetime] = {}  # the last delivery per lead, for response lags
        for i, event in enumerate(events(), start=1):
            counts.events[(role_of.get(event.key, "unknown"), event.topic, event.event)] += 1
            _check(i, "events")
            if event.event == "delivered":
                delivered[event.key] = event.at
                continue
            kind = "hand_raise" if event.event in HAND_RAISE else event.event
            sent = delivered.get(event.key)
            if kind in counts.lags and sent is not None and event.at >= sent:
                counts.lags[kind].append(days_between(sent, event.at) * 24)
    return counts


def _team_index(counts: HistoryCounts, team: str | None) -> int:
    return -1 if team is None else counts.teams.setdefault(team, len(counts.teams))


def _count_funnel(counts: HistoryCounts, lead: LeadRecord, fit: Callable[[LeadRecord], float]) -> None:
    created_week = week_of(lead.created)
    counts.created[(lead.role, created_week)] += 1
    if lead.reached_mql:
        # A lead past MQL (a later stage, a handoff) is an MQL even when the export lost the date.
        counts.created_mql[(lead.role, created_week)] += 1
        mql_week = week_of(lead.mql) if lead.mql is not None else created_week
        counts.mql[(lead.role, mql_week)] += 1
        if lead.handed_off:
            counts.mql_sql[(lead.role, mql_week)] += 1
        if lead.mql is not None:
            counts.weekly["mql"][mql_week] += 1
            days = _delay(counts, "MQL before creation", lead.created, lead.mql)
            if days is not None:
                counts.days_to_mql.append(days)
                counts.days_to_mql_week.append(created_week)
        else:
            counts.undated[("mql", "created", lead.created.toordinal())] += 1
    if lead.sql is not None:
        counts.weekly["sql"][week_of(lead.sql)] += 1
        if lead.mql is None:
            counts.sql_without_mql += 1
        else:
            days = _delay(counts, "SQL before MQL", lead.mql, lead.sql)
            if days is not None:
                counts.days_to_sql.append(days)
                counts.days_to_sql_week.append(week_of(lead.mql))
        days = _delay(counts, "SQL before creation", lead.created, lead.sql)
        if days is not None:
            counts.days_created_to_sql.append(days)
        hours = _delay(counts, "first outreach before handoff", lead.sql, lead.first_outreach)
        if hours is not None:
            counts.outreach_week.append(week_of(lead.sql))
            counts.outreach_hours.append(hours * 24)
            counts.outreach_day.append(days_between(monday(0), lead.sql))
            counts.outreach_team.append(_team_index(counts, lead.sales_team))
            if lead.outcome is not None:
                counts.by_response[(hours * 24, lead.outcome == "accepted")] += 1
        elif lead.first_outreach is None:
            counts.handoffs_without_outreach += 1
    elif lead.handed_off:
        base = "mql" if lead.mql is not None else "created"
        counts.undated[("sql", base, (lead.mql or lead.created).toordinal())] += 1
    outcome = lead.outcome
    if outcome is not None and lead.handed_off:
        counts.decided[(fit(lead), outcome)] += 1
        when = lead.accepted if outcome == "accepted" else lead.rejected
        if when is None:
            # A decision recorded only in the lead status still counts; it is placed in its handoff week.
            counts.undated_decisions[outcome] += 1
            when = lead.sql
            if when is None:
                base = "mql" if lead.mql is not None else "created"
                counts.undated[(outcome, base, (lead.mql or lead.created).toordinal())] += 1
        if when is not None:
            counts.weekly[outcome][week_of(when)] += 1
        if outcome == "rejected":
            counts.reasons[lead.reason or "(none given)"] += 1
    elif lead.handed_off:
        counts.undecided_handoffs += 1
    elif outcome == "rejected":
        counts.rejected_without_handoff += 1


def place_undated(counts: HistoryCounts) -> None:
    """Put stages reached without a date into the weekly series at the median delay from the date known
    (creation or MQL), so weekly actuals are not short by the share of dates an export lost."""
    def median(values: array) -> float:
        ordered = sorted(values)
        return ordered[len(ordered) // 2] if ordered else 0.0

    delay = {("mql", "created"): median(counts.days_to_mql), ("sql", "mql"): median(counts.days_to_sql),
             ("sql", "created"): median(counts.days_created_to_sql)}
    for (stage, base, day), n in counts.undated.items():
        shift = delay.get((stage if stage == "mql" else "sql", base), 0.0)
        week = week_of(datetime.fromordinal(day) + timedelta(days=shift))
        counts.weekly[stage][week] += n
        counts.imputed[stage] += n

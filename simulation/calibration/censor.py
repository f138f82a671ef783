"""The history as it looked on an earlier day: what a calibration made then would have seen."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime

from sequences.history import EventRecord, LeadRecord

_DATES = ("mql", "sql", "accepted", "rejected", "first_outreach")


def censor_lead(lead: LeadRecord, until: datetime) -> LeadRecord | None:
    """``lead`` without anything dated on or after ``until`` (``None`` when it was created later). A stage or
    status known only from the export (no date) is kept while the dates show the lead had reached it."""
    if lead.created >= until:
        return None
    late = {name: None for name in _DATES if (getattr(lead, name) or until) >= until and getattr(lead, name)}
    if not late:
        return lead
    changes: dict = dict(late)
    if "sql" in late or ("mql" in late and lead.sql is None):
        # The handoff (or the MQL) came later: the stage and the decision the export shows were not known yet.
        changes.update(stage="mql" if lead.mql is not None and "mql" not in late else "lead", status=None,
                       reason=None)
    elif ("accepted" in late or "rejected" in late) and lead.status is None:
        changes.update(stage="sql", reason=None)
    return replace(lead, **changes)


def censored_leads(leads: Iterable[LeadRecord], until: datetime | None) -> Iterator[LeadRecord]:
    for lead in leads:
        kept = lead if until is None else censor_lead(lead, until)
        if kept is not None:
            yield kept


def censored_events(events: Callable[[], Iterable[EventRecord]] | None, until: datetime | None
                    ) -> Callable[[], Iterable[EventRecord]] | None:
    if events is None or until is None:
        return events
    return lambda: (e for e in events() if e.at < until)

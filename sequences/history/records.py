"""One imported lead and one engagement event: ids and dates only, nothing that identifies a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class LeadRecord:
    """``key`` is the keyed hash of the lead id; ``row`` the CSV row it came from (for messages)."""

    key: int
    row: int
    created: datetime
    role: str = "unknown"
    care_setting: str | None = None
    facility_size: str | None = None
    source: str | None = None
    offer: str | None = None
    stage: str = "lead"
    mql: datetime | None = None
    sql: datetime | None = None
    accepted: datetime | None = None
    rejected: datetime | None = None
    reason: str | None = None
    first_outreach: datetime | None = None
    status: str | None = None  # the lead status as a decision: accepted, rejected, working, open
    sales_team: str | None = None  # the team or queue that works it, as a name slug (``team_slug``)

    @property
    def outcome(self) -> str | None:
        """``accepted``, ``rejected`` or ``None`` (not decided, or never handed off). A date wins, then the
        lead status (where HubSpot and Salesforce record the decision), then the lifecycle stage."""
        if self.accepted is not None:
            return "accepted"
        if self.rejected is not None:
            return "rejected"
        if self.status in ("accepted", "rejected"):
            return self.status
        if self.stage in ("accepted", "rejected"):
            return self.stage
        return None

    @property
    def handed_off(self) -> bool:
        # A status of "rejected" alone does not make a handoff: marketing marks raw leads Unqualified too.
        return (self.sql is not None or self.stage in ("sql", "accepted", "rejected")
                or self.status in ("accepted", "working") or self.accepted is not None
                or self.rejected is not None)

    @property
    def reached_mql(self) -> bool:
        """An MQL, dated or not: a later stage, a handoff or an SQL implies it."""
        return self.mql is not None or self.stage == "mql" or self.handed_off

    def segment(self, name: str) -> str | None:
        return getattr(self, name, None) if name in ("care_setting", "facility_size") else None


@dataclass(frozen=True, slots=True)
class EventRecord:
    key: int
    row: int
    at: datetime
    event: str
    topic: str | None = None

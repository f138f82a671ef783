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

    @property
    def outcome(self) -> str | None:
        """``accepted``, ``rejected`` or ``None`` (not decided, or never handed off)."""
        if self.accepted is not None or (self.rejected is None and self.stage == "accepted"):
            return "accepted"
        if self.rejected is not None or self.stage == "rejected":
            return "rejected"
        return None

    @property
    def handed_off(self) -> bool:
        return self.sql is not None or self.stage in ("sql", "accepted", "rejected")

    def segment(self, name: str) -> str | None:
        return getattr(self, name, None) if name in ("care_setting", "facility_size") else None


@dataclass(frozen=True, slots=True)
class EventRecord:
    key: int
    row: int
    at: datetime
    event: str
    topic: str | None = None

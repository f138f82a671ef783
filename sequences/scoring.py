"""Lead scoring: fit rules (who the lead is), intent rules (what it does), decay and thresholds."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Model
from .conditions import Op

IntentEvent = Literal["open", "click", "hand_raise", "page_visit", "webinar", "form"]
Trigger = Literal["lead_magnet", "webinar", "form", "demo_request"]


class FitRule(Model):
    """Points for an attribute of the lead: ``{field: role, op: in, value: [...], points: 20}``."""

    field: str
    op: Op = "eq"
    value: str | float | tuple[str, ...]
    points: float


class IntentRule(Model):
    """Points for an event, optionally only on one topic (integration clicks weigh more)."""

    event: IntentEvent
    topic: str | None = None
    points: float


class MqlThreshold(Model):
    fit_min: float = 0.0
    total: float = 40.0


class SqlThreshold(Model):
    total: float = 80.0
    require_hand_raise: bool = False


def _default_entry_points() -> dict[Trigger, float]:
    # A demo request says far more about intent than a guide download.
    return {"lead_magnet": 5.0, "webinar": 10.0, "form": 10.0, "demo_request": 40.0}


class Scoring(Model):
    fit: tuple[FitRule, ...] = ()
    intent: tuple[IntentRule, ...] = ()
    entry_points: dict[Trigger, float] = Field(default_factory=_default_entry_points)
    decay_half_life_days: float = Field(default=30.0, gt=0)
    mql: MqlThreshold = MqlThreshold()
    sql: SqlThreshold = SqlThreshold()

    def intent_points(self, event: str, topic: str | None) -> float:
        """Points for one event: the topic-specific rule wins over the topic-less one."""
        specific = [r.points for r in self.intent if r.event == event and r.topic is not None and r.topic == topic]
        if specific:
            return specific[0]
        generic = [r.points for r in self.intent if r.event == event and r.topic is None]
        return generic[0] if generic else 0.0


class ThresholdOverride(Model):
    """What a scenario may change about scoring; unset fields keep the document's values."""

    mql: MqlThreshold | None = None
    sql: SqlThreshold | None = None
    decay_half_life_days: float | None = Field(default=None, gt=0)

"""The sales side of a scenario: queues and their teams, SLAs, routing, speed-to-lead and recycling."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .base import Id, Model
from .conditions import Condition
from .timing import WEEKDAYS, Hours, Lag, Weekday  # noqa: F401 (WEEKDAYS re-exported)

Action = Literal["recycle", "disqualify"]
# The reason given to a lead that sales would have accepted had it been reached sooner.
NO_RESPONSE = "no_response"


class WorkingHours(Hours):
    """A team's working day: a daily window like a send window's, nine to five unless said otherwise."""

    start: float = Field(default=9.0, ge=0, le=24)
    end: float = Field(default=17.0, ge=0, le=24)


class Sla(Model):
    """First outreach within ``first_outreach_hours`` counted on ``clock``: the queue's working hours
    (``business``) or round the clock (``calendar``)."""

    first_outreach_hours: float = Field(default=24.0, gt=0)
    status_update_hours: float = Field(default=48.0, gt=0)
    clock: Literal["business", "calendar"] = "business"


class FitBand(Model):
    """Leads whose fit is at least ``fit_min`` (and below the next band) are accepted with ``accept``."""

    fit_min: float
    accept: float = Field(ge=0, le=1)


class ResponseBand(Model):
    """A first touch at most ``within_hours`` (calendar) after the handoff keeps ``factor`` of the acceptance."""

    within_hours: float = Field(ge=0)
    factor: float = Field(ge=0, le=1)


# From the lead-response studies (Oldroyd 2007; Oldroyd, McElheran and Elkington, HBR 2011), read as odds
# ratios against a 98% chance at five minutes and softened by a 40% share of SQLs reached however late:
# docs/simulation.md ("Speed to lead") shows the working. Replace it with your own.
DEFAULT_RESPONSE_CURVE: tuple[ResponseBand, ...] = tuple(
    ResponseBand(within_hours=h, factor=f) for h, f in (
        (5 / 60, 1.0), (0.5, 0.83), (1, 0.69), (2, 0.55), (4, 0.51), (8, 0.47), (24, 0.44), (48, 0.42)))


class RecyclePolicy(Model):
    """Where and when a rejected lead goes back to nurture, how many times, and whether it keeps its intent."""

    to: Id | None = None
    cooldown_days: float = Field(default=30.0, ge=0)
    max_rounds: int | None = Field(default=2, ge=0, le=1000)
    keep_intent: bool = False


def _default_actions() -> dict[str, Action]:
    return {"poor_fit": "disqualify", "no_evaluation_plan": "recycle", "wrong_contact": "disqualify",
            NO_RESPONSE: "recycle"}


class Acceptance(Model):
    by_fit_band: tuple[FitBand, ...] = (FitBand(fit_min=0, accept=0.5), FitBand(fit_min=30, accept=0.8))
    by_response_time: tuple[ResponseBand, ...] = DEFAULT_RESPONSE_CURVE
    rejection_reasons: dict[Id, float] = Field(
        default_factory=lambda: {"poor_fit": 0.4, "no_evaluation_plan": 0.4, "wrong_contact": 0.2}
    )
    after_rejection: dict[Id, Action] = Field(default_factory=_default_actions)
    recycle: RecyclePolicy = RecyclePolicy()

    @model_validator(mode="before")
    @classmethod
    def _older_forms(cls, data: Any) -> Any:
        """``after_rejection: recycle`` (one action for every reason) and ``recycle_to`` are the older forms."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        action = data.get("after_rejection")
        if isinstance(action, str):
            reasons = data.get("rejection_reasons")
            names = list(reasons) if isinstance(reasons, dict) else list(_default_actions())
            data["after_rejection"] = {name: action for name in [*names, NO_RESPONSE]}
        if "recycle_to" in data:
            target = data.pop("recycle_to")
            policy = data.get("recycle")
            policy = dict(policy) if isinstance(policy, dict) else {}
            policy["to"] = target
            data["recycle"] = policy
        return data

    @field_validator("by_response_time")
    @classmethod
    def _ordered(cls, bands: tuple[ResponseBand, ...]) -> tuple[ResponseBand, ...]:
        hours = [b.within_hours for b in bands]
        if hours != sorted(hours) or len(set(hours)) != len(hours):
            raise ValueError("response-time rows must be in increasing order of within_hours, each once")
        return bands

    @property
    def recycle_to(self) -> str | None:
        """Where recycled leads return (None: each to its entry's next node); the older name of ``recycle.to``."""
        return self.recycle.to

    def recycles_any(self) -> bool:
        return any(self.action(r) == "recycle" for r in [*self.rejection_reasons, NO_RESPONSE])

    def accept_probability(self, fit: float) -> float:
        bands = sorted(self.by_fit_band, key=lambda b: b.fit_min)
        chosen = 0.0
        for band in bands:
            if fit >= band.fit_min:
                chosen = band.accept
        return chosen

    def response_factor(self, hours: float) -> float:
        """The factor of the first row whose ``within_hours`` the delay does not exceed (else the last's)."""
        for band in self.by_response_time:
            if hours <= band.within_hours:
                return band.factor
        return self.by_response_time[-1].factor if self.by_response_time else 1.0

    def disqualifying(self) -> Acceptance:
        """The same acceptance with every rejection disqualified (no recycling), validated as a file would be."""
        return Acceptance.model_validate({**self.model_dump(), "after_rejection": "disqualify"})

    def action(self, reason: str) -> Action:
        """What follows a rejection for ``reason``: reasons the map leaves out are recycled."""
        return self.after_rejection.get(reason, "recycle")


class TeamFields(Model):
    """What a team is: reps who make first touches in working hours, and how they pick the next lead."""

    reps: int = Field(default=4, ge=0, le=10_000)
    first_touches_per_rep_per_day: float = Field(default=12.0, ge=0)
    working_days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    working_hours: WorkingHours = WorkingHours()
    priority: Literal["fifo", "fit"] = "fifo"
    other_handoffs_per_week: float = Field(default=0.0, ge=0)
    touch_cv: float = Field(default=0.0, ge=0, le=5)
    # Working hours from the moment a rep takes a handoff (at once when one is free) to the first touch: the
    # time reps spend on calls, meetings and other work before they get to a new lead. None: at once.
    pickup: Lag | None = None


class SalesQueue(TeamFields):
    """One queue and its team; no ``sla`` or ``acceptance`` means the scenario's."""

    sla: Sla | None = None
    acceptance: Acceptance | None = None


class RoutingRule(Model):
    """Threshold handoffs that meet every condition go to ``queue`` (the first matching rule wins)."""

    when: tuple[Condition, ...] = ()
    queue: Id


class Sales(TeamFields):
    """The flat fields are one queue named ``sales``; ``queues`` (when given) replaces it with several."""

    queues: dict[Id, SalesQueue] = Field(default_factory=dict)
    routing: tuple[RoutingRule, ...] = ()
    holidays: tuple[dt.date, ...] = ()
    start_date: dt.date | None = None

    @field_validator("queues", mode="before")
    @classmethod
    def _no_queues(cls, value: Any) -> Any:
        return {} if value is None else value  # an emptied YAML editor gives None

    @model_validator(mode="after")
    def _holidays_need_a_date(self) -> Sales:
        if self.holidays and self.start_date is None:
            raise ValueError("holidays need start_date, the date of day 0 of the forecast")
        return self

    def team(self) -> dict[str, SalesQueue]:
        """The queues by name, in order (the first takes threshold handoffs no rule routes)."""
        if self.queues:
            return dict(self.queues)
        return {"sales": SalesQueue(**{name: getattr(self, name) for name in TeamFields.model_fields})}

    def holiday_days(self) -> tuple[int, ...]:
        """Holidays as day numbers of the forecast: day 0 is the Monday on or before ``start_date``."""
        if self.start_date is None:
            return ()
        monday = self.start_date - dt.timedelta(days=self.start_date.weekday())
        return tuple(sorted({(h - monday).days for h in self.holidays if h >= self.start_date}))

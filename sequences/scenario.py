"""A scenario: everything the simulator needs beyond the graph."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Id, Model
from .economics import Economics
from .sales_model import Acceptance, FitBand, Sales, Sla, WorkingHours  # noqa: F401 (re-exported)
from .scoring import Scoring, ThresholdOverride
from .timing import WEEKDAYS as WEEKDAYS  # re-exported: the sales clock reads it from here
from .timing import ArrivalPattern, Lag, ResponseLags, SendWindow, Weekday  # noqa: F401 (Weekday re-exported)


class Arrival(Model):
    """Leads arriving at one entry: ``leads_per_week`` for ``weeks``, or a one-off cohort of ``leads``."""

    entry: Id
    leads_per_week: float | None = Field(default=None, ge=0)
    weeks: float | None = Field(default=None, gt=0)
    leads: int | None = Field(default=None, ge=0)
    start_day: float = Field(default=0.0, ge=0)
    # How a week's leads spread over days and hours, whether each week's count is drawn (Poisson) or
    # exactly the weekly figure, and per-week multipliers (week 1 first; weeks past the list keep 1).
    pattern: ArrivalPattern | None = None
    variability: Literal["poisson", "exact"] = "poisson"
    weekly_factors: tuple[float, ...] = ()

    @model_validator(mode="after")
    def _one_shape(self) -> Arrival:
        weekly = self.leads_per_week is not None
        if weekly == (self.leads is not None):
            raise ValueError("give either leads_per_week (with weeks) or leads (a one-off cohort)")
        if weekly and self.weeks is None:
            raise ValueError("leads_per_week needs weeks")
        if any(f < 0 for f in self.weekly_factors):
            raise ValueError("weekly_factors must be zero or more")
        return self

    def week_factor(self, week: int) -> float:
        return self.weekly_factors[week] if week < len(self.weekly_factors) else 1.0

    def total(self) -> float:
        """Expected leads over the rule's whole span (horizon aside), weekly factors included."""
        if self.leads is not None:
            return float(self.leads)
        weeks = float(self.weeks or 0)
        full = int(weeks)
        scale = sum(self.week_factor(k) for k in range(full)) + (weeks - full) * self.week_factor(full)
        return float(self.leads_per_week or 0) * scale


class Cohort(Model):
    arrivals: tuple[Arrival, ...] = ()


class Rates(Model):
    """Per email delivered: open; click given open; hand-raise and unsubscribe given open."""

    open: float = Field(default=0.3, ge=0, le=1)
    click_given_open: float = Field(default=0.15, ge=0, le=1)
    hand_raise: float = Field(default=0.02, ge=0, le=1)
    unsubscribe: float = Field(default=0.005, ge=0, le=1)


class RatesOverride(Model):
    """Rates for one role and/or topic; unset rates fall back to the next less specific rule."""

    role: Id | None = None
    topic: Id | None = None
    open: float | None = Field(default=None, ge=0, le=1)
    click_given_open: float | None = Field(default=None, ge=0, le=1)
    hand_raise: float | None = Field(default=None, ge=0, le=1)
    unsubscribe: float | None = Field(default=None, ge=0, le=1)


class Behaviour(Model):
    default: Rates = Rates()
    overrides: tuple[RatesOverride, ...] = ()
    # Hours from delivery to each response (lognormal); ``None`` in a file means instant responses.
    response_lag_hours: ResponseLags | None = ResponseLags()
    # Hours from the moment a lead becomes sales-ready (its hand-raise or score) to its handoff: the lead books
    # the meeting, an SDR qualifies it. Lognormal, drawn per lead and round; ``None`` hands over at once.
    handoff_lag_hours: Lag | None = Field(default=None, description=(
        "Hours from the moment a lead becomes sales-ready to its handoff to sales (booking the meeting): "
        "{median, p90}; none: handed over at once"))
    # Interest fades: a lead's chance to open an email halves every this many days after it arrived (new leads
    # answer the most; a calibration fits it to the spread of the history's time to MQL). ``None``: no fading.
    engagement_half_life_days: float | None = Field(default=None, gt=0, le=3650, description=(
        "Days after a lead arrives in which its chance to open an email halves (interest fades with a lead's "
        "age); none: a lead answers its last email as readily as its first"))

    def rates(self, role: str | None, topic: str | None) -> Rates:
        """Most specific wins: role and topic, then role, then topic, then the default."""
        values = self.default.model_dump()
        ranked = sorted(
            (o for o in self.overrides if (o.role in (None, role)) and (o.topic in (None, topic))),
            key=lambda o: (o.role is not None) * 2 + (o.topic is not None),
        )
        for override in ranked:
            for name in values:
                value = getattr(override, name)
                if value is not None:
                    values[name] = value
        return Rates(**values)


class StallRules(Model):
    days_without_progress: float = Field(default=21.0, gt=0)
    queue_days: float = Field(default=3.0, gt=0)


class Scenario(Model):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    cohort: Cohort = Cohort()
    mix: dict[Id, dict[Id, float]] = Field(default_factory=dict)
    behaviour: Behaviour = Behaviour()
    thresholds: ThresholdOverride | None = None
    sales: Sales = Sales()
    sla: Sla = Sla()
    acceptance: Acceptance = Acceptance()
    stall: StallRules = StallRules()
    sending: SendWindow | None = None
    horizon_days: float = Field(default=180.0, gt=0, le=3650)
    replications: int = Field(default=10, ge=1, le=10_000)
    seed: int = Field(default=1, ge=0, lt=2**63)
    economics: Economics | None = None  # rep cost and SQL value, for sweep recommendations

    def effective_scoring(self, scoring: Scoring) -> Scoring:
        """The document's scoring with this scenario's threshold and decay overrides applied."""
        if self.thresholds is None:
            return scoring
        update = {k: v for k, v in self.thresholds.model_dump(exclude_none=True).items()}
        if self.thresholds.mql is not None:
            update["mql"] = self.thresholds.mql
        if self.thresholds.sql is not None:
            update["sql"] = self.thresholds.sql
        return scoring.model_copy(update=update)

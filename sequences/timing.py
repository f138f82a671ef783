"""When things happen in a lead's week: arrival patterns, send windows and response lags."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, model_validator

from .base import Model

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


class Hours(Model):
    """A daily window in hours from midnight: ``start`` inclusive, ``end`` exclusive."""

    start: float = Field(default=0.0, ge=0, le=24)
    end: float = Field(default=24.0, ge=0, le=24)

    @model_validator(mode="after")
    def _order(self) -> Hours:
        if self.end <= self.start:
            raise ValueError("hours must end after they start")
        return self


class ArrivalPattern(Model):
    """How a week's arrivals spread: relative weight per weekday (a missing day weighs 0 when any day is
    given) and the hours of the day they arrive in."""

    weekdays: dict[Weekday, float] = Field(default_factory=dict)
    hours: Hours = Hours()

    @model_validator(mode="after")
    def _weights(self) -> ArrivalPattern:
        if any(w < 0 or not math.isfinite(w) for w in self.weekdays.values()):
            raise ValueError("weekday weights must be zero or more")
        if self.weekdays and sum(self.weekdays.values()) <= 0:
            raise ValueError("at least one weekday needs a weight above zero")
        return self

    def day_weights(self) -> list[float]:
        if not self.weekdays:
            return [1.0] * 7
        return [float(self.weekdays.get(day, 0.0)) for day in WEEKDAYS]  # type: ignore[call-overload]


class SendWindow(Model):
    """When emails may go out: an email due outside the window goes at the window's next opening."""

    days: tuple[Weekday, ...] = WORKDAYS
    hours: Hours = Hours(start=8.0, end=18.0)

    @model_validator(mode="after")
    def _some_day(self) -> SendWindow:
        if not self.days:
            raise ValueError("a send window needs at least one day")
        return self


class Lag(Model):
    """A lognormal delay in hours, given by its median and 90th percentile."""

    median: float = Field(gt=0)
    p90: float = Field(gt=0)

    @model_validator(mode="after")
    def _spread(self) -> Lag:
        if self.p90 <= self.median:
            raise ValueError("p90 must be above the median")
        return self

    def sigma(self) -> float:
        return math.log(self.p90 / self.median) / 1.2815515655446004  # z of the 90th percentile


# Typical email engagement (see docs/simulation.md): most opens come within hours, clicks follow opens,
# a hand-raise (a demo request or a reply) takes a day or more to decide.
DEFAULT_LAGS = {"open": Lag(median=3.0, p90=30.0), "click": Lag(median=4.0, p90=36.0),
                "hand_raise": Lag(median=24.0, p90=120.0)}


class ResponseLags(Model):
    """Hours from an email's delivery to each response; ``none`` means every response is instant."""

    open: Lag = DEFAULT_LAGS["open"]
    click: Lag = DEFAULT_LAGS["click"]
    hand_raise: Lag = DEFAULT_LAGS["hand_raise"]

"""A threshold sweep saved in the document: a base scenario, axes, sampling, objective and constraints."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Model

# The scenario settings a sweep may vary, with the words a planner reads.
SWEEP_PARAMETERS: dict[str, str] = {
    "mql_fit_min": "MQL fit minimum",
    "mql_total": "MQL total score",
    "sql_total": "SQL total score",
    "require_hand_raise": "SQL needs a hand-raise",
    "decay_half_life_days": "Intent half-life (days)",
    "reps": "Sales reps",
    "first_touches_per_rep_per_day": "First touches per rep per day",
    "sla_hours": "SLA hours to first outreach",
    "arrival_scale": "Arrival volume (× base)",
}
INTEGER_PARAMETERS = frozenset({"reps"})

# Figures a sweep can optimise or constrain, all per point (means over replications).
SWEEP_METRICS: dict[str, str] = {
    "accepted_per_month": "Accepted SQLs per month",
    "sql_per_month": "SQL handoffs per month",
    "mql_per_month": "MQLs per month",
    "sla_breach_rate": "SLA breach rate",
    "rep_utilisation": "Rep utilisation",
    "acceptance_rate": "Sales acceptance rate",
    "median_days_to_sql": "Median days to SQL",
}


class SweepAxis(Model):
    """One varied setting: explicit ``values``, or ``steps`` evenly spaced from ``low`` to ``high``."""

    parameter: Literal[
        "mql_fit_min", "mql_total", "sql_total", "require_hand_raise", "decay_half_life_days", "reps",
        "first_touches_per_rep_per_day", "sla_hours", "arrival_scale",
    ]
    values: tuple[float, ...] = ()
    low: float | None = None
    high: float | None = None
    steps: int = Field(default=5, ge=1, le=200)

    @model_validator(mode="after")
    def _shape(self) -> SweepAxis:
        if self.parameter == "require_hand_raise":
            if any(v not in (0, 1) for v in self.values):
                raise ValueError("require_hand_raise takes the values 0 (no) and 1 (yes)")
            return self
        if not self.values and (self.low is None or self.high is None):
            raise ValueError(f"axis {self.parameter}: give values, or low and high")
        if self.low is not None and self.high is not None and self.high < self.low:
            raise ValueError(f"axis {self.parameter}: high is below low")
        return self

    def grid(self) -> tuple[float, ...]:
        if self.values:
            return self.values
        if self.parameter == "require_hand_raise":
            return (0.0, 1.0)
        low, high = float(self.low), float(self.high)  # type: ignore[arg-type]
        if self.steps == 1 or low == high:
            points = [low]
        else:
            points = [low + (high - low) * i / (self.steps - 1) for i in range(self.steps)]
        if self.parameter in INTEGER_PARAMETERS:
            points = sorted({float(round(p)) for p in points})
        return tuple(points)


class SweepConstraint(Model):
    metric: Literal[
        "accepted_per_month", "sql_per_month", "mql_per_month", "sla_breach_rate", "rep_utilisation",
        "acceptance_rate", "median_days_to_sql",
    ]
    op: Literal["lte", "gte"] = "lte"
    value: float


class SweepObjective(Model):
    metric: Literal[
        "accepted_per_month", "sql_per_month", "mql_per_month", "sla_breach_rate", "rep_utilisation",
        "acceptance_rate", "median_days_to_sql",
    ] = "accepted_per_month"
    direction: Literal["maximise", "minimise"] = "maximise"


class Sweep(Model):
    name: str = Field(min_length=1, max_length=200)
    base_scenario: str
    axes: tuple[SweepAxis, ...] = Field(min_length=1, max_length=6)
    sampling: Literal["grid", "random"] = "grid"
    samples: int = Field(default=200, ge=1, le=100_000)
    replications: int = Field(default=5, ge=1, le=1000)
    leads: int | None = Field(default=None, ge=1)
    objective: SweepObjective = SweepObjective()
    constraints: tuple[SweepConstraint, ...] = ()
    simulate_top: int = Field(default=10, ge=0, le=10_000)
    simulate_check: int = Field(default=5, ge=0, le=10_000)
    seed: int = Field(default=11, ge=0, lt=2**63)

    @model_validator(mode="after")
    def _distinct_axes(self) -> Sweep:
        names = [a.parameter for a in self.axes]
        if len(set(names)) != len(names):
            raise ValueError("each parameter may be swept on one axis only")
        return self

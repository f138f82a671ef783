"""A threshold sweep saved in the document: a base scenario, axes, sampling, objective and constraints."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Model

# The scenario settings a sweep may vary, with the words a planner reads. The simulation layer holds how
# each is read from and written into a scenario (simulation/sweeps/knobs.py); add a setting in both places.
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
    "pipeline_value_per_month": "Pipeline value per month",
    "net_value_per_month": "Pipeline value less rep cost per month",
    "cost_per_month": "Rep cost per month",
    "cost_per_accepted_sql": "Rep cost per accepted SQL",
    "sql_per_month": "SQL handoffs per month",
    "mql_per_month": "MQLs per month",
    "sla_breach_rate": "SLA breach rate",
    "rep_utilisation": "Rep utilisation",
    "acceptance_rate": "Sales acceptance rate",
    "queue_wait_p90_hours": "Queue wait, 90th percentile (hours)",
    "median_days_to_sql": "Median days to SQL",
}
PERCENT_METRICS = frozenset({"sla_breach_rate", "rep_utilisation", "acceptance_rate"})
MONEY_METRICS = frozenset({"pipeline_value_per_month", "net_value_per_month", "cost_per_month",
                           "cost_per_accepted_sql"})
# Short names for the planner's sentence: "maximise accepted SQLs subject to SLA breach rate ≤ 10%".
METRIC_WORDS: dict[str, str] = {
    "accepted_per_month": "accepted SQLs a month", "pipeline_value_per_month": "pipeline value a month",
    "net_value_per_month": "pipeline value less rep cost a month", "cost_per_month": "rep cost a month",
    "cost_per_accepted_sql": "rep cost per accepted SQL", "sql_per_month": "SQL handoffs a month",
    "mql_per_month": "MQLs a month", "sla_breach_rate": "SLA breach rate", "rep_utilisation": "rep utilisation",
    "acceptance_rate": "acceptance rate", "queue_wait_p90_hours": "queue wait p90",
    "median_days_to_sql": "median days to SQL",
}


def show_figure(metric: str, value: float | None, currency: str = "$") -> str:
    """A figure as a planner reads it: 12.5%, $40,000, 18.0 h, 59.7."""
    if value is None or value != value:
        return "–"
    if metric in PERCENT_METRICS:
        return f"{100 * value:.2g}%" if 0 < abs(value) < 0.001 else f"{100 * value:.1f}%"
    if metric in MONEY_METRICS:
        return f"{'−' if value < 0 else ''}{currency}{abs(value):,.0f}"
    if metric.endswith("_hours"):
        return f"{value:.1f} h"
    return f"{value:,.1f}"


def show_spread(metric: str, value: float | None, low: float | None, high: float | None, currency: str = "$",
                gap: str = " ") -> str:
    """The figure with its 95% interval: ``value ± half`` when the interval is symmetric about it, else
    ``value (low–high)``: a share's interval clipped at 0% or 100% is not, and ± would reach past the clip."""
    text = show_figure(metric, value, currency)
    if value is None or value != value or low is None or high is None or low == high:
        return text
    above, below = high - value, value - low
    if abs(above - below) <= 1e-9 * max(1.0, abs(value)):
        return f"{text}{gap}±{gap}{show_figure(metric, above, currency)}"
    return f"{text} ({show_figure(metric, low, currency)}–{show_figure(metric, high, currency)})"


def _known(kind: str, table: dict[str, str], value: str) -> str:
    if value not in table:
        raise ValueError(f"unknown {kind} {value!r}; known: {', '.join(table)}")
    return value


class SweepAxis(Model):
    """One varied setting: explicit ``values``, or ``steps`` evenly spaced from ``low`` to ``high``."""

    parameter: str = Field(json_schema_extra={"enum": list(SWEEP_PARAMETERS)})  # editors offer the known ones
    values: tuple[float, ...] = ()
    low: float | None = None
    high: float | None = None
    steps: int = Field(default=5, ge=1, le=200)

    _parameter = field_validator("parameter")(lambda v: _known("sweep setting", SWEEP_PARAMETERS, v))

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
    metric: str = Field(json_schema_extra={"enum": list(SWEEP_METRICS)})
    op: Literal["lte", "gte"] = "lte"
    value: float

    _metric = field_validator("metric")(lambda v: _known("figure", SWEEP_METRICS, v))

    def words(self, currency: str = "$") -> str:
        """"SLA breach rate ≤ 10.0%"."""
        relation = "≤" if self.op == "lte" else "≥"
        return f"{METRIC_WORDS[self.metric]} {relation} {show_figure(self.metric, self.value, currency)}"

    def met_by(self, value: float) -> bool:
        return value <= self.value if self.op == "lte" else value >= self.value


class SweepObjective(Model):
    metric: str = Field(default="accepted_per_month", json_schema_extra={"enum": list(SWEEP_METRICS)})
    direction: Literal["maximise", "minimise"] = "maximise"

    _metric = field_validator("metric")(lambda v: _known("figure", SWEEP_METRICS, v))


class Sweep(Model):
    name: str = Field(min_length=1, max_length=200)
    base_scenario: str
    axes: tuple[SweepAxis, ...] = Field(min_length=1, max_length=6)
    sampling: Literal["grid", "random"] = "grid"
    samples: int = Field(default=200, ge=1, le=100_000)
    replications: int = Field(default=5, ge=1, le=1000)
    # None: the base scenario's own cohort. A number rescales the cohort (faster, and every figure says so).
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

    def goal_words(self, currency: str = "$") -> str:
        """The sweep's question in a planner's words: "Maximise accepted SQLs a month, subject to …"."""
        goal = f"{self.objective.direction.capitalize()} {METRIC_WORDS[self.objective.metric]}"
        if not self.constraints:
            return goal + ", with no limits."
        return goal + ", subject to " + ", ".join(c.words(currency) for c in self.constraints) + "."

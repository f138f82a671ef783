"""What a setting is worth: rep cost and the value of an accepted SQL, for sweep recommendations."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import Model


class Economics(Model):
    """Rep cost a month, and what one accepted SQL is worth.

    Give ``value_per_accepted_sql`` directly, or the chain it comes from: the share of accepted SQLs that
    become opportunities, the average deal value and the win rate (value = opportunity rate × deal value ×
    win rate, the expected won value an accepted SQL brings).
    """

    rep_cost_per_month: float = Field(default=0.0, ge=0)
    value_per_accepted_sql: float | None = Field(default=None, ge=0)
    opportunity_rate: float | None = Field(default=None, ge=0, le=1)
    average_deal_value: float | None = Field(default=None, ge=0)
    win_rate: float | None = Field(default=None, ge=0, le=1)
    currency: str = Field(default="$", max_length=8)

    @model_validator(mode="after")
    def _one_way_to_value(self) -> Economics:
        chain = (self.opportunity_rate, self.average_deal_value, self.win_rate)
        given = [v is not None for v in chain]
        if self.value_per_accepted_sql is not None and any(given):
            raise ValueError("give value_per_accepted_sql, or opportunity_rate, average_deal_value and win_rate,"
                             " not both")
        if any(given) and not all(given):
            raise ValueError("opportunity_rate, average_deal_value and win_rate go together: give all three")
        return self

    def sql_value(self) -> float | None:
        """Expected won value of one accepted SQL, or None when the document does not say."""
        if self.value_per_accepted_sql is not None:
            return self.value_per_accepted_sql
        if self.opportunity_rate is None or self.average_deal_value is None or self.win_rate is None:
            return None
        return self.opportunity_rate * self.average_deal_value * self.win_rate

    def money(self, amount: float) -> str:
        """``$12,300`` — whole units, the way a planner reads a budget."""
        sign = "−" if amount < 0 else ""
        return f"{sign}{self.currency}{abs(amount):,.0f}"

"""Structured conditions ``{field, op, value}`` used by branches and fit rules; never expression strings."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from .base import Model

Op = Literal["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte"]

OP_WORDS: dict[str, str] = {
    "eq": "is",
    "ne": "is not",
    "in": "is one of",
    "not_in": "is none of",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
}

# Numeric facts the engine knows about a lead at any moment.
SCORE_FIELDS: tuple[str, ...] = ("fit", "intent", "total")
ENGAGEMENT_FIELDS: tuple[str, ...] = ("opens", "clicks", "emails_received")
FLAG_FIELDS: tuple[str, ...] = ("opened_last", "clicked_last", "hand_raised", "is_mql")
# ``clicked_topic`` asks whether the lead clicked any email on the given topic(s).
TOPIC_FIELDS: tuple[str, ...] = ("clicked_topic",)
NUMERIC_FIELDS = SCORE_FIELDS + ENGAGEMENT_FIELDS


class Condition(Model):
    """One test on a lead. ``field`` is a lead attribute (role, source, offer, a segment), a score,
    an engagement count, a flag or ``clicked_topic``."""

    field: str
    op: Op = "eq"
    value: str | float | bool | tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _shape(self) -> Condition:
        if self.op in ("in", "not_in") and not isinstance(self.value, tuple):
            raise ValueError(f"op '{self.op}' needs a list of values")
        if self.op in ("gt", "gte", "lt", "lte") and (
            isinstance(self.value, bool) or not isinstance(self.value, int | float)
        ):
            raise ValueError(f"op '{self.op}' needs a number")
        if self.field in NUMERIC_FIELDS and self.op in ("eq", "ne", "gt", "gte", "lt", "lte"):
            if isinstance(self.value, bool) or not isinstance(self.value, int | float):
                raise ValueError(f"field '{self.field}' is a number: compare it with a number")
        if self.field in FLAG_FIELDS:
            if self.op not in ("eq", "ne") or not isinstance(self.value, bool):
                raise ValueError(f"field '{self.field}' is yes/no: use op eq or ne with true or false")
        return self

    def values(self) -> tuple[str, ...]:
        """The string values this condition names (for vocabulary checks)."""
        if isinstance(self.value, tuple):
            return self.value
        if isinstance(self.value, str):
            return (self.value,)
        return ()

    def describe(self) -> str:
        value = self.value
        if isinstance(value, tuple):
            shown = ", ".join(value)
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, float) and value.is_integer():
            shown = str(int(value))
        else:
            shown = str(value)
        return f"{self.field.replace('_', ' ')} {OP_WORDS[self.op]} {shown}"


def describe_all(conditions: tuple[Condition, ...]) -> str:
    return " and ".join(c.describe() for c in conditions) if conditions else "always"

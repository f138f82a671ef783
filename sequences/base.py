"""Shared pydantic base for every saved model: frozen, strict about unknown keys, finite numbers."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use letters, digits, '_', '-' or '.', starting with a letter"
            " or '_', at most 64 characters"
        )
    return value


Id = Annotated[str, AfterValidator(_check_id)]
"""A stable identifier saved in the file (node ids, offer ids, role keys)."""


class Model(BaseModel):
    """Frozen so an undo step can simply keep the old object; unknown keys are typos, not data."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        populate_by_name=True,
        allow_inf_nan=False,
        str_max_length=10_000,
    )

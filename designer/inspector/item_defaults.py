"""What "Add" puts in a list: a valid new item for each list the inspector edits."""

from __future__ import annotations

from typing import Any

from .factory import Vocabulary


def _field(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


def _free(stem: str, values: list[Any], name: str = "label") -> str:
    used = {_field(v, name) for v in values}
    n = len(values) + 1
    while f"{stem}_{n}" in used:
        n += 1
    return f"{stem}_{n}"


def default_item(cls: type, values: list[Any], vocab: Vocabulary) -> dict[str, Any]:
    roles = vocab.choices("role") or ["clinical_leadership"]
    topics = vocab.choices("topic") or ["patient_engagement"]
    name = cls.__name__
    if name == "BranchOutput":
        return {"label": _free("output", values), "when": [{"field": "role", "op": "eq", "value": roles[0]}]}
    if name == "SplitOutput":
        letters = [c for c in "abcdefghij" if c not in {_field(v, "label") for v in values}]
        return {"label": letters[0] if letters else _free("variant", values), "percent": 0.0}
    if name == "EmailVariant":
        used = {_field(v, "role") for v in values}
        free = [r for r in roles if r not in used]
        return {"role": free[0] if free else roles[0], "subject": ""}
    if name == "Condition":
        return {"field": "role", "op": "eq", "value": roles[0]}
    if name == "FitRule":
        return {"field": "role", "op": "in", "value": [roles[0]], "points": 10.0}
    if name == "IntentRule":
        return {"event": "click", "points": 5.0}
    if name == "Offer":
        return {"id": _free("offer", values, "id"), "name": "New offer", "topic": topics[0]}
    try:
        return cls().model_dump()
    except Exception:  # a model with required fields this table does not know: start empty
        return {}


def insert_index(cls: type, values: list[Any]) -> int:
    """New branch outputs go before ``else``: the first matching output wins, ``else`` takes the rest."""
    if cls.__name__ == "BranchOutput" and values and _field(values[-1], "label") == "else":
        return len(values) - 1
    return len(values)

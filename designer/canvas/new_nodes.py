"""Fresh nodes for the palette and unique ids for new and pasted nodes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sequences import NODE_CLASSES
from sequences.nodes import NodeBase

from .node_facts import KIND_LABELS

_DEFAULTS: dict[str, dict] = {
    "email": {"subject": "New email", "topic": "patient_engagement"},
    "wait": {"days": 3},
    "branch": {"outputs": [{"label": "engaged", "when": [{"field": "clicks", "op": "gte", "value": 1}]},
                           {"label": "else"}]},
    "score": {"points": 10},
}
_SUFFIX = re.compile(r"^(.*?)(?:_(\d+))?$")


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base`` if free, else ``base_2``, ``base_3``… (an existing numeric suffix is continued)."""
    used = set(taken)
    if base not in used:
        return base
    match = _SUFFIX.match(base)
    stem = match.group(1) if match and match.group(1) else base
    number = int(match.group(2)) + 1 if match and match.group(2) else 2
    while f"{stem}_{number}" in used:
        number += 1
    return f"{stem}_{number}"


def new_node(kind: str, taken: Iterable[str]) -> NodeBase:
    data = {"id": unique_id(kind, taken), "kind": kind, "title": KIND_LABELS[kind]}
    data.update(_DEFAULTS.get(kind, {}))
    return NODE_CLASSES[kind].model_validate(data)

"""The finding a validation rule reports, and the small helpers rules share to word their messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import MAX_PROBLEM, clip
from .nodes import NodeBase

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
# Sums of shares may be off by rounding in a hand-written file, never by more.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    node: str | None = None
    scenario: str | None = None

    def __post_init__(self) -> None:
        # A message echoes ids and titles from the file: a hostile one must not make it unreadably long.
        object.__setattr__(self, "message", clip(self.message, MAX_PROBLEM))

    @property
    def place(self) -> str:
        """Where the finding is: the node id, the scenario, or the document as a whole."""
        if self.node is not None:
            return self.node
        if self.scenario is not None:
            return f"scenario '{self.scenario}'"
        return "document"


def named(node: NodeBase) -> str:
    """How a message names a node: its kind and title, with the id when the title differs."""
    kind = type(node).__name__.removesuffix("Node").lower()
    if node.title and node.title != node.id:
        return f"{kind} '{node.title}' ({node.id})"
    return f"{kind} '{node.id}'"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def listed(values, limit: int = 8) -> str:
    """Quoted names, the first few of a long list then how many more."""
    values = list(values)
    shown = ", ".join(f"'{v}'" for v in values[:limit])
    return shown if len(values) <= limit else f"{shown} and {len(values) - limit} more"

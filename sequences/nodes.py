"""The nine node kinds of a nurture sequence, their output ports, and the edges between them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from .base import Id, Model
from .conditions import Condition, describe_all
from .timing import SendWindow

NEXT = "next"
ELSE = "else"


class NodeBase(Model):
    id: Id
    title: str = ""
    if TYPE_CHECKING:
        # For the type checker only: each kind declares its own Literal ``kind``, the union's discriminator.
        kind: str

    def ports(self) -> tuple[str, ...]:
        """Labels of the outputs an edge may leave from, in display order."""
        return (NEXT,)

    def label(self) -> str:
        return self.title or self.id


class EntryNode(NodeBase):
    """Where leads come in: a lead-magnet download, webinar registration, form or demo request."""

    kind: Literal["entry"]
    trigger: Literal["lead_magnet", "webinar", "form", "demo_request"] = "lead_magnet"
    offer: Id | None = None
    topic: Id | None = None


class EmailVariant(Model):
    """A role-specific version of an email; unset fields fall back to the email's own."""

    role: Id
    subject: str = ""
    topic: Id | None = None


class EmailNode(NodeBase):
    kind: Literal["email"]
    subject: str = ""
    topic: Id | None = None
    content_type: Literal[
        "guide", "checklist", "case_study", "webinar_invite", "product", "newsletter", "personal"
    ] = "guide"
    cta: Literal["none", "read", "register", "book_demo", "reply", "needs_form"] = "read"
    variants: tuple[EmailVariant, ...] = ()
    sending: SendWindow | None = None  # this email's own send window; None: the scenario's

    @model_validator(mode="after")
    def _unique_variants(self) -> EmailNode:
        roles = [v.role for v in self.variants]
        dup = sorted({r for r in roles if roles.count(r) > 1})
        if dup:
            raise ValueError(f"more than one variant for role {', '.join(dup)}")
        return self


class WaitNode(NodeBase):
    """Waits fixed calendar days, business days, or until an event with a timeout.

    ``until_event`` waits have two outputs: ``event`` (it happened) and ``timeout``.
    """

    kind: Literal["wait"]
    mode: Literal["days", "business_days", "until_event"] = "days"
    days: float = 1.0
    event: Literal["open", "click", "hand_raise"] | None = None

    @model_validator(mode="after")
    def _event_needed(self) -> WaitNode:
        if self.mode == "until_event" and self.event is None:
            raise ValueError("a wait until an event needs the event (open, click or hand_raise)")
        return self

    def ports(self) -> tuple[str, ...]:
        return ("event", "timeout") if self.mode == "until_event" else (NEXT,)

    def awaited(self) -> Literal["open", "click", "hand_raise"]:
        """The event an ``until_event`` wait waits for (the validator makes sure it names one)."""
        if self.event is None:
            raise ValueError(f"the wait '{self.id}' waits for no event")
        return self.event


class BranchOutput(Model):
    label: Id
    when: tuple[Condition, ...] = ()


class BranchNode(NodeBase):
    """Outputs are tried in order; the first whose conditions all hold wins; ``else`` takes the rest."""

    kind: Literal["branch"]
    outputs: tuple[BranchOutput, ...] = (BranchOutput(label=ELSE),)

    @model_validator(mode="after")
    def _labels(self) -> BranchNode:
        labels = [o.label for o in self.outputs]
        dup = sorted({label for label in labels if labels.count(label) > 1})
        if dup:
            raise ValueError(f"output label {', '.join(dup)} is used more than once")
        return self

    def ports(self) -> tuple[str, ...]:
        return tuple(o.label for o in self.outputs)

    def has_else(self) -> bool:
        return any(o.label == ELSE for o in self.outputs)

    def describe(self) -> str:
        return "; ".join(f"{o.label}: {describe_all(o.when)}" for o in self.outputs if o.label != ELSE)


class SplitOutput(Model):
    label: Id
    percent: float = Field(ge=0, le=100)


class SplitNode(NodeBase):
    """A/B (or n-way) split by percentage."""

    kind: Literal["split"]
    outputs: tuple[SplitOutput, ...] = (SplitOutput(label="a", percent=50), SplitOutput(label="b", percent=50))

    @model_validator(mode="after")
    def _labels(self) -> SplitNode:
        labels = [o.label for o in self.outputs]
        if len(set(labels)) != len(labels):
            raise ValueError("split output labels must be unique")
        return self

    def ports(self) -> tuple[str, ...]:
        return tuple(o.label for o in self.outputs)


class ScoreNode(NodeBase):
    """An explicit score change (e.g. +15 intent after attending a webinar)."""

    kind: Literal["score"]
    score: Literal["intent", "fit"] = "intent"
    points: float = 0.0


class HandoffNode(NodeBase):
    """Sends the lead to sales as an SQL with an SLA for first outreach."""

    kind: Literal["handoff"]
    sla_hours: float | None = 24.0
    queue: str = "sales"

    def ports(self) -> tuple[str, ...]:
        # After handoff the lead may continue (e.g. to a goal); leaving it open is also fine.
        return (NEXT,)


class GoalNode(NodeBase):
    kind: Literal["goal"]
    goal: Literal["sql", "accepted", "opportunity"] = "sql"

    def ports(self) -> tuple[str, ...]:
        return ()


class ExitNode(NodeBase):
    kind: Literal["exit"]
    reason: Literal["completed", "unsubscribed", "disqualified", "recycled"] = "completed"

    def ports(self) -> tuple[str, ...]:
        return ()


Node = Annotated[
    EntryNode | EmailNode | WaitNode | BranchNode | SplitNode | ScoreNode | HandoffNode | GoalNode | ExitNode,
    Field(discriminator="kind"),
]

NODE_KINDS: tuple[str, ...] = (
    "entry", "email", "wait", "branch", "split", "score", "handoff", "goal", "exit",
)
NODE_CLASSES: dict[str, type[NodeBase]] = {
    "entry": EntryNode, "email": EmailNode, "wait": WaitNode, "branch": BranchNode, "split": SplitNode,
    "score": ScoreNode, "handoff": HandoffNode, "goal": GoalNode, "exit": ExitNode,
}
# Kinds at which a lead's journey through the sequence may end without a finding.
TERMINAL_KINDS: frozenset[str] = frozenset({"goal", "exit", "handoff"})


class Edge(Model):
    """From one output port of a node to another node. ``(from, port)`` is unique in a sequence."""

    from_: Id = Field(alias="from")
    port: Id = NEXT
    to: Id

    @property
    def key(self) -> tuple[str, str]:
        return (self.from_, self.port)

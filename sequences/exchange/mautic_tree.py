"""Our graph as Mautic's event tree: waits fold into the next event's interval, branches and splits
become yes/no condition chains, merges and loops become 'jump to event' actions."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..nodes import BranchNode, EmailNode, EntryNode, ExitNode, GoalNode, HandoffNode, ScoreNode, SplitNode, WaitNode
from .email_fields import describe
from .index import indexed
from .lint import Lint
from .mapping import asset_id, property_name, wait_days

EVENT_DECISIONS = {"open": "email.open", "click": "email.click", "hand_raise": "form.submit"}
EMAIL_DECISIONS = ("email.open", "email.click")  # Mautic: source restricted to email.send
RANDOM_FIELD = "nurture_random"
OPERATORS = {"eq": "=", "ne": "!=", "gt": "gt", "gte": "gte", "lt": "lt", "lte": "lte", "in": "in", "not_in": "!in"}


@dataclass
class Event:
    key: int
    name: str
    type: str
    event_type: str
    node: str
    properties: dict[str, Any] = field(default_factory=dict)
    parent: int | None = None
    path: str | None = None
    days: float = 0.0
    order: int = 1
    channel: str | None = None
    channel_id: str | None = None
    description: str = ""  # an email's subject, topic and call to action (email_fields.describe)

    def trigger(self) -> tuple[str | None, float, str | None]:
        if self.event_type == "decision":
            return None, 0, None
        if self.days <= 0:
            return "immediate", 0, "d"
        for unit, per_day in (("d", 1), ("h", 24), ("i", 1440)):
            value = self.days * per_day
            if abs(value - round(value)) < 1e-6:
                return "interval", int(round(value)), unit
        return "interval", int(round(self.days * 1440)), "i"


@dataclass
class Tree:
    events: list[Event]
    roots: dict[str, list[int]]  # source ('lists'/'forms') -> root event keys
    children: dict[int | None, list[Event]] | None = None  # filled on first use


def source_of(entry: EntryNode) -> str:
    return "lists" if entry.trigger == "lead_magnet" else "forms"


class TreeBuilder:
    def __init__(self, document: Document, lint: Lint):
        self.doc, self.lint = document, lint
        self.seq = indexed(document)
        self.events: list[Event] = []
        self.first: dict[str, int] = {}  # node -> key of its first event
        self.alias: dict[str, tuple[str | None, float]] = {}  # wait/pass-through node -> (real node, days added)
        # Paths that wait least are placed first, so jumps into a shared step rarely need to wait less.
        self.todo: list[tuple[float, int, tuple[str, int | None, str | None, float, int]]] = []
        self.queued = 0
        self.copies: dict[str, int] = {}  # decision node -> copies placed for other paths

    def build(self) -> Tree:
        roots: dict[str, list[int]] = {}
        for entry in (n for n in self.seq.nodes if isinstance(n, EntryNode)):
            for edge in self.seq.out_edges(entry.id):
                placed = self.placed(edge.to)
                key = placed if placed is not None else self.reach(edge.to, None, None, 0.0, 1)
                if key is not None and key not in roots.setdefault(source_of(entry), []):
                    roots[source_of(entry)].append(key)
        while self.todo:
            self.reach(*heapq.heappop(self.todo)[2])
        if sum(len(v) for v in roots.values()) > len(roots):
            self.lint.warn("sources", "Mautic starts every first step from every contact source: entries that"
                           " lead to different first steps all start together")
        return Tree(self.events, roots)

    def placed(self, node_id: str | None) -> int | None:
        """The first event of a node already placed (through pass-through waits), if any."""
        seen: set[str] = set()
        while node_id in self.alias and node_id not in seen:
            seen.add(node_id)
            node_id = self.alias[node_id][0]
        return self.first.get(node_id) if node_id is not None else None

    def add(self, node: str, name: str, type_: str, event_type: str, parent, path, days, order, **kw) -> Event:
        event = Event(len(self.events) + 1, name[:190], type_, event_type, node, parent=parent, path=path,
                      days=days, order=order, **kw)
        self.events.append(event)
        return event

    def target(self, node_id: str, port: str) -> str | None:
        return next((e.to for e in self.seq.out_edges(node_id) if e.port == port), None)

    def reach(self, node_id: str, parent, path, days: float, order: int) -> int | None:
        """Key of the event a lead arriving at ``node_id`` runs first (a jump when already placed)."""
        seen: set[str] = set()
        while True:
            if node_id in self.alias:
                real, extra = self.alias[node_id]
                if real is None:
                    return None
                node_id, days = real, days + extra
            if node_id in self.first and self.events[self.first[node_id] - 1].event_type == "decision":
                # Mautic offers no jump into a decision, and an open/click decision only counts the email
                # of its own parent: every path gets its own copy of the decision.
                self.copies[node_id] = self.copies.get(node_id, 0) + 1
                if self.copies[node_id] > len(self.seq.nodes):
                    self.lint.error("decision-loop", "a loop runs from this wait for an event back into it with"
                                    " no action between: Mautic cannot jump into a decision; put an email or"
                                    " another action inside the loop", node_id)
                    return None
                return self.place(self.seq.node(node_id), parent, path, days, order, copy=True)
            if node_id in self.first:
                # Mautic runs the target on its own schedule, so the jump waits only the difference.
                own = self.events[self.first[node_id] - 1].days
                if days + 1e-9 < own:
                    self.lint.warn("jump-wait", f"a path joining '{node_id}' also waits its {own:g} days", node_id)
                jump = self.add(node_id, f"Jump to {self.seq.node(node_id).label()}", "campaign.jump_to_event",
                                "action", parent, path, max(0.0, round(days - own, 4)), order,
                                properties={"jumpToEvent": self.first[node_id]})
                return jump.key
            node = self.seq.node(node_id)
            passes = isinstance(node, EntryNode) or (isinstance(node, WaitNode) and node.mode != "until_event") or \
                (isinstance(node, BranchNode) and all(o.label == "else" for o in node.outputs)) or \
                (isinstance(node, SplitNode) and len(node.outputs) == 1)
            if not passes:
                return self.place(node, parent, path, days, order)
            if node_id in seen:
                self.lint.warn("wait-loop", "a loop of waits has no step to run", node_id)
                return None
            seen.add(node_id)
            added = wait_days(node) if isinstance(node, WaitNode) else 0.0
            nxt = self.target(node_id, node.ports()[0]) if node.ports() else None
            self.alias[node_id] = (nxt, added) if nxt else (None, 0.0)
            if nxt is None:
                return None
            node_id, days = nxt, days + added

    def later(self, node_id: str, port: str, parent: int, path: str | None, days: float, order: int) -> None:
        nxt = self.target(node_id, port)
        if nxt is not None:
            self.queued += 1
            heapq.heappush(self.todo, (days, self.queued, (nxt, parent, path, days, order)))

    def place(self, node, parent, path, days, order, copy: bool = False) -> int | None:  # noqa: C901
        nid, title = node.id, node.label()
        if isinstance(node, WaitNode):  # until an event: a decision; the timeout path waits the days
            kind = EVENT_DECISIONS[node.awaited()]
            event = self.add(nid, title, kind, "decision", parent, path, 0, order)
            if days:
                self.lint.warn("wait-before-decision", "a wait right before a decision cannot be carried", nid)
            parent_type = self.events[parent - 1].type if parent is not None else None
            if kind in EMAIL_DECISIONS and parent_type != "email.send":
                where = "first step" if parent is None else f"step after '{self.events[parent - 1].name}'"
                self.lint.error("decision-parent", f"Mautic counts a {node.awaited()} only on the email sent by"
                                f" the step right before the decision; here it is the {where}, so it never"
                                " fires: put an email right before this wait", nid)
            if copy:
                self.lint.add("info", "decision-copy", f"another path reaches this wait: it gets its own '{kind}'"
                              " decision there (Mautic has no jump into a decision)", nid)
            self.first.setdefault(nid, event.key)
            self.later(nid, "event", event.key, "yes", 0.0, order + 1)
            self.later(nid, "timeout", event.key, "no", wait_days(node), order + 1)
            return event.key
        if isinstance(node, BranchNode | SplitNode):
            return self.chain(node, parent, path, days, order)
        if isinstance(node, EmailNode):
            email = asset_id(self.doc, self.lint, "email", nid, nid, refused=True,
                             why="an email.send without an email fails for every contact")
            event = self.add(nid, title, "email.send", "action", parent, path, days, order, channel="email",
                             channel_id=email, properties={"email": email, "email_type": "marketing"},
                             description=describe(node))
        elif isinstance(node, ScoreNode):
            event = self.add(nid, title, "lead.changepoints", "action", parent, path, days, order,
                             properties={"points": node.points})
        elif isinstance(node, HandoffNode):
            user_email = asset_id(self.doc, self.lint, "email", nid, nid, refused=True,
                                  why="the email to the sales user needs an email to send")
            sla = "" if node.sla_hours is None else f" (SLA {node.sla_hours:g} h)"
            event = self.add(nid, f"Handoff: {title}{sla}", "email.send.to.user", "action", parent, path, days,
                             order, channel="email", channel_id=user_email,
                             properties={"useremail": {"email": user_email}, "user_id": [], "to_owner": True})
        elif isinstance(node, GoalNode | ExitNode):
            tag = f"nurture-goal-{node.goal}" if isinstance(node, GoalNode) else f"nurture-exit-{node.reason}"
            event = self.add(nid, title, "lead.changetags", "action", parent, path, days, order,
                             properties={"add_tags": [tag], "remove_tags": []})
        else:
            raise ValueError(f"node kind {node.kind} has no Mautic event")
        self.first[nid] = event.key
        self.later(nid, "next", event.key, None, 0.0, order + 1)
        return event.key

    def chain(self, node, parent, path, days, order) -> int | None:
        """Output i is tested by condition i; its 'no' path leads to condition i+1 (or the else)."""
        last: str | None
        if isinstance(node, SplitNode):
            tests, cumulative = [], 0.0
            for out in node.outputs[:-1]:
                cumulative += out.percent
                tests.append((out.label, {"field": RANDOM_FIELD, "operator": "lt", "value": f"{cumulative:g}"}))
            last = node.outputs[-1].label
        else:
            tests = [(o.label, self.condition(node, o)) for o in node.outputs if o.label != "else"]
            last = "else" if node.has_else() else None
        first = None
        for i, (label, props) in enumerate(tests):
            kind = "lead.points" if props.pop("_points", False) else "lead.field_value"
            # The names carry the output labels so an import rebuilds one branch from the chain.
            tag = f"{label}/{last}" if i == len(tests) - 1 and last is not None else label
            event = self.add(node.id, f"{node.label()} [{tag}]", kind, "condition", parent, path,
                             days if i == 0 else 0.0, order + i, properties=props)
            first = first or event.key
            if i == 0:
                self.first[node.id] = event.key
            self.later(node.id, label, event.key, "yes", 0.0, order + i + 1)
            parent, path = event.key, "no"
        if last is not None:
            self.later(node.id, last, parent, "no", 0.0, order + len(tests))
        return first

    def condition(self, node: BranchNode, output) -> dict[str, Any]:
        if not output.when:
            self.lint.warn("always", f"output '{output.label}' has no condition: it becomes 'score ≥ 0'", node.id)
            return {"operator": "gte", "score": 0, "_points": True}
        if len(output.when) > 1:
            self.lint.warn("and", f"output '{output.label}' tests {len(output.when)} conditions; a Mautic condition"
                           " tests one field: only the first is kept", node.id)
        cond = output.when[0]
        value = list(cond.value) if isinstance(cond.value, tuple) else cond.value
        if cond.field == "total":
            return {"operator": OPERATORS[cond.op], "score": value, "_points": True}
        return {"field": property_name(self.doc, "mautic", cond.field), "operator": OPERATORS[cond.op],
                "value": value}

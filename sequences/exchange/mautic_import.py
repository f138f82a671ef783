"""Import a Mautic campaign (REST body or Mautic 7 export file) into a Document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args

from ..nodes import EmailNode
from .builder import DocumentBuilder, ImportResult
from .email_fields import parse
from .mautic_events import Campaign, MEvent, read_campaign
from .mautic_sources import add_entries
from .mautic_tree import EVENT_DECISIONS, OPERATORS, RANDOM_FIELD
from .reader import Reader, as_list, read_json

_CHAIN = re.compile(r"^(.*) \[([A-Za-z_][A-Za-z0-9_.-]*)(?:/([A-Za-z_][A-Za-z0-9_.-]*))?\]$")
_SLA = re.compile(r"\(SLA ([0-9.]+) h\)")
_DECISION_EVENTS = {v: k for k, v in EVENT_DECISIONS.items()}
_OPS = {v: k for k, v in OPERATORS.items()}


def _chain(name: str) -> re.Match[str]:
    """The parts of the name of an event already found to be in a chain of conditions."""
    match = _CHAIN.match(name)
    if match is None:
        raise ValueError(f"{name!r} is not the name of a chained condition")
    return match


def _jumps(event: MEvent) -> int:
    """Copies lead on by jumps; the original holds the steps themselves, so it sorts first."""
    return sum(1 for c in event.children if c.type == "campaign.jump_to_event")


def import_mautic(path: str | Path) -> ImportResult:
    return import_mautic_data(read_json(path), str(path))


def import_mautic_data(data: Any, file: str) -> ImportResult:
    r = Reader(file)
    return _Importer(read_campaign(data, r), r).run()


class _Importer:
    def __init__(self, campaign: Campaign, r: Reader):
        self.c, self.r = campaign, r
        self.b = DocumentBuilder("Mautic", r.file)
        self.node_of: dict[str, str] = {}  # event id -> node id
        self.chains: dict[str, list[MEvent]] = {}  # head event id -> its condition chain
        self.member: set[str] = set()
        self.consumed: set[str] = set()  # events whose interval became a wait-until-event's timeout
        self.waits: dict[tuple[str, float], str] = {}

    def run(self) -> ImportResult:
        self.find_chains()
        copies = self.decision_copies()
        for event in self.c.events.values():
            if event.id not in self.member and event.type != "campaign.jump_to_event" and event.id not in copies:
                self.node_of[event.id] = self.node(event)
        for copy, original in copies.items():
            self.node_of[copy] = self.node_of[original]
        for head in self.chains:
            self.node_of[head] = self.chain_node(self.chains[head])
        for event in self.c.events.values():
            if event.id in self.node_of and event.id not in copies:
                self.connect(event)
        self.entries()
        self.positions()
        return self.b.build(self.c.name, self.c.description)

    def positions(self) -> None:
        """The campaign's canvas (top-down) turned left-to-right; used only when it places every step."""
        raw = as_list(self.c.canvas.get("nodes"))
        at: dict[str, tuple[float, float]] = {}
        for item in raw:
            if isinstance(item, dict):
                try:
                    at[str(item.get("id"))] = (float(item["positionY"]) - 150, float(item["positionX"]) - 600)
                except (KeyError, TypeError, ValueError):
                    continue
        layout = self.b.layout
        for event_id, node_id in self.node_of.items():
            if event_id in at and node_id not in layout:
                layout[node_id] = at[event_id]
        for (node_id, _), wait_id in self.waits.items():
            if node_id in layout:
                layout[wait_id] = (layout[node_id][0] - 120, layout[node_id][1] + 40)
        for node_id, node in self.b.nodes.items():
            if node["kind"] == "entry":
                first = next((t for f, _, t in self.b.edges if f == node_id), None)
                if first in layout:
                    layout[node_id] = (layout[first][0] - 240, layout[first][1])

    # -- nodes ---------------------------------------------------------------------------------------
    def decision_copies(self) -> dict[str, str]:
        """Decisions that are one wait reached by several paths (Mautic cannot jump into a decision, so each
        path has its own copy): same type and name, and each path leads to the same step. Copy -> original."""
        def lands(event: MEvent) -> str:
            return str(event.properties.get("jumpToEvent")) if event.type == "campaign.jump_to_event" else event.id

        first: dict[tuple[Any, ...], str] = {}
        copies: dict[str, str] = {}
        for event in sorted(self.c.events.values(), key=lambda e: _jumps(e)):
            if event.event_type != "decision" or event.type not in _DECISION_EVENTS:
                continue
            key = (event.type, event.name, tuple(sorted((c.path or "", lands(c)) for c in event.children)))
            if key in first:
                copies[event.id] = first[key]
            else:
                first[key] = event.id
        return copies

    def find_chains(self) -> None:
        for event in self.c.events.values():
            match = _CHAIN.match(event.name)
            if event.event_type != "condition" or not match or event.id in self.member:
                continue
            parent = self.c.events.get(event.parent or "")
            if parent and parent.event_type == "condition" and event.path == "no" and \
                    (head := _CHAIN.match(parent.name)) is not None and head.group(1) == match.group(1):
                continue  # not the head
            chain = [event]
            while True:
                nxt = [c for c in chain[-1].children if c.path == "no" and c.event_type == "condition"
                       and (m := _CHAIN.match(c.name)) is not None and m.group(1) == match.group(1)]
                if len(nxt) != 1 or nxt[0] in chain:
                    break
                chain.append(nxt[0])
            self.chains[event.id] = chain
            self.member.update(e.id for e in chain)

    def chain_node(self, chain: list[MEvent]) -> str:
        title = _chain(chain[0].name).group(1)
        labels = [_chain(e.name).group(2) for e in chain]
        last = _chain(chain[-1].name).group(3)
        if all(e.properties.get("field") == RANDOM_FIELD for e in chain) and last:
            cuts = [self.r.number(e.properties.get("value"), f"{e.place}.properties.value", 0) for e in chain]
            shares = [b - a for a, b in zip([0.0, *cuts], [*cuts, 100.0], strict=True)]
            outputs = [{"label": lab, "percent": max(0.0, min(100.0, round(p, 4)))}
                       for lab, p in zip([*labels, last], shares, strict=True)]
            node_id = self.b.add("split", title, title=title, outputs=outputs)
        else:
            outputs = [{"label": lab, "when": [self.condition(e)]} for lab, e in zip(labels, chain, strict=True)]
            if last:
                outputs.append({"label": last} if last == "else" else {"label": last, "when": []})
            node_id = self.b.add("branch", title, title=title, outputs=outputs)
        for event in chain:
            self.node_of.setdefault(event.id, node_id)
        return node_id

    def condition(self, event: MEvent) -> dict[str, Any]:
        props = event.properties
        op = _OPS.get(str(props.get("operator", "=")), "eq")
        if event.type == "lead.points":
            return {"field": "total", "op": op if op not in ("in", "not_in") else "gte",
                    "value": self.r.number(props.get("score"), f"{event.place}.properties.score", 0)}
        field = str(props.get("field") or "field")
        value = props.get("value")
        mapping = {v: k for k, v in self.b.mapping["properties"].items()}
        field = mapping.get(field, field)
        if op in ("in", "not_in"):
            value = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        elif op in ("gt", "gte", "lt", "lte"):
            value = self.r.number(value, f"{event.place}.properties.value", 0)
        elif isinstance(value, list | dict):
            value = str(value)
        return {"field": field if re.match(r"^[A-Za-z_]", field) else f"mautic_{field}", "op": op, "value": value}

    def node(self, event: MEvent) -> str:  # noqa: C901 - one case per event type
        props, name = event.properties, event.name
        if event.event_type == "decision":
            if event.type in _DECISION_EVENTS:
                timeout = [c for c in event.children if c.path == "no"]
                days = timeout[0].days if timeout and timeout[0].days > 0 else 1.0
                self.consumed.update(c.id for c in timeout[:1])
                return self.b.add("wait", name or "wait", title=name or None, mode="until_event",
                                  event=_DECISION_EVENTS[event.type], days=days)
            return self.b.placeholder(f"decision '{event.type}'", event.place, ports=2)
        if event.event_type == "condition":
            if event.type in ("lead.field_value", "lead.points"):
                return self.b.add("branch", name or "condition", title=name or None,
                                  outputs=[{"label": "yes", "when": [self.condition(event)]}, {"label": "else"}])
            return self.b.placeholder(f"condition '{event.type}'", event.place, ports=2)
        if event.type == "email.send":
            node_id = self.b.add("email", name or "email", title=name or None, **self.email_fields(event))
            email = props.get("email", event.channel_id)
            if email not in (None, "", 0):
                self.b.mapping["emails"][node_id] = str(email)
            return node_id
        if event.type in ("lead.changepoints", "lead.points"):
            points = self.r.number(props.get("points"), f"{event.place}.properties.points", 0)
            return self.b.add("score", name or "score", title=name or None, points=points)
        if event.type == "email.send.to.user":
            match = _SLA.search(name)
            return self.b.add("handoff", "handoff", title=_SLA.sub("", name).removeprefix("Handoff: ").strip()
                              or None, sla_hours=float(match.group(1)) if match else None)
        if event.type == "lead.changetags":
            tags = as_list(props.get("add_tags"))
            for tag in (str(t) for t in tags):
                if tag.startswith("nurture-goal-") and tag[13:] in ("sql", "accepted", "opportunity"):
                    return self.b.add("goal", name or tag[13:], title=name or None, goal=tag[13:])
                if tag.startswith("nurture-exit-") and tag[13:] in ("completed", "unsubscribed", "disqualified",
                                                                   "recycled"):
                    return self.b.add("exit", name or tag[13:], title=name or None, reason=tag[13:])
        return self.b.placeholder(f"action '{event.type}' ({name})" if name else f"action '{event.type}'",
                                  event.place)

    def email_fields(self, event: MEvent) -> dict[str, Any]:
        """Subject, topic and call to action from the event's description, where they fit our fields."""
        fields = parse(event.description)
        for key, allowed in (("content_type", EmailNode.model_fields["content_type"].annotation),
                             ("cta", EmailNode.model_fields["cta"].annotation)):
            if key in fields and fields[key] not in get_args(allowed):
                self.b.warn("email-field", f"{event.place}.description: {key} '{fields.pop(key)}' is not one"
                            " of ours; left out")
        if "topic" in fields and not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$", fields["topic"]):
            self.b.warn("email-field", f"{event.place}.description: topic '{fields.pop('topic')}' is not an id;"
                        " left out")
        return fields

    # -- edges ---------------------------------------------------------------------------------------
    def enter(self, event: MEvent, seen: tuple[str, ...] = ()) -> str | None:
        """The node a lead reaches when ``event`` runs: jumps resolve, an interval adds a wait."""
        days = 0.0 if event.id in self.consumed else event.days
        if event.type == "campaign.jump_to_event":
            target_id = str(event.properties.get("jumpToEvent", ""))
            target = self.c.events.get(target_id)
            if target is None:
                raise self.r.fail(f"jumps to event '{target_id}', which does not exist",
                                  f"{event.place}.properties.jumpToEvent")
            if target.id in seen:
                raise self.r.fail("jumps form a cycle that never runs a step", f"{event.place}.properties")
            node = self.enter_plain(target) if target.type != "campaign.jump_to_event" \
                else self.enter(target, (*seen, event.id))
        else:
            node = self.node_of.get(event.id)
        return self.wait_before(node, days)

    def wait_before(self, node: str | None, days: float) -> str | None:
        """A wait of ``days`` in front of ``node``, shared by every path that waits the same before it."""
        if node is None or days <= 0:
            return node
        key = (node, days)
        if key not in self.waits:
            self.waits[key] = self.b.add("wait", "wait", title=f"Wait {days:g} days", days=days)
            self.b.connect(self.waits[key], "next", node)
        return self.waits[key]

    def enter_plain(self, target: MEvent) -> str | None:
        """Mautic runs a jump's target on its own schedule: its interval applies, even a timeout's."""
        return self.wait_before(self.node_of.get(target.id), target.days)

    def link(self, node: str, port: str, children: list[MEvent], where: str) -> None:
        if len(children) > 1:
            self.b.warn("parallel", f"{where}: {len(children)} steps run in parallel here; only the first is"
                        " connected, the others are imported unconnected")
        if children:
            target = self.enter(children[0])
            if target is not None:
                self.b.connect(node, port, target)

    def connect(self, event: MEvent) -> None:
        node_id = self.node_of[event.id]
        node = self.b.nodes[node_id]
        if event.id in self.member and self.chains.get(event.id) is None:
            return  # chain members are connected from the head
        if event.id in self.chains:
            chain = self.chains[event.id]
            for out, member in zip(node["outputs"], chain, strict=False):
                self.link(node_id, out["label"], [c for c in member.children if c.path == "yes"], member.place)
            if len(node["outputs"]) > len(chain):
                self.link(node_id, node["outputs"][-1]["label"],
                          [c for c in chain[-1].children if c.path == "no" and c not in chain], chain[-1].place)
            return
        kind = node["kind"]
        if kind in ("goal", "exit"):
            if event.children:
                self.b.warn("after-end", f"{event.place}: steps after a goal or exit are not connected")
            return
        if kind in ("wait", "branch") and (node.get("mode") == "until_event" or kind == "branch"):
            yes, no = ("event", "timeout") if kind == "wait" else ("yes", "else")
            self.link(node_id, yes, [c for c in event.children if c.path == "yes"], event.place)
            self.link(node_id, no, [c for c in event.children if c.path == "no"], event.place)
            return
        self.link(node_id, "next", event.children, event.place)

    def entries(self) -> None:
        add_entries(self)

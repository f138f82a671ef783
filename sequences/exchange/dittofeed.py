"""Export to Dittofeed journey definitions (``entryNode``, ``exitNode``, ``nodes``): one journey per entry,
loop-free (Dittofeed's buildHeritageMap never returns on a cycle), ids left out when missing."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from ..document import Document
from ..nodes import BranchNode, EmailNode, EntryNode, ExitNode, GoalNode, HandoffNode, ScoreNode, SplitNode, WaitNode
from .index import indexed
from .lint import ExportResult, Lint, capability_lint
from .mapping import asset_id, past_entries, wait_days, walk_order
from .unroll import children, unroll

EXIT = "ExitNode"
RESERVED = ("EntryNode", "EventEntryNode", EXIT)  # Dittofeed's own ids for the entry and exit nodes
WHY = "Dittofeed's journey schema requires it"


def export_dittofeed(document: Document) -> ExportResult:
    lint = capability_lint(document, "dittofeed")
    exporter = _Exporter(document, lint)
    nodes = [n for node_id in walk_order(document) for n in exporter.nodes(indexed(document).node(node_id))]
    entries = [n for n in document.sequence.nodes if isinstance(n, EntryNode)]
    journeys = []
    for entry in entries:
        entry_node = exporter.entry(entry)
        body = unroll(_reachable(nodes, entry_node["child"]), entry_node["child"], lint, entry.id)
        definition = {"entryNode": entry_node, "exitNode": {"type": EXIT}, "nodes": body}
        _refuse_loops(definition, lint, entry.id)
        journeys.append({"name": _journey_name(document, entry, len(entries)), "definition": definition})
    if not journeys:
        journeys.append({"name": document.name, "definition": {
            "entryNode": {"type": "EntryNode", "child": EXIT}, "exitNode": {"type": EXIT}, "nodes": []}})
    for node_id in (n.id for n in document.sequence.nodes if n.id in RESERVED):
        lint.error("reserved-id", f"'{node_id}' is Dittofeed's own id for its entry or exit node: rename the"
                   " step", node_id)
    if len(journeys) > 1:
        lint.add("info", "journeys", f"Dittofeed journeys have one entry each: {len(journeys)} journeys are"
                 " written (a list of {name, definition}), one per entry; steps they share appear in each")
    # One entry: the bare definition; several: one journey resource each (PUT /api/admin/journeys bodies
    # without the workspaceId, which the person importing adds).
    payload: Any = journeys[0]["definition"] if len(journeys) == 1 else journeys
    return ExportResult("dittofeed", json.dumps(payload, indent=2, ensure_ascii=False) + "\n", lint.sorted(),
                        ".json")


def _journey_name(document: Document, entry: EntryNode, count: int) -> str:
    return document.name if count == 1 else f"{document.name} ({entry.label()})"


def _refuse_loops(definition: dict[str, Any], lint: Lint, entry_id: str) -> None:
    graph: nx.DiGraph = nx.DiGraph()
    for node in definition["nodes"]:
        graph.add_edges_from((node["id"], child) for child in _refs([node]))
    for cycle in nx.simple_cycles(graph):
        path = " -> ".join([*cycle, cycle[0]])
        lint.error("loop", f"the journey from '{entry_id}' loops ({path}); Dittofeed cannot run a loop (its"
                   " dashboard and statistics walk the journey until they reach the end, and a loop has none):"
                   " draw each round as its own steps (copy the reminder and its wait), ending in an exit",
                   cycle[0])
        return


def _reachable(nodes: list[dict[str, Any]], start: str) -> list[dict[str, Any]]:
    by_id = {n["id"]: n for n in nodes}
    seen: set[str] = set()
    stack = [start]
    while stack:
        node_id = stack.pop()
        if node_id in by_id and node_id not in seen:
            seen.add(node_id)
            stack.extend(_refs([by_id[node_id]]))
    return [n for n in nodes if n["id"] in seen]


def _refs(nodes: list[dict[str, Any]]) -> list[str]:
    return [r for node in nodes for r in children(node) if r != EXIT]


def _with(item: dict[str, Any], key: str, value: str | None) -> dict[str, Any]:
    """A missing id is left out (the lint has an error for it), never written as null."""
    return {**item, key: value} if value else item


class _Exporter:
    def __init__(self, document: Document, lint):
        self.doc, self.lint = document, lint
        self.seq = indexed(document)

    def entry(self, entry: EntryNode) -> dict[str, Any]:
        mapping = self.doc.exports.dittofeed.segments
        child = self.ref(entry.id, "next")
        if mapping.get(f"event:{entry.id}") and not mapping.get(f"entry:{entry.id}"):
            return {"type": "EventEntryNode", "event": mapping[f"event:{entry.id}"], "child": child}
        segment = asset_id(self.doc, self.lint, "segment", f"entry:{entry.id}", entry.id, refused=True, why=WHY)
        return {"type": "EntryNode", **({"segment": segment} if segment else {}), "child": child}

    def ref(self, node_id: str, port: str) -> str:
        """The Dittofeed id a lead goes to from ``port``: score steps vanish, goals and exits are the exit."""
        seen: set[str] = set()
        target = past_entries(self.doc, next((e.to for e in self.seq.out_edges(node_id) if e.port == port), None))
        while target is not None and target not in seen:
            seen.add(target)
            node = self.seq.node(target)
            if isinstance(node, GoalNode | ExitNode):
                return EXIT
            if not isinstance(node, ScoreNode):
                return target
            target = past_entries(self.doc, next((e.to for e in self.seq.out_edges(target)), None))
        return EXIT

    def template(self, node_id: str) -> str | None:
        return asset_id(self.doc, self.lint, "template", node_id, node_id, refused=True, why=WHY)

    def nodes(self, node) -> list[dict[str, Any]]:
        nid = node.id
        if isinstance(node, EmailNode):
            return [{"type": "MessageNode", "id": nid, "name": node.label(),
                     "variant": _with({"type": "Email"}, "templateId", self.template(nid)),
                     "child": self.ref(nid, "next")}]
        if isinstance(node, HandoffNode):
            sla = "" if node.sla_hours is None else f" (SLA {node.sla_hours:g} h)"
            return [{"type": "MessageNode", "id": nid, "name": f"Handoff: {node.label()}{sla}",
                     "variant": _with({"type": "Webhook"}, "templateId", self.template(nid)),
                     "child": self.ref(nid, "next")}]
        if isinstance(node, WaitNode) and node.mode == "until_event":
            segment = asset_id(self.doc, self.lint, "segment", f"wait:{nid}", nid, refused=True, why=WHY)
            return [{"type": "WaitForNode", "id": nid, "timeoutSeconds": round(wait_days(node) * 86400),
                     "timeoutChild": self.ref(nid, "timeout"),
                     "segmentChildren": [_with({"id": self.ref(nid, "event")}, "segmentId", segment)]}]
        if isinstance(node, WaitNode):
            return [{"type": "DelayNode", "id": nid, "variant": {"type": "Second",
                                                                 "seconds": round(wait_days(node) * 86400)},
                     "child": self.ref(nid, "next")}]
        if isinstance(node, SplitNode):
            return [{"type": "RandomCohortNode", "id": nid, "children": [
                {"id": self.ref(nid, o.label), "percent": o.percent, "name": o.label} for o in node.outputs]}]
        if isinstance(node, BranchNode):
            return self.split_chain(node)
        return []

    def split_chain(self, node: BranchNode) -> list[dict[str, Any]]:
        outs = [o for o in node.outputs if o.label != "else"]
        last = "else" if node.has_else() else None
        result = []
        for i, out in enumerate(outs):
            tag = f"{out.label}/{last}" if i == len(outs) - 1 and last else out.label
            segment = asset_id(self.doc, self.lint, "segment", f"branch:{node.id}:{out.label}", node.id,
                               refused=True, why=WHY)
            false_child = f"{node.id}__{outs[i + 1].label}" if i + 1 < len(outs) else (
                self.ref(node.id, "else") if last else EXIT)
            variant = _with({"type": "Boolean"}, "segment", segment)
            result.append({"type": "SegmentSplitNode", "id": node.id if i == 0 else f"{node.id}__{out.label}",
                           "name": f"{node.label()} [{tag}]", "variant": {
                               **variant, "trueChild": self.ref(node.id, out.label), "falseChild": false_child}})
        if not outs:  # an else-only branch passes straight through
            result.append({"type": "DelayNode", "id": node.id, "variant": {"type": "Second", "seconds": 0},
                           "child": self.ref(node.id, "else")})
        return result

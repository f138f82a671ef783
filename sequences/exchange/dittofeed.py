"""Export to a Dittofeed journey definition (``entryNode``, ``exitNode``, ``nodes``)."""

from __future__ import annotations

import json
from typing import Any

from ..document import Document
from ..nodes import BranchNode, EmailNode, EntryNode, ExitNode, GoalNode, HandoffNode, ScoreNode, SplitNode, WaitNode
from .index import indexed
from .lint import ExportResult, capability_lint
from .mapping import asset_id, past_entries, wait_days, walk_order

EXIT = "ExitNode"


def export_dittofeed(document: Document) -> ExportResult:
    lint = capability_lint(document, "dittofeed")
    exporter = _Exporter(document, lint)
    entries = [n for n in document.sequence.nodes if isinstance(n, EntryNode)]
    entry: dict[str, Any] = {"type": "EntryNode", "segment": None, "child": EXIT}
    if entries:
        first = entries[0]
        entry["segment"] = asset_id(document, lint, "segment", f"entry:{first.id}", first.id)
        entry["child"] = exporter.ref(first.id, "next")
    nodes = [n for node_id in walk_order(document) for n in exporter.nodes(indexed(document).node(node_id))]
    nodes = _reachable(nodes, entry["child"])  # steps only other entries reach are left out
    definition = {"entryNode": entry, "exitNode": {"type": EXIT}, "nodes": nodes}
    return ExportResult("dittofeed", json.dumps(definition, indent=2, ensure_ascii=False) + "\n",
                        lint.sorted(), ".json")


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


def _refs(nodes: list[dict[str, Any]]) -> set[str]:
    refs: set[str] = set()
    for node in nodes:
        for key in ("child", "timeoutChild"):
            if key in node:
                refs.add(node[key])
        variant = node.get("variant", {})
        refs.update(variant.get(k) for k in ("trueChild", "falseChild") if k in variant)
        refs.update(c["id"] for c in node.get("segmentChildren", []) + node.get("children", []))
    return refs


class _Exporter:
    def __init__(self, document: Document, lint):
        self.doc, self.lint = document, lint
        self.seq = indexed(document)

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

    def nodes(self, node) -> list[dict[str, Any]]:
        nid = node.id
        if isinstance(node, EmailNode):
            template = asset_id(self.doc, self.lint, "template", nid, nid)
            return [{"type": "MessageNode", "id": nid, "name": node.label(),
                     "variant": {"type": "Email", "templateId": template}, "child": self.ref(nid, "next")}]
        if isinstance(node, HandoffNode):
            template = asset_id(self.doc, self.lint, "template", nid, nid)
            sla = "" if node.sla_hours is None else f" (SLA {node.sla_hours:g} h)"
            return [{"type": "MessageNode", "id": nid, "name": f"Handoff: {node.label()}{sla}",
                     "variant": {"type": "Webhook", "templateId": template}, "child": self.ref(nid, "next")}]
        if isinstance(node, WaitNode) and node.mode == "until_event":
            segment = asset_id(self.doc, self.lint, "segment", f"wait:{nid}", nid)
            return [{"type": "WaitForNode", "id": nid, "timeoutSeconds": round(wait_days(node) * 86400),
                     "timeoutChild": self.ref(nid, "timeout"),
                     "segmentChildren": [{"id": self.ref(nid, "event"), "segmentId": segment}]}]
        if isinstance(node, WaitNode):
            return [{"type": "DelayNode", "id": nid, "variant": {"type": "Second",
                                                                 "seconds": round(wait_days(node) * 86400)},
                     "child": self.ref(nid, "next")}]
        if isinstance(node, SplitNode):
            return [{"type": "RandomCohortNode", "id": nid, "name": node.label(), "children": [
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
            segment = asset_id(self.doc, self.lint, "segment", f"branch:{node.id}:{out.label}", node.id)
            false_child = f"{node.id}__{outs[i + 1].label}" if i + 1 < len(outs) else (
                self.ref(node.id, "else") if last else EXIT)
            result.append({"type": "SegmentSplitNode", "id": node.id if i == 0 else f"{node.id}__{out.label}",
                           "name": f"{node.label()} [{tag}]", "variant": {
                               "type": "Boolean", "segment": segment, "trueChild": self.ref(node.id, out.label),
                               "falseChild": false_child}})
        if not outs:  # an else-only branch passes straight through
            result.append({"type": "DelayNode", "id": node.id, "variant": {"type": "Second", "seconds": 0},
                           "child": self.ref(node.id, "else")})
        return result

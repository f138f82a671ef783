"""Export to a HubSpot automation v4 flow (``POST /automation/v4/flows``): a CONTACT_FLOW of actions."""

from __future__ import annotations

import json
from typing import Any

from ..conditions import Condition
from ..document import Document
from ..nodes import BranchNode, EmailNode, EntryNode, ExitNode, GoalNode, HandoffNode, ScoreNode, SplitNode, WaitNode
from . import hubspot_fields as hs
from .index import indexed
from .lint import ExportResult, capability_lint
from .mapping import asset_id, past_entries, property_name, wait_days, walk_order


def export_hubspot(document: Document) -> ExportResult:
    lint = capability_lint(document, "hubspot")
    seq = indexed(document)
    entries = [n for n in seq.nodes if isinstance(n, EntryNode)]
    firsts = {e.id: past_entries(document, next((x.to for x in seq.out_edges(e.id)), None)) for e in entries}
    for entry_id, first in firsts.items():
        if first is None:
            lint.warn("entry-nowhere", "the entry leads nowhere: it is left out", entry_id)
    starts = list(dict.fromkeys(f for f in firsts.values() if f is not None))
    routed = len(starts) > 1  # a first branch sends each entry's leads to its own first step
    reachable = _reachable(document, starts)
    for node_id in walk_order(document):
        if node_id not in reachable and not isinstance(seq.node(node_id), EntryNode):
            lint.warn("unreachable", "not reachable from any entry: left out", node_id)
    ids: dict[str, str] = {}
    counter = 2 if routed else 1
    for node_id in walk_order(document):
        if node_id in reachable:
            ids[node_id] = str(counter)
            counter += 2 if _is_event_wait(seq.node(node_id)) else 1
    emitter = _Emitter(document, lint, ids)
    actions: list[dict[str, Any]] = [emitter.router(entries, firsts)] if routed else []
    for node_id in walk_order(document):
        if node_id in ids:
            actions.extend(emitter.actions(seq.node(node_id)))
    flow = {
        "type": "CONTACT_FLOW", "objectTypeId": "0-1", "flowType": "WORKFLOW", "isEnabled": False,
        "name": document.name, "description": document.description,
        "startActionId": "1" if routed else ids.get(starts[0]) if starts else None,
        "nextAvailableActionId": str(counter), "actions": actions,
        "enrollmentCriteria": _enrollment(document, lint, [e for e in entries if firsts[e.id] is not None]),
        "timeWindows": [], "blockedDates": [], "customProperties": {}, "suppressionListIds": [],
        "canEnrollFromSalesforce": False, "dataSources": [],
    }
    return ExportResult("hubspot", json.dumps(flow, indent=2, ensure_ascii=False) + "\n", lint.sorted(), ".json")


def _reachable(document: Document, starts: list[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        node_id = stack.pop()
        if node_id not in seen:
            seen.add(node_id)
            stack.extend(e.to for e in indexed(document).out_edges(node_id))
    return seen


def _is_event_wait(node) -> bool:
    return isinstance(node, WaitNode) and node.mode == "until_event"


def _enrollment(document: Document, lint, entries: list[EntryNode]) -> dict[str, Any]:
    branches = []
    for entry in entries:
        form = asset_id(document, lint, "form", f"entry:{entry.id}", entry.id)
        filters = [] if form is None else [{
            "property": "hs_form_id", "filterType": "PROPERTY",
            "operation": {"operator": "IS_ANY_OF", "operationType": "MULTISTRING", "values": [form],
                          "includeObjectsWithNoValueSet": False}}]
        branches.append({"filterBranchType": "UNIFIED_EVENTS", "filterBranchOperator": "AND",
                         "eventTypeId": hs.FORM_SUBMISSION_EVENT, "operator": "HAS_COMPLETED",
                         "filterBranches": [], "filters": filters})
    return {"shouldReEnroll": False, "type": "EVENT_BASED", "eventFilterBranches": branches,
            "listMembershipFilterBranches": []}


class _Emitter:
    def __init__(self, document: Document, lint, ids: dict[str, str]):
        self.document, self.lint, self.ids = document, lint, ids
        self.reached: set[str] = set()

    def connection(self, node_id: str, port: str) -> dict[str, str] | None:
        edge = next((e for e in indexed(self.document).out_edges(node_id) if e.port == port), None)
        target = past_entries(self.document, edge.to) if edge else None
        if target is None or target not in self.ids:
            return None
        # The first path into an action is its place in the tree; other paths jump to it.
        edge_type = "GOTO" if target in self.reached else "STANDARD"
        self.reached.add(target)
        return {"edgeType": edge_type, "nextActionId": self.ids[target]}

    def router(self, entries: list[EntryNode], firsts: dict[str, str | None]) -> dict[str, Any]:
        """The start action when entries lead to different first steps: a branch on the last conversion."""
        outs: list[tuple[str, list[dict[str, Any]], dict[str, str]]] = []
        for entry in entries:
            first = firsts[entry.id]
            if first is None:
                continue
            form = self.document.exports.hubspot.segments.get(f"entry:{entry.id}") or entry.label()
            self.reached.add(first)
            edge_type = "STANDARD" if not any(o[2]["nextActionId"] == self.ids[first] for o in outs) \
                else "GOTO"
            outs.append((entry.id, [{"property": hs.ENTRY_PROPERTY, "filterType": "PROPERTY", "operation": {
                "operator": "IS_ANY_OF", "operationType": "ENUMERATION", "values": [form],
                "includeObjectsWithNoValueSet": False}}],
                {"edgeType": edge_type, "nextActionId": self.ids[first]}))
        return self.branch_action("1", outs, "no entry matched", None)

    def single(self, node, type_id: str, fields: dict[str, Any], port: str = "next") -> dict[str, Any]:
        action = {"type": "SINGLE_CONNECTION", "actionId": self.ids[node.id], "actionTypeId": type_id,
                  "actionTypeVersion": 0, "fields": fields}
        connection = self.connection(node.id, port)
        if connection:
            action["connection"] = connection
        return action

    def actions(self, node) -> list[dict[str, Any]]:  # noqa: C901 - one case per node kind
        self.reached.add(node.id)
        if isinstance(node, EmailNode):
            content = asset_id(self.document, self.lint, "email", node.id, node.id, refused=True,
                               why="HubSpot refuses a send-email action without its email")
            return [self.single(node, hs.SEND_EMAIL, {} if content is None else {"content_id": content})]
        if isinstance(node, WaitNode):
            minutes = str(round(wait_days(node) * 1440))
            if node.mode != "until_event":
                return [self.single(node, hs.DELAY, {"delta": minutes, "time_unit": "MINUTES"})]
            return self.event_wait(node, minutes)
        if isinstance(node, BranchNode):
            outs = [(o.label, [self.filter(c) for c in o.when], self.connection(node.id, o.label))
                    for o in node.outputs if o.label != "else"]
            default = self.connection(node.id, "else") if node.has_else() else None
            return [self.branch_action(self.ids[node.id], outs, "else", default)]
        if isinstance(node, SplitNode):
            action: dict[str, Any] = {"type": "STATIC_BRANCH", "actionId": self.ids[node.id],
                      "inputValue": {"type": "OBJECT_PROPERTY", "propertyName": hs.AB_PROPERTY},
                      "staticBranches": [{"branchValue": o.label, "connection": self.connection(node.id, o.label)}
                                         for o in node.outputs]}
            action["staticBranches"] = [b for b in action["staticBranches"] if b["connection"]]
            return [action]
        if isinstance(node, ScoreNode):  # HubSpot adds to a number property with an INCREMENT value
            return [self.single(node, hs.SET_PROPERTY, {"property_name": hs.SCORE_PROPERTIES[node.score],
                                                        "value": {"type": "INCREMENT",
                                                                  "incrementAmount": node.points}})]
        if isinstance(node, HandoffNode):
            sla = "" if node.sla_hours is None else f" First outreach within {node.sla_hours:g} hours (SLA)."
            return [self.single(node, hs.CREATE_TASK, {
                "task_type": "TODO", "subject": f"Nurture handoff: {node.label()}", "priority": "HIGH",
                "body": f"Lead handed to {node.queue}.{sla}", "use_explicit_associations": "true",
                "associations": [{"target": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 204},
                                  "value": {"type": "ENROLLED_OBJECT"}}]})]
        if isinstance(node, GoalNode):
            return [self.single(node, hs.SET_PROPERTY, _set(*hs.GOALS[node.goal]))]
        if isinstance(node, ExitNode):
            return [self.single(node, hs.SET_PROPERTY, _set(hs.EXIT_PROPERTY, node.reason))]
        return []

    def event_wait(self, node: WaitNode, minutes: str) -> list[dict[str, Any]]:
        """How HubSpot writes 'wait until an event': a 0-29 delay that ends when the event happens (or when
        expiration_minutes pass), then a STATIC_BRANCH on the delay's hs_event_criteria_met."""
        branch_id = str(int(self.ids[node.id]) + 1)
        filters = []
        form = self.document.exports.hubspot.segments.get(f"wait:{node.id}")
        if node.awaited() == "hand_raise" and form:
            filters.append({"property": "hs_form_id", "filterType": "PROPERTY", "operation": {
                "operator": "IS_ANY_OF", "operationType": "MULTISTRING", "values": [form],
                "includeObjectsWithNoValueSet": False}})
        wait = self.single(node, hs.WAIT_FOR_EVENT, {"event_filter_branches": [{
            "filterBranchType": "UNIFIED_EVENTS", "filterBranchOperator": "AND",
            "eventTypeId": hs.EVENT_TYPES[node.awaited()], "operator": "HAS_COMPLETED", "filterBranches": [],
            "filters": filters}], "expiration_minutes": minutes})
        wait["connection"] = {"edgeType": "STANDARD", "nextActionId": branch_id}
        branch: dict[str, Any] = {
            "type": "STATIC_BRANCH", "actionId": branch_id,
            "inputValue": {"type": "FIELD_DATA", "actionId": self.ids[node.id], "dataKey": hs.EVENT_MET},
            "staticBranches": [{"branchValue": "true", **_connected(self.connection(node.id, "event"))}],
            "defaultBranchName": "timeout"}
        timeout = self.connection(node.id, "timeout")
        if timeout:
            branch["defaultBranch"] = timeout
        return [wait, branch]

    def branch_action(self, action_id: str, outs, default_name: str, default) -> dict[str, Any]:
        action: dict[str, Any] = {"type": "LIST_BRANCH", "actionId": action_id, "listBranches": [
            {"branchName": name, "filterBranch": {
                "filterBranchType": "OR", "filterBranchOperator": "OR", "filters": [], "filterBranches": [
                    {"filterBranchType": "AND", "filterBranchOperator": "AND", "filterBranches": [],
                     "filters": filters}]},
             **({"connection": connection} if connection else {})}
            for name, filters, connection in outs], "defaultBranchName": default_name}
        if default:
            action["defaultBranch"] = default
        return action

    def filter(self, condition: Condition) -> dict[str, Any]:
        prop = property_name(self.document, "hubspot", condition.field) \
            if condition.field in self.document.exports.hubspot.properties \
            else hs.DEFAULT_PROPERTIES.get(condition.field, condition.field)
        value = condition.value
        if isinstance(value, bool):
            op = {"operationType": "BOOL", "operator": hs.NUMBER_OPS[condition.op], "value": value,
                  "includeObjectsWithNoValueSet": False}
        elif isinstance(value, int | float):
            op = {"operationType": "NUMBER", "operator": hs.NUMBER_OPS[condition.op], "value": value,
                  "includeObjectsWithNoValueSet": False}
        else:
            values = list(value) if isinstance(value, tuple) else [str(value)]
            negative = condition.op in ("ne", "not_in")
            op = {"operationType": "ENUMERATION", "operator": "IS_NONE_OF" if negative else "IS_ANY_OF",
                  "values": values, "includeObjectsWithNoValueSet": False}
        return {"property": prop, "filterType": "PROPERTY", "operation": op}


def _connected(connection: dict[str, str] | None) -> dict[str, Any]:
    return {"connection": connection} if connection else {}


def _set(prop: str, value: str) -> dict[str, Any]:
    return {"property_name": prop, "value": {"type": "STATIC_VALUE", "staticValue": value}}

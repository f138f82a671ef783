"""Import a HubSpot automation v4 flow (the JSON of ``GET /automation/v4/flows/{id}``) into a Document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import hubspot_fields as hs
from . import hubspot_steps as steps
from .builder import DocumentBuilder, ImportResult
from .hubspot_filters import conditions_of
from .reader import Reader, as_dict, read_json

_SLA = re.compile(r"within ([0-9.]+) hours")
# A branching action's list of branches, the field naming each branch, and the name of an unnamed one.
_BRANCHES = {"LIST_BRANCH": ("listBranches", "branchName", "branch"),
             "STATIC_BRANCH": ("staticBranches", "branchValue", "value")}


def import_hubspot(path: str | Path) -> ImportResult:
    return import_hubspot_data(read_json(path), str(path))


def import_hubspot_data(data: Any, file: str) -> ImportResult:
    r = Reader(file)
    if isinstance(data, dict) and isinstance(data.get("results"), list) and "actions" not in data:
        results = r.arr(data["results"], "results")
        if not results:
            raise r.fail("the batch holds no workflows", "results")
        data = r.obj(results[0], "results[0]")
    flow = r.obj(data, "")
    if "actions" not in flow:
        raise r.fail("this is not a HubSpot v4 flow: there is no 'actions' list", "")
    actions = r.arr(flow["actions"], "actions")
    by_id: dict[str, tuple[int, dict]] = {}
    for i, raw in enumerate(actions):
        action = r.obj(raw, f"actions[{i}]")
        action_id = r.key(action.get("actionId"), f"actions[{i}].actionId")
        if action_id in by_id:
            raise r.fail(f"actionId '{action_id}' is used by more than one action", f"actions[{i}].actionId")
        by_id[action_id] = (i, action)
    return _Importer(r, by_id, flow).run()


class _Importer:
    def __init__(self, r: Reader, by_id: dict[str, tuple[int, dict]], flow: dict):
        self.r, self.by_id, self.flow = r, by_id, flow
        self.b = DocumentBuilder("HubSpot", r.file)
        self.node_of: dict[str, str] = {}
        self.folded: set[str] = set()  # list branches folded into a wait-until-event
        self.met: dict[str, str] = {}  # 0-29 wait -> its branch on hs_event_criteria_met

    def place(self, action_id: str) -> str:
        return f"actions[{self.by_id[action_id][0]}] (actionId '{action_id}')"

    def target(self, connection: Any, where: str) -> str | None:
        if connection is None:
            return None
        connection = self.r.obj(connection, where)
        next_id = self.r.key(connection.get("nextActionId"), f"{where}.nextActionId", optional=True)
        if next_id is None:
            return None
        if next_id not in self.by_id:
            raise self.r.fail(f"refers to action '{next_id}', which does not exist", f"{where}.nextActionId")
        return next_id

    def run(self) -> ImportResult:
        referrers: dict[str, list[str]] = {}
        for action_id, (_, action) in self.by_id.items():
            for _, where, conn in self.connections(action_id, action):
                nxt = self.target(conn, where)
                if nxt is not None:
                    referrers.setdefault(nxt, []).append(action_id)
        self.router = self.find_router(referrers)
        for action_id, (_, action) in self.by_id.items():
            if action_id not in self.folded:
                self.node_of[action_id] = self.node(action_id, action, referrers)
        for action_id, (_, action) in self.by_id.items():
            if action_id in self.folded:
                continue
            for port, where, conn in self.ports(action_id, action):
                nxt = self.target(conn, where)
                if nxt is not None:
                    self.b.connect(self.node_of[action_id], port, self.node_of[nxt])
        self.entries()
        return self.b.build(self.r.text(self.flow.get("name"), "name", "Imported HubSpot workflow"),
                            self.r.text(self.flow.get("description"), "description"))

    def connections(self, action_id: str, action: dict):
        where = self.place(action_id)
        kind = steps.kind_of(action)
        if kind == "AB_TEST_BRANCH":
            for i, raw in enumerate(self.r.arr(action.get("testBranches", []), f"{where}.testBranches")):
                branch = self.r.obj(raw, f"{where}.testBranches[{i}]")
                yield f"b{i}", f"{where}.testBranches[{i}]", branch.get("connection", branch
                                                                         if "nextActionId" in branch else None)
        elif kind in _BRANCHES:
            key, label, unnamed = _BRANCHES[kind]
            for i, raw in enumerate(self.r.arr(action.get(key, []), f"{where}.{key}")):
                branch = self.r.obj(raw, f"{where}.{key}[{i}]")
                yield self.r.text(branch.get(label), "", f"{unnamed}_{i + 1}"), \
                    f"{where}.{key}[{i}].connection", branch.get("connection")
            yield self.r.text(action.get("defaultBranchName"), "", "else"), f"{where}.defaultBranch", \
                action.get("defaultBranch")
        else:
            yield "next", f"{where}.connection", action.get("connection")

    def ports(self, action_id: str, action: dict):
        node = self.b.nodes[self.node_of[action_id]]
        if action.get("actionTypeId") == hs.WAIT_FOR_EVENT:
            yield from steps.event_wait_ports(self, action_id, action)
            return
        if steps.kind_of(action) == "AB_TEST_BRANCH":
            yield from steps.ab_ports(self, action_id, action)
            return
        if node.get("mode") == "until_event" and action.get("actionTypeId") == hs.DELAY:
            branch_id = self.target(action.get("connection"), f"{self.place(action_id)}.connection")
            if branch_id is None:  # the delay was read as a wait for an event because a branch follows it
                raise self.r.fail("a wait for an event leads to no branch", f"{self.place(action_id)}.connection")
            _, branch = self.by_id[branch_id]
            for name, where, conn in self.connections(branch_id, branch):
                yield ("event" if name == "event" else "timeout"), where, conn
            return
        labels = _port_labels(node)
        for i, (_, where, conn) in enumerate(self.connections(action_id, action)):
            yield labels[i] if i < len(labels) else labels[-1], where, conn

    def node(self, action_id: str, action: dict, referrers: dict[str, list[str]]) -> str:  # noqa: C901
        where = self.place(action_id)
        kind = steps.kind_of(action)
        fields = as_dict(action.get("fields"))
        if kind == "AB_TEST_BRANCH":
            return steps.ab_test(self, action, where)
        if kind == "LIST_BRANCH":
            return self.list_branch(action, where)
        if kind == "STATIC_BRANCH":
            return self.static_branch(action, where)
        type_id = self.r.text(action.get("actionTypeId"), f"{where}.actionTypeId", "?")
        if type_id == hs.WAIT_FOR_EVENT:
            return steps.event_wait(self, action_id, action, where, referrers)
        if type_id == steps.DELAY_UNTIL_DATE:
            return steps.date_delay(self, fields, where)
        if type_id == hs.DELAY:
            minutes = self.r.number(fields.get("delta"), f"{where}.fields.delta") * hs.UNITS_MINUTES.get(
                str(fields.get("time_unit", "MINUTES")).upper(), 1)
            days = round(minutes / 1440, 4)
            event = self._event_branch(action_id, action, referrers)
            if event:
                return self.b.add("wait", "wait", mode="until_event", event=event, days=days)
            node = self.b.add("wait", "wait", days=days, title=f"Wait {days:g} days")
            steps.delay_notes(self, fields, where, node)
            return node
        if type_id == hs.SEND_EMAIL:
            node_id = self.b.add("email", "email", title=f"Email {fields.get('content_id', '')}".strip())
            if fields.get("content_id") not in (None, ""):
                self.b.mapping["emails"][node_id] = str(fields["content_id"])
            return node_id
        if type_id == hs.SET_PROPERTY:
            return self.set_property(fields, where)
        if type_id == hs.CREATE_TASK:
            match = _SLA.search(str(fields.get("body", "")))
            return self.b.add("handoff", "handoff", title=str(fields.get("subject", "Handoff"))[:200],
                              sla_hours=float(match.group(1)) if match else None)
        return self.b.placeholder(f"action type {type_id}", where)

    def _event_branch(self, action_id: str, action: dict, referrers: dict[str, list[str]]) -> str | None:
        """A delay straight into a one-branch 'event'/'timeout' check is how a wait-until-event is written."""
        try:
            nxt = self.target(action.get("connection"), "")
        except Exception:  # noqa: BLE001 - the real error is raised with its place later
            return None
        if nxt is None or referrers.get(nxt) != [action_id] or str(self.flow.get("startActionId")) == nxt:
            return None
        _, branch = self.by_id[nxt]
        lists = branch.get("listBranches")
        if branch.get("type") != "LIST_BRANCH" or branch.get("defaultBranchName") != "timeout" \
                or not isinstance(lists, list) or len(lists) != 1 or not isinstance(lists[0], dict) \
                or lists[0].get("branchName") != "event":
            return None
        text = str(lists[0].get("filterBranch"))
        event = next((e for e, prop in hs.EVENT_PROPERTIES.items() if prop in text), None)
        if event:
            self.folded.add(nxt)
        return event

    def set_property(self, fields: dict, where: str) -> str:
        prop = str(fields.get("property_name", fields.get("property", "")))
        raw = fields.get("value")
        added = steps.increment(raw)
        for score, score_prop in hs.SCORE_PROPERTIES.items():
            if prop == score_prop and added is not None:
                return self.b.add("score", "score", score=score, points=added, title=f"{added:+g} {score}")
        value = str(raw.get("staticValue", "")) if isinstance(raw, dict) else str(raw or "")
        for goal, (goal_prop, goal_value) in hs.GOALS.items():
            if prop == goal_prop and value == goal_value:
                return self.b.add("goal", goal, goal=goal, title=goal.upper() if goal == "sql" else goal.title())
        for score, score_prop in hs.SCORE_PROPERTIES.items():
            if prop == score_prop:
                points = self.r.number(value, f"{where}.fields.value.staticValue", 0.0)
                return self.b.add("score", "score", score=score, points=points, title=f"{points:+g} {score}")
        if prop == hs.EXIT_PROPERTY and value in ("completed", "unsubscribed", "disqualified", "recycled"):
            return self.b.add("exit", value, reason=value, title=value.title())
        return self.b.placeholder(f"set property {prop or '?'} to {value!r}", where)

    def list_branch(self, action: dict, where: str) -> str:
        outputs: list[dict[str, Any]] = []
        for i, raw in enumerate(self.r.arr(action.get("listBranches", []), f"{where}.listBranches")):
            branch = self.r.obj(raw, f"{where}.listBranches[{i}]")
            label = _label(branch.get("branchName"), f"branch_{i + 1}", outputs)
            when = conditions_of(self.r, branch.get("filterBranch"), f"{where}.listBranches[{i}].filterBranch",
                                 self.b)
            outputs.append({"label": label, "when": when})
        outputs.append({"label": "else"})
        return self.b.add("branch", "branch", outputs=outputs, title="If/then branch")

    def static_branch(self, action: dict, where: str) -> str:
        values = [self.r.text(self.r.obj(b, f"{where}.staticBranches[{i}]").get("branchValue"),
                              f"{where}.staticBranches[{i}].branchValue")
                  for i, b in enumerate(self.r.arr(action.get("staticBranches", []), f"{where}.staticBranches"))]
        prop = str((action.get("inputValue") or {}).get("propertyName", "")) \
            if isinstance(action.get("inputValue"), dict) else ""
        labels: list[dict] = []
        for i, value in enumerate(values):
            labels.append({"label": _label(value, f"value_{i + 1}", labels)})
        if prop == hs.AB_PROPERTY and labels:
            share = round(100 / len(labels), 4)
            return self.b.add("split", "split", outputs=[{**o, "percent": share} for o in labels], title="A/B split")
        outs = [{**o, "when": [{"field": prop or "value", "op": "eq", "value": v}]} for o, v in zip(labels, values,
                                                                                                     strict=True)]
        return self.b.add("branch", "branch", outputs=[*outs, {"label": "else"}], title=f"Branch on {prop}")

    def find_router(self, referrers: dict[str, list[str]]) -> list[tuple[str, str | None]] | None:
        """A start branch that only tells entries apart (by the last conversion) stands for the entries."""
        start = self.flow.get("startActionId")
        start = str(start) if isinstance(start, str | int) and not isinstance(start, bool) else None
        if start not in self.by_id or referrers.get(start):
            return None
        _, action = self.by_id[start]
        branches = action.get("listBranches")
        if action.get("type") != "LIST_BRANCH" or not isinstance(branches, list) or not branches \
                or action.get("defaultBranch"):
            return None
        routes = []
        for i, branch in enumerate(branches):
            text = str(branch.get("filterBranch")) if isinstance(branch, dict) else ""
            if hs.ENTRY_PROPERTY not in text or "'property'" in text.replace(f"'property': '{hs.ENTRY_PROPERTY}'", ""):
                return None
            where = f"{self.place(start)}.listBranches[{i}].connection"
            routes.append((where, self.target(branch.get("connection"), where)))
        self.folded.add(start)
        self.route_values = [steps.entry_value(b) for b in branches]
        return routes

    def entries(self) -> None:
        start = self.r.key(self.flow.get("startActionId"), "startActionId", optional=True)
        if start is not None and start not in self.by_id:
            raise self.r.fail(f"refers to action '{start}', which does not exist", "startActionId")
        if isinstance(self.flow.get("enrollmentCriteria"), dict) and \
                self.flow["enrollmentCriteria"].get("type") == "LIST_BASED":
            self.b.warn("list-enrollment", "enrollmentCriteria: contacts enrol when they meet list filters, not"
                        " on an event; imported as one form entry: its filters are not carried")
        if self.router is not None:
            for (_, target), value in zip(self.router, self.route_values, strict=True):
                entry = self.b.add("entry", "entry", trigger="form", title=value or "Enrollment")
                if value:
                    self.b.mapping["segments"][f"entry:{entry}"] = value
                if target is not None:
                    self.b.connect(entry, "next", self.node_of[target])
            return
        criteria = self.flow.get("enrollmentCriteria")
        branches = criteria.get("eventFilterBranches") if isinstance(criteria, dict) else None
        count = len(branches) if isinstance(branches, list) and branches else 1
        for i in range(count):
            entry = self.b.add("entry", f"entry_{i + 1}" if count > 1 else "entry", trigger="form",
                               title="Enrollment" if count == 1 else f"Enrollment {i + 1}")
            form = steps.form_id(branches[i]) if isinstance(branches, list) and branches else None
            if form:
                self.b.mapping["segments"][f"entry:{entry}"] = form
            if start is not None:
                self.b.connect(entry, "next", self.node_of[start])


def _port_labels(node: dict) -> list[str]:
    if node["kind"] in ("branch", "split"):
        return [o["label"] for o in node["outputs"]]
    if node["kind"] == "wait" and node.get("mode") == "until_event":
        return ["event", "timeout"]
    return ["next"]


def _label(value: Any, fallback: str, taken: list[dict]) -> str:
    from .mapping import slug

    label = slug(str(value or ""), fallback)
    if label == "else" or any(o["label"] == label for o in taken):
        label = f"{label}_{len(taken) + 1}"
    return label

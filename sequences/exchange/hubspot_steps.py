"""HubSpot steps HubSpot itself writes, read back: waits until an event (0-29 with a branch on
hs_event_criteria_met), A/B test branches, delays with a day of the week or time, and score increments."""

from __future__ import annotations

from typing import Any

from . import hubspot_fields as hs
from .reader import as_dict

EVENTS_BY_TYPE = {v: k for k, v in hs.EVENT_TYPES.items()}
DELAY_UNTIL_DATE = "0-35"


def kind_of(action: dict) -> str:
    value = action.get("type", "SINGLE_CONNECTION")
    return value if isinstance(value, str) else "?"


def met_branch(importer, action_id: str, action: dict, referrers: dict[str, list[str]]) -> str | None:
    """The STATIC_BRANCH on this 0-29's hs_event_criteria_met that only it leads to, if any."""
    connection = action.get("connection")
    nxt = connection.get("nextActionId") if isinstance(connection, dict) else None
    nxt = str(nxt) if isinstance(nxt, str | int) and not isinstance(nxt, bool) else None
    if nxt is None or nxt not in importer.by_id or referrers.get(nxt) != [action_id]:
        return None
    _, branch = importer.by_id[nxt]
    value = as_dict(branch.get("inputValue"))
    if kind_of(branch) != "STATIC_BRANCH" or value.get("dataKey") != hs.EVENT_MET \
            or str(value.get("actionId")) != action_id:
        return None
    return nxt


def event_wait(importer, action_id: str, action: dict, where: str, referrers: dict[str, list[str]]) -> str:
    """A 0-29 delay until an event: a wait until the event (open, click or form submission), its expiration
    the timeout. The branch on whether the event happened folds into the wait's two outputs."""
    fields = as_dict(action.get("fields"))
    minutes = importer.r.number(fields.get("expiration_minutes"), f"{where}.fields.expiration_minutes", 0.0)
    branches = fields.get("event_filter_branches")
    first = as_dict(branches[0]) if isinstance(branches, list) and branches else {}
    type_id = str(first.get("eventTypeId", ""))
    event = EVENTS_BY_TYPE.get(type_id)
    title = None
    if event is None:
        event = "click"
        title = f"HubSpot: wait for event {type_id or '?'} (not modelled)"
        importer.b.warn("unknown-event", f"{where}: waits for event type {type_id or '?'}, which is not an email"
                        " open, click or form submission; imported as a wait for a click")
    days = round(minutes / 1440, 4) if minutes > 0 else 0.0
    if minutes <= 0:
        importer.b.warn("no-expiration", f"{where}: the wait for {event} has no expiration: imported with a"
                        " timeout of 0 days; set how long to wait")
    node = importer.b.add("wait", "wait", mode="until_event", event=event, days=days, title=title)
    form = next((v for f in (first.get("filters") or []) if isinstance(f, dict) and f.get("property") == "hs_form_id"
                 for v in (as_dict(f.get("operation")).get("values") or [])[:1]), None)
    if form is not None:
        importer.b.mapping["segments"][f"wait:{node}"] = str(form)
    branch = met_branch(importer, action_id, action, referrers)
    if branch is not None:
        importer.folded.add(branch)
        importer.met[action_id] = branch
    else:
        importer.b.warn("event-no-branch", f"{where}: nothing branches on whether the event happened: both"
                        " outputs of the wait lead on", node)
    return node


def event_wait_ports(importer, action_id: str, action: dict):
    """(port, place, connection) of a wait until an event: through its folded branch, or both to the next."""
    where = importer.place(action_id)
    branch_id = importer.met.get(action_id)
    if branch_id is None:
        yield "event", f"{where}.connection", action.get("connection")
        yield "timeout", f"{where}.connection", action.get("connection")
        return
    _, branch = importer.by_id[branch_id]
    bwhere = importer.place(branch_id)
    for i, raw in enumerate(importer.r.arr(branch.get("staticBranches", []), f"{bwhere}.staticBranches")):
        item = importer.r.obj(raw, f"{bwhere}.staticBranches[{i}]")
        if str(item.get("branchValue")).lower() == "true":
            yield "event", f"{bwhere}.staticBranches[{i}].connection", item.get("connection")
    yield "timeout", f"{bwhere}.defaultBranch", branch.get("defaultBranch")


def ab_test(importer, action: dict, where: str) -> str:
    """AB_TEST_BRANCH: a split, one output per test branch; shares from percentages where given."""
    branches = importer.r.arr(action.get("testBranches", []), f"{where}.testBranches")
    shares = [as_dict(b).get("percentage") for b in branches]
    numbers = [float(s) for s in shares if isinstance(s, int | float) and not isinstance(s, bool)]
    if branches and len(numbers) == len(shares):
        percents = numbers
    else:
        percents = [round(100 / max(1, len(branches)), 4)] * len(branches)
        if branches:
            importer.b.warn("ab-shares", f"{where}: the test branches give no percentages: imported as equal"
                            " shares")
    outputs = [{"label": chr(ord("a") + i) if i < 26 else f"variant_{i + 1}", "percent": max(0.0, min(100.0, p))}
               for i, p in enumerate(percents)] or [{"label": "a", "percent": 100.0}]
    return importer.b.add("split", "split", outputs=outputs, title="A/B test")


def ab_ports(importer, action_id: str, action: dict):
    where = importer.place(action_id)
    node = importer.b.nodes[importer.node_of[action_id]]
    for i, raw in enumerate(importer.r.arr(action.get("testBranches", []), f"{where}.testBranches")):
        branch = importer.r.obj(raw, f"{where}.testBranches[{i}]")
        connection = branch.get("connection", branch if "nextActionId" in branch else None)
        if i < len(node["outputs"]):
            yield node["outputs"][i]["label"], f"{where}.testBranches[{i}]", connection


def delay_notes(importer, fields: dict, where: str, node: str) -> None:
    """A delay until a weekday or a time of day is only its fixed part here: say what is lost."""
    days = fields.get("days_of_week") or fields.get("daysOfWeek")
    if days:
        importer.b.warn("weekday-delay", f"{where}: the delay waits until {_listed(days)}; imported as its"
                        " fixed part only (the wait to that weekday is lost)", node)
    if fields.get("time_of_day") or fields.get("timeOfDay"):
        importer.b.warn("time-of-day", f"{where}: the delay waits until a time of day; imported without it", node)


def date_delay(importer, fields: dict, where: str) -> str:
    """0-35 waits until a date property: no fixed length, so a 0-day wait with a warning naming the property."""
    prop = as_dict(fields.get("date")).get("propertyName") or "a date"
    node = importer.b.add("wait", "wait", days=0, title=f"HubSpot: delay until {prop} (not modelled)")
    importer.b.warn("date-delay", f"{where}: the delay waits until the contact's {prop}; imported as a 0-day"
                    " wait: set a typical length", node)
    return node


def increment(value: Any) -> float | None:
    """The amount of an INCREMENT value, or None for any other value."""
    if isinstance(value, dict) and value.get("type") == "INCREMENT":
        amount = value.get("incrementAmount")
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            return float(amount)
    return None


def _listed(days: Any) -> str:
    return ", ".join(str(d).title() for d in days) if isinstance(days, list) else str(days)


def entry_value(branch: dict) -> str | None:
    stack = [branch.get("filterBranch")]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("property") == hs.ENTRY_PROPERTY and isinstance(item.get("operation"), dict):
                values = item["operation"].get("values")
                return str(values[0]) if isinstance(values, list) and values else None
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(item)
    return None


def form_id(branch: Any) -> str | None:
    if not isinstance(branch, dict):
        return None
    for flt in branch.get("filters", []) if isinstance(branch.get("filters"), list) else []:
        if isinstance(flt, dict) and flt.get("property") == "hs_form_id":
            values = (flt.get("operation") or {}).get("values") if isinstance(flt.get("operation"), dict) else None
            if isinstance(values, list) and values:
                return str(values[0])
    return None

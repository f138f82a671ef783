"""Reads Mautic campaign events (REST body or Mautic 7 export file) into one checked shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .reader import Reader

UNIT_DAYS = {"i": 1 / 1440, "h": 1 / 24, "d": 1.0, "m": 30.0, "y": 365.0}


@dataclass
class MEvent:
    id: str
    place: str
    name: str
    type: str
    event_type: str
    properties: dict[str, Any]
    days: float
    parent: str | None
    path: str | None
    order: int
    channel_id: str | None
    description: str = ""
    children: list[MEvent] = field(default_factory=list)


@dataclass
class Campaign:
    name: str
    description: str
    events: dict[str, MEvent]
    canvas: dict[str, Any]
    sources: dict[str, list[str]]  # 'lists' (segments) / 'forms' -> their ids, in the file's order


def read_campaign(data: Any, r: Reader) -> Campaign:
    """A REST body has ``events``; an export file is ``[{campaign: [...], campaign_event: [...]}]``."""
    if isinstance(data, list):
        if len(data) != 1:
            raise r.fail(f"an export file holds one object, this one holds {len(data)} items", "")
        data = r.obj(data[0], "[0]")
        prefix = "[0]."
    else:
        prefix = ""
    root = r.obj(data, "")
    if "campaign_event" in root or "campaign" in root:
        campaigns = r.arr(root.get("campaign", []), f"{prefix}campaign")
        head = r.obj(campaigns[0], f"{prefix}campaign[0]") if campaigns else {}
        raw_events = r.arr(root.get("campaign_event", []), f"{prefix}campaign_event")
        where, canvas = f"{prefix}campaign_event", head.get("canvas_settings")
        sources = _file_sources(root)
    elif "events" in root:
        head = root
        raw = root["events"]
        raw_events = list(raw.values()) if isinstance(raw, dict) else r.arr(raw, "events")
        where, canvas = "events", root.get("canvasSettings")
        sources = {s: [str(i.get("id") if isinstance(i, dict) else i) for i in root[s] if i is not None]
                   for s in ("lists", "forms") if isinstance(root.get(s), list) and root.get(s)}
    else:
        raise r.fail("this is not a Mautic campaign: there is no 'events' or 'campaign_event' list", "")
    canvas = canvas if isinstance(canvas, dict) else {}
    events: dict[str, MEvent] = {}
    for i, raw_event in enumerate(raw_events):
        event = _event(r, raw_event, f"{where}[{i}]")
        if event.id in events:
            raise r.fail(f"event id '{event.id}' is used more than once", f"{where}[{i}].id")
        events[event.id] = event
    _link(r, events)
    return Campaign(r.text(head.get("name"), "name", "Imported Mautic campaign"),
                    r.text(head.get("description"), "description"), events, canvas, sources)


def _event(r: Reader, raw: Any, place: str) -> MEvent:
    ev = r.obj(raw, place)
    event_id = r.key(ev.get("id"), f"{place}.id")
    name = r.text(ev.get("name"), f"{place}.name")
    place = f"{place} ({name or event_id!r})" if name else place
    props = ev.get("properties")
    if isinstance(props, str):  # a database row keeps PHP-serialised properties: nothing to read
        props = {}
    props = r.obj(props if props is not None else {}, f"{place}.properties") if not isinstance(props, list) else {}
    parent = ev.get("parent", ev.get("parent_id"))
    if isinstance(parent, dict):
        parent = parent.get("id")
    mode = ev.get("triggerMode", ev.get("trigger_mode"))
    interval = r.number(ev.get("triggerInterval", ev.get("trigger_interval")), f"{place}.triggerInterval", 0.0)
    unit = str(ev.get("triggerIntervalUnit", ev.get("trigger_interval_unit")) or "d")
    days = interval * UNIT_DAYS.get(unit, 1.0) if mode == "interval" else 0.0
    if days < 0 or days > 3650:
        raise r.fail(f"a wait of {days:g} days is out of range", f"{place}.triggerInterval")
    path = ev.get("decisionPath", ev.get("decision_path")) or props.get("anchor")
    channel_id = ev.get("channelId", ev.get("channel_id"))
    return MEvent(
        id=event_id, place=place, name=name,
        type=r.text(ev.get("type"), f"{place}.type", "?"),
        event_type=r.text(ev.get("eventType", ev.get("event_type")), f"{place}.eventType", "action"),
        properties=props, days=round(days, 4),
        parent=r.key(parent, f"{place}.parent", optional=True),
        path=str(path) if path in ("yes", "no") else None,
        order=int(r.number(ev.get("order", ev.get("event_order")), f"{place}.order", 1)),
        channel_id=None if channel_id in (None, "", 0) else str(channel_id),
        description=r.text(ev.get("description"), f"{place}.description"),
    )


def _link(r: Reader, events: dict[str, MEvent]) -> None:
    for event in events.values():
        if event.parent is None:
            continue
        parent = events.get(event.parent)
        if parent is None:
            raise r.fail(f"the parent event '{event.parent}' does not exist", f"{event.place}.parent")
        parent.children.append(event)
    rooted: set[str] = set()
    for event in events.values():  # every chain of parents must end at a root
        seen: list[str] = []
        current = event
        while current.parent is not None and current.id not in rooted:
            if current.id in seen:
                loop = " -> ".join(seen[seen.index(current.id):] + [current.id])
                raise r.fail(f"the parents of events form a cycle ({loop})", f"{event.place}.parent")
            seen.append(current.id)
            current = events[current.parent]
        rooted.update(seen)
    for event in events.values():
        event.children.sort(key=lambda e: (e.order, _num(e.id)))


def _num(value: str) -> tuple[int, str]:
    digits = "".join(c for c in value if c.isdigit())
    return (int(digits) if digits else 0, value)


def _file_sources(root: dict) -> dict[str, list[str]]:
    """Contact sources of an export file: the 'lists'/'forms' dependencies that name the campaign."""
    found: dict[str, list[str]] = {}
    groups = root.get("dependencies")
    for group in groups if isinstance(groups, list) else []:
        for source in ("lists", "forms"):
            items = group.get(source) if isinstance(group, dict) else None
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and "campaign" in item and isinstance(item.get(source), int | str):
                    value = str(item[source])
                    if value not in found.setdefault(source, []):
                        found[source].append(value)
    return found

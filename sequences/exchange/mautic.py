"""Export to Mautic: the campaign REST body (``POST /api/campaigns/new``) and the Mautic 7 export file."""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..document import Document
from .layout import layered_layout
from .lint import ExportResult, capability_lint
from .mautic_tree import Event, Tree, TreeBuilder

_NAMESPACE = uuid.UUID("6f1c1c52-8d55-4c1b-9a43-6c1e5b0f3a10")


def export_mautic(document: Document) -> ExportResult:
    lint = capability_lint(document, "mautic")
    tree = TreeBuilder(document, lint).build()
    canvas = _canvas(document, tree, temp=True)
    body = {
        "name": document.name, "description": document.description, "isPublished": False,
        "events": [_rest_event(e, tree) for e in tree.events],
        "lists": [{"id": i} for i in _source_ids(document, lint, "lists", tree)],
        "forms": [{"id": i} for i in _source_ids(document, lint, "forms", tree)],
        "canvasSettings": canvas,
    }
    return ExportResult("mautic", json.dumps(body, indent=2, ensure_ascii=False) + "\n", lint.sorted(), ".json")


def export_mautic_file(document: Document) -> ExportResult:
    lint = capability_lint(document, "mautic-export")
    tree = TreeBuilder(document, lint).build()
    campaign_uuid = str(uuid.uuid5(_NAMESPACE, document.name))
    rows = [_file_event(e, campaign_uuid) for e in tree.events]
    dependencies = [{"campaign": 1, "campaign_event": e.key, "email": number}
                    for e in tree.events if e.channel == "email" and (number := _channel_number(e)) is not None]
    payload = [{
        "campaign": [{"id": 1, "name": document.name, "description": document.description,
                      "is_published": False, "canvas_settings": _canvas(document, tree, temp=False),
                      "uuid": campaign_uuid}],
        "campaign_event": rows,
        "dependencies": dependencies,
    }]
    return ExportResult("mautic-export", json.dumps(payload, indent=2, ensure_ascii=False) + "\n",
                        lint.sorted(), ".json")


def _source_ids(document: Document, lint, source: str, tree: Tree) -> list[str]:
    from ..nodes import EntryNode
    from .mapping import asset_id
    from .mautic_tree import source_of

    ids = []
    for entry in (n for n in document.sequence.nodes if isinstance(n, EntryNode)):
        if source_of(entry) == source and source in tree.roots:
            kind = "segment" if source == "lists" else "form"
            found = asset_id(document, lint, kind, f"entry:{entry.id}", entry.id)
            if found and found not in ids:
                ids.append(found)
    return ids


def _temp(key: int) -> str:
    return f"new{key}"


def _channel_number(event: Event) -> int | None:
    """The mapped email's id as Mautic stores it, a number; None when the mapping gives none."""
    return int(event.channel_id) if event.channel_id is not None and event.channel_id.isdigit() else None


def _children(event: Event, tree: Tree) -> list[Event]:
    if tree.children is None:
        tree.children = {}
        for item in tree.events:
            tree.children.setdefault(item.parent, []).append(item)
    return tree.children.get(event.key, [])


def _rest_event(event: Event, tree: Tree) -> dict[str, Any]:
    mode, interval, unit = event.trigger()
    props = dict(event.properties)
    if "jumpToEvent" in props:
        props["jumpToEvent"] = _temp(props["jumpToEvent"])
    return {
        "id": _temp(event.key), "name": event.name, "description": "", "type": event.type,
        "eventType": event.event_type, "order": event.order, "properties": props,
        "triggerMode": mode, "triggerInterval": interval, "triggerIntervalUnit": unit,
        "parent": None if event.parent is None else _temp(event.parent),
        "children": [_temp(c.key) for c in _children(event, tree)],
        "decisionPath": event.path, "channel": event.channel, "channelId": event.channel_id,
    }


def _file_event(event: Event, campaign_uuid: str) -> dict[str, Any]:
    mode, interval, unit = event.trigger()
    props = dict(event.properties)
    return {
        "id": event.key, "campaign_id": 1, "name": event.name, "description": "", "type": event.type,
        "event_type": event.event_type, "event_order": event.order,
        "properties": {**props, "properties": dict(event.properties), "type": event.type,
                       "eventType": event.event_type, "triggerMode": mode, "triggerInterval": interval,
                       "triggerIntervalUnit": unit},
        "trigger_interval": interval, "trigger_interval_unit": unit, "trigger_mode": mode, "triggerDate": None,
        "decisionPath": event.path, "channel": event.channel,
        "channel_id": _channel_number(event),
        "parent_id": event.parent, "uuid": str(uuid.uuid5(uuid.UUID(campaign_uuid), str(event.key))),
    }


def _canvas(document: Document, tree: Tree, temp: bool) -> dict[str, Any]:
    name = _temp if temp else str
    layout = document.layout or {}
    ids = [n.id for n in document.sequence.nodes]
    if any(i not in layout for i in ids):
        edges = [(e.from_, e.to) for e in document.sequence.edges]
        layout = {**layered_layout(ids, edges, []), **layout}
    nodes: list[dict[str, str]] = []
    seen_per_node: dict[str, int] = {}
    for event in tree.events:
        x, y = layout.get(event.node, (0.0, 0.0))
        shift = seen_per_node.get(event.node, 0)
        seen_per_node[event.node] = shift + 1
        # Mautic draws top-down; our canvas runs left to right.
        nodes.append({"id": name(event.key), "positionX": str(round(y + 600 + shift * 40)),
                      "positionY": str(round(x + 150 + shift * 90))})
    for index, source in enumerate(tree.roots):
        nodes.append({"id": source, "positionX": str(500 + 300 * index), "positionY": "50"})
    connections = [{"sourceId": source, "targetId": name(key),
                    "anchors": {"source": "leadsource", "target": "top"}}
                   for source, keys in tree.roots.items() for key in keys]
    if len(tree.roots) == 2:
        connections.append({"sourceId": "lists", "targetId": "forms",
                            "anchors": {"source": "leadsourceright", "target": "leadsourceleft"}})
    for event in tree.events:
        if event.parent is not None:
            connections.append({"sourceId": name(event.parent), "targetId": name(event.key),
                                "anchors": {"source": event.path or "bottom", "target": "top"}})
    return {"nodes": nodes, "connections": connections}

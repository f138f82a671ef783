"""Export to Mautic: the campaign REST body (``POST /api/campaigns/new``) and the Mautic 7 export file."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from typing import Any

from ..document import Document
from ..nodes import EntryNode
from .layout import layered_layout
from .lint import ExportResult, Lint, capability_lint
from .mapping import asset_id
from .mautic_tree import Event, Tree, TreeBuilder, source_of

_NAMESPACE = uuid.UUID("6f1c1c52-8d55-4c1b-9a43-6c1e5b0f3a10")
FILE_CAMPAIGN_ID = 1  # the campaign's id inside the file; Mautic's import maps it to the new campaign's id
ZIP_MEMBER = "campaign.json"


def export_mautic(document: Document) -> ExportResult:
    lint = capability_lint(document, "mautic")
    tree = TreeBuilder(document, lint).build()
    sources = _sources(document, lint, tree)
    body = {
        "name": document.name, "description": document.description, "isPublished": False,
        "events": [_rest_event(e, tree) for e in tree.events],
        "lists": [{"id": i} for i in sources["lists"]],
        "forms": [{"id": i} for i in sources["forms"]],
        "canvasSettings": _canvas(document, tree, temp=True),
    }
    return ExportResult("mautic", json.dumps(body, indent=2, ensure_ascii=False) + "\n", lint.sorted(), ".json")


def export_mautic_file(document: Document) -> ExportResult:
    """The file Mautic 7's campaign import reads: one group of entity arrays and their dependencies, in a
    ZIP (what the import page accepts); ``text`` holds the JSON inside it."""
    lint = capability_lint(document, "mautic-export")
    tree = TreeBuilder(document, lint).build()
    sources = _sources(document, lint, tree)
    campaign_uuid = campaign_uuid_of(document, lint)
    payload = [{
        "campaign": [{"id": FILE_CAMPAIGN_ID, "name": document.name, "description": document.description,
                      "is_published": False, "canvas_settings": _canvas(document, tree, temp=False),
                      "uuid": campaign_uuid}],
        "campaign_event": [_file_event(e, tree, campaign_uuid) for e in tree.events],
        # Mautic's import rewrites campaign_id, channel ids and sources from this one group of arrays.
        "dependencies": [{
            "campaign_event": [_dependency(e) for e in tree.events],
            "lists": [{"campaign": FILE_CAMPAIGN_ID, "lists": _number(i)} for i in sources["lists"]],
            "forms": [{"campaign": FILE_CAMPAIGN_ID, "forms": _number(i)} for i in sources["forms"]],
        }],
    }]
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    return ExportResult("mautic-export", text, lint.sorted(), ".zip", binary=zip_bytes(text))


def zip_bytes(text: str) -> bytes:
    """The JSON in a ZIP, stored uncompressed: Mautic refuses members packed more than ten to one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo(ZIP_MEMBER, date_time=(2024, 1, 1, 0, 0, 0))  # fixed: same input, same bytes
        info.external_attr = 0o644 << 16
        archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def campaign_uuid_of(document: Document, lint: Lint | None = None) -> str:
    """The stored campaign uuid; without one, a uuid from the document's content, and a warning."""
    stored = document.exports.mautic.campaign_uuid
    if stored:
        return stored
    if lint is not None:
        lint.warn("campaign-uuid", "no Mautic campaign uuid is stored in the document: this file uses one made"
                  " from its content, so an edited sequence imports as a new campaign; `nurture export` and"
                  " the Export dialog store one (exports.mautic.campaign_uuid)")
    seed = document.name + "\n" + "\n".join(n.id for n in document.sequence.nodes)
    return str(uuid.uuid5(_NAMESPACE, seed))


def with_campaign_uuid(document: Document) -> Document | None:
    """The document with a new random campaign uuid stored, or None when it has one."""
    if document.exports.mautic.campaign_uuid:
        return None
    mautic = document.exports.mautic.model_copy(update={"campaign_uuid": str(uuid.uuid4())})
    return document.model_copy(update={"exports": document.exports.model_copy(update={"mautic": mautic})})


def _sources(document: Document, lint: Lint, tree: Tree) -> dict[str, list[str]]:
    """Segment (lists) and form ids of the entries; Mautic refuses a campaign with none (sources.notempty)."""
    found: dict[str, list[str]] = {"lists": [], "forms": []}
    for entry in (n for n in document.sequence.nodes if isinstance(n, EntryNode)):
        source = source_of(entry)
        if source not in tree.roots:
            continue
        kind = "segment" if source == "lists" else "form"
        value = asset_id(document, lint, kind, f"entry:{entry.id}", entry.id, refused=True,
                         why=f"Mautic refuses a campaign without a contact source, and this {kind} is one")
        if value and value not in found[source]:
            if not value.isdigit():
                lint.error("source-id", f"the Mautic {kind} id '{value}' is not a number", entry.id)
            found[source].append(value)
    return found


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _temp(key: int) -> str:
    return f"new{key}"


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
        "id": _temp(event.key), "name": event.name, "description": event.description, "type": event.type,
        "eventType": event.event_type, "order": event.order, "properties": props,
        "triggerMode": mode, "triggerInterval": interval, "triggerIntervalUnit": unit,
        "parent": None if event.parent is None else _temp(event.parent),
        "children": [_temp(c.key) for c in _children(event, tree)],
        "decisionPath": event.path, "channel": event.channel, "channelId": event.channel_id,
    }


def _typed(props: dict[str, Any]) -> dict[str, Any]:
    """Ids as the numbers Mautic's forms store (its import casts and compares them as integers)."""
    out = dict(props)
    if isinstance(out.get("email"), str) and out["email"].isdigit():
        out["email"] = int(out["email"])
    user = out.get("useremail")
    if isinstance(user, dict) and isinstance(user.get("email"), str) and user["email"].isdigit():
        out["useremail"] = {**user, "email": int(user["email"])}
    return out


def _file_event(event: Event, tree: Tree, campaign_uuid: str) -> dict[str, Any]:
    """One row as Mautic's CampaignEventImportExportSubscriber writes it; properties in the builder's form."""
    mode, interval, unit = event.trigger()
    own = _typed(event.properties)
    parent = tree.events[event.parent - 1] if event.parent is not None else None
    anchor = "leadsource" if parent is None else (event.path or "bottom")
    form = {
        "name": event.name, "triggerMode": mode or "", "triggerDate": None, "triggerInterval": interval,
        "triggerIntervalUnit": unit or "", "anchor": anchor, "properties": own, "type": event.type,
        "eventType": event.event_type, "anchorEventType": "source" if parent is None else parent.event_type,
        **own,
    }
    return {
        "id": event.key, "campaign_id": FILE_CAMPAIGN_ID, "name": event.name, "description": event.description,
        "type": event.type, "event_type": event.event_type, "event_order": event.order, "properties": form,
        "trigger_interval": interval, "trigger_interval_unit": unit or "", "trigger_mode": mode or "",
        "trigger_date": None, "trigger_hour": None, "triggerRestrictedStartHour": None,
        "triggerRestrictedStopHour": None, "triggerRestrictedDaysOfWeek": [], "triggerWindow": None,
        "decisionPath": event.path, "channel": event.channel or "", "channel_id": _number(event.channel_id),
        "parent_id": event.parent, "uuid": str(uuid.uuid5(uuid.UUID(campaign_uuid), str(event.key))),
    }


def _dependency(event: Event) -> dict[str, Any]:
    """Every event needs one: Mautic takes the event's campaign from it (else the file's campaign_id stays)."""
    item: dict[str, Any] = {"campaign": FILE_CAMPAIGN_ID, "campaign_event": event.key}
    number = _number(event.channel_id)
    if event.channel and number is not None:
        item[event.channel] = number
    return item


def _canvas(document: Document, tree: Tree, temp: bool) -> dict[str, Any]:
    name = _temp if temp else (lambda key: key)
    layout = document.layout or {}
    ids = [n.id for n in document.sequence.nodes]
    if any(i not in layout for i in ids):
        edges = [(e.from_, e.to) for e in document.sequence.edges]
        layout = {**layered_layout(ids, edges, []), **layout}
    nodes: list[dict[str, Any]] = []
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

"""Copy and paste of node groups: nodes, the edges between them and their relative positions."""

from __future__ import annotations

import json

from PySide6.QtGui import QGuiApplication

from sequences import NODE_CLASSES, Edge
from sequences.nodes import NodeBase

from ..document import DocumentModel, Point
from .new_nodes import unique_id

MARKER = "nurture-studio-nodes"


def copy_payload(model: DocumentModel, node_ids: list[str]) -> dict:
    ids = set(node_ids)
    sequence = model.document.sequence
    return {
        "nodes": [n.model_dump(mode="json", by_alias=True) for n in sequence.nodes if n.id in ids],
        "edges": [e.model_dump(mode="json", by_alias=True) for e in sequence.edges
                  if e.from_ in ids and e.to in ids],
        "layout": {k: list(model.position(k)) for k in node_ids},
    }


def put_on_clipboard(payload: dict) -> None:
    # Plain text with a marker key: a QMimeData made in Python and owned by the clipboard crashes
    # PySide at exit, and JSON text is also useful when pasted elsewhere.
    QGuiApplication.clipboard().setText(json.dumps({MARKER: 1, **payload}, indent=1))


def from_clipboard() -> dict | None:
    text = QGuiApplication.clipboard().text()
    if MARKER not in text[:200]:
        return None
    try:
        payload = json.loads(text)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) and payload.get("nodes") else None


def rebased(payload: dict, taken: set[str], offset: Point
            ) -> tuple[list[NodeBase], dict[str, Point], list[Edge]]:
    """The payload's nodes with fresh ids (``welcome`` -> ``welcome_2``), moved by ``offset``."""
    used = set(taken)
    renamed: dict[str, str] = {}
    nodes: list[NodeBase] = []
    for data in payload["nodes"]:
        new_id = unique_id(data["id"], used)
        used.add(new_id)
        renamed[data["id"]] = new_id
        nodes.append(NODE_CLASSES[data["kind"]].model_validate({**data, "id": new_id}))
    positions = {}
    for old, new in renamed.items():
        x, y = payload.get("layout", {}).get(old, (0.0, 0.0))
        positions[new] = (float(x) + offset[0], float(y) + offset[1])
    edges = [Edge.model_validate({**e, "from": renamed[e["from"]], "to": renamed[e["to"]]})
             for e in payload.get("edges", []) if e["from"] in renamed and e["to"] in renamed]
    return nodes, positions, edges

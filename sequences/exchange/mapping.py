"""Shared pieces of every exchange: asset ids with missing-id warnings, wait lengths, walk order, ids."""

from __future__ import annotations

import re
from collections import deque

from ..document import Document
from ..nodes import EntryNode, WaitNode
from .index import indexed
from .lint import Lint

BUSINESS_TO_CALENDAR = 7 / 5


def asset_id(document: Document, lint: Lint, kind: str, key: str, node: str | None = None,
             refused: bool = False, why: str = "") -> str | None:
    """The target's id for an email/segment, or None with a lint item: never a silent placeholder.
    ``refused``: the tool refuses or cannot run the definition without it (a lint error)."""
    mapping = document.exports.for_target(lint.target)
    table = mapping.emails if kind in ("email", "template") else mapping.segments
    value = table.get(key)
    if not value:
        lint.missing_id(kind, key, node, refused, why)
        return None
    return value


def property_name(document: Document, target: str, field: str) -> str:
    return document.exports.for_target(target).properties.get(field, field)


def wait_days(node: WaitNode) -> float:
    """Calendar days a wait lasts (its timeout, for a wait until an event)."""
    days = node.days * BUSINESS_TO_CALENDAR if node.mode == "business_days" else node.days
    return round(days, 4)


def walk_order(document: Document) -> list[str]:
    """Node ids breadth-first from the entries, outputs in port order, then any unreachable ones."""
    seq = indexed(document)
    order: list[str] = []
    seen: set[str] = set()
    starts = [n.id for n in seq.nodes if isinstance(n, EntryNode)] + [n.id for n in seq.nodes]
    for start in starts:
        queue = deque([start])
        while queue:
            node_id = queue.popleft()
            if node_id in seen:
                continue
            seen.add(node_id)
            order.append(node_id)
            ports = seq.node(node_id).ports()
            for edge in sorted(seq.out_edges(node_id), key=lambda e: _rank(ports, e.port)):
                queue.append(edge.to)
    return order


def _rank(ports: tuple[str, ...], port: str) -> int:
    return ports.index(port) if port in ports else len(ports)


def slug(text: str, fallback: str) -> str:
    value = re.sub(r"[^A-Za-z0-9_]+", "_", text.strip().lower()).strip("_")[:40]
    if not value or not re.match(r"[A-Za-z_]", value):
        value = f"{fallback}_{value}" if value else fallback
    return value


def past_entries(document: Document, node_id: str | None) -> str | None:
    """An arrow into an entry carries on to the entry's first step (tools have no entry to jump to)."""
    seen: set[str] = set()
    while node_id is not None and isinstance(indexed(document).find(node_id), EntryNode) and node_id not in seen:
        seen.add(node_id)
        node_id = next((e.to for e in indexed(document).out_edges(node_id)), None)
    return None if node_id in seen else node_id

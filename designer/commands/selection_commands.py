"""Composite edits on a selection: delete nodes and edges, insert a group (paste, duplicate)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QUndoCommand

from sequences import Edge
from sequences.nodes import NodeBase

from ..document import DocumentModel, Point
from .edge_commands import AddEdgeCommand, RemoveEdgeCommand
from .macro_command import MacroCommand
from .node_commands import AddNodeCommand, RemoveNodeCommand


def delete_command(model: DocumentModel, node_ids: Iterable[str],
                   edge_keys: Iterable[tuple[str, str]] = ()) -> QUndoCommand | None:
    """Deletes nodes with every edge touching them, and the given edges. None if nothing is selected."""
    nodes = [n.id for n in model.document.sequence.nodes if n.id in set(node_ids)]
    keys = set(edge_keys)
    keys |= {e.key for e in model.document.sequence.edges if e.from_ in nodes or e.to in nodes}
    if not nodes and not keys:
        return None
    if len(nodes) == 1 and len(keys) == 0:
        label = f"Delete '{nodes[0]}'"
    else:
        parts = [f"{len(nodes)} node{'s' * (len(nodes) != 1)}"] if nodes else []
        parts += [f"{len(keys)} connection{'s' * (len(keys) != 1)}"] if keys else []
        label = "Delete " + " and ".join(parts)
    parent = MacroCommand(label)
    # Edges in reverse file order so each undo re-inserts at the index it came from.
    ordered = [e.key for e in model.document.sequence.edges if e.key in keys]
    for from_id, port in reversed(ordered):
        parent.add(RemoveEdgeCommand(model, from_id, port))
    for node_id in reversed(nodes):
        parent.add(RemoveNodeCommand(model, node_id))
    return parent


def insert_command(model: DocumentModel, nodes: list[NodeBase], positions: dict[str, Point],
                   edges: list[Edge], label: str) -> QUndoCommand:
    parent = MacroCommand(label)
    for node in nodes:
        parent.add(AddNodeCommand(model, node, positions[node.id]))
    for edge in edges:
        parent.add(AddEdgeCommand(model, edge))
    return parent

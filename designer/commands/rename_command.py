"""Renaming a node's id: its connections and position follow; ids used outside the graph are refused."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ..document import DocumentModel
from .edge_commands import AddEdgeCommand, RemoveEdgeCommand
from .macro_command import MacroCommand
from .node_commands import AddNodeCommand, RemoveNodeCommand

# Parts of a document that may name a node (arrivals at an entry, recycling, export mappings).
REFERRING = ("scenarios", "sweeps", "exports")


def _find(value: Any, wanted: str, path: str) -> str | None:
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if key == wanted:
                return where
            found = _find(item, wanted, where)
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _find(item, wanted, f"{path}[{i}]")
            if found:
                return found
    elif isinstance(value, str) and (value == wanted or value.endswith(f":{wanted}")):
        return path
    return None


def referenced_at(model: DocumentModel, node_id: str) -> str | None:
    """Where outside the graph the document names ``node_id`` (e.g. ``scenarios[0].cohort...``), if anywhere."""
    fields = [f for f in REFERRING if f in type(model.document).model_fields]
    data = model.document.model_dump(mode="json", by_alias=True, include=set(fields))
    for field in fields:
        found = _find(data.get(field), node_id, field)
        if found:
            return found
    return None


def rename_command(model: DocumentModel, old: str, new: str) -> QUndoCommand:
    """Remove the node and its connections, add it back under the new id at the same place."""
    node = model.node(old)
    edges = [e for e in model.document.sequence.edges if old in (e.from_, e.to)]
    indices = [model.edge_index(e.from_, e.port) for e in edges]
    command = MacroCommand(f"Rename '{old}' to '{new}'")
    for edge in reversed(edges):
        command.add(RemoveEdgeCommand(model, edge.from_, edge.port))
    command.add(RemoveNodeCommand(model, old))
    command.add(AddNodeCommand(model, node.model_copy(update={"id": new}), model.position(old),
                               model.node_index(old)))
    for index, edge in zip(indices, edges, strict=True):
        renamed = edge.model_copy(update={"from_": new if edge.from_ == old else edge.from_,
                                          "to": new if edge.to == old else edge.to})
        command.add(AddEdgeCommand(model, renamed, index))
    return command

"""Renaming a node's id: its connections, position and every place that names it (arrivals, recycling,
export ids) follow, as one undo step. Strings that merely equal the id (a topic, ``thresholds.sql``) stay."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..document import DocumentModel
from .document_commands import SetDocumentFieldCommand
from .edge_commands import AddEdgeCommand, RemoveEdgeCommand
from .macro_command import MacroCommand
from .node_commands import AddNodeCommand, RemoveNodeCommand
from .node_references import renamed_fields


def rename_command(model: DocumentModel, old: str, new: str) -> QUndoCommand:
    """Remove the node and its connections, add it back under the new id at the same place, then rename
    the references to it."""
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
    for field, value in renamed_fields(model.document, old, new).items():
        command.add(SetDocumentFieldCommand(model, field, value))
    return command

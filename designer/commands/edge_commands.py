"""Connecting and disconnecting ports."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from sequences import Edge

from ..document import DocumentModel
from .macro_command import MacroCommand


class AddEdgeCommand(QUndoCommand):
    def __init__(self, model: DocumentModel, edge: Edge, index: int | None = None,
                 parent: QUndoCommand | None = None):
        super().__init__(f"Connect {edge.from_}.{edge.port} → {edge.to}", parent)
        self.model, self.edge, self.index = model, edge, index

    def redo(self) -> None:
        self.model.add_edge(self.edge, self.index)

    def undo(self) -> None:
        self.model.remove_edge(self.edge.from_, self.edge.port)


class RemoveEdgeCommand(QUndoCommand):
    def __init__(self, model: DocumentModel, from_id: str, port: str, parent: QUndoCommand | None = None):
        super().__init__(f"Disconnect {from_id}.{port}", parent)
        self.model, self.key = model, (from_id, port)
        self.edge: Edge | None = None
        self.index = 0

    def redo(self) -> None:
        self.edge = self.model.edge(*self.key)
        self.index = self.model.edge_index(*self.key)
        self.model.remove_edge(*self.key)

    def undo(self) -> None:
        assert self.edge is not None
        self.model.add_edge(self.edge, self.index)


def connect_command(model: DocumentModel, from_id: str, port: str, to_id: str) -> QUndoCommand | None:
    """Connect a port to a node; an edge already on that port is replaced. None if nothing changes."""
    existing = model.edge(from_id, port)
    if existing is not None and existing.to == to_id:
        return None
    edge = Edge.model_validate({"from": from_id, "port": port, "to": to_id})
    if existing is None:
        return AddEdgeCommand(model, edge)
    parent = MacroCommand(f"Reconnect {from_id}.{port} → {to_id}")
    index = model.edge_index(from_id, port)
    parent.add(RemoveEdgeCommand(model, from_id, port))
    parent.add(AddEdgeCommand(model, edge, index))
    return parent

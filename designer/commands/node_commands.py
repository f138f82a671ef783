"""Adding, removing, changing and moving nodes."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from sequences import Edge
from sequences.nodes import NodeBase

from ..document import DocumentModel, Point

_MERGE_NODE = 1001


class AddNodeCommand(QUndoCommand):
    def __init__(self, model: DocumentModel, node: NodeBase, position: Point, index: int | None = None,
                 parent: QUndoCommand | None = None):
        super().__init__(f"Add {node.kind} '{node.id}'", parent)
        self.model, self.node, self.position, self.index = model, node, position, index

    def redo(self) -> None:
        self.model.add_node(self.node, self.position, self.index)

    def undo(self) -> None:
        self.model.remove_node(self.node.id)


class RemoveNodeCommand(QUndoCommand):
    """Removes a node whose edges were removed by earlier sibling commands."""

    def __init__(self, model: DocumentModel, node_id: str, parent: QUndoCommand | None = None):
        super().__init__(f"Delete '{node_id}'", parent)
        self.model, self.node_id = model, node_id
        self.node: NodeBase | None = None
        self.position: Point = (0.0, 0.0)
        self.index = 0

    def redo(self) -> None:
        self.node = self.model.node(self.node_id)
        self.position = self.model.position(self.node_id)
        self.index = self.model.node_index(self.node_id)
        self.model.remove_node(self.node_id)

    def undo(self) -> None:
        assert self.node is not None
        self.model.add_node(self.node, self.position, self.index)


class MoveNodesCommand(QUndoCommand):
    """One drag (any number of nodes) is one step."""

    def __init__(self, model: DocumentModel, old: dict[str, Point], new: dict[str, Point]):
        count = len(new)
        super().__init__(f"Move '{next(iter(new))}'" if count == 1 else f"Move {count} nodes")
        self.model, self.old, self.new = model, dict(old), dict(new)

    def redo(self) -> None:
        self.model.move_nodes(self.new)

    def undo(self) -> None:
        self.model.move_nodes(self.old)


# A wait that becomes "until an event" keeps its way on as the timeout path (where the leads that do
# nothing go, as all of them did before), and back again.
CONTINUES = {"next": "timeout", "timeout": "next"}


def _port_map(old: NodeBase, new: NodeBase) -> dict[str, str | None]:
    """Where each old port's edge goes: kept ports stay, renamed ports (same count) follow by position,
    a wait's next and timeout stand for each other."""
    before, after = old.ports(), new.ports()
    mapping: dict[str, str | None] = {}
    for i, port in enumerate(before):
        if port in after:
            mapping[port] = port
        elif len(before) == len(after) and after[i] not in before:
            mapping[port] = after[i]
        elif CONTINUES.get(port) in after and CONTINUES[port] not in before:
            mapping[port] = CONTINUES[port]
        else:
            mapping[port] = None
    return mapping


class ReplaceNodeCommand(QUndoCommand):
    """A node's content changes (same id). Edges follow renamed ports and go when their port goes.

    Successive edits with the same ``merge_key`` (one field of one node) merge into one step.
    """

    def __init__(self, model: DocumentModel, new: NodeBase, label: str = "", merge_key: str | None = None):
        super().__init__(label or f"Edit '{new.id}'")
        self.model = model
        self.old = model.node(new.id)
        self.new = new
        self.merge_key = merge_key
        self.moved: list[tuple[int, Edge, Edge | None]] = []

    def id(self) -> int:
        return _MERGE_NODE if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ReplaceNodeCommand) or other.merge_key != self.merge_key:
            return False
        if other.new.id != self.new.id:
            return False
        # Chain the edge moves: an edge self moved from port a to b and other from b to c went a -> c.
        later = {edge.key: (i, edge, after) for i, edge, after in other.moved}
        moved = []
        for index, edge, after in self.moved:
            if after is not None and after.key in later:
                after = later.pop(after.key)[2]
            moved.append((index, edge, after))
        self.moved = moved + list(later.values())
        self.new = other.new
        return True

    def redo(self) -> None:
        mapping = _port_map(self.old, self.new)
        self.moved = []
        for edge in self.model.document.sequence.out_edges(self.old.id):
            target = mapping.get(edge.port, edge.port)
            if target != edge.port:
                index = self.model.edge_index(edge.from_, edge.port)
                moved = None if target is None else edge.model_copy(update={"port": target})
                self.moved.append((index, edge, moved))
        for _, edge, _ in sorted(self.moved, key=lambda m: -m[0]):
            self.model.remove_edge(edge.from_, edge.port)
        self.model.replace_node(self.new)
        for index, _, moved in sorted(self.moved, key=lambda m: m[0]):
            if moved is not None:
                self.model.add_edge(moved, index)

    def removed(self) -> str:
        """Which connections this edit removed (their ports are gone), for the status bar; "" if none."""
        gone = [f"“{edge.port}” to '{edge.to}'" for _, edge, moved in self.moved if moved is None]
        if not gone:
            return ""
        return f"Removed the connection{'s' * (len(gone) > 1)} {', '.join(gone)} of '{self.new.id}': " \
               f"{'their ports are' if len(gone) > 1 else 'its port is'} gone"

    def undo(self) -> None:
        for _, _, moved in sorted(self.moved, key=lambda m: -m[0]):
            if moved is not None:
                self.model.remove_edge(moved.from_, moved.port)
        self.model.replace_node(self.old)
        for index, edge, _ in sorted(self.moved, key=lambda m: m[0]):
            self.model.add_edge(edge, index)

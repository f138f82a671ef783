"""Edit operations behind the menus, shortcuts and context menus; each pushes one undoable command."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF

from sequences import Edge

from .canvas.clipboard import copy_payload, from_clipboard, put_on_clipboard, rebased
from .canvas.new_nodes import new_node
from .canvas.node_item import GRID, WIDTH
from .canvas.scene import CanvasScene
from .canvas.splice import continuing_port, free_spot, splice_positions
from .canvas.view import CanvasView
from .commands import AddNodeCommand, MoveNodesCommand, connect_command, delete_command, insert_command
from .commands.edge_commands import AddEdgeCommand
from .commands.macro_command import MacroCommand
from .document import DocumentModel
from .layout_model import layered_positions

PASTE_STEP = 40.0


class EditController(QObject):
    def __init__(self, model: DocumentModel, scene: CanvasScene, view: CanvasView, parent=None):
        super().__init__(parent)
        self.model, self.scene, self.view = model, scene, view
        self._pastes = 0
        self._payload_seen: dict | None = None

    def _push(self, command) -> bool:
        if command is None or self.model.read_only:
            return False
        self.model.undo_stack.push(command)
        return True

    def _snap(self, x: float, y: float) -> tuple[float, float]:
        if not self.scene.snap_to_grid:
            return (round(x, 1), round(y, 1))
        return (round(x / GRID) * GRID, round(y / GRID) * GRID)

    def add_node(self, kind: str, scene_pos: QPointF | None = None) -> str | None:
        """Adds a node centred on ``scene_pos`` (the view's centre if None) and selects it."""
        if self.model.read_only:
            return None
        node = new_node(kind, self.model.ids())
        if scene_pos is not None:
            position = self._snap(scene_pos.x() - WIDTH / 2, scene_pos.y() - 23)
        else:
            # Palette click, Insert menu: next to the selected node (or the view's centre), on free space.
            selected = self.scene.selected_node_ids()
            centre = self.view.view_centre()
            position = free_spot(self.model, node, (centre.x() - WIDTH / 2, centre.y() - 23),
                                 selected[-1] if selected else None)
        self._push(AddNodeCommand(self.model, node, position))
        self.scene.select_nodes([node.id])
        return node.id

    def insert_on_edge(self, kind: str, from_id: str, port: str) -> str | None:
        """A new node spliced into the connection ``from_id.port``: it takes the connection's place and passes
        leads on to the old target; the steps after it move along to make room. One undo step."""
        edge = self.model.edge(from_id, port)
        if self.model.read_only or edge is None or kind == "entry":
            return None
        node = new_node(kind, self.model.ids())
        position, moves = splice_positions(self.model, node, edge.to)
        command = MacroCommand(f"Insert {kind} '{node.id}' between '{from_id}' and '{edge.to}'")
        if moves:
            command.add(MoveNodesCommand(self.model, {k: self.model.position(k) for k in moves}, moves))
        command.add(AddNodeCommand(self.model, node, position))
        command.add(connect_command(self.model, from_id, port, node.id))  # replaces the old connection
        onward = continuing_port(node)
        if onward is not None:
            command.add(AddEdgeCommand(self.model, Edge.model_validate({"from": node.id, "port": onward,
                                                                          "to": edge.to})))
        self._push(command)
        self.scene.select_nodes([node.id])
        return node.id

    def add_connected(self, kind: str, from_id: str, port: str, scene_pos: QPointF) -> str | None:
        """A new node at ``scene_pos`` fed by ``from_id``'s ``port``: one undo step."""
        if self.model.read_only:
            return None
        node = new_node(kind, self.model.ids())
        position = self._snap(scene_pos.x(), scene_pos.y() - 23)
        command = MacroCommand(f"Add {kind} '{node.id}' after '{from_id}'")
        command.add(AddNodeCommand(self.model, node, position))
        command.add(connect_command(self.model, from_id, port, node.id))  # replaces an edge already there
        self._push(command)
        self.scene.select_nodes([node.id])
        return node.id

    def delete_selection(self) -> None:
        self._push(delete_command(self.model, self.scene.selected_node_ids(), self.scene.selected_edge_keys()))

    def copy(self) -> bool:
        ids = self.scene.selected_node_ids()
        if not ids:
            return False
        put_on_clipboard(copy_payload(self.model, ids))
        self._pastes = 0
        return True

    def cut(self) -> None:
        if not self.model.read_only and self.copy():
            command = delete_command(self.model, self.scene.selected_node_ids())
            if command is not None:
                command.setText(command.text().replace("Delete", "Cut", 1))
            self._push(command)

    def paste(self) -> list[str]:
        payload = from_clipboard()
        if payload is None or self.model.read_only:
            return []
        if payload != self._payload_seen:
            self._payload_seen, self._pastes = payload, 0
        self._pastes += 1
        step = PASTE_STEP * self._pastes
        return self._insert(payload, (step, step), "Paste")

    def duplicate(self) -> list[str]:
        ids = self.scene.selected_node_ids()
        if not ids or self.model.read_only:
            return []
        return self._insert(copy_payload(self.model, ids), (PASTE_STEP, PASTE_STEP), "Duplicate")

    def _insert(self, payload: dict, offset: tuple[float, float], verb: str) -> list[str]:
        nodes, positions, edges = rebased(payload, self.model.ids(), offset)
        count = len(nodes)
        label = f"{verb} {count} node{'s' * (count != 1)}"
        if not self._push(insert_command(self.model, nodes, positions, edges, label)):
            return []  # refused (read-only): the selection stays as it was
        ids = [n.id for n in nodes]
        self.scene.select_nodes(ids)
        return ids

    def auto_layout(self) -> None:
        positions = layered_positions(self.model.document, direction=self.model.direction)
        old = {k: self.model.position(k) for k in positions}
        moved = {k: v for k, v in positions.items() if old[k] != v}
        if moved:
            command = MoveNodesCommand(self.model, {k: old[k] for k in moved}, moved)
            command.setText("Auto-layout")
            self._push(command)

    def set_direction(self, direction: str) -> None:
        """Turn the cards (ports on top and bottom, or on the sides) and re-arrange them: one undo step."""
        if direction == self.model.direction:
            return
        self.scene.set_direction(direction)
        self.auto_layout()
        self.view.zoom_to_fit()

    def nudge(self, dx: float, dy: float) -> None:
        """Arrow keys: move the selected nodes by a grid step (one undo step per key press)."""
        ids = self.scene.selected_node_ids()
        if not ids:
            return
        old = {k: self.model.position(k) for k in ids}
        new = {k: (x + dx, y + dy) for k, (x, y) in old.items()}
        self._push(MoveNodesCommand(self.model, old, new))

    def select_all(self) -> None:
        self.scene.select_nodes(list(self.scene.node_items))

    def find_nodes(self, text: str) -> list[str]:
        """Ids of nodes whose id, title or subject contains ``text`` (case-insensitive), in file order."""
        needle = text.strip().lower()
        if not needle:
            return []
        hits = []
        for node in self.model.document.sequence.nodes:
            words = [node.id, node.title, getattr(node, "subject", "")]
            if any(needle in w.lower() for w in words if w):
                hits.append(node.id)
        return hits

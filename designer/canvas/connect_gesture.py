"""Drag from an output port to a node: a dashed preview follows the mouse; release connects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsPathItem
from shiboken6 import isValid

from ..commands import connect_command
from .edge_item import connector_path
from .node_item import NodeItem

if TYPE_CHECKING:
    from .port_item import PortItem
    from .scene import CanvasScene


class ConnectGesture:
    def __init__(self, scene: CanvasScene):
        self.scene = scene
        self.port: PortItem | None = None
        self.preview: QGraphicsPathItem | None = None
        self.hovered: NodeItem | None = None

    @property
    def active(self) -> bool:
        return self.port is not None

    def start(self, port: PortItem, pos: QPointF) -> None:
        if self.scene.model.read_only:
            return
        self.port = port
        self.preview = QGraphicsPathItem()
        pen = QPen(self.scene.colours.selection, 2, Qt.DashLine)
        self.preview.setPen(pen)
        self.preview.setZValue(5)
        self.scene.addItem(self.preview)
        self.move(pos)

    def target_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.scene.items(pos):
            node = item if isinstance(item, NodeItem) else item.parentItem()
            if isinstance(node, NodeItem) and self.port is not None and node is not self.port.node_item:
                return node
        return None

    def move(self, pos: QPointF) -> None:
        if self.port is None or self.preview is None:
            return
        target = self.target_at(pos)
        if target is not None and target.node.kind == "entry":
            target = None  # nothing leads into an entry
        if target is not self.hovered:
            if self.hovered is not None:
                self.hovered.set_drop_target(False)
            if target is not None:
                target.set_drop_target(True)
            self.hovered = target
        end = target.input_scene_pos() if target is not None else pos
        self.preview.setPath(connector_path(self.port.scenePos(), end, self.port.node_item.direction))

    def finish(self, pos: QPointF) -> None:
        port, target = self.port, self.target_at(pos) if self.port is not None else None
        self.cancel()
        if port is None:
            return
        if target is None:
            if not any(isinstance(i, NodeItem) for i in self.scene.items(pos)):
                # Dropped on empty canvas: offer to add a node there, already connected.
                self.scene.connectToNewRequested.emit(port.node_item.node_id, port.port or "next", pos)
            return
        if target.node.kind == "entry":
            return
        command = connect_command(self.scene.model, port.node_item.node_id, port.port or "next", target.node_id)
        if command is not None:
            self.scene.model.undo_stack.push(command)

    def cancel(self) -> None:
        if self.preview is not None:
            self.scene.removeItem(self.preview)
        self.preview = None
        self.port = None
        if self.hovered is not None and isValid(self.hovered):
            self.hovered.set_drop_target(False)
        self.hovered = None

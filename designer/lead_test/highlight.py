"""The test lead's path drawn over the canvas: a soft outline on visited nodes, a strong one on the current."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

CURRENT = QColor(255, 140, 0)
VISITED = QColor(255, 176, 32, 150)
Z_OVERLAY = 50.0


def _outline(rect: QRectF, pad: float) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(rect.adjusted(-pad, -pad, pad, pad), 10, 10)
    return path


class PathHighlight:
    """Owns its overlay items; items are views only, never selectable, never in the model."""

    def __init__(self, scene: QGraphicsScene):
        self.scene = scene
        self.items: list[QGraphicsPathItem] = []
        self.current: str | None = None
        self.visited: list[str] = []

    def show(self, visited: list[str], current: str | None) -> None:
        self.clear()
        self.visited, self.current = list(visited), current
        node_items = getattr(self.scene, "node_items", {})
        for node_id in dict.fromkeys(visited):
            item = node_items.get(node_id)
            if item is None or node_id == current:
                continue
            self._add(item.sceneBoundingRect(), VISITED, 2.5, 4)
        item = node_items.get(current) if current else None
        if item is not None:
            self._add(item.sceneBoundingRect(), CURRENT, 5.0, 7)

    def _add(self, rect: QRectF, colour: QColor, width: float, pad: float) -> None:
        overlay = QGraphicsPathItem(_outline(rect, pad))
        pen = QPen(colour, width)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.RoundJoin)
        overlay.setPen(pen)
        overlay.setBrush(Qt.NoBrush)
        overlay.setZValue(Z_OVERLAY)
        overlay.setAcceptedMouseButtons(Qt.NoButton)
        overlay.setAcceptHoverEvents(False)
        self.scene.addItem(overlay)
        self.items.append(overlay)

    def clear(self) -> None:
        for item in self.items:
            # The scene may have been rebuilt (cleared) since: only remove items that still live in it.
            if shiboken6.isValid(item) and item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items = []
        self.current, self.visited = None, []

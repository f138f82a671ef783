"""Input and output ports on a node card; dragging from an output port starts a connection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneMouseEvent

if TYPE_CHECKING:
    from .node_item import NodeItem

RADIUS = 6.0
_BOUNDS = QRectF(-RADIUS - 3, -RADIUS - 3, 2 * RADIUS + 6, 2 * RADIUS + 6)


class HoverHighlight:
    """Mixin for a graphics item that paints itself highlighted while the pointer is over it (``_hover``)."""

    _hover = False

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()


class PortItem(HoverHighlight, QGraphicsItem):
    """``port`` is the output's label, or ``None`` for the node's single input."""

    def __init__(self, node: NodeItem, port: str | None):
        super().__init__(node)
        self.node_item = node
        self.port = port
        self.setAcceptHoverEvents(port is not None)
        if port is not None:
            self.setCursor(Qt.CrossCursor)
            self.setToolTip(f"Drag to a node to connect “{port}”")
        self.setZValue(2)
        # Drawn once and blitted: a drag repaints every port under the moved connections' bounds.
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)

    @property
    def is_output(self) -> bool:
        return self.port is not None

    def boundingRect(self) -> QRectF:
        return _BOUNDS

    def paint(self, painter, option, widget=None) -> None:
        colours = self.node_item.colours()
        r = RADIUS + (1.5 if self._hover else 0)
        connected = self.node_item.port_connected(self.port)
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.node_item.kind_colour(), 2))
        fill = self.node_item.kind_colour() if connected or self._hover else colours.card
        painter.setBrush(QBrush(QColor(fill)))
        painter.drawEllipse(QRectF(-r, -r, 2 * r, 2 * r))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.is_output and event.button() == Qt.LeftButton and self.scene() is not None:
            self.scene().connect_gesture.start(self, event.scenePos())
            event.accept()
        else:
            event.ignore()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.scene().connect_gesture.move(event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.scene().connect_gesture.finish(event.scenePos())

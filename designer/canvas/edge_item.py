"""A connection from an output port to a node's input: a curve with an arrow head."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyle

from .node_item import HEADER
from .port_item import RADIUS, HoverHighlight

if TYPE_CHECKING:
    from .node_item import NodeItem

ARROW = 9.0


def connector_path(start: QPointF, end: QPointF) -> QPainterPath:
    """Horizontal tangents at both ends; a backward edge loops under instead of cutting through cards."""
    path = QPainterPath(start)
    dx = end.x() - start.x()
    if dx >= 40:
        bend = max(50.0, dx / 2)
        path.cubicTo(QPointF(start.x() + bend, start.y()), QPointF(end.x() - bend, end.y()), end)
    else:
        drop = max(start.y(), end.y()) + HEADER * 2.2
        reach = 60.0
        path.cubicTo(QPointF(start.x() + reach * 2, start.y()), QPointF(start.x() + reach, drop),
                     QPointF((start.x() + end.x()) / 2, drop))
        path.cubicTo(QPointF(end.x() - reach, drop), QPointF(end.x() - reach * 2, end.y()), end)
    return path


class EdgeItem(HoverHighlight, QGraphicsPathItem):
    def __init__(self, source: NodeItem, port: str, target: NodeItem):
        super().__init__()
        self.source, self.port, self.target = source, port, target
        self.setFlags(QGraphicsItem.ItemIsSelectable)
        self.setZValue(0)
        self.setAcceptHoverEvents(True)
        self.update_path()

    @property
    def key(self) -> tuple[str, str]:
        return (self.source.node_id, self.port)

    def update_path(self) -> None:
        start = self.source.output_scene_pos(self.port)
        end = self.target.input_scene_pos() - QPointF(RADIUS + 1, 0)  # the tip touches the port's rim
        self.setPath(connector_path(start, end - QPointF(ARROW - 1, 0)))
        self._end = end

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        return stroker.createStroke(self.path())

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-ARROW, -ARROW, ARROW, ARROW)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scene = self.scene()
        colours = scene.colours if scene is not None else None
        selected = bool(option.state & QStyle.State_Selected)
        colour = colours.selection if (selected or self._hover) and colours else (
            colours.edge if colours else Qt.gray)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(colour, 2.6 if selected else 1.6, Qt.SolidLine, Qt.RoundCap))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(self.path())
        tip = self._end
        angle = math.atan2(0, 1)
        left = tip - QPointF(math.cos(angle - 0.45) * ARROW, math.sin(angle - 0.45) * ARROW)
        right = tip - QPointF(math.cos(angle + 0.45) * ARROW, math.sin(angle + 0.45) * ARROW)
        painter.setPen(Qt.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(QPolygonF([tip, left, right]))

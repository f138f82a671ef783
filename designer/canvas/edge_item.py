"""A connection from an output port to a node's input: routed at right angles around cards, with an arrow
head and, from a branch or split, the output's label."""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyle

from .port_item import RADIUS, HoverHighlight
from .routing import route

if TYPE_CHECKING:
    from .node_item import NodeItem

ARROW = 9.0
CORNER = 8.0
PLUS = 8.0  # radius of the "+" that inserts a node into the connection
CACHED_AREA = 400.0 * 400.0  # scene area under which a connection keeps a cached picture of itself


def rounded_path(points: list[tuple[float, float]]) -> QPainterPath:
    """Straight runs joined by small rounded corners."""
    path = QPainterPath(QPointF(*points[0]))
    for i in range(1, len(points) - 1):
        (ax, ay), (bx, by), (cx, cy) = points[i - 1], points[i], points[i + 1]
        r_in = min(CORNER, math.hypot(bx - ax, by - ay) / 2)
        r_out = min(CORNER, math.hypot(cx - bx, cy - by) / 2)
        before = QPointF(bx - math.copysign(r_in, bx - ax) * (ax != bx),
                         by - math.copysign(r_in, by - ay) * (ay != by))
        after = QPointF(bx + math.copysign(r_out, cx - bx) * (cx != bx),
                        by + math.copysign(r_out, cy - by) * (cy != by))
        path.lineTo(before)
        path.quadTo(QPointF(bx, by), after)
    path.lineTo(QPointF(*points[-1]))
    return path


def connector_path(start: QPointF, end: QPointF, direction: str = "down") -> QPainterPath:
    """The path of a connection being dragged: orthogonal, without looking at other cards."""
    return rounded_path(route((start.x(), start.y()), (end.x(), end.y()), [], [], direction))


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
        direction = self.source.direction
        step = QPointF(0, 1) if direction == "down" else QPointF(1, 0)
        start = self.source.output_scene_pos(self.port)
        end = self.target.input_scene_pos() - step * (RADIUS + 1)  # the tip touches the port's rim
        scene = self.scene()
        obstacles, ends = [], []
        if scene is not None:
            # Only cards level with the connection (along the flow) can be in its way.
            a, b = (start.y(), end.y()) if direction == "down" else (start.x(), end.x())
            lo, hi = min(a, b) - 60, max(a, b) + 60
            ids = (self.source.node_id, self.target.node_id)
            for node_id, r in scene.card_rects().items():
                if node_id in ids:
                    ends.append(r)
                elif (r[1] < hi and lo < r[1] + r[3]) if direction == "down" else (r[0] < hi and lo < r[0] + r[2]):
                    obstacles.append(r)
        self._points = route((start.x(), start.y()), (end.x(), end.y()), obstacles, ends, direction)
        self._label = self.source.port_label(self.port) if direction == "down" else ""
        self.prepareGeometryChange()
        self._shape = self._bounds = None  # worked out again on first use (hover tests ask often)
        self._label_rect = None
        self.setPath(rounded_path(self._points[:-1] + [(end.x() - step.x() * (ARROW - 1),
                                                        end.y() - step.y() * (ARROW - 1))]))
        self._end, self._step = end, step
        self._plus = None
        self._arrow = _arrow_head(end, step)
        self._later_outputs_forget_labels(scene)
        # Short connections are drawn once per look and blitted while other cards move; a long one would
        # need a pixmap the size of the view, so it is painted each time.
        bounds = self.boundingRect()
        small = bounds.width() * bounds.height() < CACHED_AREA
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache if small else QGraphicsItem.NoCache)

    def _later_outputs_forget_labels(self, scene) -> None:
        if scene is None or not self._label:
            return
        order = [port for port, _ in self.source._ports]
        later = order[order.index(self.port) + 1:] if self.port in order else []
        for port in later:
            edge = scene.edge_items.get((self.source.node_id, port))
            if edge is not None and edge is not self:
                edge.forget_label()

    def itemChange(self, change, value):
        if change == QGraphicsItem.ItemSceneHasChanged and value is not None:
            self.update_path()  # now the other cards can be routed around
        return super().itemChange(change, value)

    def shape(self) -> QPainterPath:
        if getattr(self, "_shape", None) is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(12)
            self._shape = stroker.createStroke(self.path())
            self._shape.addEllipse(self.plus_rect().adjusted(-2, -2, 2, 2))
        return self._shape

    def boundingRect(self) -> QRectF:
        if getattr(self, "_bounds", None) is None:
            self._bounds = super().boundingRect().adjusted(-ARROW, -ARROW, ARROW, ARROW).united(
                self.label_rect()).united(self.plus_rect().adjusted(-2, -2, 2, 2))
        return self._bounds

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
        painter.setPen(Qt.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(self._arrow)
        if self._label:
            self._paint_label(painter, colour)
        self._paint_plus(painter, colour)

    def _longest_run(self) -> tuple[tuple[float, float], tuple[float, float]]:
        runs = list(zip(self._points, self._points[1:], strict=False))
        return max(runs, key=lambda r: abs(r[1][0] - r[0][0]) + abs(r[1][1] - r[0][1]))

    def plus_centre(self) -> QPointF:
        """Where the "+" sits: on the longest run, past the middle when a label holds the middle; on another
        run when that run is too short to hold both (the "+" covered the label's last letters)."""
        a, b = self._longest_run()
        if not getattr(self, "_label", ""):
            return QPointF((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        label = self.label_rect().adjusted(-3, -3, 3, 3)
        runs = sorted(zip(self._points, self._points[1:], strict=False),
                      key=lambda r: -(abs(r[1][0] - r[0][0]) + abs(r[1][1] - r[0][1])))
        candidates = [(a, b, 0.88)] + [(p, q, 0.5) for p, q in runs if (p, q) != (a, b)]
        for p, q, t in candidates:
            centre = QPointF(p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)
            if not label.intersects(QRectF(centre.x() - PLUS, centre.y() - PLUS, 2 * PLUS, 2 * PLUS)):
                return centre
        return QPointF(a[0] + (b[0] - a[0]) * 0.88, a[1] + (b[1] - a[1]) * 0.88)

    def plus_rect(self) -> QRectF:
        if getattr(self, "_plus", None) is None:  # worked out once per route: paint and hover ask often
            c = self.plus_centre()
            self._plus = QRectF(c.x() - PLUS, c.y() - PLUS, 2 * PLUS, 2 * PLUS)
        return QRectF(self._plus)

    def _paint_plus(self, painter: QPainter, colour) -> None:
        scene = self.scene()
        if scene is not None and (getattr(scene.model, "read_only", False) or scene.property("picture")):
            return  # nothing to insert with: a read-only document, or a picture for a wiki or a review
        rect = self.plus_rect()
        painter.setPen(QPen(colour, 1.4))
        painter.setBrush(scene.colours.card if scene is not None else Qt.white)
        painter.drawEllipse(rect)
        c, arm = rect.center(), PLUS * 0.5
        painter.drawLine(QPointF(c.x() - arm, c.y()), QPointF(c.x() + arm, c.y()))
        painter.drawLine(QPointF(c.x(), c.y() - arm), QPointF(c.x(), c.y() + arm))

    def mousePressEvent(self, event) -> None:
        scene = self.scene()
        if (event.button() == Qt.LeftButton and scene is not None and not scene.model.read_only
                and self.plus_rect().adjusted(-2, -2, 2, 2).contains(event.scenePos())):
            scene.insertOnEdgeRequested.emit(self.source.node_id, self.port, event.scenePos())
            event.accept()
            return
        super().mousePressEvent(event)

    def label_rect(self) -> QRectF:
        """Where the branch or split label sits: on the connection's longest run, a third of the way along,
        or further along it (or on another run) where that place is taken by the label of an earlier output
        of the same node or by a card: outputs that share a lane no longer print over each other."""
        if not getattr(self, "_label", ""):
            return QRectF()
        if getattr(self, "_label_rect", None) is not None:
            return self._label_rect
        metrics = QFontMetricsF(_label_font())
        w, h = metrics.horizontalAdvance(self._label) + 10, metrics.height() + 4
        runs = sorted(zip(self._points, self._points[1:], strict=False),
                      key=lambda r: -(abs(r[1][0] - r[0][0]) + abs(r[1][1] - r[0][1])))
        taken = self._taken_places()
        first = None
        for a, b in runs:
            for t in (0.3, 0.5, 0.7, 0.15) if (a, b) == runs[0] else (0.5,):
                x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
                rect = QRectF(x - w / 2, y - h / 2, w, h)
                first = first or rect
                if not any(rect.intersects(other) for other in taken):
                    self._label_rect = rect
                    return rect
        self._label_rect = first
        return first

    def _taken_places(self) -> list[QRectF]:
        """The labels of this node's earlier outputs and the cards (other than its ends), a little enlarged."""
        scene = self.scene()
        if scene is None:
            return []
        order = [port for port, _ in self.source._ports]
        rank = order.index(self.port) if self.port in order else len(order)
        taken = [edge.label_rect().adjusted(-4, -2, 4, 2) for (source, port), edge in scene.edge_items.items()
                 if source == self.source.node_id and port in order[:rank] and edge.isVisible()]
        ends = (self.source.node_id, self.target.node_id)
        taken += [QRectF(x, y, w, h) for node_id, (x, y, w, h) in scene.card_rects().items() if node_id not in ends]
        return [r for r in taken if r.isValid()]

    def forget_label(self) -> None:
        """An earlier output of the same node was routed again: find this label's place anew."""
        if getattr(self, "_label_rect", None) is not None:
            self.prepareGeometryChange()
            self._label_rect = self._bounds = self._plus = self._shape = None
            self.update()

    def _paint_label(self, painter: QPainter, colour) -> None:
        rect = self.label_rect()
        scene = self.scene()
        painter.setPen(QPen(colour, 1))
        painter.setBrush(scene.colours.card if scene is not None else Qt.white)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setFont(_label_font())
        painter.setPen(scene.colours.text if scene is not None else Qt.black)
        painter.drawText(rect, Qt.AlignCenter, self._label)


def _arrow_head(tip: QPointF, step: QPointF) -> QPolygonF:
    angle = math.atan2(step.y(), step.x())
    left = tip - QPointF(math.cos(angle - 0.45) * ARROW, math.sin(angle - 0.45) * ARROW)
    right = tip - QPointF(math.cos(angle + 0.45) * ARROW, math.sin(angle + 0.45) * ARROW)
    return QPolygonF([tip, left, right])


@cache
def _label_font() -> QFont:
    font = QFont()
    font.setPointSizeF(8.0)
    font.setBold(True)
    return font


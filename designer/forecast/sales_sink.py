"""Where SQLs happen, on the canvas: a Sales card and the flows of threshold handoffs into it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem

from simulation.result import SimulationResult


def count(value: float | None) -> str:
    value = value or 0.0
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


class SalesSinkItem(QGraphicsItem):
    """Where leads go when they become SQL: a card right of the graph that the threshold handoffs flow into."""

    WIDTH, HEIGHT = 150.0, 54.0

    def __init__(self, handoffs: float, tooltip: str):
        super().__init__()
        self.text = f"Sales\n{count(handoffs)} handoffs"
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setToolTip(tooltip)
        self.setZValue(4)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.WIDTH, self.HEIGHT)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(QColor("#2f6db5"), 2))
        painter.setBrush(QColor("#e7f0fb"))
        painter.drawRoundedRect(self.boundingRect(), 10, 10)
        painter.setPen(QColor("#1d3f66"))
        painter.drawText(self.boundingRect(), Qt.AlignCenter, self.text)


class SalesFlowItem(QGraphicsItem):
    """A dashed band from a node where leads crossed the SQL threshold to the Sales card."""

    def __init__(self, start: QPointF, end: QPointF, width: float, tooltip: str):
        super().__init__()
        self.path = QPainterPath(start)
        mid = (start.x() + end.x()) / 2
        self.path.cubicTo(QPointF(mid, start.y()), QPointF(mid, end.y()), end)
        self.width = width
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setToolTip(tooltip)
        self.setZValue(-1)

    def boundingRect(self) -> QRectF:
        pad = self.width / 2 + 1
        return self.path.boundingRect().adjusted(-pad, -pad, pad, pad)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(max(self.width, 6.0))
        return stroker.createStroke(self.path)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        colour = QColor("#2f6db5")
        colour.setAlpha(90)
        painter.setPen(QPen(colour, self.width, Qt.DashLine, Qt.RoundCap))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(self.path)


def threshold_handoffs(result: SimulationResult) -> dict[str, float]:
    """Mean leads sent to sales at each node because they crossed the SQL threshold there."""
    return {node_id: f["left"]["sales"].mean or 0.0 for node_id, f in result.nodes.items()
            if f["kind"] not in ("handoff", "goal") and "sales" in f["left"] and (f["left"]["sales"].mean or 0) > 0}


def handoff_badge(node_id: str, figures: dict, result: SimulationResult) -> str | None:
    """Drawn handoff and goal nodes: how many arrived by the graph, and how many became SQL elsewhere."""
    if figures["kind"] not in ("handoff", "goal"):
        return None
    elsewhere = sum(threshold_handoffs(result).values())
    return f"{count(figures['entered'].mean)} by graph · {count(elsewhere)} SQL elsewhere"

"""Painting the parts of a node card: role badges, port labels, the findings marker, the folded-branch pill."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from ..theme import SEVERITY_COLOURS, CanvasColours
from .node_facts import CARD_WIDTH as WIDTH
from .node_facts import PAD, PORT_ROW

if TYPE_CHECKING:
    from .node_item import NodeItem


def paint_fold(item: NodeItem, painter: QPainter, c: CanvasColours) -> None:
    rect = item.fold_rect()
    painter.setPen(QPen(item.kind_colour(), 1.2, Qt.DashLine))
    painter.setBrush(c.card)
    painter.drawRoundedRect(rect, 10, 10)
    painter.setFont(item._fonts[1])
    painter.setPen(c.text)
    painter.drawText(rect, Qt.AlignCenter, f"▸ {item.folded} step{'s' * (item.folded != 1)} hidden")


def paint_badges(item: NodeItem, painter: QPainter, y: float, c: CanvasColours) -> None:
    _, small_font, _ = item._fonts
    painter.setFont(small_font)
    metrics = QFontMetricsF(small_font)
    x = 16.0
    for label in item._badges:
        w = metrics.horizontalAdvance(label) + 12
        if x + w > WIDTH - PAD:
            painter.setPen(c.muted)
            painter.drawText(QRectF(x, y, 24, 17), Qt.AlignLeft | Qt.AlignVCenter, "…")
            break
        painter.setPen(Qt.NoPen)
        painter.setBrush(c.badge)
        painter.drawRoundedRect(QRectF(x, y, w, 17), 8.5, 8.5)
        painter.setPen(c.text)
        painter.drawText(QRectF(x, y, w, 17), Qt.AlignCenter, label)
        x += w + 5


def paint_port_labels(item: NodeItem, painter: QPainter, c: CanvasColours) -> None:
    _, _, body_font = item._fonts
    painter.setFont(body_font)
    metrics = QFontMetricsF(body_font)
    top = item._height - len(item._ports) * PORT_ROW - PAD / 2
    painter.setPen(QPen(c.card_border, 1, Qt.DotLine))
    painter.drawLine(QPointF(16, top - 2), QPointF(WIDTH - PAD, top - 2))
    painter.setPen(c.text)
    for i, (_, label) in enumerate(item._ports):
        shown = metrics.elidedText(label, Qt.ElideLeft, WIDTH - 40)
        painter.drawText(QRectF(16, top + i * PORT_ROW, WIDTH - 32, PORT_ROW),
                         Qt.AlignRight | Qt.AlignVCenter, shown)


def paint_marker(item: NodeItem, painter: QPainter) -> None:
    centre = QPointF(WIDTH - 4, -2)
    painter.setPen(QPen(QColor("white"), 1.5))
    painter.setBrush(QColor(SEVERITY_COLOURS.get(item.severity or "", "#888")))
    painter.drawEllipse(centre, 9, 9)
    painter.setPen(QPen(QColor("white"), 2.2, Qt.SolidLine, Qt.RoundCap))
    painter.drawLine(centre + QPointF(0, -4.5), centre + QPointF(0, 1))
    painter.drawPoint(centre + QPointF(0, 4.5))

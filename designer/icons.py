"""Node-kind and severity icons drawn in code with QPainter, so they scale and follow the theme."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from .theme import KIND_COLOURS, SEVERITY_COLOURS


def draw_glyph(painter: QPainter, kind: str, rect: QRectF, colour: QColor) -> None:
    """A white-on-colour glyph for ``kind`` in ``rect`` (square)."""
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(Qt.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(rect, rect.width() * 0.22, rect.width() * 0.22)
    s = rect.width()
    x, y = rect.x(), rect.y()

    def p(u: float, v: float) -> QPointF:
        return QPointF(x + u * s, y + v * s)

    pen = QPen(QColor("white"), max(1.2, s * 0.085), Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.NoBrush)
    path = QPainterPath()

    def poly(*points: QPointF) -> None:
        path.moveTo(points[0])
        for point in points[1:]:
            path.lineTo(point)

    def curve(a: QPointF, b: QPointF, c: QPointF, d: QPointF) -> None:
        path.moveTo(a)
        path.cubicTo(b, c, d)

    if kind == "entry":
        poly(p(0.22, 0.5), p(0.62, 0.5))
        poly(p(0.48, 0.34), p(0.64, 0.5), p(0.48, 0.66))
        poly(p(0.74, 0.26), p(0.74, 0.74))
    elif kind == "email":
        path.addRect(QRectF(p(0.22, 0.3), p(0.78, 0.7)))
        poly(p(0.22, 0.3), p(0.5, 0.52), p(0.78, 0.3))
    elif kind == "wait":
        path.addEllipse(QRectF(p(0.22, 0.22), p(0.78, 0.78)))
        poly(p(0.5, 0.32), p(0.5, 0.5), p(0.63, 0.58))
    elif kind == "branch":
        poly(p(0.24, 0.5), p(0.45, 0.5))
        curve(p(0.45, 0.5), p(0.58, 0.5), p(0.58, 0.3), p(0.76, 0.3))
        curve(p(0.45, 0.5), p(0.58, 0.5), p(0.58, 0.7), p(0.76, 0.7))
    elif kind == "split":
        poly(p(0.3, 0.74), p(0.7, 0.26))
        path.addEllipse(QRectF(p(0.24, 0.24), p(0.4, 0.4)))
        path.addEllipse(QRectF(p(0.6, 0.6), p(0.76, 0.76)))
    elif kind == "score":
        poly(p(0.28, 0.72), p(0.28, 0.56))
        poly(p(0.5, 0.72), p(0.5, 0.42))
        poly(p(0.72, 0.72), p(0.72, 0.28))
    elif kind == "handoff":
        path.addEllipse(QRectF(p(0.4, 0.2), p(0.6, 0.4)))
        curve(p(0.28, 0.78), p(0.3, 0.5), p(0.7, 0.5), p(0.72, 0.78))
    elif kind == "goal":
        poly(p(0.3, 0.78), p(0.3, 0.22), p(0.74, 0.34), p(0.3, 0.48))
    else:  # exit
        path.addRect(QRectF(p(0.26, 0.22), p(0.56, 0.78)))
        poly(p(0.5, 0.5), p(0.8, 0.5))
        poly(p(0.7, 0.4), p(0.8, 0.5), p(0.7, 0.6))
    painter.drawPath(path)
    painter.restore()


@cache
def kind_icon(kind: str, size: int = 32) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    draw_glyph(painter, kind, QRectF(1, 1, size - 2, size - 2), QColor(KIND_COLOURS[kind]))
    painter.end()
    return QIcon(pixmap)


@cache
def severity_icon(severity: str, size: int = 16) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor(SEVERITY_COLOURS.get(severity, "#888888")))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.setPen(QPen(QColor("white"), size * 0.13, Qt.SolidLine, Qt.RoundCap))
    mid = size / 2
    if severity == "info":
        painter.drawPoint(QPointF(mid, size * 0.3))
        painter.drawLine(QPointF(mid, size * 0.46), QPointF(mid, size * 0.72))
    else:
        painter.drawLine(QPointF(mid, size * 0.26), QPointF(mid, size * 0.56))
        painter.drawPoint(QPointF(mid, size * 0.74))
    painter.end()
    return QIcon(pixmap)

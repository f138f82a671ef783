"""The minimap: the whole sequence in a corner of the canvas, with the visible part outlined; click or drag
in it to move there."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView

SIZE = (200, 150)
MARGIN = 12


class MiniMapView(QGraphicsView):
    def __init__(self, canvas: QGraphicsView):
        super().__init__(canvas.scene(), canvas)
        self.setObjectName("minimap")
        self.canvas = canvas
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setRenderHints(QPainter.Antialiasing)
        # Redrawn after a pause in the changes, not on every one: a 500-card scene drawn small on each frame
        # of a drag would halve the canvas's frame rate.
        self.setViewportUpdateMode(QGraphicsView.NoViewportUpdate)
        self._refit_interval = 150
        self.setFrameShape(QFrame.Box)
        self.setToolTip("The whole sequence: click or drag to move the canvas there")
        self.setCursor(Qt.PointingHandCursor)
        self._refit = QTimer(self)  # many scene changes in a row (a rebuild) fit once
        self._refit.setSingleShot(True)
        self._refit.setInterval(self._refit_interval)
        self._refit.timeout.connect(self.fit)
        canvas.scene().changed.connect(self._scene_changed)
        canvas.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        canvas.verticalScrollBar().valueChanged.connect(self.viewport().update)

    def _scene_changed(self, _regions=None) -> None:
        if not self._refit.isActive():
            self._refit.start()

    def fit(self) -> None:
        rect = self.scene().nodes_rect()
        if not rect.isEmpty():
            self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.KeepAspectRatio)
        self.viewport().update()

    def place(self) -> None:
        """Bottom-right corner of the canvas, at most a quarter of it each way."""
        parent = self.canvas.viewport()
        width = int(min(SIZE[0], parent.width() * 0.25))
        height = int(min(SIZE[1], parent.height() * 0.25))
        self.setFixedSize(max(width, 60), max(height, 45))
        self.move(parent.x() + parent.width() - self.width() - MARGIN,
                  parent.y() + parent.height() - self.height() - MARGIN)

    def visible_rect(self) -> QRectF:
        return self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, self.scene().colours.background)  # no grid at this scale

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        colour = QColor(self.scene().colours.selection)
        painter.setPen(QPen(colour, 0))
        colour.setAlpha(40)
        painter.setBrush(colour)
        painter.drawRect(self.visible_rect())

    def mousePressEvent(self, event) -> None:
        self.canvas.centerOn(self.mapToScene(event.position().toPoint()))
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.LeftButton:
            self.canvas.centerOn(self.mapToScene(event.position().toPoint()))
        event.accept()

    def wheelEvent(self, event) -> None:
        event.accept()  # the minimap does not zoom

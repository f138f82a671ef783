"""The minimap: the whole sequence in a free corner of the canvas, with the visible part outlined; click or
drag in it to move there. It never hides a card: it moves to a corner with none under it, or fades."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsOpacityEffect, QGraphicsView

SIZE = (200, 150)
STEP = 40
MARGIN = 12
FADED = 0.3  # opacity over cards when every corner has one: they read through it
CORNERS = ("bottom-right", "bottom-left", "top-right", "top-left")


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
        # A document just opened: its cards are drawn small after the canvas has drawn them large, in a turn
        # of their own, so the two first paints never make one long pause.
        self._held = False
        canvas.scene().model.reset.connect(self._hold)
        canvas.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        canvas.verticalScrollBar().valueChanged.connect(self.viewport().update)
        self.corner = CORNERS[0]
        self.faded = False
        self._fitted: tuple | None = None
        self.opacity = QGraphicsOpacityEffect(self)
        self.opacity.setOpacity(1.0)
        self.setGraphicsEffect(self.opacity)
        self._hovered = False
        self._placing = QTimer(self)  # scrolling and zooming move the cards under it: look again, once
        self._placing.setSingleShot(True)
        self._placing.setInterval(40)
        self._placing.timeout.connect(self.place)
        canvas.horizontalScrollBar().valueChanged.connect(self._place_soon)
        canvas.verticalScrollBar().valueChanged.connect(self._place_soon)

    def _scene_changed(self, _regions=None) -> None:
        if not self._refit.isActive():
            self._refit.start()

    def _hold(self) -> None:
        self._held = True
        self._refit.start()

    def paintEvent(self, event) -> None:
        """Each card as a block of its kind's colour and each connection as a thin line: text cannot be read
        at this scale, and drawing the real cards small cost ~40 ms each time the minimap was resized."""
        painter = QPainter(self.viewport())
        scene = self.scene()
        painter.fillRect(self.viewport().rect(), scene.colours.background)
        if self._held:
            painter.end()
            return
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setTransform(self.viewportTransform())
        painter.setPen(QPen(scene.colours.edge, 0))
        painter.setBrush(Qt.NoBrush)
        for edge in scene.edge_items.values():
            if edge.isVisible():
                painter.drawPath(edge.path().translated(edge.pos()))
        painter.setPen(QPen(scene.colours.card_border, 0))
        cards = scene.card_rects()
        for node_id, (x, y, w, h) in cards.items():
            painter.setBrush(scene.node_items[node_id].kind_colour())
            painter.drawRoundedRect(QRectF(x, y, w, h), 8, 8)
        self.drawForeground(painter, QRectF())
        painter.end()

    def _place_soon(self, _value: int = 0) -> None:
        self._placing.start()  # not connected straight to start(): start(int) would take the value as msec

    def fit(self) -> None:
        self._held = False
        rect = self.scene().nodes_rect()
        fitted = (rect, self.viewport().size())
        if not rect.isEmpty() and fitted != self._fitted:
            self._fitted = fitted  # the same fit again would keep the scale but still redraw every card
            self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.KeepAspectRatio)
        self.viewport().update()
        if self.isVisible():
            self._placing.start()  # the cards may have moved under it

    def place(self) -> None:
        """In the first corner of the canvas (bottom-right first) with no card under it, at most a quarter
        of the canvas each way; faded in the bottom-right when every corner has a card."""
        parent = self.canvas.viewport()
        # In steps of STEP pixels: a dock shown below the canvas shrinks it a little, and every new size
        # rescales the minimap, which redraws each card at the new scale (~100 ms for 20 cards).
        width = max(int(min(SIZE[0], parent.width() * 0.25)) // STEP * STEP, 60)
        height = max(int(min(SIZE[1], parent.height() * 0.25)) // STEP * STEP, 45)
        if (width, height) != (self.width(), self.height()):
            self.setFixedSize(width, height)
        spots = {corner: self._spot(corner, width, height) for corner in CORNERS}
        free = next((corner for corner in CORNERS if not self._covers_card(spots[corner])), None)
        self.corner = free or CORNERS[0]
        spot = spots[self.corner]
        self.move(parent.mapTo(self.canvas, spot.topLeft()))
        self._set_faded(free is None)

    def _spot(self, corner: str, width: int, height: int) -> QRect:
        """Where the minimap would sit, in the canvas viewport's coordinates."""
        area = self.canvas.viewport().rect()
        x = area.right() - width - MARGIN + 1 if corner.endswith("right") else area.left() + MARGIN
        y = area.bottom() - height - MARGIN + 1 if corner.startswith("bottom") else area.top() + MARGIN
        return QRect(QPoint(x, y), self.size())

    def _covers_card(self, spot: QRect) -> bool:
        # Plain arithmetic on the scene's cached card rectangles: asking the view for the items under the
        # spot tested every connection's shape, four times per scroll.
        area = self.canvas.mapToScene(spot).boundingRect()
        left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
        return any(x < right and left < x + w and y < bottom and top < y + h
                   for x, y, w, h in self.scene().card_rects().values())

    def _set_faded(self, faded: bool) -> None:
        self.faded = faded
        self.opacity.setOpacity(FADED if faded and not self._hovered else 1.0)

    def enterEvent(self, event) -> None:
        self._hovered = True  # about to be used: shown in full
        self.opacity.setOpacity(1.0)
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:
        self._hovered = False
        self._set_faded(self.faded)
        super().leaveEvent(event)

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

"""View gestures: wheel zoom under the cursor, middle-button or Space+drag pan, rubber-band selection."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QGraphicsView

MIN_ZOOM, MAX_ZOOM = 0.1, 3.0


class ZoomPan:
    """Owned by the view; the view forwards its wheel, key and mouse events here first."""

    def __init__(self, view: QGraphicsView):
        self.view = view
        self.space = False
        self.panning = False
        self.last = QPointF()
        view.setDragMode(QGraphicsView.RubberBandDrag)
        view.setRubberBandSelectionMode(Qt.IntersectsItemShape)
        view.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)

    def zoom(self) -> float:
        return self.view.transform().m11()

    def zoom_by(self, factor: float) -> None:
        current = self.zoom()
        factor = max(MIN_ZOOM / current, min(MAX_ZOOM / current, factor))
        self.view.scale(factor, factor)

    def wheel(self, event) -> bool:
        delta = event.angleDelta().y()
        if not delta or event.modifiers() & Qt.ShiftModifier:
            return False  # Shift+wheel scrolls sideways as usual
        self.zoom_by(1.0015 ** delta)
        return True

    def key(self, event, pressed: bool) -> bool:
        if event.key() == Qt.Key_Space and not event.isAutoRepeat():
            self.space = pressed
            self.view.viewport().setCursor(Qt.OpenHandCursor if pressed else Qt.ArrowCursor)
            return True
        return False

    def press(self, event) -> bool:
        if event.button() == Qt.MiddleButton or (event.button() == Qt.LeftButton and self.space):
            self.panning = True
            self.last = event.position()
            self.view.viewport().setCursor(Qt.ClosedHandCursor)
            return True
        return False

    def move(self, event) -> bool:
        if not self.panning:
            return False
        delta = event.position() - self.last
        self.last = event.position()
        bar_h, bar_v = self.view.horizontalScrollBar(), self.view.verticalScrollBar()
        bar_h.setValue(bar_h.value() - int(delta.x()))
        bar_v.setValue(bar_v.value() - int(delta.y()))
        return True

    def release(self, event) -> bool:
        if not self.panning:
            return False
        self.panning = False
        self.view.viewport().setCursor(Qt.OpenHandCursor if self.space else Qt.ArrowCursor)
        return True

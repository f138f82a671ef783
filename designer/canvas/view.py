"""The canvas view: zoom, pan, rubber band, zoom to fit, and the drop target for palette drags."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsView

from .edge_item import EdgeItem
from .minimap import MiniMapView
from .node_item import GRID, WIDTH, NodeItem
from .scene import CanvasScene
from .view_gestures import ZoomPan

READABLE = 0.6  # below this a card's text is too small to read: Zoom to Fit scrolls instead
OPENING = 0.8  # the zoom a document opens at when the whole drawing does not fit readably
NUDGES = {Qt.Key_Left: (-GRID, 0.0), Qt.Key_Right: (GRID, 0.0), Qt.Key_Up: (0.0, -GRID),
          Qt.Key_Down: (0.0, GRID)}


class CanvasView(QGraphicsView):
    zoomChanged = Signal(float)
    nudgeRequested = Signal(float, float)
    addRequested = Signal(QPointF, QPoint)
    contextRequested = Signal(QPointF, QPoint, object)

    def __init__(self, scene: CanvasScene, parent=None):
        super().__init__(scene, parent)
        self.setObjectName("canvas")
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing | QPainter.SmoothPixmapTransform)
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheBackground)
        self.setOptimizationFlag(QGraphicsView.DontAdjustForAntialiasing, True)
        self.setFrameShape(QGraphicsView.NoFrame)
        self.setContextMenuPolicy(Qt.DefaultContextMenu)
        self.gestures = ZoomPan(self)
        self._ghost: QGraphicsRectItem | None = None
        self.minimap = MiniMapView(self)

    def set_minimap_visible(self, on: bool) -> None:
        self.minimap.setVisible(bool(on))
        if on:
            self.minimap.place()
            self.minimap.fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.minimap.place()
        self.minimap.fit()

    def canvas_scene(self) -> CanvasScene:
        return self.scene()

    # -- zoom --------------------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.gestures.zoom()

    def zoom_by(self, factor: float) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.AnchorViewCenter)
        self.gestures.zoom_by(factor)
        self.setTransformationAnchor(anchor)
        self.zoomChanged.emit(self.zoom())

    def reset_zoom(self) -> None:
        self.zoom_by(1.0 / self.zoom())

    def zoom_to_fit(self) -> None:
        """The whole drawing if it stays readable; else fit its width (never below READABLE) and show the top."""
        rect = self.canvas_scene().nodes_rect()
        if rect.isEmpty():
            rect = QRectF(-200, -150, 400, 300)
        rect = rect.adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.KeepAspectRatio)
        if self.zoom() > 1.25:
            self.gestures.zoom_by(1.25 / self.zoom())  # a small drawing should not be blown up
        if self.zoom() >= READABLE:
            self.centerOn(rect.center())
        else:
            self._show_top(rect, max(READABLE, self._fit_width_zoom(rect)))
        self.zoomChanged.emit(self.zoom())

    def show_start(self, readable: float = OPENING) -> None:
        """On open: the entries and first steps at a comfortable size; the whole drawing if it fits so."""
        rect = self.canvas_scene().nodes_rect()
        if rect.isEmpty():
            self.zoom_to_fit()
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.KeepAspectRatio)
        if self.zoom() < readable or self.zoom() > 1.0:
            self._show_top(rect, min(readable, max(READABLE, self._fit_width_zoom(rect))))
        else:
            self.centerOn(rect.center())
        self.zoomChanged.emit(self.zoom())

    def _fit_width_zoom(self, rect: QRectF) -> float:
        return self.viewport().width() / max(1.0, rect.width() if self.canvas_scene().model.direction == "down"
                                             else rect.height())

    def _show_top(self, rect: QRectF, zoom: float) -> None:
        """The start of the flow (top, or left end) at ``zoom``, centred on the entries across the flow."""
        self.gestures.zoom_by(zoom / self.zoom())
        scene = self.canvas_scene()
        entries = [i.sceneBoundingRect() for i in scene.node_items.values() if i.node.kind == "entry"]
        anchor = QRectF()
        for r in entries:
            anchor = anchor.united(r)
        if anchor.isEmpty():
            anchor = rect
        half_w = self.viewport().width() / 2 / self.zoom()
        half_h = self.viewport().height() / 2 / self.zoom()
        down = scene.model.direction == "down"
        if entries and (anchor.width() > 2 * half_w if down else anchor.height() > 2 * half_h):
            anchor = entries[0]  # the entries are far apart: the first one and its steps
        if down:
            x = rect.center().x() if rect.width() <= 2 * half_w else anchor.center().x()
            self.centerOn(x, rect.top() + half_h)
        else:
            y = rect.center().y() if rect.height() <= 2 * half_h else anchor.center().y()
            self.centerOn(rect.left() + half_w, y)

    def centre_on_node(self, node_id: str) -> None:
        item = self.canvas_scene().node_items.get(node_id)
        if item is not None:
            if self.zoom() < 0.6:
                self.gestures.zoom_by(0.8 / self.zoom())
                self.zoomChanged.emit(self.zoom())
            self.centerOn(item.sceneBoundingRect().center())

    def view_centre(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    # -- palette drop target -----------------------------------------------------------------------
    def drop_point(self, global_pos: QPoint) -> QPointF | None:
        """The scene point under ``global_pos`` if it is over the canvas, else None."""
        local = self.viewport().mapFromGlobal(global_pos)
        if not self.viewport().rect().contains(local):
            return None
        return self.mapToScene(local)

    def show_ghost(self, scene_pos: QPointF | None) -> None:
        if scene_pos is None:
            self.hide_ghost()
            return
        if self._ghost is None:
            self._ghost = QGraphicsRectItem(0, 0, WIDTH, 64)
            colour = QColor(self.canvas_scene().colours.selection)
            self._ghost.setPen(QPen(colour, 2, Qt.DashLine))
            colour.setAlpha(40)
            self._ghost.setBrush(colour)
            self._ghost.setZValue(10)
            self.canvas_scene().addItem(self._ghost)
        self._ghost.setPos(scene_pos - QPointF(WIDTH / 2, 23))

    def hide_ghost(self) -> None:
        if self._ghost is not None:
            if self._ghost.scene() is not None:
                self._ghost.scene().removeItem(self._ghost)
            self._ghost = None

    # -- events ------------------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        if self.gestures.wheel(event):
            self.zoomChanged.emit(self.zoom())
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape and self.canvas_scene().connect_gesture.active:
            self.canvas_scene().connect_gesture.cancel()
            event.accept()
            return
        step = NUDGES.get(event.key())
        plain = not event.modifiers() & ~(Qt.ShiftModifier | Qt.KeypadModifier)
        if step is not None and plain and self.canvas_scene().selected_node_ids():
            scale = 5 if event.modifiers() & Qt.ShiftModifier else 1
            self.nudgeRequested.emit(step[0] * scale, step[1] * scale)
            event.accept()
            return
        if not self.gestures.key(event, True):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if not self.gestures.key(event, False):
            super().keyReleaseEvent(event)

    def mousePressEvent(self, event) -> None:
        if not self.gestures.press(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if not self.gestures.move(event):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if not self.gestures.release(event):
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        pos = self.mapToScene(event.position().toPoint())
        if self._node_at(pos) is None and event.button() == Qt.LeftButton:
            self.addRequested.emit(pos, event.globalPosition().toPoint())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:
        pos = self.mapToScene(event.pos())
        target = self._node_at(pos) or next(
            (i for i in self.canvas_scene().items(pos) if isinstance(i, EdgeItem)), None)
        if target is not None and not target.isSelected():
            self.canvas_scene().clearSelection()
            target.setSelected(True)
        self.contextRequested.emit(pos, event.globalPos(), target)

    def _node_at(self, pos: QPointF) -> NodeItem | None:
        for item in self.canvas_scene().items(pos):
            node = item if isinstance(item, NodeItem) else item.parentItem()
            if isinstance(node, NodeItem):
                return node
        return None

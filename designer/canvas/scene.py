"""The canvas scene: follows the document model's signals and keeps id -> item maps; never edits the model."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene

from ..document import DocumentModel
from ..theme import LIGHT, CanvasColours
from .collapse import hidden_steps
from .connect_gesture import ConnectGesture
from .edge_item import EdgeItem
from .move_gesture import MoveGesture
from .node_item import GRID, NodeItem

MARGIN = 2000.0


def thresholds_text(model: DocumentModel) -> str:
    sql = model.document.scoring.sql
    hand = " + hand-raise" if sql.require_hand_raise else ""
    return f"SQL ≥ {sql.total:g}{hand}"


class CanvasScene(QGraphicsScene):
    connectToNewRequested = Signal(str, str, QPointF)  # from node, port, where the drag ended
    insertOnEdgeRequested = Signal(str, str, QPointF)  # the "+" of the connection from node.port was clicked

    def __init__(self, model: DocumentModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.colours: CanvasColours = LIGHT
        self.snap_to_grid = True
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[tuple[str, str], EdgeItem] = {}
        self._incoming: dict[str, int] = {}
        self._edges_by_node: dict[str, set[tuple[str, str]]] = {}
        self.syncing = False
        self._rects: dict[str, tuple[float, float, float, float]] | None = None  # cards, for routing
        self._moved_in_bulk: set[str] | None = None
        self.collapsed: set[str] = set()  # branches whose steps are folded away (the view's, not the file's)
        # Many moving items: a BSP index costs more to maintain than it saves.
        self.setItemIndexMethod(QGraphicsScene.NoIndex)
        self.connect_gesture = ConnectGesture(self)
        self.move_gesture = MoveGesture(self)
        model.reset.connect(self.rebuild)
        model.nodeAdded.connect(self._node_added)
        model.nodeRemoved.connect(self._node_removed)
        model.nodeChanged.connect(self._node_changed)
        model.edgeAdded.connect(self._edge_added)
        model.edgeRemoved.connect(self._edge_removed)
        model.layoutChanged.connect(self.sync_positions)
        model.propertiesChanged.connect(self._properties_changed)
        self.rebuild()

    # -- queries -----------------------------------------------------------------------------------
    def has_incoming(self, node_id: str) -> bool:
        return self._incoming.get(node_id, 0) > 0

    def selected_node_ids(self) -> list[str]:
        ids = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        return [n.id for n in self.model.document.sequence.nodes if n.id in ids]

    def selected_edge_keys(self) -> list[tuple[str, str]]:
        return [i.key for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def select_nodes(self, ids: list[str] | set[str]) -> None:
        """One selectionChanged for the whole change, not one per item."""
        blocked = self.blockSignals(True)
        try:
            self.clearSelection()
            for node_id in ids:
                item = self.node_items.get(node_id)
                if item is not None:
                    item.setSelected(True)
        finally:
            self.blockSignals(blocked)
        self.selectionChanged.emit()

    def card_rects(self) -> dict[str, tuple[float, float, float, float]]:
        """Every visible card as (left, top, width, height), kept until a card moves, changes or goes."""
        if self._rects is None:
            self._rects = {}
            for node_id, item in self.node_items.items():
                if item.isVisible():
                    r = item.card_rect()
                    self._rects[node_id] = (r.x(), r.y(), r.width(), r.height())
        return self._rects

    def edge_at(self, pos: QPointF) -> EdgeItem | None:
        """The connection under ``pos`` (a node dropped there is spliced into it)."""
        return next((i for i in self.items(pos) if isinstance(i, EdgeItem)), None)

    def nodes_rect(self) -> QRectF:
        rect = QRectF()
        for item in self.node_items.values():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        return rect

    # -- collapsed branches ------------------------------------------------------------------------
    def toggle_collapsed(self, node_id: str) -> None:
        """Fold away (or bring back) the steps reached only through this branch or split."""
        self.collapsed ^= {node_id}
        self.apply_collapse()

    def apply_collapse(self) -> None:
        self.collapsed &= set(self.node_items)
        hidden = hidden_steps(self.model.document, self.collapsed)
        gone = set().union(*hidden.values()) if hidden else set()
        self._rects = None
        for node_id, item in self.node_items.items():
            item.setVisible(node_id not in gone)
            item.set_folded(len(hidden[node_id]) if node_id in hidden else None)
        for (from_id, _), edge in self.edge_items.items():
            edge.setVisible(from_id not in gone and edge.target.node_id not in gone)

    def set_direction(self, direction: str) -> None:
        """Cards with ports on top and bottom ("down") or on the sides ("right"); the caller re-lays out."""
        if direction != self.model.direction:
            self.model.direction = direction
            self.rebuild()

    # -- model -> items ----------------------------------------------------------------------------
    def rebuild(self) -> None:
        self.connect_gesture.cancel()
        self.clear()
        self.node_items.clear()
        self.edge_items.clear()
        self._incoming.clear()
        self._edges_by_node.clear()
        thresholds = thresholds_text(self.model)
        for node in self.model.document.sequence.nodes:
            self._add_node_item(node.id, thresholds)
        for edge in self.model.document.sequence.edges:
            self._edge_added(edge.from_, edge.port, edge.to)
        if self.collapsed:
            self.apply_collapse()
        self._grow(fresh=True)

    def _add_node_item(self, node_id: str, thresholds: str) -> NodeItem:
        self._rects = None
        offers = {o.id: o.name for o in self.model.document.audience.offers}
        item = NodeItem(self.model.node(node_id), thresholds, self.model.direction, offers)
        self.syncing = True
        item.setPos(*self.model.position(node_id))
        self.syncing = False
        self.addItem(item)
        self.node_items[node_id] = item
        return item

    def _node_added(self, node_id: str) -> None:
        self._add_node_item(node_id, thresholds_text(self.model))
        self._grow()
        if self.collapsed:
            self.apply_collapse()

    def _node_removed(self, node_id: str) -> None:
        self._rects = None
        item = self.node_items.pop(node_id, None)
        if item is not None:
            self.removeItem(item)
        if self.collapsed:
            self.apply_collapse()

    def _node_changed(self, node_id: str) -> None:
        item = self.node_items[node_id]
        item.set_node(self.model.node(node_id))
        self._rects = None
        self._update_edges_of(node_id)

    def _properties_changed(self) -> None:
        text = thresholds_text(self.model)
        offers = {o.id: o.name for o in self.model.document.audience.offers}
        for item in self.node_items.values():
            if item.node.kind == "handoff":
                item.set_node(item.node, text)
            elif item.node.kind == "entry" and offers != item.offers:
                item.offers = offers  # an offer renamed in the audience
                item.set_node(item.node)

    def _edge_added(self, from_id: str, port: str, to_id: str) -> None:
        edge = EdgeItem(self.node_items[from_id], port, self.node_items[to_id])
        self.addItem(edge)
        self.edge_items[(from_id, port)] = edge
        self._incoming[to_id] = self._incoming.get(to_id, 0) + 1
        self._edges_by_node.setdefault(from_id, set()).add((from_id, port))
        self._edges_by_node.setdefault(to_id, set()).add((from_id, port))
        self._refresh_ports(from_id, to_id)
        if self.collapsed:
            self.apply_collapse()

    def _edge_removed(self, from_id: str, port: str, to_id: str) -> None:
        edge = self.edge_items.pop((from_id, port), None)
        if edge is not None:
            self.removeItem(edge)
        self._incoming[to_id] = max(0, self._incoming.get(to_id, 0) - 1)
        for node_id in (from_id, to_id):
            self._edges_by_node.get(node_id, set()).discard((from_id, port))
        self._refresh_ports(from_id, to_id)
        if self.collapsed:
            self.apply_collapse()

    def _refresh_ports(self, *node_ids: str) -> None:
        for node_id in node_ids:
            item = self.node_items.get(node_id)
            if item is not None:
                for port in [item.input_port, *item.output_ports.values()]:
                    if port is not None:
                        port.update()

    def sync_positions(self, ids: list[str]) -> None:
        """Many nodes move at once (auto-layout, undo of a drag): route their connections once, at the end."""
        self.syncing = True
        self._moved_in_bulk = set()
        try:
            for node_id in ids:
                item = self.node_items.get(node_id)
                if item is not None:
                    item.setPos(*self.model.position(node_id))
        finally:
            self.syncing = False
            moved, self._moved_in_bulk = self._moved_in_bulk, None
        self._rects = None
        keys = {key for node_id in moved for key in self._edges_by_node.get(node_id, ())}
        for key in keys:
            edge = self.edge_items.get(key)
            if edge is not None:
                edge.update_path()
        self._grow()

    # -- item -> scene -----------------------------------------------------------------------------
    def node_moved(self, item: NodeItem) -> None:
        self._rects = None
        if self._moved_in_bulk is not None:
            self._moved_in_bulk.add(item.node_id)
            return
        self._update_edges_of(item.node_id)

    def _update_edges_of(self, node_id: str) -> None:
        for key in self._edges_by_node.get(node_id, ()):
            edge = self.edge_items.get(key)
            if edge is not None:
                edge.update_path()

    def _grow(self, fresh: bool = False) -> None:
        """Room around the drawing to pan and drop into. It only grows while editing: a shrinking or
        re-centred scene rect would shift everything under the user's mouse."""
        base = QRectF(-MARGIN, -MARGIN, 2 * MARGIN, 2 * MARGIN)
        rect = self.nodes_rect()
        rect = base if rect.isEmpty() else rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN).united(base)
        self.setSceneRect(rect if fresh else rect.united(self.sceneRect()))

    def set_colours(self, colours: CanvasColours) -> None:
        self.colours = colours
        for item in self.items():
            item.update()
        self.update()

    def set_findings(self, by_node: dict[str, tuple[str, str]]) -> None:
        for node_id, item in self.node_items.items():
            severity, text = by_node.get(node_id, (None, ""))
            item.set_findings(severity, text)

    # -- events ------------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.LeftButton and not self.connect_gesture.active:
            self.move_gesture.press()

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.LeftButton:
            self.move_gesture.release()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, self.colours.background)
        scale = painter.worldTransform().m11()
        step = GRID if scale >= 0.6 else GRID * 5
        if scale < 0.25:
            return
        left = int(rect.left() // step) * step
        top = int(rect.top() // step) * step
        minor, major = [], []
        x = left
        while x < rect.right():
            (major if round(x / step) % 5 == 0 else minor).append(QLineF(x, rect.top(), x, rect.bottom()))
            x += step
        y = top
        while y < rect.bottom():
            (major if round(y / step) % 5 == 0 else minor).append(QLineF(rect.left(), y, rect.right(), y))
            y += step
        faint = QColor(self.colours.grid)
        faint.setAlpha(110)
        painter.setPen(QPen(faint, 0))
        painter.drawLines(minor)
        painter.setPen(QPen(self.colours.grid, 0))
        painter.drawLines(major)

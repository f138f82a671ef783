"""The forecast on the canvas: a traffic halo and count badge per node, flow bands under edges, figure tooltips."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem

from simulation.result import SimulationResult

HALO = 7.0
MAX_FLOW_WIDTH = 18.0
# Traffic from pale to deep (a sequential scale); stalls get their own red badge.
COLD, HOT = QColor("#f7d774"), QColor("#d9482b")
STALL = QColor("#b5452f")


def traffic_colour(share: float) -> QColor:
    """0 = no leads through the node, 1 = the busiest node of the run."""
    t = min(max(share, 0.0), 1.0)
    return QColor.fromRgbF(COLD.redF() + (HOT.redF() - COLD.redF()) * t,
                           COLD.greenF() + (HOT.greenF() - COLD.greenF()) * t,
                           COLD.blueF() + (HOT.blueF() - COLD.blueF()) * t)


def _count(value: float | None) -> str:
    value = value or 0.0
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


class NodeHaloItem(QGraphicsItem):
    """A coloured rim around a node card plus a badge with its traffic (and stalls); hover shows figures."""

    def __init__(self, parent: QGraphicsItem, colour: QColor, badge: str, stalled: bool, tooltip: str):
        super().__init__(parent)
        self.colour, self.badge, self.stalled = colour, badge, stalled
        self.setAcceptedMouseButtons(Qt.NoButton)  # clicks and drags reach the node underneath
        self.setAcceptHoverEvents(False)
        self.setToolTip(tooltip)
        self.setZValue(5)
        font = QFont()
        font.setPointSizeF(7.5)
        font.setBold(True)
        self.font = font

    def card(self) -> QRectF:
        return self.parentItem().shape().boundingRect()

    def _badge_rect(self) -> QRectF:
        width = QFontMetricsF(self.font).horizontalAdvance(self.badge) + 14
        card = self.card()
        return QRectF(card.left() + 10, card.bottom() - 9, width, 18)

    def boundingRect(self) -> QRectF:
        return self.card().adjusted(-HALO - 2, -HALO - 2, HALO + 2, HALO + 12)

    def shape(self) -> QPainterPath:
        # The card itself, so hovering anywhere over the node shows the forecast tooltip.
        path = QPainterPath()
        path.addRect(self.card().united(self._badge_rect()))
        return path

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        rim = QColor(self.colour)
        rim.setAlpha(210)
        painter.setPen(QPen(rim, HALO * 0.8))
        painter.setBrush(Qt.NoBrush)
        painter.drawRoundedRect(self.card().adjusted(-HALO / 2 - 1, -HALO / 2 - 1, HALO / 2 + 1, HALO / 2 + 1), 11, 11)
        rect = self._badge_rect()
        painter.setPen(QPen(QColor("white"), 1.2))
        painter.setBrush(STALL if self.stalled else QColor("#2b3a47"))
        painter.drawRoundedRect(rect, 9, 9)
        painter.setFont(self.font)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignCenter, self.badge)


class FlowBandItem(QGraphicsItem):
    """A translucent band under an edge, as thick as the share of leads that took it."""

    def __init__(self, parent: QGraphicsItem, width: float, tooltip: str):
        super().__init__(parent)
        self.width = width
        self.setFlag(QGraphicsItem.ItemStacksBehindParent, True)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setToolTip(tooltip)

    def boundingRect(self) -> QRectF:
        pad = self.width / 2 + 1
        return self.parentItem().path().boundingRect().adjusted(-pad, -pad, pad, pad)

    def shape(self):
        stroker = QPainterPathStroker()
        stroker.setWidth(max(self.width, 6.0))
        return stroker.createStroke(self.parentItem().path())

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        colour = QColor("#2f6db5")
        colour.setAlpha(70)
        painter.setPen(QPen(colour, self.width, Qt.SolidLine, Qt.RoundCap))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(self.parentItem().path())


class ForecastOverlay:
    """Shows one result on a canvas scene; ``set_result`` and ``set_visible`` add and remove the items.

    The items are children of the canvas's own node and edge items (found through the scene's id -> item
    maps), so they follow drags; the scene's rebuild deletes them with their parents and we forget them.
    """

    def __init__(self, scene):
        self.scene = scene
        self.result: SimulationResult | None = None
        self.halos: dict[str, NodeHaloItem] = {}
        self.bands: dict[tuple[str, str], FlowBandItem] = {}
        self.visible = False
        scene.model.reset.connect(self._scene_rebuilt)
        scene.model.nodeChanged.connect(self._refresh)
        scene.model.nodeAdded.connect(self._refresh)
        scene.model.nodeRemoved.connect(self._refresh)
        scene.model.edgeAdded.connect(self._refresh)
        scene.model.edgeRemoved.connect(self._refresh)

    def set_result(self, result: SimulationResult | None) -> None:
        self.result = result
        self._refresh()

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self._refresh()

    def _refresh(self, *_args) -> None:
        self.remove()
        if self.visible and self.result is not None:
            self._add()

    def remove(self) -> None:
        for item in [*self.halos.values(), *self.bands.values()]:
            if item.scene() is not None:
                item.scene().removeItem(item)
        self.halos.clear()
        self.bands.clear()

    def _scene_rebuilt(self) -> None:
        # The scene cleared every item (ours with its own); forget them, then draw on the new ones.
        self.halos.clear()
        self.bands.clear()
        self._refresh()

    def _add(self) -> None:
        nodes = self.result.nodes
        busiest = max((f["entered"].mean or 0.0 for f in nodes.values()), default=0.0) or 1.0
        for node_id, item in self.scene.node_items.items():
            figures = nodes.get(node_id)
            if figures is None:
                continue
            entered = figures["entered"].mean or 0.0
            stalled = figures["stalled"].mean or 0.0
            badge = f"{_count(entered)} in" + (f" · {_count(stalled)} stalled" if stalled > 0 else "")
            self.halos[node_id] = NodeHaloItem(item, traffic_colour(entered / busiest), badge, stalled > 0,
                                               node_tooltip(node_id, figures, self.result))
        for key, edge in self.scene.edge_items.items():
            figures = nodes.get(key[0])
            flow = figures["left"].get(key[1]) if figures else None
            if flow is None or not flow.mean:
                continue
            width = 2.0 + (MAX_FLOW_WIDTH - 2.0) * flow.mean / busiest
            self.bands[key] = FlowBandItem(edge, width, f"{_count(flow.mean)} leads took '{key[1]}' from "
                                                        f"'{key[0]}'")

    def node_colour(self, node_id: str) -> QColor | None:
        halo = self.halos.get(node_id)
        return None if halo is None else QColor(halo.colour)


def node_tooltip(node_id: str, figures: dict, result: SimulationResult) -> str:
    lines = [f"Forecast for '{node_id}' ({result.scenario}, mean of {result.replications} "
             f"run{'s' * (result.replications != 1)})",
             f"Entered: {_count(figures['entered'].mean)} leads",
             f"Stalled: {_count(figures['stalled'].mean)}",
             f"Still here at the horizon: {_count(figures['in_flight'].mean)}",
             f"Median time here: {figures['median_dwell_days'].mean or 0:.1f} days"]
    for port, flow in figures["left"].items():
        lines.append(f"Left by '{port}': {_count(flow.mean)}")
    return "\n".join(lines)


"""The forecast on the canvas: a traffic halo and count badge per node, flow bands under edges, figure tooltips."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem

from simulation.result import SimulationResult

from .sales_sink import SalesFlowItem, SalesSinkItem, handoff_badge, threshold_handoffs
from .sales_sink import count as _count

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


class NodeHaloItem(QGraphicsItem):
    """A coloured rim around a node card plus a badge with its traffic (and stalls); hover shows figures."""

    def __init__(self, parent: QGraphicsItem, colour: QColor, badge: str, stalled: bool, tooltip: str):
        super().__init__(parent)
        self.colour, self.badge, self.stalled = colour, badge, stalled
        self.setAcceptedMouseButtons(Qt.NoButton)  # clicks and drags reach the node underneath
        self.setAcceptHoverEvents(False)
        self.setToolTip(tooltip)
        self.setZValue(5)
        # Drawn once and blitted as its card moves or the canvas scrolls (each paint measured its card's shape).
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
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
        self.sink: SalesSinkItem | None = None
        self.sales_flows: dict[str, SalesFlowItem] = {}
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
        for item in [*self.halos.values(), *self.bands.values(), *self.sales_flows.values(),
                     *([self.sink] if self.sink is not None else [])]:
            if item.scene() is not None:
                item.scene().removeItem(item)
        self._forget()

    def _forget(self) -> None:
        self.halos.clear()
        self.bands.clear()
        self.sales_flows.clear()
        self.sink = None

    def _scene_rebuilt(self) -> None:
        # The scene cleared every item (ours with its own); forget them, then draw on the new ones.
        self._forget()
        self._refresh()

    def _add(self) -> None:
        nodes = self.result.nodes
        busiest = max((f["entered"].mean or 0.0 for f in nodes.values()), default=0.0) or 1.0
        crossings = threshold_handoffs(self.result)
        for node_id, item in self.scene.node_items.items():
            figures = nodes.get(node_id)
            if figures is None:
                continue
            entered = figures["entered"].mean or 0.0
            stalled = figures["stalled"].mean or 0.0
            badge = f"{_count(entered)} in" + (f" · {_count(stalled)} stalled" if stalled > 0 else "")
            to_sales = crossings.get(node_id, 0.0)
            if to_sales:
                badge += f" · → sales {_count(to_sales)}"
            badge = handoff_badge(node_id, figures, self.result) or badge
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
        self._add_sales_sink(crossings, busiest)

    def _add_sales_sink(self, crossings: dict[str, float], busiest: float) -> None:
        """A Sales card right of the graph, with a band from every node where leads crossed the SQL threshold."""
        items = {n: self.scene.node_items[n] for n in crossings if n in self.scene.node_items}
        if not items or not self.scene.node_items:
            return
        area = QRectF()
        for item in self.scene.node_items.values():
            area = area.united(item.sceneBoundingRect())
        total = self.result.totals["sql_handoffs"].mean or 0.0
        self.sink = SalesSinkItem(total, f"Sales: {_count(total)} handoffs (mean); "
                                         f"{_count(sum(crossings.values()))} of them crossed the SQL threshold at a"
                                         " node, the rest came through a drawn handoff")
        self.sink.setPos(area.right() + 80, area.center().y() - SalesSinkItem.HEIGHT / 2)
        self.scene.addItem(self.sink)
        end = self.sink.mapToScene(QPointF(0, SalesSinkItem.HEIGHT / 2))
        for node_id, item in items.items():
            rect = item.sceneBoundingRect()
            width = 2.0 + (MAX_FLOW_WIDTH - 2.0) * crossings[node_id] / busiest
            flow = SalesFlowItem(QPointF(rect.right(), rect.center().y()), end, width,
                                 f"→ sales {_count(crossings[node_id])}: leads that crossed the SQL threshold at "
                                 f"'{node_id}'")
            self.scene.addItem(flow)
            self.sales_flows[node_id] = flow

    def node_colour(self, node_id: str) -> QColor | None:
        halo = self.halos.get(node_id)
        return None if halo is None else QColor(halo.colour)


def node_tooltip(node_id: str, figures: dict, result: SimulationResult) -> str:
    lines = [f"Forecast for '{node_id}' ({result.scenario}, mean of {result.replications} "
             f"run{'s' * (result.replications != 1)})",
             f"Entered: {_count(figures['entered'].mean)} leads",
             f"Stalled: {_count(figures['stalled'].mean)}",
             f"Still here at the horizon: {_count(figures['in_flight'].mean)} moving"
             + (f", {_count(figures['stalled_now'].mean)} stalled" if "stalled_now" in figures else ""),
             f"Median time here: {figures['median_dwell_days'].mean or 0:.1f} days"]
    for port, flow in figures["left"].items():
        lines.append(f"Left by '{port}': {_count(flow.mean)}")
    crossed = threshold_handoffs(result).get(node_id)
    if crossed:
        lines.append(f"→ sales {_count(crossed)}: crossed the SQL threshold here")
    if figures["kind"] in ("handoff", "goal"):
        lines.append(f"Arrived by the graph: {_count(figures['entered'].mean)}; became SQL elsewhere (threshold "
                     f"crossings at other nodes): {_count(sum(threshold_handoffs(result).values()))}")
    return "\n".join(lines)


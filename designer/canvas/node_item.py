"""A node card on the canvas: a thin view of one node (kind, title, key facts, badges, ports, findings)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyle

from sequences.nodes import NodeBase

from ..icons import draw_glyph
from ..theme import KIND_COLOURS, LIGHT, CanvasColours
from .node_facts import (
    BADGE_ROW,
    CARD_WIDTH,
    HEADER,
    KIND_LABELS,
    LINE,
    PAD,
    PORT_ROW,
    badges,
    card_height,
    facts,
    labelled_ports,
    port_labels,
)
from .node_paint import paint_badges, paint_fold, paint_marker, paint_port_labels
from .port_item import PortItem

if TYPE_CHECKING:
    from .scene import CanvasScene

WIDTH = CARD_WIDTH
GRID = 20.0
TEXT_WIDTH = WIDTH - 50 - PAD  # the title's room, right of the kind's icon


def word_elided(text: str, metrics: QFontMetricsF, width: float) -> str:
    """``text`` if it fits in ``width``, else its longest run of whole words that fits, with "…" (a single
    word too long for the card is cut inside it, as nothing else fits)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split()
    for end in range(len(words) - 1, 0, -1):
        shown = " ".join(words[:end]).rstrip(",;:·-") + "…"
        if metrics.horizontalAdvance(shown) <= width:
            return shown
    return metrics.elidedText(text, Qt.ElideRight, width)


def _fonts() -> tuple[QFont, QFont, QFont]:
    title = QFont()
    title.setPointSizeF(10.0)
    title.setBold(True)
    small = QFont()
    small.setPointSizeF(7.5)
    small.setBold(True)
    small.setLetterSpacing(QFont.PercentageSpacing, 106)
    body = QFont()
    body.setPointSizeF(8.8)
    return title, small, body


class NodeItem(QGraphicsItem):
    def __init__(self, node: NodeBase, thresholds: str = "", direction: str = "down",
                 offers: dict[str, str] | None = None):
        super().__init__()
        self.offers = offers or {}  # offer id -> name, shown instead of the id
        self.direction = direction  # "down": input on top, outputs along the bottom; "right": left and right
        self.setFlags(QGraphicsItem.ItemIsMovable | QGraphicsItem.ItemIsSelectable
                      | QGraphicsItem.ItemSendsGeometryChanges)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        self.node = node
        self.severity: str | None = None
        self.drop_target = False
        self.finding_text = ""
        self.input_port: PortItem | None = None
        self.output_ports: dict[str, PortItem] = {}
        self._thresholds = thresholds
        self._fonts = _fonts()
        self._lines: list[str] = []
        self._ports: list[tuple[str, str]] = []
        self._badges: list[str] = []
        self._height = HEADER
        self.folded: int | None = None  # steps hidden by collapsing this branch, None when open
        self.set_node(node, thresholds)

    # -- model -> view -----------------------------------------------------------------------------
    @property
    def node_id(self) -> str:
        return self.node.id

    def set_node(self, node: NodeBase, thresholds: str | None = None) -> None:
        self.prepareGeometryChange()
        self.node = node
        if thresholds is not None:
            self._thresholds = thresholds
        self._lines = facts(node, self._thresholds if node.kind == "handoff" else "", self.offers)
        self._ports = port_labels(node)
        self._badges = badges(node)
        self._labelled_ports = labelled_ports(node)
        self._height = card_height(node, len(self._lines), self.direction)
        title_font, _small, body_font = self._fonts
        # Worked out once per change of the node, not on every paint; cut at whole words (the tooltip has all).
        self._title = word_elided(node.label(), QFontMetricsF(title_font), TEXT_WIDTH)
        body = QFontMetricsF(body_font)
        self._shown_lines = [word_elided(line, body, WIDTH - 16 - PAD) for line in self._lines]
        self._rebuild_ports()
        self._set_tooltip()
        self.update()

    def _rebuild_ports(self) -> None:
        scene = self.scene()
        for port in list(self.output_ports.values()) + ([self.input_port] if self.input_port else []):
            port.setParentItem(None)
            if scene is not None:
                scene.removeItem(port)
        self.output_ports = {}
        self.input_port = None
        if self.node.kind != "entry":
            self.input_port = PortItem(self, None)
            self.input_port.setPos(*self._input_offset())
        if self.direction == "down":
            for i, (port, _) in enumerate(self._ports):
                item = PortItem(self, port)
                item.setPos(WIDTH * (i + 1) / (len(self._ports) + 1), self._height)
                self.output_ports[port] = item
        elif self._labelled_ports:
            top = self._height - len(self._ports) * PORT_ROW - PAD / 2
            for i, (port, _) in enumerate(self._ports):
                item = PortItem(self, port)
                item.setPos(WIDTH, top + (i + 0.5) * PORT_ROW)
                self.output_ports[port] = item
        elif self._ports:
            item = PortItem(self, self._ports[0][0])
            item.setPos(WIDTH, HEADER / 2)
            self.output_ports[self._ports[0][0]] = item

    def set_folded(self, count: int | None) -> None:
        if count != self.folded:
            self.prepareGeometryChange()
            self.folded = count
            self.update()

    def fold_rect(self) -> QRectF:
        """The "N steps hidden" pill under a collapsed branch; clicking it opens the branch again."""
        return QRectF(WIDTH / 2 - 62, self._height + 12, 124, 20)

    def mousePressEvent(self, event) -> None:
        scene = self.scene()
        if self.folded is not None and scene is not None and self.fold_rect().contains(event.pos()):
            scene.toggle_collapsed(self.node_id)
            event.accept()
            return
        super().mousePressEvent(event)

    def set_drop_target(self, on: bool) -> None:
        """Highlighted while a connection being dragged would end here."""
        if on != self.drop_target:
            self.drop_target = on
            self.update()

    def set_findings(self, severity: str | None, text: str = "") -> None:
        if severity != self.severity or text != self.finding_text:
            self.severity = severity
            self.finding_text = text
            self._set_tooltip()
            self.update()

    def _set_tooltip(self) -> None:
        """The full text of the card (the card itself shortens long subjects at a word)."""
        lines = [f"<b>{escape(self.node.label())}</b> — {KIND_LABELS[self.node.kind]} ({escape(self.node.id)})"]
        subject = getattr(self.node, "subject", "")
        if subject:
            lines.append(f"“{escape(subject)}”")
        offer = self.offers.get(getattr(self.node, "offer", None) or "", "")
        if offer:
            lines.append(f"Offer: {escape(offer)}")
        lines += [escape(line) for line in self._lines if not line.startswith("“") and not line.endswith("”")
                  and "…" not in line and not line.startswith("Offer:")]
        if self.finding_text:
            lines.append(f"<i>{escape(self.finding_text)}</i>")
        self.setToolTip("<br>".join(lines))

    def _input_offset(self) -> tuple[float, float]:
        return (WIDTH / 2, 0.0) if self.direction == "down" else (0.0, HEADER / 2)

    # -- geometry used by edges and gestures -------------------------------------------------------
    def output_scene_pos(self, port: str) -> QPointF:
        item = self.output_ports.get(port)
        if item is not None:
            return item.scenePos()
        fallback = QPointF(WIDTH / 2, self._height) if self.direction == "down" else QPointF(WIDTH, HEADER / 2)
        return self.mapToScene(fallback)

    def input_scene_pos(self) -> QPointF:
        return self.mapToScene(QPointF(*self._input_offset()))

    def card_rect(self) -> QRectF:
        """The card in scene coordinates (what connections are routed around)."""
        return QRectF(self.pos(), QSizeF(WIDTH, self._height))

    def port_label(self, port: str) -> str:
        return dict(self._ports).get(port, "") if self._labelled_ports else ""

    def port_connected(self, port: str | None) -> bool:
        scene = self.scene()
        if scene is None:
            return False
        if port is None:
            return scene.has_incoming(self.node.id)
        return (self.node.id, port) in scene.edge_items

    def kind_colour(self) -> QColor:
        return QColor(KIND_COLOURS[self.node.kind])

    def colours(self) -> CanvasColours:
        scene: CanvasScene | None = self.scene()
        return scene.colours if scene is not None else LIGHT

    # -- Qt ----------------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        rect = QRectF(-6, -13, WIDTH + 18, self._height + 19)
        return rect.united(self.fold_rect()) if self.folded is not None else rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, WIDTH, self._height), 8, 8)
        if self.folded is not None:
            path.addRect(self.fold_rect())
        return path

    def itemChange(self, change, value):
        scene = self.scene()
        snapping = scene is not None and scene.snap_to_grid and not scene.syncing
        if change == QGraphicsItem.ItemPositionChange and snapping:
            return QPointF(round(value.x() / GRID) * GRID, round(value.y() / GRID) * GRID)
        if change == QGraphicsItem.ItemPositionHasChanged and scene is not None:
            scene.node_moved(self)
        return super().itemChange(change, value)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        c = self.colours()
        title_font, small_font, body_font = self._fonts
        selected = bool(option.state & QStyle.State_Selected)
        painter.setRenderHint(QPainter.Antialiasing)
        rect = QRectF(0, 0, WIDTH, self._height)
        emphasis = selected or self.drop_target
        painter.setPen(QPen(c.selection if emphasis else c.card_border, 2.2 if emphasis else 1.0,
                            Qt.DashLine if self.drop_target else Qt.SolidLine))
        painter.setBrush(c.card)
        painter.drawRoundedRect(rect, 8, 8)
        kind = self.kind_colour()
        card = QPainterPath()
        card.addRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        stripe = QPainterPath()
        stripe.addRect(QRectF(0, 0, 6, self._height))
        painter.fillPath(card.intersected(stripe), kind)
        draw_glyph(painter, self.node.kind, QRectF(16, 10, 26, 26), kind)
        text_x, text_w = 50.0, TEXT_WIDTH
        painter.setFont(title_font)
        painter.setPen(c.text)
        painter.drawText(QRectF(text_x, 7, text_w, 20), Qt.AlignLeft | Qt.AlignVCenter, self._title)
        painter.setFont(small_font)
        painter.setPen(kind)
        subtitle = KIND_LABELS[self.node.kind].upper()  # the id is in the tooltip and the inspector
        subtitle = QFontMetricsF(small_font).elidedText(subtitle, Qt.ElideRight, text_w)
        painter.drawText(QRectF(text_x, 26, text_w, 14), Qt.AlignLeft | Qt.AlignVCenter, subtitle)
        painter.setFont(body_font)
        painter.setPen(c.muted)
        y = HEADER
        for shown in self._shown_lines:
            painter.drawText(QRectF(16, y, WIDTH - 16 - PAD, LINE), Qt.AlignLeft | Qt.AlignVCenter, shown)
            y += LINE
        if self._badges:
            paint_badges(self, painter, y + 3, c)
            y += BADGE_ROW
        if self._labelled_ports and self.direction == "right":
            paint_port_labels(self, painter, c)
        if self.severity:
            paint_marker(self, painter)
        if self.folded is not None:
            paint_fold(self, painter, c)

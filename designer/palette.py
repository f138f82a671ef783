"""The palette of node kinds: drag one onto the canvas (or click it) to add a node."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from sequences import NODE_KINDS

from .canvas.node_facts import KIND_HINTS, KIND_LABELS
from .icons import kind_icon


class PaletteItem(QFrame):
    """One kind. The drag is tracked here (no QDrag) so it works the same on every platform and in tests."""

    dragMoved = Signal(str, QPoint)
    dropped = Signal(str, QPoint)
    clicked = Signal(str)

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"palette_{kind}")
        self.setFrameShape(QFrame.StyledPanel)
        self.setCursor(Qt.OpenHandCursor)
        self.setToolTip(f"{KIND_LABELS[kind]}: {KIND_HINTS[kind].lower()}. Drag onto the canvas, or click.")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(10)
        icon = QLabel()
        icon.setPixmap(kind_icon(kind).pixmap(QSize(28, 28)))
        layout.addWidget(icon)
        text = QVBoxLayout()
        text.setSpacing(0)
        name = QLabel(KIND_LABELS[kind])
        bold = QFont(name.font())
        bold.setBold(True)
        name.setFont(bold)
        hint = QLabel(KIND_HINTS[kind])
        hint.setEnabled(False)
        small = QFont(hint.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        hint.setFont(small)
        text.addWidget(name)
        text.addWidget(hint)
        layout.addLayout(text, 1)
        self.hint = hint
        self._press: QPoint | None = None
        self._dragging = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.LeftButton:
            self._press = event.position().toPoint()
            self._dragging = False
            self.setCursor(Qt.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        moved = (event.position().toPoint() - self._press).manhattanLength()
        if moved >= QApplication.startDragDistance():
            self._dragging = True
        if self._dragging:
            self.dragMoved.emit(self.kind, self.mapToGlobal(event.position().toPoint()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None or event.button() != Qt.LeftButton:
            return
        self.setCursor(Qt.OpenHandCursor)
        if self._dragging:
            self.dropped.emit(self.kind, self.mapToGlobal(event.position().toPoint()))
        else:
            self.clicked.emit(self.kind)
        self._press = None
        self._dragging = False


class PalettePanel(QScrollArea):
    dragMoved = Signal(str, QPoint)
    dropped = Signal(str, QPoint)
    clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.items: dict[str, PaletteItem] = {}
        for kind in NODE_KINDS:
            item = PaletteItem(kind)
            item.dragMoved.connect(self.dragMoved)
            item.dropped.connect(self.dropped)
            item.clicked.connect(self.clicked)
            layout.addWidget(item)
            self.items[kind] = item
        layout.addStretch(1)
        self.setWidget(body)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.compact = False
        self.setMinimumWidth(body.sizeHint().width() + 4)

    def set_compact(self, compact: bool) -> bool:
        """Names only, no hints (the tooltips keep them): a narrow palette for a small window. True if changed."""
        if compact == self.compact:
            return False
        self.compact = compact
        for item in self.items.values():
            item.hint.setVisible(not compact)
            item.layout().activate()  # each item's size first, or the body would still measure the hints
        body = self.widget()
        body.layout().invalidate()
        body.layout().activate()
        self.setMinimumWidth(body.sizeHint().width() + 4)
        return True

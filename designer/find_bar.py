"""Find a node by id, title or subject (Ctrl+F): Enter jumps to the next match, selecting and centring it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

if TYPE_CHECKING:
    from .main_window import MainWindow


class FindBar(QLineEdit):
    def __init__(self, window: MainWindow):
        super().__init__()
        self.window_ = window
        self.setObjectName("find_node")
        self.setPlaceholderText("Find node…  (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(260)
        self._hits: list[str] = []
        self._at = -1
        self.textEdited.connect(self._search)
        self.returnPressed.connect(self.next)

    def start(self) -> None:
        self.setFocus(Qt.ShortcutFocusReason)
        self.selectAll()

    def _search(self, text: str) -> None:
        self._hits = self.window_.editing.find_nodes(text)
        self._at = -1
        if self._hits:
            self.next()
        else:
            self.window_.statusBar().showMessage("No node matches" if text.strip() else "", 3000)

    def next(self) -> None:
        if not self._hits:
            self._search(self.text())
            return
        self._at = (self._at + 1) % len(self._hits)
        node_id = self._hits[self._at]
        self.window_.reveal_node(node_id)
        self.window_.statusBar().showMessage(f"Match {self._at + 1} of {len(self._hits)}: {node_id}", 4000)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.clear()
            self.window_.view.setFocus()
            return
        super().keyPressEvent(event)

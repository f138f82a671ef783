"""Canvas gestures that need the window: the "+" menu of a connection, and the status line that names the
connections an edit removed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QTimer
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from .main_window import MainWindow


def insert_on_edge_menu(window: MainWindow, from_id: str, port: str, pos: QPointF) -> None:
    """The "+" on a connection: a menu of node kinds; the chosen one is spliced in."""
    menu = QMenu("Insert step", window)
    for kind, item in window._kind_entries(menu, skip="entry"):
        item.triggered.connect(lambda _=False, k=kind: window.editing.insert_on_edge(k, from_id, port))
    where = window.view.viewport().mapToGlobal(window.view.mapFromScene(pos))
    # After the mouse press has been handled: a menu opened inside the handler would nest.
    QTimer.singleShot(0, lambda: window._run_menu(menu, where))


def announce_removals(window: MainWindow, index: int) -> None:
    """An edit that dropped connections (a wait's mode changed, a branch output went) says which."""
    command = window.model.undo_stack.command(index - 1) if index > 0 else None
    removed = getattr(command, "removed", None)
    text = removed() if callable(removed) else ""
    if text:
        window.statusBar().showMessage(text, 10000)

"""Drives the designer window as a person would: palette drags, port drags, clicks and keys."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from designer.canvas.node_item import NodeItem
from designer.main_window import MainWindow
from sequences import read_document

from .files_fixtures import EXAMPLE


class QuietDialogs:
    """Closing a test window with edits discards them instead of waiting on a modal question."""

    def ask_save_changes(self, _name):
        return "discard"

    def ask_restore(self, _description):
        return "later"

    def show_error(self, title, message):
        raise AssertionError(f"unexpected error dialog {title}: {message}")


def open_window(qtbot, document=None, quiet: bool = False) -> MainWindow:
    """A shown, active main window; ``quiet`` answers "discard" when it closes with edits."""
    window = MainWindow()
    if quiet and hasattr(window.file_controller, "dialogs"):
        window.file_controller.dialogs = QuietDialogs()
    qtbot.addWidget(window)
    window.resize(1600, 900)
    if document is not None:
        window.model.set_document(document)
    return show_active(qtbot, window)


def show_active(qtbot, window: MainWindow) -> MainWindow:
    """Show the window, wait until it is active (shortcuts only reach the active window), reset the zoom."""
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.view.reset_zoom()
    return window


def open_example(qtbot, zoom: float | None = None) -> MainWindow:
    """A quiet main window on the patient-engagement example, zoomed by ``zoom`` when given."""
    window = open_window(qtbot, read_document(EXAMPLE)[0], quiet=True)
    if zoom is not None:
        window.view.zoom_by(zoom)
    return window


def across(window: MainWindow, fraction: float, y: int = 200) -> QPoint:
    """A point ``fraction`` of the way across the canvas."""
    return QPoint(int(window.view.viewport().width() * fraction), y)


def view_point(window: MainWindow, scene_pos: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_pos)


def drag_from_palette(qtbot, window: MainWindow, kind: str, viewport_pos: QPoint) -> str:
    """Press on the palette entry, move over the canvas, release; returns the new node's id."""
    before = set(window.model.ids())
    item = window.palette.items[kind]
    start = item.rect().center()
    target = item.mapFromGlobal(window.view.viewport().mapToGlobal(viewport_pos))
    QTest.mousePress(item, Qt.LeftButton, Qt.NoModifier, start)
    QTest.mouseMove(item, start + QPoint(20, 0))
    QTest.mouseMove(item, target)
    QTest.mouseRelease(item, Qt.LeftButton, Qt.NoModifier, target)
    added = set(window.model.ids()) - before
    assert len(added) == 1, f"the drop added {added}"
    return added.pop()


def node_item(window: MainWindow, node_id: str) -> NodeItem:
    return window.scene.node_items[node_id]


def drag_in_view(window: MainWindow, start: QPoint, end: QPoint, modifier=Qt.NoModifier) -> None:
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.LeftButton, modifier, start)
    steps = 4
    for i in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * i / steps)
    QTest.mouseRelease(viewport, Qt.LeftButton, modifier, end)
    QApplication.processEvents()


def connect(window: MainWindow, from_id: str, port: str, to_id: str) -> None:
    """Drag from an output port onto the middle of the target node."""
    source = node_item(window, from_id).output_ports[port]
    target = node_item(window, to_id)
    start = view_point(window, source.scenePos())
    end = view_point(window, target.sceneBoundingRect().center())
    drag_in_view(window, start, end)


def click_node(window: MainWindow, node_id: str, modifier=Qt.NoModifier) -> None:
    item = node_item(window, node_id)
    pos = view_point(window, item.mapToScene(QPointF(120, 30)))
    QTest.mouseClick(window.view.viewport(), Qt.LeftButton, modifier, pos)


def key(window: MainWindow, sequence: str) -> None:
    """A shortcut typed while the canvas has focus."""
    window.view.setFocus()
    QTest.keySequence(window.view, sequence)

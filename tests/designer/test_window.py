"""The window around the canvas: title and modified mark, double-click and context menus, themes, prefs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from designer.document import DocumentModel
from designer.main_window import MainWindow
from sequences import Document

from .gui_driver import click_node, drag_in_view, key, node_item, open_example, open_window


def _choose_in_popup(action_id: str) -> None:
    """Click the entry (by its action id) of the menu that is about to open, as a person would."""
    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(5, pick)
            return
        action = next(a for a in menu.actions() if a.objectName() == action_id)
        menu.setActiveAction(action)
        QTest.keyClick(menu, Qt.Key_Return)
    QTimer.singleShot(0, pick)


def test_title_shows_the_name_and_the_unsaved_mark(qtbot, tmp_path):
    window = open_window(qtbot, quiet=True)
    assert window.windowTitle().startswith("Untitled sequence")
    assert not window.isWindowModified()
    window.actions_by_key["insert_email"].trigger()
    assert window.isWindowModified()
    window.model.mark_saved(tmp_path / "plan.nurture.yaml", None)
    assert window.windowTitle().startswith("plan.nurture.yaml[*]")
    assert not window.isWindowModified()
    window.model.set_read_only(True)
    assert "read-only" in window.windowTitle()


def test_double_click_on_empty_canvas_offers_the_node_kinds(qtbot):
    window = open_window(qtbot, quiet=True)
    _choose_in_popup("insert_wait")
    QTest.mouseDClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, QPoint(300, 250))
    (node,) = window.model.document.sequence.nodes
    assert node.kind == "wait"
    x, y = window.model.position(node.id)
    dropped = window.view.mapToScene(QPoint(300, 250))
    assert abs(x + 120 - dropped.x()) <= 20 and abs(y + 23 - dropped.y()) <= 20


def test_context_menu_adds_a_node_where_it_was_opened(qtbot):
    window = open_window(qtbot, quiet=True)
    def pick_add_then_kind() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(5, pick_add_then_kind)
            return
        submenu = next(a for a in menu.actions() if a.menu() is not None)
        next(a for a in submenu.menu().actions() if a.objectName() == "insert_wait").trigger()
        menu.close()
    QTimer.singleShot(0, pick_add_then_kind)
    QApplication.sendEvent(window.view.viewport(), _context_event(window, QPoint(200, 200)))
    assert [n.kind for n in window.model.document.sequence.nodes] == ["wait"]


def _context_event(window, pos: QPoint) -> QContextMenuEvent:
    return QContextMenuEvent(QContextMenuEvent.Mouse, pos, window.view.viewport().mapToGlobal(pos))


def test_theme_and_snap_are_kept_in_the_settings(qtbot):
    window = open_window(qtbot, quiet=True)
    window.actions_by_key["theme_dark"].trigger()
    key(window, "Ctrl+'")
    assert window.scene.colours.background.lightness() < 80
    assert not window.scene.snap_to_grid
    window.close()
    again = MainWindow(model=DocumentModel(Document()), settings=QSettings())
    qtbot.addWidget(again)
    assert again.theme == "dark" and not again.scene.snap_to_grid
    assert again.actions_by_key["theme_dark"].isChecked()
    again.actions_by_key["theme_light"].trigger()


def test_a_read_only_document_cannot_be_edited_from_the_canvas(qtbot):
    window = open_example(qtbot)
    window.model.set_read_only(True)
    before = window.model.document
    window.palette.items["email"].clicked.emit("email")
    window.view.centre_on_node("wait3")
    click_node(window, "wait3")
    key(window, "Delete")
    key(window, "Ctrl+D")
    item = node_item(window, "wait3")
    start = window.view.mapFromScene(item.mapToScene(item.boundingRect().center()))
    drag_in_view(window, start, start + QPoint(0, 120))
    assert window.model.document == before
    assert item.pos().y() == before.layout["wait3"][1]  # the card went back where the file has it
    assert not window.inspector.scroll.widget().isEnabled()


def test_dropping_a_connection_on_empty_canvas_adds_a_connected_node(qtbot):
    window = open_example(qtbot)
    window.view.reset_zoom()
    window.view.centre_on_node("wait3")
    port = node_item(window, "wait3").output_ports["next"]
    start = window.view.mapFromScene(port.scenePos())
    end = start + QPoint(330, 20)  # beside the column of cards: empty canvas
    before = len(window.model.document.sequence.nodes)
    _choose_in_popup("insert_score")
    drag_in_view(window, start, end)
    qtbot.waitUntil(lambda: len(window.model.document.sequence.nodes) == before + 1, timeout=3000)
    (added,) = window.scene.selected_node_ids()
    assert window.model.node(added).kind == "score"
    assert window.model.edge("wait3", "next").to == added  # it took over the port's connection
    window.actions_by_key["undo"].trigger()
    assert window.model.edge("wait3", "next").to == "by_role" and added not in window.model.ids()

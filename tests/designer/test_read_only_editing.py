"""A read-only document takes no edit: the editing actions are disabled and no shortcut or dialog changes it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from designer.commands import SetDocumentFieldCommand
from designer.exchange_dialog import ExportDialog
from sequences import read_document

from .files_fixtures import EXAMPLE
from .gui_driver import click_node, key, open_window

EDITING = ("cut", "paste", "duplicate", "delete", "auto_layout", "insert_email")


def _read_only_window(qtbot):
    """The example with the welcome email selected and copied, then made read-only (as a second window is)."""
    window = open_window(qtbot, read_document(EXAMPLE)[0], quiet=True)
    window.view.zoom_by(0.6)
    window.view.centre_on_node("welcome")
    click_node(window, "welcome")
    key(window, "Ctrl+C")  # something to paste
    window.model.set_read_only(True)
    return window


def test_duplicate_and_the_other_editing_actions_do_nothing_on_a_read_only_document(qtbot):
    window = _read_only_window(qtbot)
    before = window.model.document
    edit_menu = window.menus["edit"]
    for name in EDITING:
        action = window.actions_by_key[name]
        assert not action.isEnabled(), name
        assert action in edit_menu.actions() or name.startswith("insert_")
        action.trigger()
    for shortcut in ("Ctrl+D", "Ctrl+V", "Ctrl+X", "Delete", "Ctrl+L", "Right"):
        key(window, shortcut)
    assert window.model.document is before
    assert window.model.undo_stack.count() == 0
    assert window.scene.selected_node_ids() == ["welcome"]


def test_duplicate_asked_directly_leaves_the_document_and_the_selection(qtbot):
    """The context menu and the toolbar call the same controller: it refuses on its own too."""
    window = _read_only_window(qtbot)
    before = window.model.document
    assert window.editing.duplicate() == [] and window.editing.paste() == []
    window.editing.cut()
    assert window.model.document is before
    assert window.scene.selected_node_ids() == ["welcome"]


def test_no_panel_can_push_an_edit_onto_a_read_only_document(qtbot):
    window = _read_only_window(qtbot)
    before = window.model.document
    # A dialog that forgets to check (the sweep and calibration dialogs push like this) changes nothing.
    window.model.undo_stack.push(SetDocumentFieldCommand(window.model, "name", "changed behind the lock"))
    assert window.model.document is before and window.model.undo_stack.count() == 0
    window.actions_by_key["export_to"].trigger()
    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is not None and window.findChild(ExportDialog).isVisible())
    dialog = window.findChild(ExportDialog)
    dialog.target.setCurrentIndex(dialog.target.findData("hubspot"))
    assert dialog.ids.rowCount() > 0 and not dialog.apply_ids.isEnabled()  # export ids are saved in the document
    dialog.ids.item(0, 2).setText("113782603056")
    QTest.mouseClick(dialog.apply_ids, Qt.LeftButton)
    assert window.model.document is before
    dialog.close()

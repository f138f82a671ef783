"""File ▸ Import is one undoable edit: Ctrl+Z brings the old document back, Ctrl+Shift+Z the imported one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from designer.exchange_dialog import ImportDialog
from sequences import read_document

from .files_fixtures import EXAMPLE
from .gui_driver import key, open_window, show_active

JOURNEY = Path(__file__).resolve().parents[1] / "exchange" / "samples" / "dittofeed" / "random_cohort_journey.json"


def _import(qtbot, window, path: Path) -> list[str]:
    """File ▸ Import…, choose Dittofeed, type the path and press Import, as a person does."""
    window.actions_by_key["import"].trigger()
    qtbot.waitUntil(lambda: window.findChild(ImportDialog) is not None and window.findChild(ImportDialog).isVisible())
    dialog = window.findChild(ImportDialog)
    dialog.source.setCurrentIndex(dialog.source.findData("dittofeed"))
    QTest.keyClicks(dialog.path, str(path))
    notes: list[str] = []
    # The import's notes come in a message box: read it and press OK, as a person does.
    QTimer.singleShot(0, dialog, lambda: _press_ok(notes, dialog))
    QTest.mouseClick(dialog.import_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # Closing the boxes gives the window back its focus on a desktop; offscreen Qt needs to be told.
    show_active(qtbot, window)
    return notes


def _press_ok(notes: list[str], dialog) -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox) and box.button(QMessageBox.StandardButton.Ok) is not None:
        notes.append(box.text())
        QTest.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.LeftButton)
    else:
        # Tied to the dialog: a watch left running would press on another test's boxes (a "save changes?"
        # box has no OK button, and clicking None aborts the process).
        QTimer.singleShot(20, dialog, lambda: _press_ok(notes, dialog))


def test_import_is_undone_and_redone_with_the_shortcuts(qtbot):
    window = open_window(qtbot, read_document(EXAMPLE)[0], quiet=True)
    before = window.model.document
    _import(qtbot, window, JOURNEY)
    imported = window.model.document
    assert sorted(n.kind for n in imported.sequence.nodes) == ["email", "email", "email", "entry", "exit", "split"]
    assert set(window.scene.node_items) == {n.id for n in imported.sequence.nodes}
    assert window.model.is_modified()
    key(window, "Ctrl+Z")
    assert window.model.document == before
    assert set(window.scene.node_items) == {n.id for n in before.sequence.nodes}  # the canvas follows
    key(window, "Ctrl+Shift+Z")
    assert window.model.document == imported
    assert set(window.scene.node_items) == {n.id for n in imported.sequence.nodes}


def test_import_into_a_read_only_window_opens_a_new_document(qtbot):
    window = open_window(qtbot, read_document(EXAMPLE)[0], quiet=True)
    window.model.set_read_only(True)
    _import(qtbot, window, JOURNEY)
    assert window.model.path is None and not window.model.read_only
    assert len(window.model.document.sequence.nodes) == 6


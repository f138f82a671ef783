"""The file handling inside the real main window: menus, shortcuts, title, real dialogs, the canvas."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from designer.files.recovery import find_orphans
from designer.main_window import MainWindow
from sequences import Document, read_document

from .files_fixtures import EXAMPLE, ScriptedDialogs, file_menu_action, forget_changes, open_file, wait_loaded
from .gui_driver import connect, drag_from_palette, key, show_active


def scripted(window) -> ScriptedDialogs:
    if not isinstance(window.file_controller.dialogs, ScriptedDialogs):
        window.file_controller.dialogs = ScriptedDialogs()
        window.file_controller.autosaver.timer.setInterval(40)
    return window.file_controller.dialogs


def press_on_next_message_box(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next modal message box as a person would, noting what it said."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(f"{box.text()} {box.informativeText()}")
        (box.button(button) or box).click() if box.button(button) else box.reject()
    QTimer.singleShot(0, answer)


def open_window(qtbot, real_dialogs: bool = False) -> MainWindow:
    """The real main window; unless asked for, its questions are answered by a script."""
    window = MainWindow()
    qtbot.addWidget(window, before_close_func=forget_changes)
    if not real_dialogs:
        scripted(window)
    window.resize(1600, 900)
    return show_active(qtbot, window)


def empty_corner(window: MainWindow) -> QPoint:
    """A spot low on the left of the canvas, clear of the example's nodes."""
    viewport = window.view.viewport()
    return QPoint(int(viewport.width() * 0.08), int(viewport.height() * 0.9))


def build_two_nodes(qtbot, window) -> None:
    entry = drag_from_palette(qtbot, window, "entry", QPoint(150, 200))
    email = drag_from_palette(qtbot, window, "email", QPoint(480, 200))
    connect(window, entry, "next", email)


def test_drawn_saved_with_ctrl_s_closed_and_reopened_equal(qtbot, tmp_path):
    window = open_window(qtbot)
    dialogs = scripted(window)
    build_two_nodes(qtbot, window)
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    target = tmp_path / "drawn.nurture.yaml"
    dialogs.answer("ask_save_path", target)
    key(window, "Ctrl+S")
    assert dialogs.questions() == ["ask_save_path"]
    assert not window.isWindowModified() and window.windowTitle().startswith("drawn.nurture.yaml")
    drawn = window.model.document
    assert window.close()

    again = open_window(qtbot)
    scripted(again).answer("ask_open_path", target)
    file_menu_action(again, "Open").trigger()
    wait_loaded(qtbot, again)
    assert again.model.document == drawn and len(drawn.sequence.edges) == 1


CRASHING_DESIGNER = """
import os, signal, sys
from PySide6.QtCore import QEventLoop, QPointF
from PySide6.QtWidgets import QApplication
from designer.main_window import MainWindow

app = QApplication([])
window = MainWindow()
window.show()
window.file_controller.autosaver.timer.setInterval(20)
first = window.editing.add_node("entry", QPointF(100, 100))
second = window.editing.add_node("email", QPointF(400, 100))
# Not app.quit(): in Qt 6 that closes the windows, which would ask about unsaved changes.
waiting = QEventLoop()
window.file_controller.autosaver.saved.connect(waiting.quit)
waiting.exec()
sys.stdout.write(window.model.document.model_dump_json(by_alias=True))
sys.stdout.flush()
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is the crash being simulated")
def test_a_killed_designer_is_restored_at_the_next_start(qtbot, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}  # the same state dir as this test's
    run = subprocess.run([sys.executable, "-c", CRASHING_DESIGNER], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    before = Document.model_validate_json(run.stdout)
    assert [n.kind for n in before.sequence.nodes] == ["entry", "email"]

    restarted = open_window(qtbot)
    scripted(restarted).answer("ask_restore", "restore")
    assert restarted.file_controller.offer_recovery()
    assert restarted.model.document == before and restarted.isWindowModified()
    assert set(restarted.scene.node_items) == {n.id for n in before.sequence.nodes}  # drawn again


def test_a_second_window_shows_read_only_in_title_and_status_bar(qtbot, example):
    first = open_window(qtbot)
    scripted(first)
    assert open_file(qtbot, first, example)
    second = open_window(qtbot)
    scripted(second)
    assert open_file(qtbot, second, example)
    assert "(read-only)" in second.windowTitle() and "(read-only)" not in first.windowTitle()
    assert second.read_only_label.isVisibleTo(second)
    assert "read-only" in second.statusBar().currentMessage()


def test_closing_with_unsaved_changes_asks_in_a_real_dialog(qtbot, example):
    window = open_window(qtbot, real_dialogs=True)
    open_file(qtbot, window, example)
    drag_from_palette(qtbot, window, "wait", empty_corner(window))
    edited = window.model.document
    seen: list[str] = []
    press_on_next_message_box(QMessageBox.StandardButton.Cancel, seen)
    assert not window.close()
    assert len(seen) == 1 and "engagement.nurture.yaml" in seen[0]
    assert window.isVisible() and window.model.document == edited
    press_on_next_message_box(QMessageBox.StandardButton.Discard, seen)
    assert window.close()
    assert read_document(example)[0].sequence.nodes == read_document(EXAMPLE)[0].sequence.nodes
    assert find_orphans() == []


def test_a_broken_file_shows_the_loader_message_in_a_real_dialog(qtbot, example, tmp_path):
    window = open_window(qtbot, real_dialogs=True)
    open_file(qtbot, window, example)
    drag_from_palette(qtbot, window, "wait", empty_corner(window))
    work = window.model.document
    broken = tmp_path / "broken.nurture.yaml"
    broken.write_text("schema_version: 1\nsequence:\n  nodes: [{id: a, kind: email}\n")
    seen: list[str] = []
    press_on_next_message_box(QMessageBox.StandardButton.Ok, seen)
    assert not open_file(qtbot, window, broken)
    assert len(seen) == 1 and f"{broken}:" in seen[0] and "not valid YAML" in seen[0]
    assert window.model.document == work and window.model.path == example


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_export_picture_of_the_real_canvas(qtbot, example, tmp_path, suffix):
    window = open_window(qtbot)
    dialogs = scripted(window)
    open_file(qtbot, window, example)
    target = tmp_path / f"canvas.{suffix}"
    dialogs.answer("ask_export_path", target)
    file_menu_action(window, "Export Picture").trigger()
    assert dialogs.errors == [] and target.stat().st_size > 1000
    if suffix == "png":
        image = QImage(str(target))
        assert image.width() > 800 and image.height() > 200
    if suffix == "svg":  # nodes drawn as vectors with their text, not as pasted screen bitmaps
        text = target.read_text()
        assert "<image" not in text and "Guide download" in text

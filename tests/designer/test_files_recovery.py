"""Autosave and recovery: after a crash the next start offers the work back, exactly as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from designer.files.recovery import find_orphans
from sequences import Document, read_document

from .files_fixtures import (
    EXAMPLE,
    FileWindow,
    add_email,
    file_menu_action,
    isolate,
    new_window,
    open_file,
    set_subject,
)


@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch):
    return isolate(tmp_path, monkeypatch)


@pytest.fixture
def window(qtbot):
    return partial(new_window, qtbot)


def autosaves(state) -> list[str]:
    folder = state / "autosave"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def crash(qtbot, win: FileWindow) -> None:
    """The window goes away without a clean close, as when the program dies."""
    with qtbot.waitSignal(win.destroyed):
        win.deleteLater()


def crash_after_autosave(qtbot, win: FileWindow, node_id: str, subject: str) -> tuple[Document, Path]:
    """Add an email, wait until it is autosaved, then crash: the document as it was, and the autosave."""
    with qtbot.waitSignal(win.files.autosaver.saved) as saved:
        add_email(win.model, node_id, subject)
    document = win.model.document
    crash(qtbot, win)
    return document, saved.args[0]


def test_autosave_is_written_after_edits_stop_and_never_over_the_users_file(qtbot, window, example, state):
    win = window()
    open_file(qtbot, win, example)
    on_disk, stamp = example.read_bytes(), example.stat().st_mtime_ns
    set_subject(win.model, "welcome", "Autosaved subject")
    assert autosaves(state) == [] and win.files.autosaver.timer.isActive()
    with qtbot.waitSignal(win.files.autosaver.saved) as saved:
        add_email(win.model, "extra", "More")  # the timer restarts: one autosave once edits stop
    autosave = saved.args[0]
    assert autosave.parent == state / "autosave" and autosave != example
    assert read_document(autosave)[0] == win.model.document
    meta = json.loads(win.files.autosaver.meta_path.read_text())
    assert meta["path"] == str(example) and meta["pid"] == os.getpid()
    assert example.read_bytes() == on_disk and example.stat().st_mtime_ns == stamp
    assert [p.name for p in example.parent.iterdir() if not p.name.startswith(".~lock")] == [example.name]


def test_a_clean_save_undo_or_close_removes_the_autosave(qtbot, window, example, state):
    win = window()
    open_file(qtbot, win, example)
    for clean_up in ("save", "undo", "close"):
        with qtbot.waitSignal(win.files.autosaver.saved):
            set_subject(win.model, "welcome", f"Before {clean_up}")
        assert len(autosaves(state)) == 2  # the document and what it belongs to
        if clean_up == "save":
            win.files.save()
        elif clean_up == "undo":
            win.model.undo_stack.undo()
        else:
            win.files.dialogs.answer("ask_save_changes", "discard")
            assert win.close()
        assert autosaves(state) == []
    assert find_orphans() == []


def test_after_a_crash_the_next_window_restores_exactly_the_document(qtbot, window, example, state):
    first = window(register=False)
    open_file(qtbot, first, example)
    set_subject(first.model, "welcome", "Written just before the crash")
    before, _ = crash_after_autosave(qtbot, first, "late", "Added just before the crash")

    second = window()
    second.files.dialogs.answer("ask_restore", "restore")
    assert second.files.offer_recovery()
    assert second.files.dialogs.questions() == ["ask_restore"]
    assert "engagement.nurture.yaml" in second.files.dialogs.asked[0][1]
    assert second.model.document == before
    assert second.model.path == example and second.model.is_modified() and not second.model.read_only
    assert find_orphans() == []
    assert len(autosaves(state)) == 2  # the restored work is autosaved again, by its new window
    second.files.save()
    assert read_document(example)[0] == before
    assert "# integration is late-funnel intent" in example.read_text()


def test_restoring_a_never_saved_document_keeps_it_untitled(qtbot, window, tmp_path):
    first = window(register=False)
    before, _ = crash_after_autosave(qtbot, first, "only", "Never saved")
    second = window()
    second.files.dialogs.answer("ask_restore", "restore")
    assert second.files.offer_recovery()
    assert second.model.document == before and second.model.path is None and second.model.is_modified()
    target = tmp_path / "kept.nurture.yaml"
    second.files.dialogs.answer("ask_save_path", target)
    second.files.save()
    assert read_document(target)[0] == before


def test_later_keeps_the_autosave_and_discard_removes_it(qtbot, window, state):
    first = window(register=False)
    crash_after_autosave(qtbot, first, "only", "Maybe later")
    second = window()
    assert not second.files.offer_recovery()  # the scripted answer is "later"
    assert len(find_orphans()) == 1 and second.model.document == Document()
    second.files.dialogs.answer("ask_restore", "discard")
    assert not second.files.offer_recovery()
    assert find_orphans() == [] and autosaves(state) == []


def test_a_running_windows_autosave_is_not_offered(qtbot, window):
    first = window()
    with qtbot.waitSignal(first.files.autosaver.saved):
        add_email(first.model, "busy", "Still being edited")
    second = window()
    assert not second.files.offer_recovery()
    assert second.files.dialogs.asked == []
    first.files.dialogs.answer("ask_save_changes", "discard")
    first.close()


def test_an_unreadable_autosave_is_set_aside_with_a_message(qtbot, window, state):
    first = window(register=False)
    _, autosave = crash_after_autosave(qtbot, first, "only", "Soon damaged")
    autosave.write_text("sequence: [unclosed\n")
    second = window()
    second.files.dialogs.answer("ask_restore", "restore")
    assert not second.files.offer_recovery()
    (title, message), = second.files.dialogs.errors
    assert "not valid JSON" in message and ".unreadable" in message
    assert find_orphans() == [] and any(name.endswith(".unreadable") for name in autosaves(state))


CRASHING_SESSION = """
import os, signal, sys
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QMainWindow
from designer.commands import ReplaceNodeCommand
from designer.document import DocumentModel
from designer.files.controller import FileController

app = QApplication([])
window = QMainWindow()
model = DocumentModel(parent=window)
files = FileController(window, model, autosave_delay_ms=20)
opening = QEventLoop()
files.loadFinished.connect(opening.quit)
assert files.open_path(sys.argv[1])
opening.exec()
assert files.lock.held
node = model.node("welcome").model_copy(update={"subject": "Typed in the session that crashed"})
model.undo_stack.push(ReplaceNodeCommand(model, node))
waiting = QEventLoop()
files.autosaver.saved.connect(waiting.quit)
waiting.exec()
sys.stdout.write(model.document.model_dump_json(by_alias=True))
sys.stdout.flush()
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is the crash being simulated")
def test_work_of_a_killed_process_is_restored_and_its_lock_reclaimed(window, example, state):
    env = {**os.environ, "NURTURE_STATE_DIR": str(state), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", CRASHING_SESSION, str(example)], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    before = Document.model_validate_json(run.stdout)
    assert (example.parent / f".~lock.{example.name}#").exists()  # left behind by the killed process
    assert example.read_bytes() == EXAMPLE.read_bytes()

    win = window()
    win.files.dialogs.answer("ask_restore", "restore")
    assert win.files.offer_recovery()
    assert win.model.document == before
    assert win.model.node("welcome").subject == "Typed in the session that crashed"
    assert win.model.path == example and win.model.is_modified()
    assert not win.model.read_only and win.files.lock.held  # the stale lock was reclaimed


def _crash_a_session_on(example, state) -> Document:
    env = {**os.environ, "NURTURE_STATE_DIR": str(state), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", CRASHING_SESSION, str(example)], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    return Document.model_validate_json(run.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is the crash being simulated")
def test_restarting_on_the_file_then_restoring_keeps_the_window_editable_and_locked(qtbot, window, example,
                                                                                    state):
    before = _crash_a_session_on(example, state)
    lock = example.parent / f".~lock.{example.name}#"
    # ``nurture-studio FILE``: the file is opened, and the recovery offer comes right behind it.
    win = window()
    win.files.dialogs.answer("ask_restore", "restore")
    assert win.files.open_path(example)
    assert not win.files.offer_recovery()  # still opening: the offer waits for the file
    qtbot.waitUntil(lambda: win.model.is_modified(), timeout=30000)
    assert win.model.document == before and win.model.path == example
    assert not win.model.read_only and win.files.lock.held and lock.exists()
    assert json.loads(lock.read_text())["pid"] == os.getpid()

    # Another window gets the file read-only: the restored window still holds it.
    other = window()
    assert open_file(qtbot, other, example)
    assert other.model.read_only
    # And the restored work saves over the file it came from.
    file_menu_action(win, "Save").trigger()
    assert read_document(example)[0].sequence.node("welcome").subject == "Typed in the session that crashed"

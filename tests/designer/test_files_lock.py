"""Locks: a document open in one window is read-only in a second; stale locks are reclaimed."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from functools import partial

import pytest
from PySide6.QtCore import QTimer

from designer.files.lock import DocumentLock, lock_paths
from sequences import Document, read_document
from sequences.locking import COMMAND

from .files_fixtures import (
    EXAMPLE,
    file_menu_action,
    new_window,
    open_file,
    set_subject,
    wait_loaded,
)


@pytest.fixture
def window(qtbot):
    return partial(new_window, qtbot, show=True)


def lock_file(path):
    return lock_paths(path)[0]


def dead_pid() -> int:
    """The pid of a process that has finished (and been reaped), as a killed window's would be."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_second_window_opens_a_locked_file_read_only_and_says_so(qtbot, window, example, tmp_path):
    first = window()
    assert open_file(qtbot, first, example)
    assert not first.model.read_only and first.files.lock.held
    holder = json.loads(lock_file(example).read_text())
    assert holder["host"] == socket.gethostname() and isinstance(holder["pid"], int)

    second = window()
    second.files.dialogs.answer("ask_open_path", example)
    file_menu_action(second, "Open").trigger()
    wait_loaded(qtbot, second)
    assert second.model.path == example and second.model.read_only
    assert "read-only" in second.statusBar().currentMessage()
    assert "another window" in second.statusBar().currentMessage()

    # Save in the read-only window never writes over the locked file: it asks for a new name.
    # (A read-only document takes no edits; the copy is how to make it one's own.)
    before = example.read_bytes()
    copy = tmp_path / "variant.nurture.yaml"
    second.files.dialogs.answer("ask_save_path", example, copy)
    file_menu_action(second, "Save").trigger()
    assert example.read_bytes() == before
    assert second.files.dialogs.errors and "open in another window" in second.files.dialogs.errors[0][1]
    file_menu_action(second, "Save").trigger()
    assert second.model.path == copy and not second.model.read_only and not second.model.is_modified()
    saved = read_document(copy)[0].model_dump(exclude={"generator"})
    assert saved == second.model.document.model_dump(exclude={"generator"})
    set_subject(second.model, "welcome", "My own variant")  # the copy is editable
    assert second.model.node("welcome").subject == "My own variant"


def test_closing_the_first_window_releases_the_lock(qtbot, window, example):
    first = window()
    open_file(qtbot, first, example)
    assert lock_file(example).exists()
    assert first.close()
    assert not lock_file(example).exists()
    second = window()
    open_file(qtbot, second, example)
    assert not second.model.read_only


def test_opening_another_file_releases_the_previous_lock(qtbot, window, example, tmp_path):
    other = tmp_path / "other.nurture.yaml"
    shutil.copy(EXAMPLE, other)
    win = window()
    open_file(qtbot, win, example)
    open_file(qtbot, win, other)
    assert not lock_file(example).exists() and lock_file(other).exists()


def test_a_stale_lock_of_a_killed_process_is_reclaimed(qtbot, window, example):
    stale = {"pid": dead_pid(), "host": socket.gethostname(), "user": "someone", "token": "gone"}
    lock_file(example).write_text(json.dumps(stale))
    win = window()
    open_file(qtbot, win, example)
    assert not win.model.read_only and win.files.lock.held
    assert json.loads(lock_file(example).read_text())["token"] != "gone"


def test_a_half_written_lock_is_stale(qtbot, window, example):
    lock_file(example).write_text('{"pid": 12')
    win = window()
    open_file(qtbot, win, example)
    assert not win.model.read_only


def test_a_lock_held_on_another_machine_is_respected(qtbot, window, example):
    remote = {"pid": 4242, "host": "another-machine.example", "user": "dana", "token": "far"}
    lock_file(example).write_text(json.dumps(remote))
    win = window()
    open_file(qtbot, win, example)
    assert win.model.read_only
    assert "dana (process 4242 on another-machine.example)" in win.statusBar().currentMessage()


def test_a_folder_without_write_access_locks_in_the_state_dir(example, tmp_path):
    folder = example.parent
    folder.chmod(0o555)
    try:
        if (folder / "probe").exists() or _writable(folder):
            pytest.skip("running with permissions that ignore the folder's mode")
        lock = DocumentLock(example)
        assert lock.held and lock_paths(example)[1].exists()
        assert not DocumentLock(example).held  # a second window still sees it
        lock.release()
        assert not lock_paths(example)[1].exists()
    finally:
        folder.chmod(0o755)


def _writable(folder) -> bool:
    try:
        (folder / ".probe").touch()
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


def test_a_document_swapped_in_by_other_code_lets_go_of_the_old_file(qtbot, window, example):
    win = window()
    open_file(qtbot, win, example)
    win.model.set_document(Document())  # e.g. an import that starts a new, unsaved document
    assert not lock_file(example).exists() and win.files.lock is None


def test_a_command_writing_the_file_is_waited_for_not_taken_for_a_window(qtbot, window, example):
    command = DocumentLock(example, program="nurture calibrate", kind=COMMAND)  # a CLI mid-write
    win = window()
    QTimer.singleShot(300, command.release)  # it lets go a moment after the window starts opening
    assert open_file(qtbot, win, example)
    assert not win.model.read_only and win.files.lock.held
    assert json.loads(lock_file(example).read_text())["kind"] == "window"

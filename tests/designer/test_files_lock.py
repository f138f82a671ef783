"""Locks: a document open in one window is read-only in a second; stale locks are reclaimed."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from functools import partial

import pytest

from designer.files.lock import DocumentLock, lock_paths
from sequences import Document, read_document

from .files_fixtures import (
    EXAMPLE,
    file_menu_action,
    new_window,
    set_subject,
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


def test_a_second_window_opens_a_locked_file_read_only_and_says_so(window, example, tmp_path):
    first = window()
    assert first.files.open_path(example)
    assert not first.model.read_only and first.files.lock.held
    holder = json.loads(lock_file(example).read_text())
    assert holder["host"] == socket.gethostname() and isinstance(holder["pid"], int)

    second = window()
    second.files.dialogs.answer("ask_open_path", example)
    file_menu_action(second, "Open").trigger()
    assert second.model.path == example and second.model.read_only
    assert "read-only" in second.statusBar().currentMessage()
    assert "another window" in second.statusBar().currentMessage()

    # Save in the read-only window never writes over the locked file: it asks for a new name.
    set_subject(second.model, "welcome", "My own variant")
    before = example.read_bytes()
    copy = tmp_path / "variant.nurture.yaml"
    second.files.dialogs.answer("ask_save_path", example, copy)
    file_menu_action(second, "Save").trigger()
    assert example.read_bytes() == before
    assert second.files.dialogs.errors and "open in another window" in second.files.dialogs.errors[0][1]
    file_menu_action(second, "Save").trigger()
    assert second.model.path == copy and not second.model.read_only and not second.model.is_modified()
    assert read_document(copy)[0].sequence.node("welcome").subject == "My own variant"


def test_closing_the_first_window_releases_the_lock(window, example):
    first = window()
    first.files.open_path(example)
    assert lock_file(example).exists()
    assert first.close()
    assert not lock_file(example).exists()
    second = window()
    second.files.open_path(example)
    assert not second.model.read_only


def test_opening_another_file_releases_the_previous_lock(window, example, tmp_path):
    other = tmp_path / "other.nurture.yaml"
    shutil.copy(EXAMPLE, other)
    win = window()
    win.files.open_path(example)
    win.files.open_path(other)
    assert not lock_file(example).exists() and lock_file(other).exists()


def test_a_stale_lock_of_a_killed_process_is_reclaimed(window, example):
    stale = {"pid": dead_pid(), "host": socket.gethostname(), "user": "someone", "token": "gone"}
    lock_file(example).write_text(json.dumps(stale))
    win = window()
    win.files.open_path(example)
    assert not win.model.read_only and win.files.lock.held
    assert json.loads(lock_file(example).read_text())["token"] != "gone"


def test_a_half_written_lock_is_stale(window, example):
    lock_file(example).write_text('{"pid": 12')
    win = window()
    win.files.open_path(example)
    assert not win.model.read_only


def test_a_lock_held_on_another_machine_is_respected(window, example):
    remote = {"pid": 4242, "host": "another-machine.example", "user": "dana", "token": "far"}
    lock_file(example).write_text(json.dumps(remote))
    win = window()
    win.files.open_path(example)
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


def test_a_document_swapped_in_by_other_code_lets_go_of_the_old_file(window, example):
    win = window()
    win.files.open_path(example)
    win.model.set_document(Document())  # e.g. an import that starts a new, unsaved document
    assert not lock_file(example).exists() and win.files.lock is None

"""A file open in a window and changed by ``nurture calibrate``: refused while locked, noticed, never lost."""

from __future__ import annotations

import os
import socket
from functools import partial

import pytest

from sequences import read_document

from .files_fixtures import EXAMPLE, file_menu_action, new_window, open_file, set_subject, wait_loaded
from .history_fixtures import calibrate, write_history


@pytest.fixture(scope="module")
def leads(tmp_path_factory):
    return write_history(tmp_path_factory.mktemp("history"), EXAMPLE)


@pytest.fixture
def window(qtbot):
    return partial(new_window, qtbot, show=True)


def names(path) -> list[str]:
    return [s.name for s in read_document(path)[0].scenarios]


def asked_about_disk(win) -> int:
    return win.files.dialogs.questions().count("ask_changed_on_disk")


def test_calibrate_refuses_a_file_open_in_a_window_and_names_the_window(qtbot, window, example, leads):
    win = window()
    assert open_file(qtbot, win, example)
    before = example.read_bytes()
    run = calibrate(example, leads, "from crm")
    assert run.returncode == 3, run.stderr
    assert f"process {os.getpid()} on {socket.gethostname()}" in run.stderr
    assert "nurture-studio" in run.stderr and "--force" in run.stderr
    assert "written" not in run.stdout.replace("not written", "")
    assert example.read_bytes() == before


def test_forced_calibration_is_noticed_and_reload_shows_the_new_scenario(qtbot, window, example, leads):
    win = window()
    assert open_file(qtbot, win, example)
    win.files.dialogs.answer("ask_changed_on_disk", "reload", "reload")
    run = calibrate(example, leads, "from crm", "--force")
    assert run.returncode == 0, run.stderr
    qtbot.waitUntil(lambda: asked_about_disk(win) == 1, timeout=10000)
    wait_loaded(qtbot, win)
    assert "from crm" in [s.name for s in win.model.document.scenarios]
    assert not win.model.read_only and win.files.lock.held  # still this window's file

    # The watch survives the atomic replace: a second run is noticed as well.
    assert calibrate(example, leads, "again", "--force").returncode == 0
    qtbot.waitUntil(lambda: asked_about_disk(win) == 2, timeout=10000)
    wait_loaded(qtbot, win)
    assert {"from crm", "again"} <= {s.name for s in win.model.document.scenarios}


def test_own_saves_are_not_news_but_an_outside_change_is(qtbot, window, example, leads):
    win = window()
    assert open_file(qtbot, win, example)
    set_subject(win.model, "welcome", "Saved by the window itself")
    file_menu_action(win, "Save").trigger()
    assert not win.model.is_modified()
    assert calibrate(example, leads, "outside", "--force").returncode == 0
    qtbot.waitUntil(lambda: asked_about_disk(win) >= 1, timeout=10000)
    assert asked_about_disk(win) == 1  # the window's own save before it raised no question


def test_save_after_an_outside_change_asks_and_never_drops_it(qtbot, window, example, leads, tmp_path):
    win = window()
    assert open_file(qtbot, win, example)
    set_subject(win.model, "welcome", "Edited in the window")
    assert calibrate(example, leads, "from crm", "--force").returncode == 0
    qtbot.waitUntil(lambda: asked_about_disk(win) == 1, timeout=10000)  # answered "decide later"

    dialogs = win.files.dialogs
    dialogs.answer("ask_save_over_changed", "cancel")
    file_menu_action(win, "Save").trigger()
    assert "ask_save_over_changed" in dialogs.questions()
    assert "from crm" in names(example) and win.model.is_modified()

    # Keep mine: Save As writes the window's version elsewhere and the calibrated file stays as it is.
    mine = tmp_path / "mine.nurture.yaml"
    dialogs.answer("ask_save_over_changed", "save_as")
    dialogs.answer("ask_save_path", mine)
    file_menu_action(win, "Save").trigger()
    assert "from crm" in names(example)
    assert read_document(mine)[0].sequence.node("welcome").subject == "Edited in the window"
    assert win.model.path == mine and not win.model.is_modified()


def test_overwrite_is_only_by_an_explicit_answer(qtbot, window, example, leads):
    win = window()
    assert open_file(qtbot, win, example)
    set_subject(win.model, "welcome", "Mine wins, knowingly")
    assert calibrate(example, leads, "from crm", "--force").returncode == 0
    qtbot.waitUntil(lambda: asked_about_disk(win) == 1, timeout=10000)
    win.files.dialogs.answer("ask_save_over_changed", "overwrite")
    file_menu_action(win, "Save").trigger()
    assert "from crm" not in names(example)
    assert "from crm" in names(example.with_name(example.name + ".bak"))

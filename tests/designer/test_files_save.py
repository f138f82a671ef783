"""Save, Save As, Open, Revert, New and closing: what the user made is on disk, equal, with comments."""

from __future__ import annotations

import json
import shutil
from functools import partial

import pytest

from sequences import Document, DocumentError, read_document

from .files_fixtures import (
    EXAMPLE,
    add_email,
    file_menu_action,
    new_window,
    open_file,
    same_content,
    set_subject,
    submenu_entries,
    wait_loaded,
)


@pytest.fixture
def window(qtbot):
    return partial(new_window, qtbot, show=True)


def test_save_close_and_reopen_gives_an_equal_document(qtbot, window, tmp_path):
    first = window()
    add_email(first.model, "hello", "Welcome aboard")
    add_email(first.model, "follow_up", "Scheduling, integrated", at=(700.0, 300.0))
    target = tmp_path / "mine"  # no suffix typed: the document suffix is added
    first.files.dialogs.answer("ask_save_path", target)
    file_menu_action(first, "Save").trigger()  # a new document: Save asks where
    saved = tmp_path / "mine.nurture.yaml"
    assert first.files.dialogs.questions() == ["ask_save_path"]
    assert first.model.path == saved and not first.model.is_modified()
    before = first.model.document
    assert first.close()
    second = window()
    second.files.dialogs.answer("ask_open_path", saved)
    file_menu_action(second, "Open").trigger()
    wait_loaded(qtbot, second)
    assert second.model.document == before
    assert [n.id for n in second.model.document.sequence.nodes] == ["hello", "follow_up"]


def test_comments_survive_open_edit_save(qtbot, window, example):
    win = window()
    assert open_file(qtbot, win, example)
    set_subject(win.model, "welcome", "Your guide, and what it changes for schedulers")
    file_menu_action(win, "Save").trigger()
    text = example.read_text()
    original = EXAMPLE.read_text()
    for comment in ("# Patient-engagement guide + EHR-integration webinar nurture",
                    "# integration is late-funnel intent"):
        assert comment in original and comment in text
    assert "subject: Your guide, and what it changes for schedulers" in text
    reread, _ = read_document(example)
    assert reread == win.model.document


def test_save_keeps_one_backup_generation(qtbot, window, example):
    win = window()
    open_file(qtbot, win, example)
    original = example.read_bytes()
    set_subject(win.model, "welcome", "First change")
    file_menu_action(win, "Save").trigger()
    backup = example.with_name(example.name + ".bak")
    assert backup.read_bytes() == original
    first_save = example.read_bytes()
    set_subject(win.model, "welcome", "Second change")
    file_menu_action(win, "Save").trigger()
    assert backup.read_bytes() == first_save
    assert sorted(p.name for p in example.parent.iterdir() if not p.name.startswith(".~lock")) == [
        example.name, backup.name]


def test_save_as_json_by_suffix(qtbot, window, tmp_path, example):
    win = window()
    open_file(qtbot, win, example)
    target = tmp_path / "copy.json"
    win.files.dialogs.answer("ask_save_path", target)
    file_menu_action(win, "Save As").trigger()
    assert json.loads(target.read_text())["name"] == win.model.document.name
    assert read_document(target)[0] == win.model.document
    assert win.model.path == target


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, window, example):
    win = window()
    open_file(qtbot, win, example)
    set_subject(win.model, "welcome", "Unsaved subject")
    edited = win.model.document
    win.files.dialogs.answer("ask_save_changes", "cancel")
    assert not win.close()
    assert win.isVisible() and win.model.document == edited and win.model.is_modified()
    win.files.dialogs.answer("ask_save_changes", "save")
    assert win.close()
    assert read_document(example)[0] == edited
    assert win.files.dialogs.questions() == ["ask_save_changes", "ask_save_changes"]


def test_discarding_on_close_leaves_the_file_as_it_was(qtbot, window, example):
    win = window()
    open_file(qtbot, win, example)
    before = example.read_bytes()
    set_subject(win.model, "welcome", "Thrown away")
    win.files.dialogs.answer("ask_save_changes", "discard")
    assert win.close()
    assert example.read_bytes() == before


def test_a_broken_file_shows_the_loader_message_and_keeps_the_open_work(qtbot, window, example, tmp_path):
    win = window()
    open_file(qtbot, win, example)
    set_subject(win.model, "welcome", "Work in progress")
    work = win.model.document
    broken = tmp_path / "broken.nurture.yaml"
    broken.write_text(EXAMPLE.read_text().replace("kind: wait", "kind: teleport", 1))
    win.files.dialogs.answer("ask_open_path", broken)
    file_menu_action(win, "Open").trigger()
    wait_loaded(qtbot, win)
    assert len(win.files.dialogs.errors) == 1
    title, message = win.files.dialogs.errors[0]
    with pytest.raises(DocumentError) as loader:
        read_document(broken)
    assert message == loader.value.message  # the loader's own words, naming file, line and problem
    assert message.startswith(f"{broken}:") and "teleport" in message
    assert win.model.document == work and win.model.path == example and win.model.is_modified()
    assert "ask_save_changes" not in win.files.dialogs.questions()


def test_new_from_template_never_writes_over_the_template(qtbot, window, tmp_path):
    win = window()
    entries = submenu_entries(file_menu_action(win, "New from Template"))
    entry = next(a for a in entries if a.data() == str(EXAMPLE))
    assert "Patient-engagement" in entry.text()
    template_bytes = EXAMPLE.read_bytes()
    entry.trigger()
    wait_loaded(qtbot, win)
    assert win.model.path is None and same_content(win.model.document, read_document(EXAMPLE)[0])
    set_subject(win.model, "welcome", "Adapted from the template")
    target = tmp_path / "adapted.nurture.yaml"
    win.files.dialogs.answer("ask_save_path", target)
    file_menu_action(win, "Save").trigger()
    assert EXAMPLE.read_bytes() == template_bytes
    assert "# integration is late-funnel intent" in target.read_text()


def test_new_asks_about_changes_then_starts_empty(qtbot, window, example):
    win = window()
    open_file(qtbot, win, example)
    set_subject(win.model, "welcome", "Changed")
    win.files.dialogs.answer("ask_save_changes", "cancel", "discard")
    file_menu_action(win, "New").trigger()
    assert win.model.path == example
    file_menu_action(win, "New").trigger()
    assert win.model.document == Document() and win.model.path is None and not win.model.is_modified()


def test_revert_reloads_from_disk_after_asking(qtbot, window, example):
    win = window()
    open_file(qtbot, win, example)
    revert = file_menu_action(win, "Revert")
    assert not revert.isEnabled()
    set_subject(win.model, "welcome", "Not wanted")
    assert revert.isEnabled()
    win.files.dialogs.answer("ask_revert", True)
    revert.trigger()
    wait_loaded(qtbot, win)
    assert same_content(win.model.document, read_document(example)[0]) and not win.model.is_modified()
    assert win.model.node("welcome").subject != "Not wanted"


def test_recent_files_reopen_and_forget_missing_ones(qtbot, window, example, tmp_path):
    gone = tmp_path / "gone.nurture.yaml"
    shutil.copy(example, gone)
    win = window()
    open_file(qtbot, win, gone)
    open_file(qtbot, win, example)
    gone.unlink()
    other = window()
    entries = submenu_entries(file_menu_action(other, "Open Recent"))
    assert [a.data() for a in entries[:2]] == [str(example), str(gone)]
    entries[1].trigger()
    assert other.files.dialogs.errors and "no longer exists" in other.files.dialogs.errors[0][1]
    assert other.files.recent.paths() == [example]
    assert other.model.path is None
    entries = submenu_entries(file_menu_action(other, "Open Recent"))
    entries[0].trigger()
    wait_loaded(qtbot, other)
    assert other.model.path == example and other.model.read_only  # the first window holds it


def test_quit_asks_each_window_and_cancel_stops_quitting(qtbot, window, example):
    clean, busy = window(), window()
    open_file(qtbot, clean, example)
    add_email(busy.model, "draft", "Not saved yet")
    busy.files.dialogs.answer("ask_save_changes", "cancel", "discard")
    file_menu_action(clean, "Quit").trigger()
    assert busy.isVisible() and busy.model.is_modified()
    file_menu_action(busy, "Quit").trigger()
    assert not busy.isVisible() and not clean.isVisible()
    assert busy.files.dialogs.questions() == ["ask_save_changes", "ask_save_changes"]
    assert clean.files.dialogs.questions() == []  # nothing unsaved there: no question

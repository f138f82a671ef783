"""The window shell: menus, actions and panels come from one table by id, never from their titles."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import designer.action_table as table
from designer import actions, docks, extensions
from designer.main_window import MainWindow
from designer.shortcuts_help import shortcut_rows

from .gui_driver import click_node, key, open_example

DESIGNER = Path(__file__).resolve().parents[2] / "designer"


def _entries(menu) -> list[str | None]:
    return [None if a.isSeparator() else a.objectName() for a in menu.actions() if not a.menu()]


def test_every_action_sits_in_the_menus_its_row_names_in_table_order(qtbot):
    window = open_example(qtbot)
    for menu_spec in table.MENUS:
        expected = [None if e is None else f"action_{e.id}" for e in table.menu_entries(menu_spec.id)]
        shown = [e for e in _entries(window.menus[menu_spec.id]) if e is None or e in expected]
        while shown and shown[-1] is None:  # the separator before a submenu
            shown.pop()
        assert shown == expected, menu_spec.id
    hidden = [s.id for s in table.ACTIONS if not window.actions_by_key[s.id].isVisible()]
    assert hidden == []  # every feature bound its commands
    panels = [a.text() for a in window.menus["panels"].actions()]
    assert panels == [d.title for d in table.DOCKS] and list(window.docks) == [d.id for d in table.DOCKS]


def test_no_two_commands_share_a_shortcut(qtbot):
    window = open_example(qtbot)
    seen: dict[str, str] = {}
    for action_id, action in window.actions_by_key.items():
        for sequence in action.shortcuts():
            text = sequence.toString()
            assert text not in seen, f"{text} is bound to both {seen.get(text)} and {action_id}"
            seen[text] = action_id


@pytest.fixture
def translated(monkeypatch):
    """The whole UI in other words, as a translation would give it: nothing may depend on an English title."""
    def other(spec):
        return dataclasses.replace(spec, title=f"«{spec.title.replace('&', '')}»")

    menus = tuple(other(m) for m in table.MENUS)
    rows = tuple(other(a) for a in table.ACTIONS)
    panels = tuple(other(d) for d in table.DOCKS)
    by_id = {a.id: a for a in rows}
    monkeypatch.setattr(actions, "MENUS", menus)
    monkeypatch.setattr(actions, "ACTIONS", rows)
    monkeypatch.setattr(actions, "ACTIONS_BY_ID", by_id)
    monkeypatch.setattr(table, "ACTIONS", rows)  # menu_entries reads the table module's rows
    monkeypatch.setattr(docks, "DOCKS", panels)
    monkeypatch.setattr(docks, "DOCKS_BY_ID", {d.id: d for d in panels})
    return by_id


def test_a_translated_window_still_puts_every_feature_in_its_place(qtbot, translated):
    window = MainWindow()
    qtbot.addWidget(window)
    forecast = _entries(window.menus["forecast"])
    assert [e for e in forecast if e] == [f"action_{s.id}" for s in table.ACTIONS if "forecast" in s.menus]
    assert window.actions_by_key["simulate"].text() == "«Simulate»"
    assert "action_forecast_overlay" in _entries(window.menus["view"])
    assert [a.text() for a in window.menus["panels"].actions()] == [f"«{d.title}»" for d in table.DOCKS]
    assert [a.text() for a in window.menuBar().actions()][-1] == "«Help»"  # Help stays last
    names = [a.objectName() for a in window.menus["file"].actions()]
    quit_at = names.index("action_quit")
    assert names[quit_at - 4: quit_at] == ["action_export_to", "action_import", "action_import_into", ""]
    window.model.undo_stack.setClean()


def test_enabled_when_follows_the_selection_and_a_read_only_document(qtbot):
    window = open_example(qtbot)
    a = window.actions_by_key
    window.view.centre_on_node("wait3")
    assert not a["copy"].isEnabled() and not a["delete"].isEnabled()
    click_node(window, "wait3")
    assert all(a[k].isEnabled() for k in ("cut", "copy", "duplicate", "delete", "paste", "insert_email"))
    window.model.set_read_only(True)
    assert a["copy"].isEnabled()
    assert not any(a[k].isEnabled() for k in ("cut", "duplicate", "delete", "paste", "insert_email",
                                              "auto_layout", "calibrate"))
    before = window.model.document
    key(window, "Ctrl+D")
    assert window.model.document == before
    window.model.set_read_only(False)
    assert a["duplicate"].isEnabled()
    key(window, "Ctrl+D")
    assert len(window.model.document.sequence.nodes) == len(before.sequence.nodes) + 1


def test_the_shortcut_help_lists_what_the_window_really_binds(qtbot):
    window = open_example(qtbot)
    rows = {what: keys for keys, what in shortcut_rows(window.actions_by_key)}
    assert rows["Simulate"] == "F5" and rows["Auto-Layout"] == "Ctrl+L" and rows["Test a Lead"] == "Ctrl+Shift+T"
    assert rows["Save"].split(" / ")[0] == "Ctrl+S"  # the File rows, bound by the File controller
    assert "Ctrl+Y" in rows["Redo"]


def test_a_feature_that_fails_to_install_is_reported_and_the_rest_still_open(qtbot, monkeypatch):
    def broken(window):
        raise RuntimeError("the sweep panel is broken")
    broken.__name__ = "install_sweeps"
    installers = tuple(broken if f is extensions.install_sweeps else f for f in extensions.INSTALLERS)
    monkeypatch.setattr(extensions, "INSTALLERS", installers)
    window = MainWindow()
    qtbot.addWidget(window)
    assert "install_sweeps: the sweep panel is broken" in window.statusBar().currentMessage()
    assert not window.actions_by_key["sweep"].isVisible()  # no command behind it: not offered
    assert window.actions_by_key["simulate"].isVisible() and "scenarios" in window.docks


def test_no_module_is_loaded_by_name():
    # Every part of the product is always installed: plain imports, so a missing one fails loudly at start-up.
    uses = []
    for path in DESIGNER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            uses += [f"{path.relative_to(DESIGNER)}: {n}" for n in names if n.split(".")[0] == "importlib"]
    assert uses == []

"""The inspector edits nodes, connections and the document through undoable commands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTabWidget

from sequences import read_document

from .files_fixtures import EXAMPLE
from .gui_driver import click_node, open_example


def _type(editor, text: str) -> None:
    editor.selectAll()
    QTest.keyClicks(editor, text)


def _enter_id(window, new_id: str) -> None:
    """Type a new id for the selected node and press Return, as a person renames it."""
    field = window.inspector.id_editor.edit
    _type(field, new_id)
    QTest.keyClick(field, Qt.Key_Return)


def test_renaming_a_branch_output_keeps_its_connection(qtbot):
    window = open_example(qtbot, 0.6)
    window.view.centre_on_node("by_role")
    click_node(window, "by_role")
    outputs = window.inspector.forms["node"].editors["outputs"]
    _type(outputs.forms[0].editors["label"].edit, "clinicians")
    node = window.model.node("by_role")
    assert [o.label for o in node.outputs] == ["clinicians", "operations", "else"]
    assert window.model.edge("by_role", "clinicians").to == "clinical_case"
    assert "clinicians" in window.scene.node_items["by_role"].output_ports
    window.actions_by_key["undo"].trigger()
    assert window.model.edge("by_role", "clinical").to == "clinical_case"
    assert window.model.document == read_document(EXAMPLE)[0].model_copy(
        update={"layout": window.model.document.layout})


def test_adding_a_branch_output_puts_it_before_else(qtbot):
    window = open_example(qtbot, 0.6)
    window.view.centre_on_node("engaged")
    click_node(window, "engaged")
    outputs = window.inspector.forms["node"].editors["outputs"]
    QTest.mouseClick(outputs.add_button, Qt.LeftButton)
    labels = [o.label for o in window.model.node("engaged").outputs]
    assert labels[-1] == "else" and len(labels) == 3
    assert len(window.scene.node_items["engaged"].output_ports) == 3


def test_invalid_value_is_explained_and_not_applied(qtbot):
    window = open_example(qtbot, 0.6)
    window.view.centre_on_node("welcome")
    click_node(window, "welcome")
    variants = window.inspector.forms["node"].editors["variants"]
    combo = variants.forms[1].editors["role"].combo
    combo.setCurrentIndex(combo.findText("clinical_leadership"))
    combo.activated.emit(combo.currentIndex())
    assert window.inspector.error.isVisible()
    assert "more than one variant" in window.inspector.error.text()
    assert [v.role for v in window.model.node("welcome").variants] == ["clinical_leadership", "operations"]
    assert window.model.undo_stack.count() == 0


def test_wait_days_edit_merges_into_one_step_and_updates_the_card(qtbot):
    window = open_example(qtbot, 0.6)
    window.view.centre_on_node("wait3")
    click_node(window, "wait3")
    spin = window.inspector.forms["node"].editors["days"].spin
    steps = window.model.undo_stack.count()
    spin.setFocus()
    for _ in range(4):
        QTest.keyClick(spin, Qt.Key_Up)
    assert window.model.node("wait3").days == 7
    assert window.model.undo_stack.count() == steps + 1
    assert "7 days" in window.scene.node_items["wait3"]._lines[0]


def test_document_scoring_threshold_shows_on_handoff_cards(qtbot):
    window = open_example(qtbot, 0.6)
    window.scene.clearSelection()
    tabs = window.inspector.findChild(QTabWidget, "document_tabs")
    tabs.setCurrentIndex(3)
    scoring = window.inspector.document_forms["thresholds"]
    spin = scoring.editors["sql"].editors["total"].spin
    spin.selectAll()
    QTest.keyClicks(spin, "95")
    assert window.model.document.scoring.sql.total == 95
    assert any("SQL ≥ 95" in line for line in window.scene.node_items["handoff"]._lines)
    assert window.model.undo_stack.count() == 1
    window.actions_by_key["undo"].trigger()
    assert window.model.document.scoring.sql.total == 80


def test_changing_a_connection_target_in_the_inspector(qtbot):
    window = open_example(qtbot, 0.6)
    window.scene.clearSelection()
    window.scene.edge_items[("engaged", "else")].setSelected(True)
    assert window.inspector.subject == ("edge", "engaged", "else")
    combo = window.inspector.target.combo
    combo.setCurrentIndex(combo.findText("sql"))
    combo.activated.emit(combo.currentIndex())  # what a click on the entry sends
    assert window.model.edge("engaged", "else").to == "sql"


def test_renaming_a_node_keeps_its_connections_and_place(qtbot):
    window = open_example(qtbot, 0.6)
    window.view.centre_on_node("wait3")
    click_node(window, "wait3")
    before = window.model.document
    _enter_id(window, "pause")
    assert "wait3" not in window.model.ids()
    assert window.model.edge("welcome", "next").to == "pause"
    assert window.model.edge("pause", "next").to == "by_role"
    assert window.model.position("pause") == before.layout["wait3"]
    assert window.scene.selected_node_ids() == ["pause"]
    assert not window.inspector.error.isVisible()
    window.actions_by_key["undo"].trigger()
    assert window.model.document == before


def test_renaming_is_refused_for_a_taken_id_and_an_entry_takes_its_arrivals_along(qtbot):
    window = open_example(qtbot, 0.6)
    window.view.centre_on_node("wait3")
    click_node(window, "wait3")
    _enter_id(window, "welcome")
    assert "already used" in window.inspector.error.text()
    assert "wait3" in window.model.ids() and window.model.undo_stack.count() == 0
    window.view.centre_on_node("guide")
    click_node(window, "guide")
    _enter_id(window, "guide_download")
    assert "guide" not in window.model.ids() and "guide_download" in window.model.ids()
    for scenario in window.model.document.scenarios:  # the scenarios' arrivals follow the rename
        assert "guide_download" in [a.entry for a in scenario.cohort.arrivals]
    assert window.model.undo_stack.count() == 1


def _choose(editor, value) -> None:
    combo = editor.combo
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what picking the entry from the list sends


def test_changing_a_waits_mode_keeps_its_connection_and_says_which_it_removed(qtbot):
    window = open_example(qtbot, 0.6)
    window.view.centre_on_node("wait3")
    click_node(window, "wait3")
    editors = window.inspector.forms["node"].editors
    _choose(editors["event"], "click")
    _choose(window.inspector.forms["node"].editors["mode"], "until_event")
    assert window.model.node("wait3").mode == "until_event"
    # The way on becomes the timeout path: nothing is silently dropped.
    assert window.model.edge("wait3", "timeout").to == "by_role"
    from designer.commands import connect_command

    window.model.undo_stack.push(connect_command(window.model, "wait3", "event", "handoff"))
    click_node(window, "wait3")
    _choose(window.inspector.forms["node"].editors["mode"], "days")
    assert window.model.edge("wait3", "next").to == "by_role"
    message = window.statusBar().currentMessage()
    assert "event" in message and "handoff" in message and "Removed" in message


def test_audience_lists_are_chips_with_suggestions(qtbot):
    window = open_example(qtbot, 0.6)
    window.scene.clearSelection()
    roles = window.inspector.document_forms["audience"].editors["roles"]
    before = list(window.model.document.audience.roles)
    assert roles.chip_texts() == before
    assert "procurement" in roles.completer.model().stringList() or roles.completer.completionCount() > 0
    roles.edit.setFocus()
    QTest.keyClicks(roles.edit, "board_member")
    QTest.keyClick(roles.edit, Qt.Key_Return)
    assert window.model.document.audience.roles == (*before, "board_member")
    assert roles.chip_texts()[-1] == "board_member" and roles.edit.text() == ""
    chip = next(c for c in roles._chips if c.property("word") == "board_member")
    qtbot.mouseClick(chip, Qt.LeftButton)
    assert window.model.document.audience.roles == tuple(before)


def test_opening_another_document_shows_it_in_the_inspector(qtbot):
    """The document page is refilled, not rebuilt, when no form of the old document was opened."""
    window = open_example(qtbot)
    window.scene.clearSelection()
    other = read_document(EXAMPLE.parent / "billing_demo.nurture.yaml")[0]
    window.model.set_document(other)
    inspector = window.inspector
    assert inspector.title.text() == other.name and inspector.name_edit.edit.text() == other.name
    assert inspector.description_edit.edit.toPlainText() == other.description
    assert f"{len(other.sequence.nodes)} nodes" in inspector.summary.text()
    roles = inspector.document_forms["audience"].editors["roles"]
    assert roles.chip_texts() == list(other.audience.roles)
    # With a form built from it, the next document gets a new page: its lists are the new document's.
    window.model.set_document(read_document(EXAMPLE)[0])
    roles = inspector.document_forms["audience"].editors["roles"]
    assert roles.chip_texts() == list(read_document(EXAMPLE)[0].audience.roles)
    window.model.undo_stack.setClean()


def test_a_send_window_at_its_defaults_is_shown_in_full_and_survives_an_edit_of_another_field(qtbot):
    # An email's own window that happens to equal the defaults is not "none" (none: the scenario's window): the
    # box shows its days and hours (it read "{}"), and typing a new subject keeps it.
    from sequences import load_document
    from sequences.timing import SendWindow

    from .gui_driver import open_window

    document = load_document(EXAMPLE)
    nodes = tuple(n.model_copy(update={"sending": SendWindow()}) if n.id == "clinical_case" else n
                  for n in document.sequence.nodes)
    document = document.model_copy(update={"sequence": document.sequence.model_copy(update={"nodes": nodes})})
    window = open_window(qtbot, document, quiet=True)  # the edit is left behind: closing discards it
    window.view.centre_on_node("clinical_case")
    click_node(window, "clinical_case")
    editors = window.inspector.forms["node"].editors
    assert "days" in editors["sending"].edit.toPlainText()
    _type(editors["subject"].edit, "How a 12-site system cut no-shows")
    qtbot.waitUntil(lambda: window.model.node("clinical_case").subject == "How a 12-site system cut no-shows")
    assert window.model.node("clinical_case").sending == SendWindow()

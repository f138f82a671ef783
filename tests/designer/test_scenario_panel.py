"""The scenario panel driven as a planner would: sliders, tables, forms and scenario buttons, with undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionSlider

from designer.scenarios import install_scenarios
from designer.scenarios.preview import PREVIEW_LEADS
from sequences import load_document
from simulation.analytic import preview

from .files_fixtures import EXAMPLE
from .gui_driver import open_window


@pytest.fixture
def window(qtbot, monkeypatch):
    window = open_window(qtbot, load_document(EXAMPLE))
    # The tests leave edits behind: closing the window must not ask whether to save them.
    monkeypatch.setattr(window.file_controller, "confirm_close", lambda: True)
    install_scenarios(window)
    window.actions_by_key["scenarios"].trigger()
    qtbot.waitUntil(lambda: window.scenario_panel.isVisible())
    return window


def undo(window) -> None:
    window.actions_by_key["undo"].trigger()


def redo(window) -> None:
    window.actions_by_key["redo"].trigger()


def effective(window, index: int = 0):
    document = window.model.document
    return document.scenarios[index].effective_scoring(document.scoring)


def handle_centre(slider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    return slider.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle, slider).center()


def drag_slider(slider, dx: int) -> None:
    start = handle_centre(slider)
    QTest.mousePress(slider, Qt.LeftButton, Qt.NoModifier, start)
    for k in range(1, 6):
        QTest.mouseMove(slider, start + QPoint(dx * k // 5, 0))
    QTest.mouseRelease(slider, Qt.LeftButton, Qt.NoModifier, start + QPoint(dx, 0))


def open_editor(view, index) -> QLineEdit:
    """Start editing a cell as a double-click would; returns the cell's line edit."""
    view.edit(index)
    editors = [w for w in view.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1, "one cell editor is open"
    return editors[0]


def test_a_slider_drag_is_one_undo_step(window):
    panel = window.scenario_panel
    slider = panel.thresholds.rows["sql_total"].slider
    stack = window.model.undo_stack
    before_count, before = stack.count(), window.model.document.scenarios[0]
    drag_slider(slider, 60)
    moved = effective(window).sql.total
    assert moved > 80 and moved == slider.value()
    assert stack.count() == before_count + 1, "every step of one drag merges into one command"
    assert panel.thresholds.rows["sql_total"].spin.value() == moved
    undo(window)
    assert window.model.document.scenarios[0] == before
    assert slider.value() == 80, "the slider follows undo"
    redo(window)
    assert effective(window).sql.total == moved


def test_keys_on_a_slider_after_a_drag_are_their_own_step(window):
    slider = window.scenario_panel.thresholds.rows["mql_total"].slider
    drag_slider(slider, 40)
    dragged = effective(window).mql.total
    count = window.model.undo_stack.count()
    slider.setFocus()
    for _ in range(3):
        QTest.keyClick(slider, Qt.Key_Right)
    assert effective(window).mql.total == dragged + 3
    assert window.model.undo_stack.count() == count + 1
    undo(window)
    assert effective(window).mql.total == dragged
    # Only the MQL part is overridden; the SQL bar and decay still come from the document.
    override = window.model.document.scenarios[0].thresholds
    assert override.sql is None and override.decay_half_life_days is None


def test_typing_a_threshold_and_resetting_to_the_documents(window, qtbot):
    panel = window.scenario_panel
    spin = panel.thresholds.rows["decay"].spin
    spin.selectAll()
    QTest.keyClicks(spin.lineEdit() if hasattr(spin, "lineEdit") else spin, "14")
    QTest.keyClick(spin, Qt.Key_Return)
    assert effective(window).decay_half_life_days == 14
    assert "document: 30" in panel.thresholds.rows["decay"].base.text()
    qtbot.mouseClick(panel.thresholds.reset, Qt.LeftButton)
    assert window.model.document.scenarios[0].thresholds is None
    undo(window)
    assert effective(window).decay_half_life_days == 14


def test_the_preview_follows_a_slider_move(window, qtbot):
    strip = window.scenario_panel.preview
    qtbot.waitUntil(strip.is_current, timeout=10_000)
    first = strip.last
    slider = window.scenario_panel.thresholds.rows["sql_total"].slider
    slider.setFocus()
    QTest.keyClick(slider, Qt.Key_End)  # the strictest SQL bar the slider offers
    qtbot.waitUntil(lambda: strip.is_current() and strip.last is not first, timeout=10_000)
    scenario = window.model.document.scenarios[0]
    expected = preview(window.model.document, scenario, max_leads=PREVIEW_LEADS)
    assert strip.last.sql_handoffs == expected.sql_handoffs
    assert strip.last.sql_handoffs < first.sql_handoffs
    weeks = len(expected.weekly_handoffs)
    assert strip.values["handoffs"].text() == f"{expected.sql_handoffs / weeks:,.1f}"
    assert strip.values["breach"].text() == f"{expected.sla_breach_rate:.0%}"
    assert list(strip.curve.getData()[1]) == pytest.approx(expected.weekly_handoffs)


def test_add_duplicate_rename_delete_with_undo(window, qtbot):
    panel = window.scenario_panel
    names = lambda: [s.name for s in window.model.document.scenarios]  # noqa: E731
    original = names()
    qtbot.mouseClick(panel.buttons["add"], Qt.LeftButton)
    assert names() == original + ["new scenario"]
    added = window.model.document.scenarios[-1]
    assert {a.entry for a in added.cohort.arrivals} == {"guide", "webinar"}
    assert panel.combo.currentText() == "new scenario"
    panel.combo.setCurrentIndex(0)
    qtbot.mouseClick(panel.buttons["duplicate"], Qt.LeftButton)
    assert names()[1] == "current thresholds copy"
    assert window.model.document.scenarios[1].model_copy(update={"name": "x"}) == \
        window.model.document.scenarios[0].model_copy(update={"name": "x"})
    panel.name_edit.setFocus()
    panel.name_edit.selectAll()
    QTest.keyClicks(panel.name_edit, "fewer reps")
    QTest.keyClick(panel.name_edit, Qt.Key_Return)
    assert names()[1] == "fewer reps" and panel.combo.currentText() == "fewer reps"
    qtbot.mouseClick(panel.buttons["delete"], Qt.LeftButton)
    assert names() == original + ["new scenario"]
    undo(window)
    assert names()[1] == "fewer reps"
    undo(window)
    assert names()[1] == "current thresholds copy"
    undo(window)
    undo(window)
    assert names() == original
    assert panel.combo.count() == len(original)


def test_a_name_already_used_is_refused_with_a_message(window):
    panel = window.scenario_panel
    count = window.model.undo_stack.count()
    panel.name_edit.setFocus()
    panel.name_edit.selectAll()
    QTest.keyClicks(panel.name_edit, "stricter thresholds, one more rep")
    QTest.keyClick(panel.name_edit, Qt.Key_Return)
    assert window.model.undo_stack.count() == count
    assert "already a scenario named" in panel.error.text() and panel.error.isVisible()
    assert window.model.document.scenarios[0].name == "current thresholds"


def test_behaviour_table_edits_a_rate_by_typing(window, qtbot):
    panel = window.scenario_panel
    panel.tabs.setCurrentWidget(panel.behaviour)
    view = panel.behaviour.table
    index = view.model().index(0, 2)  # the default open rate
    view.setFocus()
    view.setCurrentIndex(index)
    editor = open_editor(view, index)
    editor.selectAll()
    QTest.keyClicks(editor, "45%")
    QTest.keyClick(editor, Qt.Key_Return)  # the view commits on its next turn of the event loop
    qtbot.waitUntil(lambda: window.model.document.scenarios[0].behaviour.default.open == pytest.approx(0.45))
    assert view.model().index(0, 2).data() == "45.0%"
    # An override without its own open rate shows the inherited one.
    assert view.model().index(1, 2).data() == "45.0%"
    undo(window)
    assert window.model.document.scenarios[0].behaviour.default.open == pytest.approx(0.35)
    assert view.model().index(0, 2).data() == "35.0%"


def test_adding_and_removing_a_behaviour_override(window, qtbot):
    panel = window.scenario_panel
    panel.tabs.setCurrentWidget(panel.behaviour)
    before = window.model.document.scenarios[0].behaviour.overrides
    qtbot.mouseClick(panel.behaviour.add, Qt.LeftButton)
    overrides = window.model.document.scenarios[0].behaviour.overrides
    assert len(overrides) == len(before) + 1 and overrides[-1].role is not None
    panel.behaviour.table.selectRow(len(overrides))
    qtbot.mouseClick(panel.behaviour.remove, Qt.LeftButton)
    assert window.model.document.scenarios[0].behaviour.overrides == before


def test_mix_share_typed_in_the_table(window, qtbot):
    panel = window.scenario_panel
    panel.tabs.setCurrentWidget(panel.mix)
    panel.mix.attribute.setCurrentText("role")
    table = panel.mix.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "it")
    item = table.item(row, 1)
    table.setFocus()
    table.setCurrentItem(item)
    editor = open_editor(table, table.indexFromItem(item))
    editor.selectAll()
    QTest.keyClicks(editor, "25%")
    QTest.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.model.document.scenarios[0].mix["role"]["it"] == pytest.approx(0.25))
    undo(window)
    assert window.model.document.scenarios[0].mix["role"]["it"] == pytest.approx(0.15)


def test_sales_form_uses_the_inspector_editors_and_typing_merges(window):
    panel = window.scenario_panel
    form = panel.fields.forms["sales"]
    spin = form.editors["sales"].editors["reps"].spin
    count = window.model.undo_stack.count()
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, "12")
    assert window.model.document.scenarios[0].sales.reps == 12
    assert window.model.undo_stack.count() == count + 1, "typing 1 then 2 is one edit"
    undo(window)
    assert window.model.document.scenarios[0].sales.reps == 4


def test_panel_follows_a_document_reset_and_read_only(window):
    panel = window.scenario_panel
    panel.combo.setCurrentIndex(1)
    document = window.model.document
    window.model.set_document(document.model_copy(update={"scenarios": document.scenarios[:1]}))
    assert panel.combo.count() == 1 and panel.current().name == "current thresholds"
    window.model.set_document(document.model_copy(update={"scenarios": ()}))
    assert panel.empty.isVisible() and not panel.tabs.isVisible()
    assert not panel.buttons["delete"].isEnabled()
    window.model.set_document(document, read_only=True)
    assert not panel.tabs.isEnabled() and not panel.buttons["add"].isEnabled()


def test_seed_is_typed_as_digits(window):
    panel = window.scenario_panel
    edit = panel.fields.seed_edit
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, "12x34")  # the letter is refused by the field
    QTest.keyClick(edit, Qt.Key_Return)
    assert window.model.document.scenarios[0].seed == 1234
    undo(window)
    assert window.model.document.scenarios[0].seed == 7 and edit.text() == "7"


def test_renaming_carries_the_sweeps_and_deleting_their_base_is_refused(window):
    from sequences.sweep import Sweep

    sweep = Sweep(name="thresholds", base_scenario="current thresholds",
                  axes=({"parameter": "sql_total", "low": 60, "high": 100},))
    window.model.set_document(window.model.document.model_copy(update={"sweeps": (sweep,)}))
    panel = window.scenario_panel
    assert panel.rename("today")
    assert window.model.document.sweeps[0].base_scenario == "today"
    panel.delete_scenario()
    assert "base of sweep 'thresholds'" in panel.error.text()
    assert [s.name for s in window.model.document.scenarios] == ["today", "stricter thresholds, one more rep"]
    undo(window)
    assert window.model.document.sweeps[0].base_scenario == "current thresholds"
    assert window.model.document.scenarios[0].name == "current thresholds"


def test_a_new_entry_node_is_offered_in_the_arrivals(window):
    from designer.commands import AddNodeCommand
    from sequences.nodes import EntryNode

    model = window.model
    model.undo_stack.push(AddNodeCommand(model, EntryNode(id="demo", kind="entry", trigger="demo_request"), (0, 0)))
    # Any scenario edit refreshes the panel; the arrival's entry suggestions now include the new entry.
    window.scenario_panel.edit({"horizon_days": 200.0}, "horizon")
    arrivals = window.scenario_panel.fields.forms["cohort"].editors["cohort"].editors["arrivals"]
    combo = arrivals.forms[0].editors["entry"].combo
    assert "demo" in [combo.itemText(i) for i in range(combo.count())]


def test_add_arrival_starts_at_the_first_entry(window, qtbot):
    panel = window.scenario_panel
    panel.tabs.setCurrentIndex(1)
    arrivals = panel.fields.forms["cohort"].editors["cohort"].editors["arrivals"]
    qtbot.mouseClick(arrivals.add_button, Qt.LeftButton)
    added = window.model.document.scenarios[0].cohort.arrivals
    assert len(added) == 3 and not panel.error.isVisible()
    assert (added[-1].entry, added[-1].leads_per_week, added[-1].weeks) == ("guide", 100.0, 26.0)
    # Switching the new arrival to a one-off cohort of 50 leads.
    form = arrivals.forms[-1]
    form.editors["leads_per_week"].check.click()
    form.editors["weeks"].check.click()
    leads = form.editors["leads"]
    leads.check.click()
    leads.spin.setFocus()
    leads.spin.selectAll()
    QTest.keyClicks(leads.spin, "50")
    assert window.model.document.scenarios[0].cohort.arrivals[-1].leads == 50
    assert window.model.document.scenarios[0].cohort.arrivals[-1].leads_per_week is None


def test_behind_the_inspector_the_panel_waits_and_shows_the_file_opened_meanwhile(window, qtbot):
    """Off screen it does no work on an open (forms, preview); brought to the front it shows that file."""
    from pathlib import Path

    panel = window.scenario_panel
    window.docks["inspector"].raise_()
    qtbot.waitUntil(lambda: panel._on_screen is False)
    billing = load_document(Path(EXAMPLE).parent / "billing_demo.nurture.yaml")
    window.model.set_document(billing)
    combo = panel.combo
    assert [combo.itemText(i) for i in range(combo.count())] != [s.name for s in billing.scenarios]
    window.actions_by_key["scenarios"].trigger()  # Forecast ▸ Scenarios brings its tab to the front
    qtbot.waitUntil(lambda: [combo.itemText(i) for i in range(combo.count())] == [s.name for s in billing.scenarios])
    assert panel.current() == billing.scenarios[0]


def test_timing_fields_set_the_interest_half_life_and_the_handoff_lag_with_undo(window, qtbot):
    panel = window.scenario_panel
    panel.tabs.setCurrentWidget(panel.behaviour)
    timing = panel.behaviour.timing
    half_life = timing.editors["engagement_half_life_days"]
    before = window.model.document.scenarios[0].behaviour
    assert before.engagement_half_life_days is None and not half_life.check.isChecked()
    lags_box = timing.editors["response_lag_hours"].edit
    assert "median" in lags_box.toPlainText()  # the lags the engine uses are shown, defaults included
    qtbot.mouseClick(half_life.check, Qt.LeftButton)
    half_life.spin.selectAll()
    qtbot.keyClicks(half_life.spin, "6.5")
    qtbot.waitUntil(lambda: window.model.document.scenarios[0].behaviour.engagement_half_life_days == 6.5)
    handoff = timing.editors["handoff_lag_hours"].edit
    handoff.selectAll()
    qtbot.keyClicks(handoff, "{median: 48, p90: 200}")
    qtbot.waitUntil(lambda: window.model.document.scenarios[0].behaviour.handoff_lag_hours is not None)
    behaviour = window.model.document.scenarios[0].behaviour
    assert (behaviour.handoff_lag_hours.median, behaviour.handoff_lag_hours.p90) == (48, 200)
    # Editing the timing leaves the rates and the response lags as they were.
    assert behaviour.default == before.default and behaviour.response_lag_hours == before.response_lag_hours
    for _ in range(10):
        undo(window)
        if window.model.document.scenarios[0].behaviour == before:
            break
    assert window.model.document.scenarios[0].behaviour == before
    assert not half_life.check.isChecked()


def test_a_handoff_lag_the_model_refuses_is_reported_and_not_written(window, qtbot):
    panel = window.scenario_panel
    panel.tabs.setCurrentWidget(panel.behaviour)
    before = window.model.document.scenarios[0].behaviour
    handoff = panel.behaviour.timing.editors["handoff_lag_hours"].edit
    handoff.selectAll()
    qtbot.keyClicks(handoff, "{median: 48, p90: 10}")
    qtbot.waitUntil(lambda: panel.error.isVisible())
    assert window.model.document.scenarios[0].behaviour == before

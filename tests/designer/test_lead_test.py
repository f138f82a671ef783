"""Test a Lead, driven as a planner would: pick a persona, script its responses, step through the path."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from designer.commands.scenario_commands import EditScenarioCommand
from designer.lead_test import install_lead_test
from designer.scenarios import install_scenarios
from sequences import load_document
from simulation.lead_path import walk_lead

from .files_fixtures import EXAMPLE
from .gui_driver import open_window

ENGAGED_PATH = ["guide", "welcome", "wait3", "by_role", "clinical_case", "wait_click", "integration", "wait_bd",
                "engaged", "score_up", "needs_form"]


@pytest.fixture
def window(qtbot, monkeypatch):
    window = open_window(qtbot, load_document(EXAMPLE))
    monkeypatch.setattr(window.file_controller, "confirm_close", lambda: True)
    install_scenarios(window)
    install_lead_test(window)
    forecast = window.menus["forecast"]
    assert {a.objectName() for a in forecast.actions()} >= {"action_scenarios", "action_lead_test"}
    next(a for a in forecast.actions() if a.objectName() == "action_lead_test").trigger()
    qtbot.waitUntil(lambda: window.lead_test.isVisible())
    return window


def pick(combo, data) -> None:
    """Choose an item with the keyboard, as a person tabbing through the form would."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0, f"{data!r} is offered"
    while combo.currentIndex() != target:
        QTest.keyClick(combo, Qt.Key_Down if combo.currentIndex() < target else Qt.Key_Up)


def tick(panel, email: str, act: str) -> None:
    """Tick a response in the script table with the keyboard (Space toggles the current check)."""
    model = panel.script
    row = next(i for i, (node, _) in enumerate(model.emails) if node == email)
    column = 1 + [name for name, _ in (("open", 0), ("click", 0), ("hand_raise", 0), ("unsubscribe", 0))].index(act)
    view = panel.script_view
    view.setFocus()
    view.setCurrentIndex(model.index(row, column))
    QTest.keyClick(view, Qt.Key_Space)


def walked(panel) -> list[str]:
    return [row.node for row in panel.steps.rows if row.step != "Sales"]


def test_scripted_clinical_leader_walks_to_sales_and_the_canvas_follows(window, qtbot):
    panel = window.lead_test
    pick(panel.persona.entry, "guide")
    pick(panel.persona.role, "clinical_leadership")
    pick(panel.persona.segments["care_setting"], "hospital_system")
    pick(panel.persona.segments["facility_size"], "large")
    tick(panel, "integration", "click")
    tick(panel, "needs_form", "hand_raise")
    pick(panel.persona.sales, "accept")
    qtbot.waitUntil(lambda: walked(panel) == ENGAGED_PATH)
    assert panel.script.script["integration"].open, "a click implies the email was opened"
    rows = panel.steps.rows
    assert rows[-1].step == "Sales" and "accepted" in rows[-1].what
    assert "in queue 'sales'" in rows[-1].what and "speed-to-lead factor 1.00" in rows[-1].what
    assert "SQL" in rows[-2].moments
    assert panel.summary.text().startswith("<b>Accepted by sales</b>")
    # The last step is current: the canvas outlines it and the view shows it.
    assert panel.steps.current == len(rows) - 1
    node = window.scene.node_items["needs_form"]
    assert panel.highlight.current == "needs_form"
    outline = panel.highlight.items[-1]
    assert outline.scene() is window.scene
    assert outline.sceneBoundingRect().contains(node.sceneBoundingRect())
    assert window.view.mapToScene(window.view.viewport().rect()).boundingRect().contains(
        node.sceneBoundingRect().center())
    # Stepping back moves the highlight to the previous node.
    for _ in range(3):
        qtbot.mouseClick(panel.prev, Qt.LeftButton)
    assert panel.highlight.current == rows[len(rows) - 4].node == "engaged"
    assert set(panel.highlight.visited) == set(ENGAGED_PATH[:9])
    qtbot.mouseClick(panel.first, Qt.LeftButton)
    assert panel.highlight.current == "guide" and not panel.prev.isEnabled()


def test_scores_shown_are_the_walkers(window, qtbot):
    panel = window.lead_test
    pick(panel.persona.role, "operations")
    tick(panel, "welcome", "open")
    qtbot.waitUntil(lambda: panel.path is not None and panel.path.persona.role == "operations")
    path = panel.path
    shown = [(r.node, r.scores) for r in panel.steps.rows]
    assert shown == [(s.node, (s.fit, s.intent, s.total)) for s in path.steps]
    welcome = panel.steps.index(1, 3)
    assert welcome.data() == "opened"
    assert panel.steps.index(1, 6).data() == f"{path.steps[1].total:.1f}"


def test_sampled_behaviour_is_seeded(window, qtbot):
    panel = window.lead_test
    qtbot.mouseClick(panel.persona.sampled, Qt.LeftButton)
    assert not panel.script_view.isEnabled()
    panel.persona.seed.setFocus()
    panel.persona.seed.selectAll()
    QTest.keyClicks(panel.persona.seed, "5")
    qtbot.waitUntil(lambda: not panel.timer.isActive())
    document = window.model.document
    expected = walk_lead(document, document.scenarios[0], panel.persona.persona(), seed=5)
    assert [s.node for s in panel.path.steps] == [s.node for s in expected.steps]
    assert panel.path.end == expected.end


def test_the_path_follows_document_edits_and_undo(window, qtbot):
    panel = window.lead_test
    tick(panel, "integration", "click")
    tick(panel, "needs_form", "hand_raise")
    qtbot.waitUntil(lambda: panel.path is not None and panel.path.sql_day is not None)
    model = window.model
    scenario = model.document.scenarios[0]
    no_team = scenario.model_copy(update={"sales": scenario.sales.model_copy(update={"reps": 0})})
    model.undo_stack.push(EditScenarioCommand(model, 0, no_team, "No sales team"))
    qtbot.waitUntil(lambda: panel.path.end == "waiting in the sales queue when the horizon ends")
    assert "SLA breached" in panel.summary.text()
    window.actions_by_key["undo"].trigger()
    qtbot.waitUntil(lambda: panel.path.end != "waiting in the sales queue when the horizon ends")


def test_no_entry_says_what_is_missing(window, qtbot):
    panel = window.lead_test
    document = window.model.document
    window.model.set_document(document.model_copy(update={"scenarios": ()}))
    qtbot.waitUntil(lambda: "Add an entry node and a scenario" in panel.summary.text())
    assert panel.steps.rowCount() == 0 and panel.highlight.items == []


def test_hiding_the_panel_takes_the_outline_off_the_canvas(window, qtbot):
    panel = window.lead_test
    qtbot.waitUntil(lambda: bool(panel.highlight.items))
    window.docks["lead_test"].close()
    assert panel.highlight.items == []
    assert not [i for i in window.scene.items() if i.zValue() == 50.0]
    window.actions_by_key["lead_test"].trigger()
    qtbot.waitUntil(lambda: bool(panel.highlight.items))


def test_installing_twice_adds_nothing(window):
    docks = dict(window.docks)
    actions = list(window.menus["forecast"].actions())
    assert install_lead_test(window) is window.lead_test
    assert install_scenarios(window) is window.scenario_panel
    assert window.docks == docks and window.menus["forecast"].actions() == actions

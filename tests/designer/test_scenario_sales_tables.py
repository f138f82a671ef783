"""The Queues and Speed-to-lead tabs driven as a planner would: typing in cells, buttons, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sequences.sales_model import DEFAULT_RESPONSE_CURVE

from .test_scenario_panel import open_editor, undo, window  # noqa: F401 (the fixture)


def _type(qtbot, table, row: int, column: int, text: str) -> None:
    editor = open_editor(table, table.model().index(row, column))
    editor.selectAll()
    QTest.keyClicks(editor, text) if text else QTest.keyClick(editor, Qt.Key_Delete)
    QTest.keyClick(editor, Qt.Key_Return)


def test_typing_a_factor_edits_the_curve_and_the_chart_follows(window, qtbot):  # noqa: F811
    panel = window.scenario_panel
    panel.tabs.setCurrentWidget(panel.curve)
    qtbot.mouseClick(panel.curve.buttons["default"], Qt.LeftButton)
    scenario = lambda: window.model.document.scenarios[0]  # noqa: E731
    qtbot.waitUntil(lambda: scenario().acceptance.by_response_time == DEFAULT_RESPONSE_CURVE)
    assert panel.curve.table.rowCount() == len(DEFAULT_RESPONSE_CURVE)
    _type(qtbot, panel.curve.table, 1, 1, "0.7")
    qtbot.waitUntil(lambda: scenario().acceptance.by_response_time[1].factor == pytest.approx(0.7))
    xs, ys = panel.curve.curve.getData()
    assert 0.7 in list(ys)
    _type(qtbot, panel.curve.table, 1, 1, "2")  # a factor above 1 is refused with a message
    assert scenario().acceptance.by_response_time[1].factor == pytest.approx(0.7)
    qtbot.waitUntil(lambda: "factor" in panel.error.text())
    undo(window)
    assert scenario().acceptance.by_response_time[1].factor == pytest.approx(0.83)
    qtbot.mouseClick(panel.curve.buttons["off"], Qt.LeftButton)
    qtbot.waitUntil(lambda: scenario().acceptance.by_response_time == ())


def test_the_queues_table_turns_one_team_into_two_and_edits_each(window, qtbot):  # noqa: F811
    panel = window.scenario_panel
    panel.tabs.setCurrentWidget(panel.queues)
    table = panel.queues.table
    scenario = lambda: window.model.document.scenarios[0]  # noqa: E731
    assert table.rowCount() == 1 and table.item(0, 0).text() == "sales"
    _type(qtbot, table, 0, 1, "6")  # reps of the one team: the flat field
    qtbot.waitUntil(lambda: scenario().sales.reps == 6)
    assert scenario().sales.queues == {}
    _type(qtbot, table, 0, 3, "4")  # its SLA is the scenario's
    qtbot.waitUntil(lambda: scenario().sla.first_outreach_hours == 4)
    qtbot.mouseClick(panel.findChild(type(panel.curve.buttons["add"]), "queues_add"), Qt.LeftButton)
    qtbot.waitUntil(lambda: list(scenario().sales.queues) == ["sales", "queue_2"])
    assert table.rowCount() == 2
    _type(qtbot, table, 1, 0, "ae")
    qtbot.waitUntil(lambda: list(scenario().sales.queues) == ["sales", "ae"])
    _type(qtbot, table, 1, 5, "fit")
    qtbot.waitUntil(lambda: scenario().sales.queues["ae"].priority == "fit")
    _type(qtbot, table, 1, 6, "lots")
    qtbot.waitUntil(lambda: "not a number" in panel.error.text())
    assert scenario().sales.queues["ae"].other_handoffs_per_week == 0
    for _ in range(3):
        undo(window)
    assert scenario().sales.queues == {} and scenario().sales.reps == 6


def test_a_queues_pickup_is_typed_in_hours_and_cleared_with_a_blank(window, qtbot):  # noqa: F811
    panel = window.scenario_panel
    panel.tabs.setCurrentWidget(panel.queues)
    table = panel.queues.table
    scenario = lambda: window.model.document.scenarios[0]  # noqa: E731
    median, p90 = (next(j for j in range(table.columnCount()) if table.horizontalHeaderItem(j).text() == label)
                   for label in ("Pickup median (h)", "Pickup p90 (h)"))
    assert table.item(0, median).text() == "" and scenario().sales.pickup is None
    _type(qtbot, table, 0, median, "2")  # the first figure: the p90 is set four times it
    qtbot.waitUntil(lambda: scenario().sales.pickup is not None)
    assert (scenario().sales.pickup.median, scenario().sales.pickup.p90) == (2.0, 8.0)
    _type(qtbot, table, 0, p90, "12")
    qtbot.waitUntil(lambda: scenario().sales.pickup.p90 == 12.0)
    assert table.item(0, p90).text() == "12" and scenario().sales.pickup.median == 2.0
    _type(qtbot, table, 0, p90, "1")  # under the median: refused with the model's message
    qtbot.waitUntil(lambda: "p90 must be above the median" in panel.error.text())
    assert scenario().sales.pickup.p90 == 12.0
    _type(qtbot, table, 0, median, "")
    qtbot.waitUntil(lambda: scenario().sales.pickup is None)
    undo(window)
    assert scenario().sales.pickup.p90 == 12.0

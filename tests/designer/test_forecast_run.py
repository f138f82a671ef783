"""Simulate from the designer: the run happens off the GUI thread and every chart shows the engine's figures."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from designer.forecast import install_forecast
from designer.forecast.charts import FUNNEL, QUANTILES
from designer.forecast.tables import breakdown_rows
from sequences import load_document
from sequences.scenario import Sales
from simulation import simulate
from simulation.summary import estimate, reconciliation

from .files_fixtures import EXAMPLE
from .gui_driver import open_window

LEADS, REPLICATIONS = 1500, 3


@pytest.fixture
def window(qtbot):
    window = open_window(qtbot, load_document(EXAMPLE))
    install_forecast(window)
    return window


def _set_run_size(forecast, replications: int, leads: int) -> None:
    for box, value in ((forecast.panel.replications, replications), (forecast.panel.leads, leads)):
        box.selectAll()
        QTest.keyClicks(box.lineEdit(), str(value))
        QTest.keyClick(box.lineEdit(), Qt.Key_Tab)
        assert box.value() == value


def _ys(item) -> list[float]:
    return [float(v) for v in item.getData()[1]]


def test_simulate_runs_off_the_gui_thread_and_the_charts_equal_the_engines_result(qtbot, window):
    forecast = window.forecast_controller
    scenario = window.model.document.scenarios[1].name
    forecast.panel.scenario_combo.setCurrentText(scenario)
    _set_run_size(forecast, REPLICATIONS, LEADS)
    before = window.model.document
    with qtbot.waitSignal(forecast.panel.shown, timeout=60_000):
        window.actions_by_key["simulate"].trigger()
        assert forecast.runner.is_busy() and forecast.panel.cancel_button.isEnabled()
        assert not window.actions_by_key["simulate"].isEnabled()
    assert window.model.document is before and not window.model.is_modified()
    assert forecast.panel.simulate_button.isEnabled() and not forecast.panel.cancel_button.isEnabled()

    expected = simulate(load_document(EXAMPLE), scenario, replications=REPLICATIONS, leads=LEADS)
    panel = forecast.panel
    assert panel.result.to_json() == expected.to_json()
    assert _ys(panel.weekly.curves[scenario]) == expected.weekly("sql_handoffs")
    low, high = panel.weekly.bands[scenario]
    assert _ys(low) == expected.weekly("sql_handoffs", "low") and _ys(high) == expected.weekly("sql_handoffs", "high")
    p_low, p_high = panel.weekly.ranges[scenario]  # the expected range for one week, around the mean's band
    assert _ys(p_low) == expected.weekly("sql_handoffs", "pred_low")
    assert _ys(p_high) == expected.weekly("sql_handoffs", "pred_high")
    assert "expected range for one week" in panel.weekly.getPlotItem().titleLabel.text
    assert panel.funnel.labels == [label for _, label in FUNNEL]
    assert list(panel.funnel.bars.opts["width"]) == [expected.totals[key].mean for key, _ in FUNNEL]
    assert list(panel.time_to_sql.bars.opts["height"]) == [expected.time_to_sql[q].mean for q in QUANTILES]
    assert list(panel.time_to_mql.bars.opts["height"]) == [expected.time_to_mql[q].mean for q in QUANTILES]
    assert _ys(panel.queue.curve) == expected.daily["queue_length"]["mean"]
    assert _ys(panel.breaches.curve) == expected.weekly("sla_breaches")
    assert _ys(panel.touches.curve) == expected.daily["first_touches"]["mean"]
    assert panel.utilisation.bars.opts["height"][0] == pytest.approx(100 * expected.rep_utilisation.mean)
    figures = panel.figures
    for row in range(figures.rowCount()):
        key = figures.value(row, 0)
        assert figures.value(row, 1) == expected.totals[key].mean, key
    assert figures.item(figures.row_of("SLA breach rate"), 1).text().endswith("]")  # shown with its interval
    assert figures.item(figures.row_of("Handoffs to sales (events)"), 1).text()  # events are labelled apart
    t = expected.totals
    assert t["arrived"].mean == pytest.approx(t["ended"].mean + t["stalled"].mean + t["moving"].mean)
    assert panel.reconciliation.text() == reconciliation(expected) and " in = " in panel.reconciliation.text()
    attributes = [panel.breakdown_combo.itemData(i) for i in range(panel.breakdown_combo.count())]
    assert attributes[:5] == ["role", "care_setting", "facility_size", "source", "offer"]
    for index, attribute in enumerate(attributes):
        panel.breakdown_combo.setCurrentIndex(index)
        shown = [[panel.breakdown.value(r, c) for c in range(panel.breakdown.columnCount())]
                 for r in range(panel.breakdown.rowCount())]
        assert shown == [[value for _, value in row] for row in breakdown_rows(expected, attribute)]
        assert shown and all(row[0] in expected.breakdowns[attribute] for row in shown)

    stalls = panel.stalls
    assert [(stalls.value(r, 0), stalls.value(r, 1)) for r in range(stalls.rowCount())] == expected.stall_points(20)
    panel.tabs.setCurrentWidget(stalls)
    node_row = next(r for r in range(stalls.rowCount()) if stalls.value(r, 0) in expected.nodes)
    cell = stalls.visualItemRect(stalls.item(node_row, 0)).center()
    QTest.mouseClick(stalls.viewport(), Qt.LeftButton, Qt.NoModifier, cell)  # a double click is click, dclick
    QTest.mouseDClick(stalls.viewport(), Qt.LeftButton, Qt.NoModifier, cell)
    assert window.scene.selected_node_ids() == [stalls.value(node_row, 0)]
    window.scene.clearSelection()  # the inspector must not follow a selection into teardown


def test_cancel_stops_a_long_run_within_a_second_and_leaves_the_document_untouched(qtbot, window):
    forecast = window.forecast_controller
    _set_run_size(forecast, 200, 150_000)
    before = window.model.document
    with qtbot.waitSignal(forecast.runner.progressed, timeout=20_000):
        QTest.keyClick(window, Qt.Key_F5)
    assert forecast.runner.is_busy()
    with qtbot.waitSignal(forecast.runner.cancelled, timeout=1000):
        qtbot.mouseClick(forecast.panel.cancel_button, Qt.LeftButton)
    assert not forecast.runner.is_busy() and forecast.panel.result is None
    assert "Cancelled" in forecast.panel.status.text()
    assert window.model.document is before and not window.model.is_modified()
    assert window.model.undo_stack.count() == 0
    assert forecast.panel.simulate_button.isEnabled()


def test_a_scenario_that_cannot_run_blocks_the_run_and_points_at_the_findings(qtbot, window):
    document = window.model.document
    broken = document.scenarios[0].model_copy(update={"sales": Sales(reps=0)})
    window.model.set_document(document.model_copy(update={"scenarios": (broken, *document.scenarios[1:])}))
    window.docks["findings"].hide()
    forecast = window.forecast_controller
    with qtbot.waitSignal(forecast.runner.refused, timeout=20_000):
        forecast.panel.simulate_button.click()
    assert forecast.panel.result is None
    assert window.docks["findings"].isVisible()
    box = forecast.message_box
    assert box is not None and box.isVisible() and "no capacity" in box.text()
    assert "Not simulated" in forecast.panel.status.text()
    assert "Simulating" not in window.statusBar().currentMessage()
    assert "Not simulated" in window.statusBar().currentMessage()
    qtbot.mouseClick(box.button(QMessageBox.Ok), Qt.LeftButton)  # the person reads it and dismisses it
    qtbot.waitUntil(lambda: not box.isVisible())
    assert "Simulating" not in window.statusBar().currentMessage()
    assert "Simulating" not in forecast.panel.status.text()
    assert not forecast.panel.progress.isVisible() and forecast.panel.simulate_button.isEnabled()


def test_the_scenario_combo_follows_the_document(qtbot, window):
    combo = window.forecast_controller.panel.scenario_combo
    names = [s.name for s in window.model.document.scenarios]
    assert [combo.itemText(i) for i in range(combo.count())] == names and combo.currentText() == names[0]
    document = window.model.document
    renamed = document.scenarios[0].model_copy(update={"name": "renamed"})
    window.model.set_document(document.model_copy(update={"scenarios": (renamed, *document.scenarios[1:])}))
    assert combo.itemText(0) == "renamed"


def test_closing_the_window_stops_a_running_forecast(qtbot, window):
    forecast = window.forecast_controller
    _set_run_size(forecast, 200, 150_000)
    with qtbot.waitSignal(forecast.runner.progressed, timeout=20_000):
        window.actions_by_key["simulate"].trigger()
    with qtbot.waitSignal(forecast.runner.cancelled, timeout=5000):
        window.close()
    assert not forecast.runner.is_busy()


def test_a_document_without_scenarios_says_so_instead_of_running(qtbot, window):
    window.model.set_document(window.model.document.model_copy(update={"scenarios": ()}))
    forecast = window.forecast_controller
    assert forecast.panel.scenario_combo.count() == 0
    with qtbot.assertNotEmitted(forecast.runner.busyChanged):
        window.actions_by_key["simulate"].trigger()
    assert "no scenario" in forecast.message_box.text()
    forecast.message_box.close()


def test_the_sales_queues_tab_shows_every_queue_of_the_run(qtbot):
    billing = EXAMPLE.with_name("billing_demo.nurture.yaml")
    window = open_window(qtbot, load_document(billing))
    install_forecast(window)
    forecast = window.forecast_controller
    forecast.panel.scenario_combo.setCurrentText("current thresholds, one more SDR")
    _set_run_size(forecast, 2, LEADS)
    with qtbot.waitSignal(forecast.panel.shown, timeout=60_000):
        window.actions_by_key["simulate"].trigger()
    table = forecast.panel.queues
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert header == ["Figure", "sdr", "ae"]
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, table.columnCount())]
            for r in range(table.rowCount())}
    expected = simulate(load_document(billing), "current thresholds, one more SDR", replications=2, leads=LEADS)
    assert rows["Accepted"] == [estimate(expected.queues[q]["accepted"]) for q in ("sdr", "ae")]
    assert "SLA breach rate" in rows and "SQLs lost to slow response" in rows

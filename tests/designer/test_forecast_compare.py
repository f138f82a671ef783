"""Comparing scenarios, the forecast overlay on the canvas and report export, driven from the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip

from designer.canvas.node_item import NodeItem
from designer.forecast import install_forecast
from designer.forecast.overlay import FlowBandItem, NodeHaloItem, traffic_colour
from sequences import load_document
from sequences.scenario import Sales
from simulation import compare, simulate
from simulation.narrative import headline, metric_lines
from simulation.summary import COMPARED, estimate, funnel_rows, is_rate
from tests.cli.test_report_commands import pdf_text, squeeze

from .files_fixtures import EXAMPLE
from .gui_driver import click_node, open_window

LEADS, REPLICATIONS = 1500, 3


@pytest.fixture
def window(qtbot):
    window = open_window(qtbot, load_document(EXAMPLE))
    forecast = install_forecast(window)
    forecast.panel.replications.setValue(REPLICATIONS)
    forecast.panel.leads.setValue(LEADS)
    return window


def _run(qtbot, window):
    forecast = window.forecast_controller
    with qtbot.waitSignal(forecast.panel.shown, timeout=60_000):
        window.actions_by_key["simulate"].trigger()
    return forecast.result


def test_comparing_two_scenarios_shows_both_and_their_paired_differences(qtbot, window):
    forecast = window.forecast_controller
    window.actions_by_key["compare_scenarios"].trigger()
    view = forecast.panel.compare
    assert forecast.panel.tabs.currentWidget() is view and forecast.dock.isVisible()
    names = [view.scenario_list.item(i).text() for i in range(view.scenario_list.count())]
    view.set_checked([])
    for i in range(view.scenario_list.count()):
        view.scenario_list.item(i).setCheckState(Qt.Checked)
    with qtbot.waitSignal(forecast.runner.succeeded, timeout=60_000):
        qtbot.mouseClick(view.compare_button, Qt.LeftButton)
    expected = compare(load_document(EXAMPLE), names, replications=REPLICATIONS, leads=LEADS)
    table = view.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Figure", *names, f"Δ {names[1]}"]
    assert [table.value(r, 0) for r in range(table.rowCount())] == [key for key, _ in COMPARED]
    for row, (key, _label) in enumerate(COMPARED):
        assert [table.value(row, 1), table.value(row, 2)] == [r.totals[key].mean for r in expected.results]
        difference = expected.differences[names[1]][key]
        assert table.value(row, 3) == difference.mean
        assert table.item(row, 3).text() == estimate(difference, is_rate(key), signed=True)
    for result in expected.results:
        curve = view.weekly.curves[result.scenario]
        assert [float(v) for v in curve.getData()[1]] == result.weekly("sql_handoffs")
    sentences = view.words.toPlainText()
    assert headline(expected, names[1]) in sentences
    for _figure, line in metric_lines(expected, names[1]):
        assert line in sentences
    assert window.model.undo_stack.count() == 0 and not window.model.is_modified()


def test_compare_needs_two_ticked_scenarios(qtbot, window):
    view = window.forecast_controller.panel.compare
    view.set_checked([view.scenario_list.item(0).text()])
    with qtbot.assertNotEmitted(view.compareRequested):
        qtbot.mouseClick(view.compare_button, Qt.LeftButton)
    assert "at least two" in view.summary.text()


def test_the_overlay_colours_the_nodes_with_the_runs_figures_and_toggles_off_and_on(qtbot, window):
    result = _run(qtbot, window)
    overlay = window.forecast_controller.overlay
    scene = window.scene
    busiest = max(f["entered"].mean for f in result.nodes.values())
    assert set(overlay.halos) == set(scene.node_items)
    for node_id, figures in result.nodes.items():
        halo = overlay.halos[node_id]
        assert halo.parentItem() is scene.node_items[node_id]
        assert overlay.node_colour(node_id) == traffic_colour(figures["entered"].mean / busiest)
        assert f"Entered: {figures['entered'].mean:,.0f} leads" in halo.toolTip()
        if figures["kind"] in ("handoff", "goal"):  # arrived by the graph vs became SQL elsewhere
            assert halo.badge.startswith(f"{figures['entered'].mean:,.0f} by graph · ")
            assert halo.badge.endswith(" SQL elsewhere") and "Arrived by the graph" in halo.toolTip()
            continue
        assert halo.badge.startswith(f"{figures['entered'].mean:,.0f} in")
        assert ("stalled" in halo.badge) == (figures["stalled"].mean > 0)
        crossed = figures["left"].get("sales")
        assert ("→ sales" in halo.badge) == bool(crossed and crossed.mean > 0), node_id
    # Where SQLs happen: a band from every node where leads crossed the threshold to the Sales card.
    crossings = {n: f["left"]["sales"].mean for n, f in result.nodes.items()
                 if f["kind"] not in ("handoff", "goal") and f["left"].get("sales") and f["left"]["sales"].mean > 0}
    assert crossings and set(overlay.sales_flows) == set(crossings)
    assert overlay.sink is not None and overlay.sink.scene() is scene
    assert f"{result.totals['sql_handoffs'].mean:,.0f} handoffs" in overlay.sink.text
    for node_id, flow in overlay.sales_flows.items():
        assert flow.toolTip().startswith(f"→ sales {crossings[node_id]:,.0f}" if crossings[node_id] >= 10
                                         else "→ sales ")
    hottest = max(result.nodes, key=lambda n: result.nodes[n]["entered"].mean)
    assert overlay.node_colour(hottest) == traffic_colour(1.0)
    for (from_id, port), band in overlay.bands.items():
        assert band.parentItem() is scene.edge_items[(from_id, port)]
        flow = result.nodes[from_id]["left"][port].mean
        assert band.toolTip().startswith(f"{flow:,.0f} leads took '{port}'")
    widths = {key: band.width for key, band in overlay.bands.items()}
    biggest = max(widths, key=widths.get)
    assert result.nodes[biggest[0]]["left"][biggest[1]].mean == max(
        result.nodes[k[0]]["left"][k[1]].mean for k in widths)

    item = scene.node_items["wait3"]
    at = window.view.mapFromScene(item.mapToScene(item.shape().boundingRect().center()))
    QApplication.sendEvent(window.view.viewport(), QHelpEvent(QEvent.ToolTip, at,
                                                              window.view.viewport().mapToGlobal(at)))
    assert QToolTip.isVisible() and QToolTip.text() == overlay.halos["wait3"].toolTip()
    assert "Entered:" in QToolTip.text() and "Median time here" in QToolTip.text()
    QToolTip.hideText()

    click_node(window, "welcome")  # the overlay lets clicks through to the card
    assert scene.selected_node_ids() == ["welcome"]
    # A selection left at teardown makes the inspector read a half-deleted scene (reported to the lead).
    scene.clearSelection()

    toggle = window.actions_by_key["forecast_overlay"]
    assert toggle.isChecked()
    toggle.trigger()
    assert not toggle.isChecked() and not overlay.halos and overlay.sink is None and not overlay.sales_flows
    assert not [i for i in scene.items() if isinstance(i, (NodeHaloItem, FlowBandItem))]
    assert all(isinstance(i, NodeItem) or not isinstance(i, NodeHaloItem) for i in scene.items())
    toggle.trigger()
    assert len([i for i in scene.items() if isinstance(i, NodeHaloItem)]) == len(scene.node_items)


def test_the_overlay_survives_a_document_reset(qtbot, window):
    _run(qtbot, window)
    window.model.set_document(load_document(EXAMPLE))
    overlay = window.forecast_controller.overlay
    assert set(overlay.halos) == set(window.scene.node_items)
    assert all(h.parentItem() is window.scene.node_items[n] for n, h in overlay.halos.items())


def test_run_and_comparison_reports_are_exported_as_pdf_and_html(qtbot, window, tmp_path, monkeypatch):
    forecast = window.forecast_controller
    result = _run(qtbot, window)
    expected = simulate(load_document(EXAMPLE), result.scenario, replications=REPLICATIONS, leads=LEADS)
    document = window.model.document  # edited after the run: the report keeps the assumptions that ran
    bigger = document.scenarios[0].model_copy(update={"sales": Sales(reps=9)})
    window.model.set_document(document.model_copy(update={"scenarios": (bigger, *document.scenarios[1:])}))
    answers = iter([str(tmp_path / "run.pdf"), str(tmp_path / "run.html"), str(tmp_path / "both.html")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (next(answers), "")))
    window.actions_by_key["export_run_report"].trigger()
    window.actions_by_key["export_run_report"].trigger()
    text = squeeze(pdf_text(tmp_path / "run.pdf"))
    html = (tmp_path / "run.html").read_text(encoding="utf-8")
    for label, value in funnel_rows(expected):
        assert squeeze(label + value) in text
        assert f"<td class=\"label\">{label}</td><td>{value}</td>" in html
    assert "Stallpoints" in text and "Assumptions" in text
    assert "4 reps × 12 first touches a day" in html and "9 reps" not in html

    window.actions_by_key["export_comparison_report"].trigger()
    assert forecast.message_box is not None and "Compare two or more" in forecast.message_box.text()
    forecast.message_box.close()
    view = forecast.panel.compare
    with qtbot.waitSignal(forecast.runner.succeeded, timeout=60_000):
        qtbot.mouseClick(view.compare_button, Qt.LeftButton)
    window.actions_by_key["export_comparison_report"].trigger()
    both = (tmp_path / "both.html").read_text(encoding="utf-8")
    comparison = forecast.comparison
    assert headline(comparison, comparison.results[1].scenario).replace("'", "&#39;") in both
    assert all(r.scenario in both for r in comparison.results)

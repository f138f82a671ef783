"""The sweep dialog driven as a planner would: define, save, run, read, cancel, adopt, undo."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from assets.examples import template_path
from designer.document import DocumentModel
from designer.main_window import MainWindow
from designer.sweeps import install_sweeps
from designer.sweeps.charts import heatmap_grid
from designer.sweeps.dialog import SweepDialog
from sequences import read_document
from simulation.sweeps.executors import SerialExecutor
from simulation.sweeps.runner import run_sweep


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    """Messages would block a headless run; tests read them from the list instead."""
    said: list[str] = []
    monkeypatch.setattr(SweepDialog, "_say", lambda self, message: said.append(message))
    return said


@pytest.fixture
def model():
    document, tree = read_document(template_path("patient-engagement"))
    model = DocumentModel()
    model.set_document(document.model_copy(update={"sweeps": ()}), None, tree)
    return model


def test_the_saved_sweep_of_the_example_is_loaded_into_the_form(qtbot):
    document, tree = read_document(template_path("patient-engagement"))
    model = DocumentModel()
    model.set_document(document, None, tree)
    dialog = SweepDialog(model)
    qtbot.addWidget(dialog)
    assert dialog.chooser.currentText() == "thresholds and team"
    assert dialog.editor.sweep() == document.sweeps[0]


def _small(dialog: SweepDialog) -> None:
    editor = dialog.editor
    editor.name.setText("small")
    editor.axes.setRowCount(0)
    editor.add_axis("sql_total", values="60, 90")
    editor.add_axis("reps", values="2, 4")
    editor.replications.setValue(2)
    editor.leads.setValue(2000)
    editor.top.setValue(1)
    editor.check.setValue(1)
    dialog.executor.setCurrentIndex(1)  # one core: quick and deterministic in tests


def _run(qtbot, dialog: SweepDialog) -> None:
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=60_000)


def test_saving_a_sweep_is_one_undoable_edit(qtbot, model):
    dialog = SweepDialog(model)
    qtbot.addWidget(dialog)
    _small(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [s.name for s in model.document.sweeps] == ["small"]
    assert model.document.sweeps[0].axes[1].values == (2.0, 4.0)
    model.undo_stack.undo()
    assert model.document.sweeps == ()


def test_run_shows_the_runner_figures_and_adopts_a_point(qtbot, model):
    dialog = SweepDialog(model)
    qtbot.addWidget(dialog)
    _small(dialog)
    _run(qtbot, dialog)
    assert dialog.result is not None and dialog.result.complete
    expected = run_sweep(model.document, "small", SerialExecutor())
    assert dialog.result.to_json() | {"executor": ""} == expected.to_json() | {"executor": ""}
    assert dialog.table.rowCount() == 4
    # Every share in the table is its mean with its interval, and no ± reaches past 0% or 100%: a clipped
    # interval is shown as its range.
    cells = [dialog.table.item(r, c).text() for r in range(4) for c in range(dialog.table.columnCount())]
    for value, half in (m for text in cells for m in re.findall(r"(\d+\.\d)% ± (\d+\.\d)%", text)):
        assert float(value) - float(half) >= 0 and float(value) + float(half) <= 100
    for value, low, high in (m for text in cells for m in re.findall(r"(\d+\.\d)% \((\d+\.\d)%–(\d+\.\d)%\)",
                                                                        text)):
        assert float(low) <= float(value) <= float(high)
    assert any("%" in text and ("±" in text or "–" in text) for text in cells)
    xs, ys, grid = heatmap_grid(expected, expected.objective, "sql_total", "reps")
    np.testing.assert_allclose(dialog.heatmap.grid, grid)
    assert dialog.heatmap.image.image.shape == (2, 2)
    before = len(model.document.scenarios)
    row_rect = dialog.table.visualItemRect(dialog.table.item(2, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=row_rect.center())
    chosen = dialog.table.selected_index()
    assert dialog.adopt_button.text() == "Make this a scenario"
    qtbot.mouseClick(dialog.adopt_button, Qt.MouseButton.LeftButton)
    point = next(p for p in dialog.result.points if p.index == chosen)
    adopted = model.document.scenarios[-1]
    assert f"SQL total score {point.settings['sql_total']:g}" in adopted.name
    assert adopted.description.startswith("Adopted from sweep 'small'")
    assert len(model.document.scenarios) == before + 1
    # The new scenario is simulated at once and its figures are set beside the sweep's.
    qtbot.waitUntil(lambda: bool(dialog.adoption) and not dialog.is_running(), timeout=60_000)
    assert "Accepted SQLs per month: sweep" in dialog.agreement.text()
    assert {r.metric for r in dialog.adoption} >= {"accepted_per_month", "rep_utilisation"}
    model.undo_stack.undo()
    assert len(model.document.scenarios) == before


def test_a_read_only_document_can_be_swept_but_not_changed(qtbot, model):
    model.set_read_only(True)  # another window holds the file
    dialog = SweepDialog(model)
    qtbot.addWidget(dialog)
    _small(dialog)
    assert not dialog.save_button.isEnabled()
    _run(qtbot, dialog)
    assert dialog.result is not None and dialog.result.points
    assert not dialog.adopt_button.isEnabled()
    model.set_read_only(False)  # the other window closed: the lock came back
    assert dialog.adopt_button.isEnabled() and dialog.save_button.isEnabled()


def test_cancel_keeps_finished_points(qtbot, model):
    dialog = SweepDialog(model)
    qtbot.addWidget(dialog)
    _small(dialog)
    dialog.editor.axes.setRowCount(0)
    # 60 points: the cancel must come before the last of them, however fast the machine (18 were done at once).
    dialog.editor.add_axis("sql_total", values="50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 105")
    dialog.editor.add_axis("mql_total", values="30, 35, 40, 45, 50")
    dialog.worker = None
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=30_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.result is not None
    assert not dialog.result.complete
    assert 1 <= len(dialog.result.points) < 60


def test_invalid_axis_is_reported_not_raised(qtbot, model, _no_modal_boxes):
    messages = _no_modal_boxes
    dialog = SweepDialog(model)
    qtbot.addWidget(dialog)
    dialog.editor.axes.setRowCount(0)
    dialog.editor.add_axis("sql_total", values="sixty")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert messages and "must be numbers" in messages[0]
    assert model.document.sweeps == ()


def test_forecast_menu_opens_the_dialog(qtbot, model):
    window = MainWindow(model)
    qtbot.addWidget(window)
    action = install_sweeps(window)
    assert action in window.menus["forecast"].actions()
    action.trigger()
    assert window.sweep_dialog.isVisible()
    window.sweep_dialog.close()


def test_the_reason_states_the_question_and_extend_axes_saves_a_longer_axis(qtbot, model):
    dialog = SweepDialog(model)
    qtbot.addWidget(dialog)
    _small(dialog)
    dialog.editor.axes.setRowCount(0)
    dialog.editor.add_axis("sql_total", values="60, 90")  # the loosest bar wins: an edge
    dialog.editor.constraints.setRowCount(0)
    _run(qtbot, dialog)
    text = dialog.reason.text()
    assert text.startswith("Question: Maximise accepted SQLs a month, with no limits.")
    assert "Edge: SQL total score 60 is the lowest value tried" in text
    assert dialog.extend_button.isEnabled()
    qtbot.mouseClick(dialog.extend_button, Qt.MouseButton.LeftButton)
    assert model.document.sweeps[0].axes[0].values == (30.0, 60.0, 90.0)
    assert not dialog.extend_button.isEnabled()
    model.undo_stack.undo()
    assert model.document.sweeps[0].axes[0].values == (60.0, 90.0)


def test_the_front_chart_has_a_legend_for_every_colour_full_names_and_the_chosen_point(qtbot, model):
    from designer.sweeps.charts import CATEGORIES, projection
    from sequences.sweep import SWEEP_METRICS, SWEEP_PARAMETERS

    dialog = SweepDialog(model)
    qtbot.addWidget(dialog)
    _small(dialog)
    dialog.editor.constraints.setRowCount(0)
    dialog.editor.add_constraint("rep_utilisation", "lte", 0.02)  # the busiest setting breaks it
    _run(qtbot, dialog)
    result = dialog.result
    front = dialog.pareto
    assert front.legend_labels() == [label for _, label, _ in CATEGORIES] + ["Recommended"]
    assert front.axis_labels() == ("SLA breach rate (%)", "Accepted SQLs per month*")  # * : a 2,000-lead cohort
    groups = projection(result, "sla_breach_rate", "accepted_per_month")
    assert groups["infeasible"], "points that break a limit are drawn, not hidden"
    assert len(front.items["infeasible"].data) == len(groups["infeasible"])
    best = result.point(result.recommended)
    x, y = front.best.getData()
    assert list(y) == [best.figure("accepted_per_month")]
    assert "2,000-lead cohort" in dialog.heatmap.plot.getPlotItem().titleLabel.text
    assert "2,000-lead cohort" in front.plot.getPlotItem().titleLabel.text
    front.x_metric.setCurrentIndex(front.x_metric.findData("rep_utilisation"))
    assert front.axis_labels()[0] == "Rep utilisation (%)"
    words = set(SWEEP_METRICS.values()) | set(SWEEP_PARAMETERS.values())
    headers = [dialog.table.horizontalHeaderItem(c).text().rstrip("*") for c in range(dialog.table.columnCount())]
    assert all(h in words or h in ("#", "Basis", "Meets constraints") for h in headers), headers
    assert not any("_" in h for h in headers)


def test_limits_are_typed_and_read_in_a_planners_words(qtbot, model):
    dialog = SweepDialog(model)
    qtbot.addWidget(dialog)
    editor = dialog.editor
    editor.constraints.setRowCount(0)
    editor.add_constraint("sla_breach_rate", "lte", 0.1)
    assert editor.constraints.item(0, 2).text() == "10%"
    editor.constraints.item(0, 2).setText("25%")
    editor.add_constraint("cost_per_month", "lte", 45000)
    editor.constraints.item(1, 2).setText("$40,000")
    assert editor.question.text() == ("Question: Maximise accepted SQLs a month, subject to SLA breach rate ≤ 25.0%, "
                                      "rep cost a month ≤ $40,000.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    limits = model.document.sweeps[0].constraints
    assert [(c.metric, c.value) for c in limits] == [("sla_breach_rate", 0.25), ("cost_per_month", 40000.0)]

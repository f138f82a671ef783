"""The calibration wizard and the backtest view, driven from the Tools menu as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu, QWidget, QWizard

from designer.backtest_view import BacktestDialog
from designer.calibration_pages import NOT_READ
from designer.calibration_wizard import CalibrationWizard, add_calibration_actions
from designer.document import DocumentModel
from sequences import load_document
from simulation.calibration.export_rows import write_events, write_leads
from simulation.calibration.synthetic import Truth, generate

from .files_fixtures import EXAMPLE


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    document = load_document(EXAMPLE)
    folder = tmp_path_factory.mktemp("crm")
    leads, events = generate(Truth(weeks=10, weekly={"Patient engagement guide": 80.0,
                                                     "Scheduling and EHR integration webinar": 30.0}), document, 2)
    leads[0].person["email"] = "canary.gui@hospital-canary.test"
    write_leads(folder / "leads.csv", leads)
    write_events(folder / "events.csv", events)
    return folder / "leads.csv", folder / "events.csv"


@pytest.fixture
def setup(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    model = DocumentModel(load_document(EXAMPLE), parent=window)
    menu = QMenu("Tools", window)
    add_calibration_actions(menu, window, model)
    return window, model, menu


def _action(menu: QMenu, name: str):
    return next(a for a in menu.actions() if a.objectName() == name)


def _opened(kind):
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def _next(qtbot, wizard: QWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _finish_without_backtest(qtbot, wizard: CalibrationWizard) -> None:
    """Finish with the backtest box unticked: these histories are too short for one, and it is tested below."""
    assert wizard.create_page.backtest.isChecked()  # backtesting the new scenario is the default
    qtbot.mouseClick(wizard.create_page.backtest, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)


def test_the_wizard_adds_an_undoable_calibrated_scenario(qtbot, setup, files):
    window, model, menu = setup
    _action(menu, "action_calibrate").trigger()
    wizard = _opened(CalibrationWizard)
    qtbot.addWidget(wizard)
    page = wizard.files
    qtbot.keyClicks(page.leads, str(files[0]))
    qtbot.keyClicks(page.events, str(files[1]))
    page.name.clear()
    qtbot.keyClicks(page.name, "from the CRM")
    assert page.fit_funnel.isChecked()  # fitting is the default
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.mapping_page
    combo = wizard.mapping_page.combos[("leads", "source")]
    assert combo.currentText() == "Original Source"
    combo.setCurrentText(NOT_READ)  # the user decides not to read the source column
    qtbot.mouseClick(wizard.mapping_page.findChild(QWidget, "apply_mapping"), Qt.MouseButton.LeftButton)
    assert wizard.mapping_page.preview.rowCount() > 0
    assert wizard.mapping_page.preview.item(0, 4).text() == ""  # no source any more
    _next(qtbot, wizard)
    summary = wizard.privacy_page.text.toPlainText()
    assert "Email (personal data (email address), never read)" in summary
    assert "Original Source (not on the allowlist)" in summary
    assert "canary" not in summary
    statuses: list[str] = []
    wizard.estimates_page.runner.reported.connect(lambda _values: statuses.append(wizard.estimates_page.status.text()))
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.calibration is not None, timeout=60_000)
    # While it worked, the page said where it was: the trial runs of the behaviour fit, counted (the page shows
    # the newest when it looks, every 50 ms).
    trial = "Estimating… fitting the behaviour by simulation: trial run "
    runs = [int(text.removeprefix(trial)) for text in statuses if text.startswith(trial)]
    assert len(runs) >= 2 and runs == sorted(set(runs))
    table = wizard.estimates_page.table
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert "mix.role.clinical_leadership" in names and "behaviour.all.open" in names
    assert "fit.hand_raise.operations" in names and "simulated.mql_to_sql" in names
    assert not any(n.startswith("mix.source") for n in names)
    _next(qtbot, wizard)
    assert "from the CRM" in wizard.create_page.summary.text()
    assert "Observed vs simulated" in wizard.create_page.summary.text()
    # The fitted response lags: time to MQL and to SQL, observed beside simulated, each with its interval.
    shown = wizard.create_page.summary.text().replace("&nbsp;", " ")
    row = next(line for line in shown.split("<br>") if line.startswith("days_to_mql.median"))
    assert row.count("(") == 2 and "observed" in row and "simulated" in row
    assert any(n.startswith("fit.lag_scale.mql") for n in names)
    # The handoff lag: fitted with its interval, beside the history's MQL -> SQL gap, and written into the scenario.
    assert "fit.handoff_lag.median" in names
    lagged = next(line for line in shown.split("<br>") if "written into behaviour.handoff_lag_hours" in line)
    assert "observed MQL -&gt; SQL" in lagged and lagged.count("(") >= 3
    _finish_without_backtest(qtbot, wizard)
    scenario = model.document.scenario("from the CRM")
    assert scenario.mix["role"]
    fitted_lag = next(e for e in wizard.calibration.estimates if e.name == "fit.handoff_lag.median")
    assert scenario.behaviour.handoff_lag_hours.median == pytest.approx(fitted_lag.value, abs=1e-3)
    fitted = next(e for e in wizard.calibration.estimates if e.name == "fit.hand_raise.operations")
    override = next(o for o in scenario.behaviour.overrides if o.role == "operations" and o.topic is None)
    assert override.hand_raise == pytest.approx(fitted.value, abs=1e-4)
    assert scenario.mix["source"] == model.document.scenario("current thresholds").mix["source"]  # not read
    assert "canary" not in scenario.model_dump_json()
    assert model.is_modified()
    model.undo_stack.undo()
    assert [s.name for s in model.document.scenarios] == ["current thresholds", "stricter thresholds, one more rep"]


def test_a_bad_file_stays_on_the_first_page_with_the_reason(qtbot, setup, tmp_path):
    window, model, menu = setup
    bad = tmp_path / "notes.csv"
    bad.write_text("Name,Email\nAna,a@x.test\n", encoding="utf-8")
    _action(menu, "action_calibrate").trigger()
    wizard = _opened(CalibrationWizard)
    qtbot.addWidget(wizard)
    qtbot.keyClicks(wizard.files.leads, str(bad))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.files
    assert "no column found for required field" in wizard.files.error.text()
    wizard.files.leads.clear()
    wizard.files.name.clear()
    qtbot.keyClicks(wizard.files.leads, str(bad))
    qtbot.keyClicks(wizard.files.name, "current thresholds")
    _next(qtbot, wizard)
    assert "already has a scenario named 'current thresholds'" in wizard.files.error.text()
    wizard.reject()


def test_the_backtest_view_charts_predicted_against_actual(qtbot, setup, files):
    window, model, menu = setup
    _action(menu, "action_backtest").trigger()
    dialog = _opened(BacktestDialog)
    qtbot.addWidget(dialog)
    dialog.scenario.setCurrentText("current thresholds")
    qtbot.keyClicks(dialog.leads, str(files[0]))
    dialog.holdout.setValue(4)
    dialog.replications.setValue(3)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.view.result is not None, timeout=30_000)
    result = dialog.view.result
    # MQLs, SQL handoffs and the handoffs sales accepted, each with its key in the title.
    for key in ("mql", "sql", "accepted"):
        curves = dialog.view.curves[key]
        assert list(curves["actual"].yData) == result.series[key]["actual"]
        assert list(curves["predicted"].yData) == pytest.approx(result.series[key]["predicted"])
        assert list(curves["low"].yData) == result.series[key]["low"]
        assert "against" in dialog.view.plots[key].getPlotItem().titleLabel.text
    text = dialog.view.figures.text()
    assert "MAPE" in text and "of 4 weeks" in text
    assert f"accepted by sales: WAPE {100 * result.errors['accepted']['wape']:.1f}%" in text
    assert "In-sample" in dialog.view.figures.text() and "Tick Rolling origin" in dialog.view.figures.text()
    dialog.close()


def _rolling_dialog(qtbot, menu: QMenu, model: DocumentModel, folder) -> BacktestDialog:
    """Tools > Backtest on world 11's HubSpot export, with Rolling origin ticked."""
    from simulation.calibration.worlds import draw_world, generate_world, write_export

    leads = folder / "world.csv"
    write_export(leads, generate_world(draw_world(11), model.document))
    _action(menu, "action_backtest").trigger()
    dialog = _opened(BacktestDialog)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.leads, str(leads))
    # On its box, as a person ticks it: the checkbox spans the form's width, and its middle can lie past the label.
    qtbot.mouseClick(dialog.rolling, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.rolling.height() // 2))
    assert dialog.rolling.isChecked()
    return dialog


def test_the_backtest_view_runs_a_rolling_origin_backtest(qtbot, setup, tmp_path):
    window, model, menu = setup
    dialog = _rolling_dialog(qtbot, menu, model, tmp_path)
    dialog.cuts.setValue(1)
    dialog.replications.setValue(4)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.view.result is not None, timeout=60_000)
    result = dialog.view.result
    cut = result.cuts[0]
    for key in ("sql", "accepted"):
        curves = dialog.view.curves[key][cut["cut"]]
        assert list(curves["actual"].yData) == cut["series"][key]["actual"]
        assert list(curves["high"].yData) == cut["series"][key]["high"]
    text = dialog.view.figures.text()
    assert "12 weeks ahead" in text and "WAPE" in text and "in band" in text and "floor" in text
    # The verdict heads the figures: how far to trust a scenario calibrated from this history.
    grade = result.verdict["grade"]
    assert text.startswith("<b style=") and f"12 weeks ahead: {grade.upper()}</b>" in text
    assert f"<b>SQL handoffs: {result.verdict['measures'][1]['grade']}.</b>" in text
    assert [s.name for s in model.document.scenarios] == ["current thresholds", "stricter thresholds, one more rep"]
    dialog.close()


def test_a_rolling_backtest_says_where_it_is_and_stops_on_stop(qtbot, setup, tmp_path):
    window, model, menu = setup
    dialog = _rolling_dialog(qtbot, menu, model, tmp_path)
    dialog.cuts.setValue(2)
    assert not dialog.stop_button.isEnabled()
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    # Each cut is a calibration with its behaviour fit (seconds): the status names the cut being worked on.
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Cut 1 of 2 ("), timeout=60_000)
    assert dialog.stop_button.isEnabled() and not dialog.run_button.isEnabled()
    with qtbot.waitSignal(dialog.runner.cancelled, timeout=20_000):
        qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Stopped; nothing was scored."
    assert dialog.view.result is None and dialog.run_button.isEnabled() and not dialog.stop_button.isEnabled()
    dialog.close()


def test_the_wizard_warns_before_adding_a_scenario_that_cannot_reach_the_history(qtbot, setup, files):
    window, model, menu = setup
    _action(menu, "action_calibrate").trigger()
    wizard = _opened(CalibrationWizard)
    qtbot.addWidget(wizard)
    qtbot.keyClicks(wizard.files.leads, str(files[0]))
    wizard.files.name.clear()
    qtbot.keyClicks(wizard.files.name, "unfitted")
    qtbot.mouseClick(wizard.files.fit_funnel, Qt.MouseButton.LeftButton)  # keep the example's behaviour
    assert not wizard.files.fit_funnel.isChecked()
    for _ in range(3):
        _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.calibration is not None, timeout=60_000)
    _next(qtbot, wizard)
    summary = wizard.create_page.summary.text()
    assert "Warning: this scenario does not reproduce the observed funnel" in summary
    assert "CANNOT REACH MQL-&gt;SQL" in summary or "CANNOT REACH MQL->SQL" in summary
    _finish_without_backtest(qtbot, wizard)
    assert model.document.scenario("unfitted").description.startswith("WARNING: this scenario does not reproduce")


def _unfitted_on_a_world(qtbot, menu: QMenu, model: DocumentModel, folder, world: int, name: str):
    """The wizard on the HubSpot export of a world drawn at random, the funnel fit unticked, at its last page."""
    from simulation.calibration.worlds import draw_world, generate_world, write_export

    leads = folder / "hubspot.csv"
    write_export(leads, generate_world(draw_world(world), model.document))
    _action(menu, "action_calibrate").trigger()
    wizard = _opened(CalibrationWizard)
    qtbot.addWidget(wizard)
    qtbot.keyClicks(wizard.files.leads, str(leads))
    wizard.files.name.clear()
    qtbot.keyClicks(wizard.files.name, name)
    qtbot.mouseClick(wizard.files.fit_funnel, Qt.MouseButton.LeftButton)
    for _ in range(3):
        _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.calibration is not None, timeout=60_000)
    _next(qtbot, wizard)
    return wizard, leads


def test_the_wizard_shows_and_writes_the_speed_to_lead_curve(qtbot, setup, tmp_path):
    window, model, menu = setup
    wizard, _ = _unfitted_on_a_world(qtbot, menu, model, tmp_path, 7, "hubspot")  # the curve needs no fit
    summary = wizard.create_page.summary.text()
    assert "Speed to lead, written into the scenario" in summary and "within 1h x1.00" in summary
    # World 7's reps work Monday to Friday 7-16 and pick a lead up a median 0.99 working hours after its handoff:
    # the page says what was written and sets the engine's SLA breaches beside the history's.
    shown = summary.replace("&nbsp;", " ")
    assert "Sales team, written into the scenario" in shown
    assert "at work mon, tue, wed, thu, fri 7-16; a rep first touches a lead a median" in shown
    assert "sla.breach_rate@24h" in shown and "first_outreach_hours.median" in shown
    _finish_without_backtest(qtbot, wizard)
    scenario = model.document.scenario("hubspot")
    curve = scenario.acceptance.by_response_time
    assert curve[0].factor == 1.0 and curve[1].factor < 1
    assert scenario.sales.pickup is not None and 0.8 < scenario.sales.pickup.median < 1.2
    assert (scenario.sales.working_hours.start, scenario.sales.working_hours.end) == (7, 16)


def test_finishing_the_wizard_backtests_the_new_scenario_and_says_how_far_to_trust_it(qtbot, setup, tmp_path):
    window, model, menu = setup
    # A quick scenario, its funnel not fitted; the rolling backtest's cuts fit theirs all the same.
    wizard, leads = _unfitted_on_a_world(qtbot, menu, model, tmp_path, 11, "from hubspot")
    assert wizard.create_page.backtest.isChecked()
    mapping = wizard.history.mapping
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    dialog = _opened(BacktestDialog)
    qtbot.addWidget(dialog)
    # The backtest of the new scenario's history, with the wizard's column mapping, runs at once.
    assert dialog.leads.text() == str(leads) and dialog.scenario.currentText() == "from hubspot"
    assert dialog.rolling.isChecked() and dialog.mapping is mapping
    qtbot.waitUntil(lambda: dialog.view.result is not None, timeout=120_000)
    result = dialog.view.result
    assert len(result.cuts) >= 2
    headline = dialog.view.figures.text().split("<br>")[0]
    assert "How far to trust a scenario calibrated from hubspot.csv, 12 weeks ahead: " in headline
    assert result.verdict["grade"].upper() in headline
    assert f"{result.verdict['measures'][1]['inside']} of {result.verdict['measures'][1]['weeks']} weeks" in \
        dialog.view.figures.text()
    assert model.document.scenario("from hubspot") is not None
    dialog.close()

"""The calibration wizard: files, column mapping, privacy summary, estimates, then an undoable new scenario."""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sequences.history import ColumnMapping, HistoryImport
from simulation.calibration import add_scenario

from .actions import bind
from .backtest_view import open_backtest_dialog, show_deleting_on_close
from .calibration_pages import FilesPage, MappingPage
from .commands import ReplaceDocumentCommand, SetDocumentFieldCommand
from .document import DocumentModel
from .jobs import JobRunner


class PrivacyPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard):
        super().__init__(wizard)
        self.setTitle("Privacy")
        self.setSubTitle("What is read, and what never leaves the file.")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("privacy_summary")
        self.text.setReadOnly(True)
        QVBoxLayout(self).addWidget(self.text)

    def initializePage(self) -> None:
        self.text.setPlainText("\n".join(self.wizard().history.privacy.lines()))


class EstimatesPage(QWizardPage):
    """Runs the calibration off the GUI thread, then lists every estimate with its interval and sample size."""

    def __init__(self, wizard: CalibrationWizard):
        super().__init__(wizard)
        self.setTitle("Estimates")
        self.status = QLabel(self)
        self.status.setObjectName("estimates_status")
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("estimates_table")
        self.table.setHorizontalHeaderLabels(["Estimate", "Value", "95% interval", "n", "Flags"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.flags = QPlainTextEdit(self)
        self.flags.setObjectName("estimates_flags")
        self.flags.setReadOnly(True)
        layout = QVBoxLayout(self)
        for widget, stretch in ((self.status, 0), (self.table, 3), (self.flags, 1)):
            layout.addWidget(widget, stretch)
        self.runner = JobRunner(self)
        self.runner.succeeded.connect(self._show)
        self.runner.failed.connect(self._failed)
        self.runner.reported.connect(self._progress)

    def initializePage(self) -> None:
        from simulation.calibration import calibrate

        wizard: CalibrationWizard = self.wizard()
        self.runner.discard()  # back and next again: the earlier run must not report into this one
        wizard.calibration = None
        self.table.setRowCount(0)
        self.status.setText("Estimating…")
        files, document = wizard.files, wizard.model.document
        base = files.base.currentText() if document.scenarios else None
        leads, events = files.leads.text().strip(), files.events.text().strip() or None
        name, mapping, fit = files.name.text().strip(), wizard.history.mapping, files.fit_funnel.isChecked()

        def job(progress, cancel):
            return calibrate(document, leads, events, name=name, mapping=mapping, base=base, fit_funnel=fit,
                             cancel=cancel, progress=progress)

        self.runner.start("calibrate", job)
        self.completeChanged.emit()

    def stop(self) -> None:
        """Cancel a running calibration and wait for its thread: it stops within 10,000 rows while it reads and
        within one trial simulation while it fits (well under a second)."""
        self.runner.discard(10.0)

    def _show(self, _kind: str, calibration) -> None:
        self.wizard().calibration = calibration
        self.status.setText(f"{calibration.counts.leads:,} leads over {calibration.counts.weeks} weeks; "
                            f"{len(calibration.estimates)} estimates.")
        self.table.setRowCount(len(calibration.estimates))
        for row, est in enumerate(calibration.estimates):
            interval = f"{est.low:.4g} – {est.high:.4g}" if est.low != est.high else f"none ({est.method})"
            cells = (est.name, f"{est.value:.4g} {est.unit}".strip(), interval, str(est.n), "; ".join(est.flags))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        report = calibration.lead_report.lines() + (calibration.event_report.lines() if calibration.event_report
                                                    else [])
        self.flags.setPlainText("\n".join(report + ["", *calibration.flags]))
        self.completeChanged.emit()

    def _progress(self, values: tuple) -> None:
        # Where a long calibration is: the rows read, then each trial run of the behaviour fit.
        if values and isinstance(values[0], str) and self.wizard().calibration is None:
            self.status.setText(f"Estimating… {values[0]}")

    def _failed(self, message: str) -> None:
        self.status.setText(f"Calibration failed: {message}")

    def isComplete(self) -> bool:
        return self.wizard().calibration is not None


class CreatePage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard):
        super().__init__(wizard)
        self.setTitle("Create scenario")
        self.summary = QLabel(self)
        self.summary.setObjectName("create_summary")
        self.summary.setWordWrap(True)
        # The loop the calibration is for: a scenario is worth what it forecasts, and the rolling-origin backtest
        # says how far to trust it (calibrating before each cut, forecasting the weeks after).
        self.backtest = QCheckBox("Then backtest it: calibrate before each of 4 cuts, forecast the next 12 weeks, "
                                  "and say how far to trust the scenario", self)
        self.backtest.setObjectName("create_backtest")
        self.backtest.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.backtest)

    def initializePage(self) -> None:
        calibration = self.wizard().calibration
        scenario = calibration.scenario
        unreachable = [f for f in calibration.flags if f.startswith("CANNOT REACH")]
        warning = ""
        if unreachable:
            # Said before Finish, not only in the flags list: forecasts from this scenario will be off.
            warning = (f"<p style='color:#b00020'><b>Warning: this scenario does not reproduce the observed "
                       f"funnel</b> ({len(unreachable)} target(s) out of reach; the scenario's description says "
                       "so too):<br>" + "<br>".join(unreachable[:4]) + "</p>")
        from simulation.calibration.behaviour_fit import comparison_lines

        compared = comparison_lines(calibration.estimates)
        # The overall rates, acceptance and the times to MQL and SQL, and any role that is off; the table on
        # the page before lists every role.
        shown = [line for line in compared if "." not in line.split()[0] or line.startswith("days_")
                 or "<-" in line]
        if shown:
            warning += ("<p>Observed vs simulated (95% intervals):<br><tt>" + "<br>".join(
                html.escape(line).replace(" ", "&nbsp;") for line in shown[:12]) + "</tt></p>")
        from simulation.calibration.handoff_fit import handoff_lines

        lagged = handoff_lines(calibration.estimates)
        if lagged:
            warning += ("<p>Handoff lag (sales-ready to handed over: booking the meeting), fitted, with 95% "
                        "intervals:<br><tt>" + "<br>".join(html.escape(line) for line in lagged) + "</tt></p>")
        from simulation.calibration.fade_fit import fade_lines

        faded = fade_lines(calibration.estimates)
        if faded:
            warning += ("<p>Interest half-life (a lead's chance to open halves every so many days after it "
                        "arrives), fitted to the time to MQL:<br>" + "<br>".join(html.escape(line) for line in faded)
                        + "</p>")
        from simulation.calibration.team_hours import team_lines

        team = team_lines(scenario, calibration.estimates, calibration.flags)
        warning += ("<p>Sales team, written into the scenario, and its speed against the history's (95% "
                    "intervals):<br><tt>" + "<br>".join(html.escape(line).replace("  ", "&nbsp;&nbsp;")
                                                          for line in team) + "</tt></p>")
        from simulation.calibration.acceptance_fit import response_lines

        written = response_lines(scenario.acceptance, calibration.estimates)
        if written:
            warning += "<p>Speed to lead, written into the scenario:<br>" + "<br>".join(written) + "</p>"
        self.summary.setText(
            warning + f"Finish adds scenario '{scenario.name}' to the document ({len(scenario.cohort.arrivals)} "
            f"arrival blocks over {scenario.horizon_days:g} days). Its description records where every number came "
            "from. Edit > Undo removes it again.")


class CalibrationWizard(QWizard):
    """Adds the calibrated scenario to ``model`` as one undoable edit when finished."""

    def __init__(self, model: DocumentModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Calibrate a scenario from CRM history")
        self.setObjectName("calibration_wizard")
        self.resize(880, 640)  # the mapping and estimate tables need the room
        self.model = model
        self.history: HistoryImport | None = None
        self.calibration = None
        self.files = FilesPage(self)
        self.mapping_page = MappingPage(self)
        self.privacy_page = PrivacyPage(self)
        self.estimates_page = EstimatesPage(self)
        self.create_page = CreatePage(self)
        for page in (self.files, self.mapping_page, self.privacy_page, self.estimates_page, self.create_page):
            self.addPage(page)

    def open_history(self, leads: str, events: str | None, mapping: ColumnMapping | None = None) -> None:
        self.history = HistoryImport(Path(leads), Path(events) if events else None, mapping)

    def accept(self) -> None:
        scenario = self.calibration.scenario if self.calibration is not None else None
        document = self.model.document
        if scenario is not None and all(s.name != scenario.name for s in document.scenarios):
            label = f"add calibrated scenario '{scenario.name}'"
            added = self.calibration.new_sources
            if added and not set(added) <= set(document.audience.sources):
                # New source entries go into the vocabulary with the scenario: one edit, one undo.
                command = ReplaceDocumentCommand(self.model, add_scenario(document, scenario, sources=added), label)
            else:
                command = SetDocumentFieldCommand(self.model, "scenarios", (*document.scenarios, scenario),
                                                  label=label)
            self.model.undo_stack.push(command)
        leads, mapping = self.files.leads.text().strip(), self.history.mapping if self.history else None
        super().accept()
        if scenario is not None and self.create_page.backtest.isChecked():
            dialog = open_backtest_dialog(self.parentWidget(), self.model)  # the wizard is deleted on close
            dialog.start_rolling(leads, scenario.name, mapping)

    def done(self, result: int) -> None:
        self.estimates_page.stop()
        super().done(result)


def open_calibration_wizard(window: QWidget, model: DocumentModel) -> CalibrationWizard:
    return show_deleting_on_close(CalibrationWizard(model, window))


def add_calibration_actions(menu: QMenu, window: QWidget, model: DocumentModel) -> None:
    """The Tools entries (declared in designer.action_table): the calibration wizard and the backtest view."""
    for action_id, slot in (("calibrate", partial(_open_wizard, window, model)),
                            ("backtest", partial(_open_backtest, window, model))):
        action = bind(window, action_id, slot)
        if action not in menu.actions():
            menu.addAction(action)


def install_calibration(window) -> None:
    add_calibration_actions(window.menus["tools"], window, window.model)


def _open_wizard(window: QWidget, model: DocumentModel, _checked: bool = False) -> CalibrationWizard:
    return open_calibration_wizard(window, model)


def _open_backtest(window: QWidget, model: DocumentModel, _checked: bool = False):
    return open_backtest_dialog(window, model)

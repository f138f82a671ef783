"""The calibration wizard: files, column mapping, privacy summary, estimates, then an undoable new scenario."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sequences.history import EVENT_FIELDS, LEAD_FIELDS, ColumnMapping, HistoryError, HistoryImport, KeywordRules
from sequences.history.rules import KeywordRule

from .backtest_view import TaskThread, file_row, open_backtest_dialog, show_deleting_on_close
from .commands import SetDocumentFieldCommand
from .document import DocumentModel

NOT_READ = "— not read —"


class FilesPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard):
        super().__init__(wizard)
        self.setTitle("Lead history")
        self.setSubTitle("A CSV export of leads from HubSpot or Salesforce, and optionally their engagement events.")
        self.leads, self.events, self.name = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        for edit, name in ((self.leads, "leads_path"), (self.events, "events_path"), (self.name, "scenario_name")):
            edit.setObjectName(name)
        self.base = QComboBox(self)
        self.base.setObjectName("base_scenario")
        self.fit_funnel = QCheckBox("Fit the MQL and SQL thresholds so the simulated funnel converts as "
                                    "the history did", self)
        self.fit_funnel.setObjectName("fit_funnel")
        self.error = QLabel(self)
        self.error.setObjectName("files_error")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Leads CSV", file_row(self.leads, self, "Lead history"))
        form.addRow("Events CSV (optional)", file_row(self.events, self, "Engagement events"))
        form.addRow("New scenario name", self.name)
        form.addRow("Other settings from", self.base)
        form.addRow(self.fit_funnel)
        form.addRow(self.error)
        self.name.setText("calibrated from CRM")
        for edit in (self.leads, self.name):
            edit.textChanged.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.base.clear()
        self.base.addItems([s.name for s in self.wizard().model.document.scenarios] or ["(defaults)"])

    def isComplete(self) -> bool:
        return bool(self.leads.text().strip() and self.name.text().strip())

    def validatePage(self) -> bool:
        wizard: CalibrationWizard = self.wizard()
        name = self.name.text().strip()
        if any(s.name == name for s in wizard.model.document.scenarios):
            self.error.setText(f"The document already has a scenario named {name!r}.")
            return False
        try:
            wizard.open_history(self.leads.text().strip(), self.events.text().strip() or None)
        except HistoryError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        return True


class MappingPage(QWizardPage):
    """One row per field: which column feeds it (editable); below, the job-title rules and a preview."""

    def __init__(self, wizard: CalibrationWizard):
        super().__init__(wizard)
        self.setTitle("Column mapping")
        self.setSubTitle("Detected from the column names. Only the columns mapped here are read.")
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("mapping_table")
        self.table.setHorizontalHeaderLabels(["Field", "Column"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rules = QPlainTextEdit(self)
        self.rules.setObjectName("role_rules")
        self.preview = QTableWidget(0, 7, self)
        self.preview.setObjectName("mapping_preview")
        self.preview.setHorizontalHeaderLabels(["Created", "Role", "Care setting", "Size", "Source", "Offer",
                                                "Stage"])
        self.error = QLabel(self)
        self.error.setObjectName("mapping_error")
        self.error.setWordWrap(True)
        apply = QPushButton("Apply and preview", self)
        apply.setObjectName("apply_mapping")
        apply.clicked.connect(self.apply)
        save = QPushButton("Save mapping…", self)
        save.clicked.connect(self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel("Job title → role rules, one per line: keywords|separated -> role", self))
        layout.addWidget(self.rules, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(apply)
        buttons.addWidget(save)
        layout.addLayout(buttons)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.error)
        self.combos: dict[tuple[str, str], QComboBox] = {}

    def initializePage(self) -> None:
        history: HistoryImport = self.wizard().history
        self.table.setRowCount(0)
        self.combos.clear()
        files = [("leads", LEAD_FIELDS, history.leads_file.headers)]
        if history.events_file is not None:
            files.append(("events", EVENT_FIELDS, history.events_file.headers))
        for which, fields, headers in files:
            mapping = history.mapping.active(which)
            for field in fields:
                row = self.table.rowCount()
                self.table.insertRow(row)
                label = f"{'event: ' if which == 'events' else ''}{field.label}" + (" *" if field.required else "")
                item = QTableWidgetItem(label)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, 0, item)
                combo = QComboBox(self.table)
                combo.setObjectName(f"map_{which}_{field.name}")
                combo.addItems([NOT_READ, *headers])
                combo.setCurrentText(mapping.get(field.name, NOT_READ))
                self.table.setCellWidget(row, 1, combo)
                self.combos[(which, field.name)] = combo
        rules = history.mapping.rules["title"]
        self.rules.setPlainText("\n".join(f"{r.pattern} -> {r.value}" for r in rules.rules))
        self._show_preview()

    def mapping(self) -> ColumnMapping:
        """The mapping as edited on this page (raises ``HistoryError`` on a malformed rule line)."""
        base: ColumnMapping = self.wizard().history.mapping
        leads = {name: ("" if c.currentText() == NOT_READ else c.currentText())
                 for (which, name), c in self.combos.items() if which == "leads"}
        events = {name: ("" if c.currentText() == NOT_READ else c.currentText())
                  for (which, name), c in self.combos.items() if which == "events"}
        rules = []
        for number, line in enumerate(self.rules.toPlainText().splitlines(), start=1):
            if not line.strip():
                continue
            pattern, arrow, value = line.rpartition("->")
            if not arrow or not pattern.strip() or not value.strip():
                raise HistoryError(f"role rule line {number} should read 'keywords -> role'")
            rules.append(KeywordRule(pattern.strip(), value.strip()))
        all_rules = dict(base.rules)
        all_rules["title"] = all_rules["role"] = KeywordRules(rules, base.rules["title"].fallback)
        return ColumnMapping(leads, events, all_rules)

    def apply(self) -> bool:
        wizard: CalibrationWizard = self.wizard()
        try:
            wizard.open_history(wizard.files.leads.text().strip(), wizard.files.events.text().strip() or None,
                                self.mapping())
        except HistoryError as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        self._show_preview()
        return True

    def _show_preview(self) -> None:
        history: HistoryImport = self.wizard().history
        preview = HistoryImport(history.leads_file.path, None, history.mapping)
        self.preview.setRowCount(0)
        for record in preview.leads():
            row = self.preview.rowCount()
            self.preview.insertRow(row)
            values = (record.created.date().isoformat(), record.role, record.care_setting, record.facility_size,
                      record.source, record.offer, record.stage)
            for col, value in enumerate(values):
                self.preview.setItem(row, col, QTableWidgetItem(value or ""))
            if row >= 7:
                break

    def _save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save mapping", "mapping.json", "JSON (*.json)")
        if path:
            self.wizard().history.mapping.save(path)

    def validatePage(self) -> bool:
        return self.apply()


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
        self.thread: TaskThread | None = None
        self.cancelled = False

    def initializePage(self) -> None:
        from simulation.calibration import calibrate

        wizard: CalibrationWizard = self.wizard()
        if self.thread is not None:  # back and next again: the earlier run must not report into this one
            self.thread.done.disconnect(self._show)
            self.thread.failed.disconnect(self._failed)
            self.stop()
        wizard.calibration = None
        self.table.setRowCount(0)
        self.status.setText("Estimating…")
        files, document = wizard.files, wizard.model.document
        base = files.base.currentText() if document.scenarios else None
        leads, events = files.leads.text().strip(), files.events.text().strip() or None
        name, mapping, fit = files.name.text().strip(), wizard.history.mapping, files.fit_funnel.isChecked()
        self.cancelled = False
        job = lambda: calibrate(document, leads, events, name=name, mapping=mapping, base=base,  # noqa: E731
                                fit_funnel=fit, cancel=lambda: self.cancelled)
        self.thread = TaskThread(job, self)
        self.thread.done.connect(self._show)
        self.thread.failed.connect(self._failed)
        self.thread.start()
        self.completeChanged.emit()

    def stop(self) -> None:
        """Cancel a running calibration (it stops within 10,000 rows) and wait for its thread."""
        if self.thread is not None:
            self.cancelled = True
            self.thread.wait()

    def _show(self, calibration) -> None:
        self.wizard().calibration = calibration
        self.status.setText(f"{calibration.counts.leads} leads over {calibration.counts.weeks} weeks; "
                            f"{len(calibration.estimates)} estimates.")
        self.table.setRowCount(len(calibration.estimates))
        for row, est in enumerate(calibration.estimates):
            cells = (est.name, f"{est.value:.4g} {est.unit}".strip(), f"{est.low:.4g} – {est.high:.4g}",
                     str(est.n), "; ".join(est.flags))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        report = calibration.lead_report.lines() + (calibration.event_report.lines() if calibration.event_report
                                                    else [])
        self.flags.setPlainText("\n".join(report + ["", *calibration.flags]))
        self.completeChanged.emit()

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
        QVBoxLayout(self).addWidget(self.summary)

    def initializePage(self) -> None:
        scenario = self.wizard().calibration.scenario
        self.summary.setText(
            f"Finish adds scenario '{scenario.name}' to the document ({len(scenario.cohort.arrivals)} arrival "
            f"blocks over {scenario.horizon_days:g} days). Its description records where every number came "
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
            command = SetDocumentFieldCommand(self.model, "scenarios", (*document.scenarios, scenario),
                                              label=f"add calibrated scenario '{scenario.name}'")
            self.model.undo_stack.push(command)
        super().accept()

    def done(self, result: int) -> None:
        self.estimates_page.stop()
        super().done(result)


def open_calibration_wizard(window: QWidget, model: DocumentModel) -> CalibrationWizard:
    return show_deleting_on_close(CalibrationWizard(model, window))


def add_calibration_actions(menu: QMenu, window: QWidget, model: DocumentModel) -> None:
    """The Tools menu entries: the calibration wizard and the backtest view."""
    calibrate = menu.addAction("&Calibrate Scenario from CRM History…")
    calibrate.setObjectName("action_calibrate")
    calibrate.triggered.connect(lambda: open_calibration_wizard(window, model))
    backtest = menu.addAction("&Backtest Scenario Against History…")
    backtest.setObjectName("action_backtest")
    backtest.triggered.connect(lambda: open_backtest_dialog(window, model))

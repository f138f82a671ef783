"""The calibration wizard's first two pages: the history files, and the column mapping with a preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from sequences.history import EVENT_FIELDS, LEAD_FIELDS, ColumnMapping, HistoryError, HistoryImport, KeywordRules
from sequences.history.rules import KeywordRule

from .backtest_view import file_row

if TYPE_CHECKING:
    from .calibration_wizard import CalibrationWizard

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
        self.fit_funnel = QCheckBox("Fit behaviour by role (engagement, hand-raise) by simulation so the "
                                    "funnel converts as the history did", self)
        self.fit_funnel.setObjectName("fit_funnel")
        self.fit_funnel.setChecked(True)  # a scenario that does not reproduce the history forecasts badly
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

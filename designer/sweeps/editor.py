"""Editing a sweep definition: base scenario, axes, sampling, objective and constraints."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sequences import Document
from sequences.sweep import MONEY_METRICS, PERCENT_METRICS, SWEEP_METRICS, SWEEP_PARAMETERS, Sweep

AXIS_COLUMNS = ("Setting", "Values", "Low", "High", "Steps")


def _number(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


def limit_text(metric: str, value: float) -> str:
    """A limit as a planner types it: 30% for a rate, 45,000 for money, 8 for hours."""
    if metric in PERCENT_METRICS:
        return f"{100 * value:g}%"
    return f"{value:,.10g}" if metric in MONEY_METRICS else f"{value:g}"


def parse_limit(metric: str, text: str) -> float:
    """"30%" or "0.3" for a rate; "$45,000" or "45000" for money. ValueError when it is not a number."""
    cleaned = text.strip().replace(",", "").replace("$", "").replace("€", "").replace("£", "")
    if cleaned.endswith("%"):
        return float(cleaned[:-1]) / 100.0
    value = float(cleaned)
    # A rate above 1 can only mean percent ("30" for 30%).
    return value / 100.0 if metric in PERCENT_METRICS and value > 1 else value


class SweepEditor(QWidget):
    """A form over one Sweep; ``sweep()`` validates it into the model (raising ValueError with the reason)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = QLineEdit()
        self.base = QComboBox()
        self.sampling = QComboBox()
        self.sampling.addItems(["grid", "random"])
        self.samples = QSpinBox(minimum=1, maximum=100_000, value=200)
        self.replications = QSpinBox(minimum=1, maximum=1000, value=5)
        self.leads = QSpinBox(minimum=0, maximum=10_000_000, value=0, singleStep=1000, specialValueText="from scenario")
        self.objective = QComboBox()
        for key, label in SWEEP_METRICS.items():
            self.objective.addItem(label, key)
        self.direction = QComboBox()
        self.direction.addItems(["maximise", "minimise"])
        self.top = QSpinBox(minimum=0, maximum=10_000, value=10)
        self.check = QSpinBox(minimum=0, maximum=10_000, value=5)
        self.axes = self._table(AXIS_COLUMNS)
        self.constraints = self._table(("Figure", "Limit", "Value"))
        self.constraints.horizontalHeaderItem(2).setToolTip("Rates as 30% (or 0.3); money as 45000; hours as 8")
        # Values takes the room left, so Low, High and Steps show without scrolling sideways.
        header = self.axes.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.axes.horizontalHeaderItem(1).setToolTip("Comma-separated values; or leave empty and give Low, High "
                                                     "and Steps for a range")
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Base scenario", self.base)
        form.addRow("Sampling", self._row(self.sampling, "samples", self.samples))
        form.addRow("Replications per point", self._row(self.replications, "leads per run", self.leads))
        form.addRow("Objective", self._row(self.objective, "", self.direction))
        form.addRow("Simulate", self._row(self.top, "best points, plus a check of", self.check))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._with_buttons(self.axes, "Add axis", self.add_axis))
        layout.addWidget(self._with_buttons(self.constraints, "Add limit", self.add_constraint))
        # The sweep's question in a planner's words, kept up to date as the form changes.
        self.question = QLabel("")
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self.constraints.itemChanged.connect(self.update_question)
        self.objective.currentIndexChanged.connect(self.update_question)
        self.direction.currentIndexChanged.connect(self.update_question)

    @staticmethod
    def _table(columns: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels(list(columns))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        table.setMinimumHeight(110)
        return table

    @staticmethod
    def _row(first: QWidget, words: str, second: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first)
        if words:
            row.addWidget(QLabel(words))
        row.addWidget(second)
        row.addStretch(1)
        return box

    def _with_buttons(self, table: QTableWidget, text: str, add) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)
        buttons = QHBoxLayout()
        add_button = QPushButton(text)
        add_button.clicked.connect(lambda: add())
        remove = QPushButton("Remove selected")
        remove.clicked.connect(lambda: table.removeRow(table.currentRow()) if table.currentRow() >= 0 else None)
        buttons.addWidget(add_button)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    # -- rows ----------------------------------------------------------------------------------------
    def add_axis(self, parameter: str = "sql_total", values: str = "", low: str = "", high: str = "",
                 steps: int = 5) -> None:
        row = self.axes.rowCount()
        self.axes.insertRow(row)
        combo = QComboBox()
        for key, label in SWEEP_PARAMETERS.items():
            combo.addItem(label, key)
        combo.setCurrentIndex(combo.findData(parameter))
        self.axes.setCellWidget(row, 0, combo)
        for column, text in ((1, values), (2, low), (3, high), (4, str(steps))):
            self.axes.setItem(row, column, QTableWidgetItem(text))

    def add_constraint(self, metric: str = "sla_breach_rate", op: str = "lte", value: float = 0.05) -> None:
        row = self.constraints.rowCount()
        self.constraints.insertRow(row)
        combo = QComboBox()
        for key, label in SWEEP_METRICS.items():
            combo.addItem(label, key)
        combo.setCurrentIndex(combo.findData(metric))
        limit = QComboBox()
        limit.addItem("at most", "lte")
        limit.addItem("at least", "gte")
        limit.setCurrentIndex(limit.findData(op))
        self.constraints.setCellWidget(row, 0, combo)
        self.constraints.setCellWidget(row, 1, limit)
        self.constraints.setItem(row, 2, QTableWidgetItem(limit_text(metric, value)))
        combo.currentIndexChanged.connect(self.update_question)
        limit.currentIndexChanged.connect(self.update_question)
        self.update_question()

    def update_question(self, *_args) -> None:
        try:
            self.question.setText("Question: " + self.sweep().goal_words())
        except (ValueError, AttributeError):
            self.question.setText("Question: (complete the form to read it)")

    # -- model <-> form ------------------------------------------------------------------------------
    def load(self, document: Document, sweep: Sweep | None) -> None:
        self.base.clear()
        self.base.addItems([s.name for s in document.scenarios])
        self.axes.setRowCount(0)
        self.constraints.setRowCount(0)
        if sweep is None:
            self.name.setText(_free_name(document))
            self.add_axis("sql_total", low="60", high="110", steps=6)
            self.add_axis("reps", values="3, 4, 5, 6")
            self.add_constraint("sla_breach_rate", "lte", 0.1)
            self.add_constraint("rep_utilisation", "lte", 0.85)
            return
        self.name.setText(sweep.name)
        self.base.setCurrentText(sweep.base_scenario)
        self.sampling.setCurrentText(sweep.sampling)
        self.samples.setValue(sweep.samples)
        self.replications.setValue(sweep.replications)
        self.leads.setValue(sweep.leads or 0)
        self.objective.setCurrentIndex(self.objective.findData(sweep.objective.metric))
        self.direction.setCurrentText(sweep.objective.direction)
        self.top.setValue(sweep.simulate_top)
        self.check.setValue(sweep.simulate_check)
        for axis in sweep.axes:
            self.add_axis(axis.parameter, ", ".join(f"{v:g}" for v in axis.values),
                          "" if axis.low is None else f"{axis.low:g}", "" if axis.high is None else f"{axis.high:g}",
                          axis.steps)
        for constraint in sweep.constraints:
            self.add_constraint(constraint.metric, constraint.op, constraint.value)

    def sweep(self) -> Sweep:
        axes = []
        for row in range(self.axes.rowCount()):
            text = [self.axes.item(row, c).text() if self.axes.item(row, c) else "" for c in range(1, 5)]
            try:
                values = [float(v) for v in text[0].replace(";", ",").split(",") if v.strip()]
                axis = {"parameter": self.axes.cellWidget(row, 0).currentData(), "values": values,
                        "low": _number(text[1]), "high": _number(text[2]), "steps": int(text[3] or 5)}
            except ValueError:
                raise ValueError(f"axis {row + 1}: values, low, high and steps must be numbers") from None
            axes.append(axis)
        constraints = []
        for row in range(self.constraints.rowCount()):
            item = self.constraints.item(row, 2)
            metric = self.constraints.cellWidget(row, 0).currentData()
            try:
                value = parse_limit(metric, item.text()) if item else 0.0
            except ValueError:
                raise ValueError(f"limit {row + 1}: the value must be a number (30% or 0.3 for a rate)") from None
            constraints.append({"metric": metric,
                                "op": self.constraints.cellWidget(row, 1).currentData(), "value": value})
        data = {
            "name": self.name.text().strip(), "base_scenario": self.base.currentText(), "axes": axes,
            "sampling": self.sampling.currentText(), "samples": self.samples.value(),
            "replications": self.replications.value(), "leads": self.leads.value() or None,
            "objective": {"metric": self.objective.currentData(), "direction": self.direction.currentText()},
            "constraints": constraints, "simulate_top": self.top.value(), "simulate_check": self.check.value(),
        }
        from pydantic import ValidationError

        try:
            return Sweep.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ValueError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None


def _free_name(document: Document) -> str:
    names = {s.name for s in document.sweeps}
    n = 1
    while f"sweep {n}" in names:
        n += 1
    return f"sweep {n}"

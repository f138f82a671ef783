"""Scenario comparison: tick two or more scenarios, see figures side by side, paired differences and sentences."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from simulation.compare import Comparison
from simulation.narrative import narrative
from simulation.summary import COMPARED, estimate, is_rate, number

from .charts import WeeklyChart
from .tables import FiguresTable


def comparison_rows(comparison: Comparison) -> list[list[tuple[str, object]]]:
    """Per figure: each scenario's mean, then each other scenario's paired difference [95% CI]."""
    rows = []
    for key, label in COMPARED:
        rate = is_rate(key)
        row: list[tuple[str, object]] = [(label, key)]
        row += [(number(r.totals[key].mean, rate), r.totals[key].mean) for r in comparison.results]
        for r in comparison.results[1:]:
            diff = comparison.differences[r.scenario][key]
            row.append((estimate(diff, rate, signed=True), diff.mean))
        rows.append(row)
    return rows


class CompareView(QWidget):
    compareRequested = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("forecast_compare")
        self.comparison: Comparison | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        side = QVBoxLayout()
        side.addWidget(QLabel("Scenarios to compare\n(the first ticked is the baseline)"))
        self.scenario_list = QListWidget()
        self.scenario_list.setObjectName("forecast_compare_scenarios")
        self.scenario_list.setMaximumWidth(260)
        # Long names end in "…" (with the whole name as a tooltip) rather than scroll sideways.
        self.scenario_list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scenario_list.setTextElideMode(Qt.ElideRight)
        self.scenario_list.itemChanged.connect(self._update_button)
        side.addWidget(self.scenario_list, 1)
        self.compare_button = QPushButton("Compare")
        self.compare_button.setObjectName("forecast_compare_button")
        self.compare_button.clicked.connect(self._request)
        side.addWidget(self.compare_button)
        layout.addLayout(side)
        split = QSplitter(Qt.Horizontal)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("Tick two or more scenarios and press Compare: they run on the same seed "
                              "(common random numbers) so differences come from the scenario, not from noise.")
        self.summary.setObjectName("forecast_compare_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        column.addWidget(self.summary)
        self.words = QTextBrowser()
        self.words.setObjectName("forecast_compare_narrative")
        self.words.setMaximumHeight(150)
        self.words.setVisible(False)
        column.addWidget(self.words)
        self.table = FiguresTable("forecast_compare_table")
        column.addWidget(self.table, 1)
        split.addWidget(left)
        self.weekly = WeeklyChart()
        split.addWidget(self.weekly)
        split.setSizes([560, 420])
        layout.addWidget(split, 1)
        self._update_button()

    def set_scenarios(self, names: list[str]) -> None:
        ticked = set(self.checked()) or set(names[:2])
        self.scenario_list.blockSignals(True)
        self.scenario_list.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setToolTip(name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if name in ticked else Qt.Unchecked)
            self.scenario_list.addItem(item)
        self.scenario_list.blockSignals(False)
        self._update_button()

    def checked(self) -> list[str]:
        return [self.scenario_list.item(i).text() for i in range(self.scenario_list.count())
                if self.scenario_list.item(i).checkState() == Qt.Checked]

    def set_checked(self, names: list[str]) -> None:
        for i in range(self.scenario_list.count()):
            item = self.scenario_list.item(i)
            item.setCheckState(Qt.Checked if item.text() in names else Qt.Unchecked)

    def _update_button(self, *_args) -> None:
        enough = len(self.checked()) >= 2
        self.compare_button.setToolTip("" if enough else "Tick at least two scenarios")
        self.compare_button.setProperty("enough", enough)

    def _request(self) -> None:
        names = self.checked()
        if len(names) < 2:
            self.summary.setText("Tick at least two scenarios to compare.")
            return
        self.compareRequested.emit(names)

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        names = [r.scenario for r in comparison.results]
        header = ["Figure"] + names + [f"Δ {n}" for n in names[1:]]
        self.table.fill(header, comparison_rows(comparison), stretch_first=False)
        for column, name in enumerate(names[1:], start=1 + len(names)):
            self.table.horizontalHeaderItem(column).setToolTip(
                f"{name} minus {comparison.baseline}, paired by replication, with a 95% interval")
        self.weekly.show_results(comparison.results)
        first = comparison.results[0]
        self.summary.setText(f"Baseline '{_html(comparison.baseline)}'; {first.replications} paired "
                             f"replication{'s' * (first.replications != 1)} "
                             f"on seed {first.seed}; differences with 95% intervals.")
        html = []
        for sentences in narrative(comparison).values():
            html.append(f"<p><b>{_html(sentences[0])}</b></p><ul>"
                        + "".join(f"<li>{_html(line)}</li>" for line in sentences[1:]) + "</ul>")
        self.words.setHtml("".join(html))
        self.words.setVisible(True)

    def sentences(self) -> dict[str, list[str]]:
        return narrative(self.comparison) if self.comparison else {}


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

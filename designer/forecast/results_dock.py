"""The results panel: run controls (scenario, size, Simulate, Cancel, progress) and the last run's charts."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulation.report_charts import PALETTE
from simulation.result import SimulationResult
from simulation.sales_summary import band_rows, queue_table
from simulation.summary import estimate, reconciliation

from .charts import BarChart, SeriesChart, WeeklyChart, funnel_estimates, quantile_estimates
from .compare_view import CompareView
from .tables import (
    FiguresTable,
    attribute_title,
    breakdown_header,
    breakdown_rows,
    figure_rows,
    ordered_attributes,
    stall_rows,
)


class ResultsPanel(QWidget):
    simulateRequested = Signal()
    cancelRequested = Signal()
    nodeActivated = Signal(str)  # a stall point was double-clicked: show that node on the canvas
    shown = Signal()  # every chart and table shows ``result``

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("forecast_results")
        self.result: SimulationResult | None = None
        self._steps: list = []
        self._stage = QTimer(self)
        self._stage.setInterval(0)
        self._stage.timeout.connect(self._next_step)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(self._controls())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("forecast_tabs")
        layout.addWidget(self.tabs, 1)
        self._overview_tab()
        self.weekly = WeeklyChart()
        self.tabs.addTab(self.weekly, "Weekly handoffs")
        self._timing_tab()
        self._sales_tab()
        self.queues = FiguresTable("forecast_queues")
        self.queues.setToolTip("Every sales figure per queue (mean [95% interval]), then accepted SQLs by time "
                               "to first touch and the SQLs lost to slow response")
        self.tabs.addTab(self.queues, "Sales queues")
        self._breakdown_tab()
        self.stalls = FiguresTable("forecast_stalls")
        self.stalls.setToolTip("Double-click a node to show it on the canvas")
        self.stalls.cellDoubleClicked.connect(self._stall_activated)
        self.tabs.addTab(self.stalls, "Stall points")
        self.compare = CompareView()
        self.tabs.addTab(self.compare, "Compare")

    # -- construction ------------------------------------------------------------------------------
    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.scenario_combo = QComboBox()
        self.scenario_combo.setObjectName("forecast_scenario")
        self.scenario_combo.setMinimumContentsLength(18)
        self.scenario_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.replications = QSpinBox()
        self.replications.setObjectName("forecast_replications")
        self.replications.setRange(0, 10_000)
        self.replications.setSpecialValueText("from scenario")
        self.replications.setToolTip("Replications (0: the scenario's own number)")
        self.leads = QSpinBox()
        self.leads.setObjectName("forecast_leads")
        self.leads.setRange(0, 10_000_000)
        self.leads.setSingleStep(1000)
        self.leads.setSpecialValueText("from scenario")
        self.leads.setToolTip("This many leads arrive within the horizon (0: the scenario's cohort)")
        self.simulate_button = QPushButton("Simulate")
        self.simulate_button.setObjectName("forecast_simulate")
        self.simulate_button.clicked.connect(self.simulateRequested)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("forecast_cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.progress = QProgressBar()
        self.progress.setObjectName("forecast_progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.setVisible(False)
        self.status = QLabel("No run yet: choose a scenario and press Simulate (F5).")
        self.status.setObjectName("forecast_status")
        # Long messages must not widen the window: the label takes the room that is left and elides nothing.
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.status.setMinimumWidth(120)
        for widget in (QLabel("Scenario"), self.scenario_combo, QLabel("Replications"), self.replications,
                       QLabel("Leads"), self.leads, self.simulate_button, self.cancel_button, self.progress):
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        return row

    def _overview_tab(self) -> None:
        # Until the first result the page is a line of text: empty charts say nothing, and laying out and
        # drawing them was most of the pause when the first Simulate brings the panel up.
        self.overview = QStackedWidget()
        self.overview.setObjectName("forecast_overview")
        waiting = QLabel("The figures, the funnel and rep utilisation of the last run appear here.")
        waiting.setObjectName("forecast_overview_waiting")
        waiting.setAlignment(Qt.AlignCenter)
        waiting.setWordWrap(True)
        self.overview.addWidget(waiting)
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(4, 4, 4, 4)
        self.figures = FiguresTable("forecast_figures")
        self.funnel = BarChart("Funnel: MQL → SQL → accepted", "leads", "", horizontal=True)
        self.utilisation = BarChart("Rep utilisation", "", "% of capacity")
        self.utilisation.setMaximumWidth(220)
        self.reconciliation = QLabel("")
        self.reconciliation.setObjectName("forecast_reconciliation")
        self.reconciliation.setWordWrap(True)
        self.reconciliation.setToolTip("Every arrived lead is in exactly one place at the horizon: ended (out),"
                                       " stalled, or still moving (in flight)")
        grid.addWidget(self.figures, 0, 0)
        grid.addWidget(self.reconciliation, 1, 0)
        grid.addWidget(self.funnel, 0, 1, 2, 1)
        grid.addWidget(self.utilisation, 0, 2, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)
        self.overview.addWidget(page)
        self.tabs.addTab(self.overview, "Overview")

    def _timing_tab(self) -> None:
        page = QWidget()
        row = QHBoxLayout(page)
        self.time_to_sql = BarChart("Days from arrival to SQL (quantiles)", "quantile", "days")
        self.time_to_mql = BarChart("Days from arrival to MQL (quantiles)", "quantile", "days")
        row.addWidget(self.time_to_sql)
        row.addWidget(self.time_to_mql)
        self.tabs.addTab(page, "Time to SQL")

    def _sales_tab(self) -> None:
        page = QWidget()
        row = QHBoxLayout(page)
        self.queue = SeriesChart("Sales queue length (daily)", "day", "leads waiting", PALETTE[1])
        self.breaches = SeriesChart("SLA breaches a week", "week", "breaches", PALETTE[3])
        self.touches = SeriesChart("First touches a day", "day", "touches", PALETTE[2])
        for chart in (self.queue, self.breaches, self.touches):
            row.addWidget(chart)
        self.tabs.addTab(page, "Sales queue && SLA")

    def _breakdown_tab(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        top = QHBoxLayout()
        self.breakdown_combo = QComboBox()
        self.breakdown_combo.setObjectName("forecast_breakdown")
        self.breakdown_combo.currentIndexChanged.connect(self._show_breakdown)
        top.addWidget(QLabel("Break down by"))
        top.addWidget(self.breakdown_combo)
        top.addStretch(1)
        column.addLayout(top)
        self.breakdown = FiguresTable("forecast_breakdown_table")
        column.addWidget(self.breakdown)
        self.tabs.addTab(page, "By role, segment, source, offer")

    # -- state -------------------------------------------------------------------------------------
    def set_scenarios(self, names: list[str]) -> None:
        current = self.scenario_combo.currentText()
        self.scenario_combo.blockSignals(True)
        self.scenario_combo.clear()
        self.scenario_combo.addItems(names)
        if current in names:
            self.scenario_combo.setCurrentText(current)
        self.scenario_combo.blockSignals(False)
        self.compare.set_scenarios(names)

    def run_options(self) -> dict:
        return {"replications": self.replications.value() or None, "leads": self.leads.value() or None}

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.simulate_button.setEnabled(not busy)
        self.compare.compare_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)  # busy until the first progress report
        if text:
            self.status.setText(text)

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    # -- results -----------------------------------------------------------------------------------
    def show_result(self, result: SimulationResult) -> None:
        """Show ``result``: one chart per turn of the event loop, so the window never freezes; ``shown`` at the end."""
        self.result = result
        self._steps = [self._show_summary, self._show_funnel, self._show_weekly, self._show_timing,
                       self._show_queue, self._show_sales, self._show_queues, self._show_breakdowns,
                       self._show_stalls]
        self._stage.start()

    def _next_step(self) -> None:
        if not self._steps:
            self._stage.stop()
            self.shown.emit()
            return
        self._steps.pop(0)(self.result)

    def is_showing(self) -> bool:
        return bool(self._steps)

    def _show_summary(self, result: SimulationResult) -> None:
        leads = f", {result.leads:,} leads" if result.leads else ""
        self.status.setText(f"'{result.scenario}': {result.replications} "
                            f"replication{'s' * (result.replications != 1)}, seed {result.seed}"
                            f"{leads}; SLA breach rate {estimate(result.sla_breach_rate, percent=True)}")
        self.figures.fill(["Figure", "Mean [95% CI of the mean]"], figure_rows(result))
        self.reconciliation.setText(reconciliation(result))
        self.overview.setCurrentIndex(1)

    def _show_funnel(self, result: SimulationResult) -> None:
        labels, values = funnel_estimates(result)
        self.funnel.show_bars(labels, values)
        self.utilisation.show_bars(["reps"], [result.rep_utilisation], PALETTE[2], scale=100.0)

    def _show_weekly(self, result: SimulationResult) -> None:
        self.weekly.show_results([result])

    def _show_timing(self, result: SimulationResult) -> None:
        labels, values = quantile_estimates(result)
        self.time_to_sql.show_bars(labels, values, PALETTE[0])
        self.time_to_mql.show_bars(labels, [result.time_to_mql[q] for q in labels], PALETTE[4])

    def _show_queue(self, result: SimulationResult) -> None:
        queue = result.daily["queue_length"]
        self.queue.show_series(queue["mean"], queue["low"], queue["high"])

    def _show_sales(self, result: SimulationResult) -> None:
        self.breaches.show_series(result.weekly("sla_breaches"), result.weekly("sla_breaches", "low"),
                                  result.weekly("sla_breaches", "high"))
        touches = result.daily["first_touches"]
        self.touches.show_series(touches["mean"], touches["low"], touches["high"])

    def _show_queues(self, result: SimulationResult) -> None:
        names, rows = queue_table(result)
        table: list[list[tuple[str, object]]] = [[(label, None), *((cell, None) for cell in cells)]
                                                 for label, cells in rows]
        blank = [("", None)] * len(names)
        table += [[(label, None), (value, None), *blank[1:]] for label, value in band_rows(result)]
        self.queues.fill(["Figure", *names] if names else ["Figure", ""], table)

    def _show_breakdowns(self, result: SimulationResult) -> None:
        self.breakdown_combo.blockSignals(True)
        self.breakdown_combo.clear()
        for attribute in ordered_attributes(result):
            self.breakdown_combo.addItem(attribute_title(attribute), attribute)
        self.breakdown_combo.blockSignals(False)
        self._show_breakdown()

    def _show_stalls(self, result: SimulationResult) -> None:
        self.stalls.fill(["Where leads stall", "Stalled leads", "Entered", "Share stalled"], stall_rows(result))

    def _stall_activated(self, row: int, _column: int) -> None:
        place = self.stalls.value(row, 0)
        if self.result is not None and place in self.result.nodes:
            self.nodeActivated.emit(place)

    def _show_breakdown(self, *_args) -> None:
        attribute = self.breakdown_combo.currentData()
        if self.result is None or attribute is None:
            self.breakdown.fill([], [])
            return
        self.breakdown.fill(breakdown_header(attribute), breakdown_rows(self.result, attribute))

    def mark_stale(self) -> None:
        if self.result is not None and not self.status.text().startswith("(document changed"):
            self.status.setText("(document changed since this run) " + self.status.text())
        self.status.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)

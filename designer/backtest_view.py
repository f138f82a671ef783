"""The backtest view: predicted vs actual weekly MQLs, SQL handoffs and accepted handoffs with the interval band,
and the verdict and error figures."""

from __future__ import annotations

import html
from typing import TypeVar

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .chart_style import themed
from .document import DocumentModel
from .jobs import JobRunner

ACTUAL = "#d1495b"
PREDICTED = "#2e6f95"
BAND = (46, 111, 149, 60)
GRADE_COLOURS = {"close": "#1b7f3b", "usable with care": "#a35c00", "not close": "#b00020"}
ShownT = TypeVar("ShownT", bound=QWidget)


def file_row(edit: QLineEdit, page: QWidget, title: str) -> QWidget:
    row = QWidget(page)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit)
    browse = QPushButton("Browse…", row)
    browse.clicked.connect(lambda: browse_csv(edit, page, title))
    layout.addWidget(browse)
    return row


def browse_csv(edit: QLineEdit, parent: QWidget, title: str) -> None:
    path, _ = QFileDialog.getOpenFileName(parent, title, edit.text(), "CSV files (*.csv *.txt);;All files (*)")
    if path:
        edit.setText(path)


class BacktestView(QWidget):
    """Shows one ``BacktestResult``: a chart per weekly metric and the error figures under them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backtest_view")
        self.plots: dict[str, pg.PlotWidget] = {}
        self.curves: dict[str, dict[str, pg.PlotDataItem]] = {}
        # The charts above, the verdict and figures below in a scroll area: three charts and a verdict do not
        # fit one screen, and a chart squeezed under its text loses its axis and legend. The splitter lets the
        # reader give either more room.
        charts = QWidget(self)
        chart_layout = QVBoxLayout(charts)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        # The key is in each title, coloured as the lines are: a legend inside the plot hid the first weeks.
        key_html = (f"<span style='color:{PREDICTED}'>forecast and its 95% band</span> against "
                    f"<span style='color:{ACTUAL}'>actual</span>")
        for key, title in (("mql", "Weekly MQLs"), ("sql", "Weekly SQL handoffs"),
                           ("accepted", "Weekly handoffs accepted by sales")):
            plot = pg.PlotWidget(charts)
            plot.setTitle(f"{title}: {key_html}")
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setLabel("bottom", "week")
            plot.setMinimumHeight(130)
            themed(plot)
            self.plots[key] = plot
            chart_layout.addWidget(plot, 1)
        self.figures = QLabel(self)
        self.figures.setObjectName("backtest_figures")
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figures.setWordWrap(True)
        self.figures.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea(self)
        scroll.setObjectName("backtest_figures_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.figures)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(charts)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([420, 300])  # the verdict's lines in view at the dialog's size, the charts above them
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.result = None

    def show_result(self, result) -> None:
        self.result = result
        weeks = list(range(1, result.weeks + 1))
        for key, plot in self.plots.items():
            plot.clear()
            series = result.series[key]
            low = pg.PlotDataItem(weeks, series["low"], pen=pg.mkPen(None))
            high = pg.PlotDataItem(weeks, series["high"], pen=pg.mkPen(None))
            band = pg.FillBetweenItem(low, high, brush=pg.mkBrush(*BAND))
            predicted = plot.plot(weeks, series["predicted"], pen=pg.mkPen(PREDICTED, width=2), name="predicted")
            actual = plot.plot(weeks, series["actual"], pen=pg.mkPen(ACTUAL, width=1.5), symbol="o", symbolSize=6,
                               symbolBrush=ACTUAL, name="actual")
            for item in (low, high, band):
                plot.addItem(item)
            if result.scored_from_week:
                plot.addItem(pg.InfiniteLine(result.scored_from_week + 0.5, angle=90,
                                             pen=pg.mkPen("#888", style=Qt.PenStyle.DashLine), label="held out →"))
            self.curves[key] = {"predicted": predicted, "actual": actual, "low": low, "high": high}
        self.figures.setTextFormat(Qt.TextFormat.PlainText)  # a rolling run before left it rich
        self.figures.setText(self.figures_text(result))

    def show_rolling(self, result) -> None:
        """A ``RollingResult``: every cut's 12-week forecast with its band, against the actual weeks."""
        self.result = result
        for key, plot in self.plots.items():
            plot.clear()
            self.curves[key] = {}
            for i, cut in enumerate(result.cuts):
                series = cut["series"][key]
                weeks = [cut["cut_week"] + 1 + w for w in range(len(series["actual"]))]
                low = pg.PlotDataItem(weeks, series["low"], pen=pg.mkPen(None))
                high = pg.PlotDataItem(weeks, series["high"], pen=pg.mkPen(None))
                for item in (low, high, pg.FillBetweenItem(low, high, brush=pg.mkBrush(*BAND))):
                    plot.addItem(item)
                first = i == 0
                predicted = plot.plot(weeks, series["predicted"], pen=pg.mkPen(PREDICTED, width=2),
                                      name="forecast (95% band)" if first else None)
                actual = plot.plot(weeks, series["actual"], pen=pg.mkPen(ACTUAL, width=1.5), symbol="o",
                                   symbolSize=5, symbolBrush=ACTUAL, name="actual" if first else None)
                plot.addItem(pg.InfiniteLine(cut["cut_week"] + 0.5, angle=90,
                                             pen=pg.mkPen("#888", style=Qt.PenStyle.DashLine)))
                self.curves[key][cut["cut"]] = {"predicted": predicted, "actual": actual, "low": low, "high": high}
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setText(self.rolling_html(result))

    @classmethod
    def rolling_html(cls, result) -> str:
        """The verdict first, its headline in bold and coloured by its grade, a line per measure; then the
        figures of ``rolling_text``."""
        from simulation.calibration.trust import LABELS, acceptance_sentence, headline, measure_sentence

        found, out = result.verdict or {}, []
        if found.get("grade"):
            colour = GRADE_COLOURS[found["grade"]]
            out.append(f"<b style='color:{colour}'>{html.escape(_upper_first(headline(found, result.leads_file)))}"
                       "</b>")
            out += [f"<b>{_upper_first(LABELS[m['metric']])}: {m['grade']}.</b> {html.escape(measure_sentence(m))}"
                    for m in found["measures"]]
            if found.get("acceptance"):
                out.append(f"<b>Acceptance:</b> {html.escape(acceptance_sentence(found['acceptance']))}")
            out.append(f"<span style='color:#666'>{html.escape(found['rule'])}</span>")
        out += [html.escape(line) for line in cls.rolling_text(result).split("\n")]
        return "<br>".join(out)

    @staticmethod
    def rolling_text(result) -> str:
        lines = [f"Rolling origin: {len(result.cuts)} cuts, each calibrated on the weeks before it. Weekly "
                 "errors, pooled over the cuts; band = 95% prediction interval for one week."]
        for horizon, metrics in result.errors.items():
            parts = []
            for key, label in (("mql", "MQLs"), ("sql", "SQLs"), ("accepted", "accepted")):
                e = metrics[key]
                wape = "n/a" if e["wape"] is None else f"{100 * e['wape']:.1f}%"
                mape = "n/a" if e["mape"] is None else f"{100 * e['mape']:.1f}%"
                floor = "" if e.get("noise_floor") is None else f", floor {100 * e['noise_floor']:.1f}%"
                parts.append(f"{label} WAPE {wape} (MAPE {mape}{floor}), {100 * (e['coverage'] or 0):.0f}% in band")
            lines.append(f"{horizon} weeks ahead: " + "; ".join(parts))
        lines.append("floor: the WAPE of a forecaster who knew each week's true mean (Poisson noise alone).")
        flagged = sorted({f for cut in result.cuts for f in cut["flags"]})
        lines.extend(f"⚠ {f}" for f in flagged[:3])
        return "\n".join(lines)

    @staticmethod
    def figures_text(result) -> str:
        parts = []
        for key, label in (("mql", "MQLs"), ("sql", "SQL handoffs"), ("accepted", "accepted by sales")):
            err = result.errors[key]
            mape = "n/a" if err["mape"] is None else f"{100 * err['mape']:.1f}%"
            wape = "n/a" if (w := err.get("wape")) is None else f"{100 * w:.1f}%"
            parts.append(f"{label}: WAPE {wape} (MAPE {mape}), actual inside the 95% interval in {err['inside']} of "
                         f"{err['weeks']} weeks")
        for key, label in (("acceptance", "Acceptance"), ("sla_breach", "SLA breaches")):
            r = result.rates[key]
            if r["actual"] is None or r["predicted"] is None:
                parts.append(f"{label}: not enough data")
            else:
                parts.append(f"{label}: actual {100 * r['actual']:.1f}%, predicted {100 * r['predicted']:.1f}% "
                             f"({100 * r['low']:.1f}–{100 * r['high']:.1f}%)")
        parts.append("In-sample: a scenario calibrated from this history has seen these weeks. Tick Rolling origin "
                     "to see how far to trust its forecasts.")
        return "\n".join(parts)


class BacktestDialog(QDialog):
    """Choose scenario, history and hold-out, run the backtest off the GUI thread, show the view."""

    def __init__(self, model: DocumentModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Backtest a scenario against history")
        self.setObjectName("backtest_dialog")
        self.model = model
        # The column mapping the calibration wizard used for its leads file (made or checked by hand); any other
        # file is mapped automatically.
        self.mapping, self.mapped_leads = None, ""
        self.scenario = QComboBox(self)
        self.scenario.setObjectName("backtest_scenario")
        self.scenario.addItems([s.name for s in model.document.scenarios])
        self.leads = QLineEdit(self)
        self.leads.setObjectName("backtest_leads")
        self.holdout = QSpinBox(self)
        self.holdout.setObjectName("backtest_holdout")
        self.holdout.setRange(0, 520)
        self.replications = QSpinBox(self)
        self.replications.setObjectName("backtest_replications")
        self.replications.setRange(2, 500)
        self.replications.setValue(20)
        self.rolling = QCheckBox("Rolling origin: calibrate before each cut, forecast 4, 8 and 12 weeks", self)
        self.rolling.setObjectName("backtest_rolling")
        self.cuts = QSpinBox(self)
        self.cuts.setObjectName("backtest_cuts")
        self.cuts.setRange(1, 26)
        self.cuts.setValue(4)
        self.run_button = QPushButton("Run backtest", self)
        self.run_button.setObjectName("backtest_run")
        self.run_button.clicked.connect(self.run)
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setObjectName("backtest_stop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.status = QLabel(self)
        self.status.setObjectName("backtest_status")
        self.status.setWordWrap(True)
        self.view = BacktestView(self)
        form = QFormLayout()
        form.addRow("Scenario", self.scenario)
        form.addRow("Leads CSV", file_row(self.leads, self, "Lead history"))
        form.addRow("Score the last N weeks (0: all)", self.holdout)
        form.addRow("Replications", self.replications)
        form.addRow(self.rolling)
        form.addRow("Cuts, 4 weeks apart (rolling)", self.cuts)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.runner = JobRunner(self)
        self.runner.succeeded.connect(self._show)
        self.runner.failed.connect(self._failed)
        self.runner.busyChanged.connect(self._busy)
        self.runner.reported.connect(self._progress)
        self.runner.cancelled.connect(lambda: self.status.setText("Stopped; nothing was scored."))
        self.resize(1000, 900)

    def run(self) -> None:
        from simulation.calibration.backtest import backtest

        if self.runner.is_busy():
            return
        document = self.model.document
        try:
            scenario = document.scenario(self.scenario.currentText())
        except KeyError as exc:
            self.status.setText(str(exc.args[0]))
            return
        leads, holdout, reps = self.leads.text().strip(), self.holdout.value(), self.replications.value()
        mapping = self.mapping if leads == self.mapped_leads else None
        if self.rolling.isChecked():
            from simulation.calibration.rolling import rolling_backtest

            cuts, base = self.cuts.value(), scenario.name
            self.status.setText("Calibrating at every cut and forecasting…")
            self.runner.start("rolling", lambda progress, cancel: rolling_backtest(
                document, leads, mapping=mapping, base=base, cuts=cuts, replications=reps, progress=progress,
                cancel=cancel))
            return
        self.status.setText("Simulating the history…")
        self.runner.start("backtest", lambda _progress, cancel: backtest(
            document, scenario, leads, mapping=mapping, holdout_weeks=holdout, replications=reps, cancel=cancel))

    def stop(self) -> None:
        """Stop the running backtest: it ends within one trial simulation, well under a second."""
        self.runner.cancel()
        self.status.setText("Stopping…")

    def _progress(self, values: tuple) -> None:
        if values and isinstance(values[0], str):
            self.status.setText(_upper_first(values[0]) + "…")

    def start_rolling(self, leads: str, scenario: str, mapping=None) -> None:
        """Filled in and started from the calibration wizard: the rolling-origin backtest of ``leads`` with
        ``scenario`` for the settings the history does not give and the wizard's column ``mapping``."""
        self.leads.setText(leads)
        self.scenario.setCurrentText(scenario)
        self.mapping, self.mapped_leads = mapping, leads
        self.rolling.setChecked(True)
        self.run()

    def _show(self, kind: str, result) -> None:
        if kind == "rolling":
            self.status.setText(f"{len(result.cuts)} cuts, {result.replications} replications each.")
            self.view.show_rolling(result)
            return
        self.status.setText(f"{result.weeks} weeks from {result.start}, {result.replications} replications.")
        self.view.show_result(result)

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)

    def _failed(self, message: str) -> None:
        self.status.setText(f"Backtest failed: {message}")

    def done(self, result: int) -> None:
        self.runner.discard(10.0)  # closed: the result would land in a dialog nobody sees; it stops within a second
        super().done(result)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def show_deleting_on_close(dialog: ShownT) -> ShownT:
    """Shows a modeless dialog that Qt deletes once it is closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def open_backtest_dialog(window: QWidget | None, model: DocumentModel) -> BacktestDialog:
    return show_deleting_on_close(BacktestDialog(model, window))

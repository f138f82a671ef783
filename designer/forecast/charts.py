"""pyqtgraph charts of one result: weekly handoffs with a band, funnel, time to SQL, queue, breaches, reps."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from simulation.report_charts import PALETTE
from simulation.result import Estimate, SimulationResult

from ..chart_style import chart_colours, themed

# The funnel read from MQL to accepted, each bar the engine's total of that figure.
FUNNEL = (("arrived", "Arrived"), ("mqls", "MQL"), ("sql_leads", "SQL"), ("sql_handoffs", "Handed off"),
          ("accepted", "Accepted"))
QUANTILES = ("p10", "p25", "p50", "p75", "p90")


def _num(value: float | None) -> float:
    return float("nan") if value is None else float(value)


class Chart(pg.PlotWidget):
    """A plot with the house look: the theme's background, light grid, titled axes, a legend when asked."""

    def __init__(self, title: str, x_label: str, y_label: str, parent=None):
        super().__init__(parent=parent)
        self.setObjectName(title.lower().replace(" ", "_"))
        self.setMinimumHeight(110)
        item = self.getPlotItem()
        item.setTitle(title, color="#1d2329", size="10pt")
        item.showGrid(x=False, y=True, alpha=0.25)
        item.setMenuEnabled(False)
        for side, text in (("bottom", x_label), ("left", y_label)):
            axis = item.getAxis(side)
            axis.setLabel(text, color="#5f6b73")
            axis.setPen(pg.mkPen("#99a3ab"))
            axis.setTextPen(pg.mkPen("#5f6b73"))
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        themed(self)

    def reset(self) -> None:
        item = self.getPlotItem()
        item.clear()
        if item.legend is not None:
            item.legend.clear()


class WeeklyChart(Chart):
    """Weekly SQL handoffs: a line per scenario with the 95% interval of its weekly mean (darker band) and the
    expected range for one week, the 95% prediction interval (lighter band)."""

    def __init__(self, parent=None):
        super().__init__("Weekly SQL handoffs: mean, 95% CI of the mean, expected range for one week", "week",
                         "handoffs", parent)
        self.getPlotItem().addLegend(offset=(-10, 10))
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.bands: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self.ranges: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}

    def show_results(self, results: list[SimulationResult]) -> None:
        self.reset()
        self.curves, self.bands, self.ranges = {}, {}, {}
        for i, result in enumerate(results):
            colour = QColor(PALETTE[i % len(PALETTE)])
            weeks = np.arange(1, len(result.weekly("sql_handoffs")) + 1, dtype=float)
            if len(results) == 1:  # one scenario: its range for one week too (several would hide each other)
                p_low = pg.PlotDataItem(weeks, result.weekly("sql_handoffs", "pred_low"), pen=pg.mkPen(None))
                p_high = pg.PlotDataItem(weeks, result.weekly("sql_handoffs", "pred_high"), pen=pg.mkPen(None))
                range_colour = QColor(colour)
                range_colour.setAlpha(20)
                self.addItem(pg.FillBetweenItem(p_low, p_high, brush=pg.mkBrush(range_colour)))
                self.ranges[result.scenario] = (p_low, p_high)
            low = pg.PlotDataItem(weeks, result.weekly("sql_handoffs", "low"), pen=pg.mkPen(None))
            high = pg.PlotDataItem(weeks, result.weekly("sql_handoffs", "high"), pen=pg.mkPen(None))
            band_colour = QColor(colour)
            band_colour.setAlpha(45)
            self.addItem(pg.FillBetweenItem(low, high, brush=pg.mkBrush(band_colour)))
            style = Qt.SolidLine if i == 0 else Qt.DashLine
            curve = self.plot(weeks, result.weekly("sql_handoffs"), name=result.scenario,
                              pen=pg.mkPen(colour, width=2, style=style))
            self.curves[result.scenario] = curve
            self.bands[result.scenario] = (low, high)
        floor_at_zero(self, [r.weekly("sql_handoffs", "pred_high" if self.ranges else "high") for r in results])


class BarChart(Chart):
    """Bars with 95% whiskers; ``values`` and ``intervals`` keep exactly what was drawn."""

    def __init__(self, title: str, x_label: str, y_label: str, horizontal: bool = False, parent=None):
        super().__init__(title, x_label, y_label, parent)
        self.horizontal = horizontal
        self.labels: list[str] = []
        self.values: list[float] = []
        self.bars: pg.BarGraphItem | None = None
        self.whiskers: pg.ErrorBarItem | None = None
        self._shown: tuple | None = None

    def theme_changed(self) -> None:
        """Value labels and whiskers are drawn in the theme's ink: draw them again."""
        if self._shown is not None:
            self.show_bars(*self._shown)

    def show_bars(self, labels: list[str], estimates: list[Estimate], colour: str = PALETTE[0],
                  scale: float = 1.0) -> None:
        self.reset()
        self._shown = (labels, estimates, colour, scale)
        ink = chart_colours().ink
        self.labels = list(labels)
        self.values = [_num(e.mean) * scale for e in estimates]
        lows = np.array([_num(e.low) * scale for e in estimates])
        highs = np.array([_num(e.high) * scale for e in estimates])
        values = np.array(self.values)
        where = np.arange(len(values), dtype=float)
        brush = pg.mkBrush(QColor(colour))
        shown = np.nan_to_num(values)
        if self.horizontal:
            where = where[::-1]  # first label on top
            self.bars = pg.BarGraphItem(x0=0, y=where, width=shown, height=0.6, brush=brush, pen=pg.mkPen(None))
        else:
            self.bars = pg.BarGraphItem(x=where, height=shown, width=0.6, brush=brush, pen=pg.mkPen(None))
        self.addItem(self.bars)
        ok = ~np.isnan(lows) & ~np.isnan(highs)
        if ok.any():
            top, bottom = np.where(ok, highs - values, 0), np.where(ok, values - lows, 0)
            kind = ({"x": values, "y": where, "left": bottom, "right": top} if self.horizontal
                    else {"x": where, "y": values, "top": top, "bottom": bottom})
            self.whiskers = pg.ErrorBarItem(beam=0.2, pen=pg.mkPen(ink, width=1.2), **kind)
            self.addItem(self.whiskers)
        ticks = [[(float(w), label) for w, label in zip(where, self.labels, strict=True)]]
        axis = self.getPlotItem().getAxis("left" if self.horizontal else "bottom")
        axis.setTicks(ticks)
        for k, (w, v) in enumerate(zip(where, self.values, strict=True)):
            if np.isnan(v):
                continue
            at = max(v, highs[k]) if not np.isnan(highs[k]) else v
            text = pg.TextItem(self._format(v, scale), color=ink,
                               anchor=(0, 0.5) if self.horizontal else (0.5, 1))
            font = QFont()
            font.setPointSizeF(8)
            text.setFont(font)
            text.setPos(at, w) if self.horizontal else text.setPos(w, at)
            text.setObjectName(f"value_{k}")
            self.addItem(text)
        span = max([h for h in highs if not np.isnan(h)] + [v for v in self.values if not np.isnan(v)] + [1.0])
        if scale == 100.0:
            span = max(span, 100.0) / 1.15  # a share of capacity reads against the whole 0-100%
        if self.horizontal:
            self.setXRange(0, span * 1.25, padding=0)
            self.setYRange(-0.6, len(values) - 0.4, padding=0)
        else:
            self.setYRange(0, span * 1.15, padding=0)
            self.setXRange(-0.6, len(values) - 0.4, padding=0)

    @staticmethod
    def _format(value: float, scale: float) -> str:
        if scale == 100.0:
            return f"{value:.1f}%"
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


class SeriesChart(Chart):
    """A daily or weekly series with an optional band (queue length, breaches, first touches)."""

    def __init__(self, title: str, x_label: str, y_label: str, colour: str, parent=None):
        super().__init__(title, x_label, y_label, parent)
        self.colour = colour
        self.curve: pg.PlotDataItem | None = None
        self.band: tuple[pg.PlotDataItem, pg.PlotDataItem] | None = None

    def show_series(self, values: list[float], low: list[float] | None = None,
                    high: list[float] | None = None) -> None:
        self.reset()
        x = np.arange(1, len(values) + 1, dtype=float)
        if low is not None and high is not None:
            lo = pg.PlotDataItem(x, [_num(v) for v in low], pen=pg.mkPen(None))
            hi = pg.PlotDataItem(x, [_num(v) for v in high], pen=pg.mkPen(None))
            fill = QColor(self.colour)
            fill.setAlpha(45)
            self.addItem(pg.FillBetweenItem(lo, hi, brush=pg.mkBrush(fill)))
            self.band = (lo, hi)
        self.curve = self.plot(x, [_num(v) for v in values], pen=pg.mkPen(QColor(self.colour), width=2))
        floor_at_zero(self, [values, high or []])


def floor_at_zero(chart: Chart, series: list[list]) -> None:
    """Counts cannot go below zero: show the axis from 0 even where a 95% band's lower bound dips under it."""
    peak = max([_num(v) for s in series for v in s if v is not None and not np.isnan(_num(v))] + [1.0])
    chart.setYRange(0, peak * 1.08, padding=0)


def funnel_estimates(result: SimulationResult) -> tuple[list[str], list[Estimate]]:
    return [label for _, label in FUNNEL], [result.totals[key] for key, _ in FUNNEL]


def quantile_estimates(result: SimulationResult) -> tuple[list[str], list[Estimate]]:
    return list(QUANTILES), [result.time_to_sql[q] for q in QUANTILES]

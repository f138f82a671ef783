"""The sweep's pictures: a heatmap of any figure over two axes, and the Pareto chart."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sequences.sweep import PERCENT_METRICS, SWEEP_METRICS, SWEEP_PARAMETERS
from simulation.sweeps.result import SweepResult

from ..chart_style import chart_colours, themed
from .results_table import show


def heatmap_grid(result: SweepResult, metric: str, x: str, y: str) -> tuple[list[float], list[float], np.ndarray]:
    """Values of ``metric`` on the (x, y) grid; where other axes vary, the best value per cell."""
    xs = sorted({p.settings[x] for p in result.points})
    ys = sorted({p.settings[y] for p in result.points})
    grid = np.full((len(xs), len(ys)), np.nan)
    better = max if result.direction == "maximise" or metric != result.objective else min
    for point in result.points:
        i, j = xs.index(point.settings[x]), ys.index(point.settings[y])
        value = point.figure(metric)
        if not math.isnan(value):
            grid[i, j] = value if math.isnan(grid[i, j]) else better(grid[i, j], value)
    return xs, ys, grid


class HeatmapView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: SweepResult | None = None
        self.metric, self.x_axis, self.y_axis = QComboBox(), QComboBox(), QComboBox()
        for key, label in SWEEP_METRICS.items():
            self.metric.addItem(label, key)
        controls = QHBoxLayout()
        for words, combo in (("Figure", self.metric), ("across", self.x_axis), ("and", self.y_axis)):
            controls.addWidget(QLabel(words))
            controls.addWidget(combo)
            combo.currentIndexChanged.connect(self.redraw)
        controls.addStretch(1)
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.marker = pg.ScatterPlotItem(size=18, symbol="star", brush=pg.mkBrush("#ffffff"),
                                         pen=pg.mkPen("#111111", width=1.5))
        self.plot.addItem(self.marker)
        self.bar = pg.ColorBarItem(colorMap=pg.colormap.get("viridis"), interactive=False, width=14)
        self.grid: np.ndarray | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.plot)
        themed(self.plot)

    def show_result(self, result: SweepResult) -> None:
        self.result = result
        names = list(result.points[0].settings) if result.points else []
        for combo, default in ((self.x_axis, 0), (self.y_axis, 1)):
            combo.blockSignals(True)
            combo.clear()
            for name in names:
                combo.addItem(SWEEP_PARAMETERS[name], name)
            combo.setCurrentIndex(min(default, max(0, len(names) - 1)))
            combo.blockSignals(False)
        self.metric.setCurrentIndex(self.metric.findData(result.objective))
        self.redraw()

    def redraw(self) -> None:
        result = self.result
        if result is None or not result.points or self.x_axis.currentData() is None:
            return
        metric, x, y = self.metric.currentData(), self.x_axis.currentData(), self.y_axis.currentData()
        xs, ys, grid = heatmap_grid(result, metric, x, y)
        self.grid = grid
        finite = grid[np.isfinite(grid)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if high == low:
            high = low + 1.0
        self.image.setImage(np.nan_to_num(grid, nan=low), levels=(low, high))
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.image.setRect(0, 0, len(xs), len(ys))
        self.bar.setLevels((low, high))
        self.bar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        bottom, left = self.plot.getAxis("bottom"), self.plot.getAxis("left")
        bottom.setTicks([[(i + 0.5, f"{v:g}") for i, v in enumerate(xs)]])
        left.setTicks([[(j + 0.5, f"{v:g}") for j, v in enumerate(ys)]])
        self.plot.setLabel("bottom", SWEEP_PARAMETERS[x])
        self.plot.setLabel("left", SWEEP_PARAMETERS[y])
        note = f" — {result.cohort_note}" if result.cohort_note and metric not in PERCENT_METRICS else ""
        self.plot.setTitle(f"{SWEEP_METRICS[metric]} (★ recommended){note}", color=chart_colours().title)
        best = next((p for p in result.points if p.index == result.recommended), None)
        if best is not None and x != y:
            self.marker.setData([xs.index(best.settings[x]) + 0.5], [ys.index(best.settings[y]) + 0.5])
        else:
            self.marker.setData([], [])


# Every colour on the front chart, with the words its legend gives it.
CATEGORIES = (
    ("front", "On the Pareto front (meets every limit)", "#1c7ed6"),
    ("feasible", "Meets every limit", "#f08c00"),
    ("infeasible", "Breaks a limit (shown, not hidden)", "#adb5bd"),
)
DEFAULT_PROJECTION = ("sla_breach_rate", "accepted_per_month")


def projection(result: SweepResult, x: str, y: str) -> dict[str, list[tuple[int, float, float]]]:
    """The points by category on the (x, y) projection: (index, x, y); points without both figures are left out."""
    groups: dict[str, list[tuple[int, float, float]]] = {key: [] for key, _, _ in CATEGORIES}
    for p in result.points:
        fx, fy = p.figure(x), p.figure(y)
        if math.isnan(fx) or math.isnan(fy):
            continue
        key = "infeasible" if not p.feasible else "front" if p.index in result.pareto else "feasible"
        groups[key].append((p.index, fx, fy))
    return groups


def _scale(metric: str) -> float:
    return 100.0 if metric in PERCENT_METRICS else 1.0


def _axis_label(metric: str) -> str:
    return SWEEP_METRICS[metric] + (" (%)" if metric in PERCENT_METRICS else "")


class ParetoView(QWidget):
    """The front as 2-D projections: any figure against any other, a legend for every colour, the
    recommendation starred. Three objectives do not make a line, so the front is marked, not joined."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: SweepResult | None = None
        self.x_metric, self.y_metric = QComboBox(), QComboBox()
        for combo in (self.x_metric, self.y_metric):
            for key, label in SWEEP_METRICS.items():
                combo.addItem(label, key)
        self.x_metric.setCurrentIndex(self.x_metric.findData(DEFAULT_PROJECTION[0]))
        self.y_metric.setCurrentIndex(self.y_metric.findData(DEFAULT_PROJECTION[1]))
        controls = QHBoxLayout()
        for words, combo in (("Show", self.y_metric), ("against", self.x_metric)):
            controls.addWidget(QLabel(words))
            controls.addWidget(combo)
            combo.currentIndexChanged.connect(self.redraw)
        controls.addStretch(1)
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        # The legend sits below the axes, in the plot's own layout, so it never hides a point.
        plot_item = self.plot.getPlotItem()
        self.legend = pg.LegendItem(colCount=2)
        plot_item.layout.addItem(self.legend, 4, 1)
        plot_item.legend = self.legend
        self.items = {}
        for key, label, colour in CATEGORIES:
            item = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(colour), pen=pg.mkPen("#343a40", width=0.6),
                                      symbol="x" if key == "infeasible" else "o")
            self.plot.addItem(item)
            self.legend.addItem(item, label)
            self.items[key] = item
        self.best = pg.ScatterPlotItem(size=22, symbol="star", brush=pg.mkBrush("#ffd43b"), pen=pg.mkPen("#111111"))
        self.plot.addItem(self.best)
        self.legend.addItem(self.best, "Recommended")
        self.plot.setTitle("Pareto front: more accepted SQLs, fewer breaches, lighter rep load")
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.plot)
        themed(self.plot)

    def legend_labels(self) -> list[str]:
        return [label.text for _sample, label in self.legend.items]

    def axis_labels(self) -> tuple[str, str]:
        return self.plot.getAxis("bottom").labelText, self.plot.getAxis("left").labelText

    def show_result(self, result: SweepResult) -> None:
        self.result = result
        self.redraw()

    def redraw(self) -> None:
        result = self.result
        if result is None:
            return
        x, y = self.x_metric.currentData(), self.y_metric.currentData()
        sx, sy = _scale(x), _scale(y)
        groups = projection(result, x, y)
        for key, item in self.items.items():
            item.setData([sx * fx for _, fx, _ in groups[key]], [sy * fy for _, _, fy in groups[key]],
                          data=[i for i, _, _ in groups[key]])
        best = [(fx, fy) for g in groups.values() for i, fx, fy in g if i == result.recommended]
        self.best.setData([sx * b[0] for b in best], [sy * b[1] for b in best])
        note = f" — {result.cohort_note}" if result.cohort_note else ""
        self.plot.setLabel("bottom", _axis_label(x))
        self.plot.setLabel("left", _axis_label(y) + ("*" if note and y not in PERCENT_METRICS else ""))
        self.plot.setTitle(f"{SWEEP_METRICS[y]} against {SWEEP_METRICS[x]} (★ recommended){note}",
                           color=chart_colours().title)
        if best:
            self.best.setToolTip(f"recommended: {show(y, best[0][1])} {SWEEP_METRICS[y].lower()}")

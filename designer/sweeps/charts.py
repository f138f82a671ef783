"""The sweep's pictures: a heatmap of any figure over two axes, and the Pareto chart."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sequences.sweep import SWEEP_METRICS, SWEEP_PARAMETERS
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
        self.plot.setTitle(f"{SWEEP_METRICS[metric]} (★ recommended)", color=chart_colours().title)
        best = next((p for p in result.points if p.index == result.recommended), None)
        if best is not None and x != y:
            self.marker.setData([xs.index(best.settings[x]) + 0.5], [ys.index(best.settings[y]) + 0.5])
        else:
            self.marker.setData([], [])


class ParetoView(pg.PlotWidget):
    """Accepted SQLs against SLA breaches; colour is rep load, the front is joined and ringed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMenuEnabled(False)
        self.setLabel("bottom", "SLA breach rate (%)")
        self.setLabel("left", "Accepted SQLs per month")
        self.setTitle("Pareto front: more accepted SQLs, fewer breaches, lighter rep load")
        self.points = pg.ScatterPlotItem(size=9)
        self.front = pg.PlotDataItem(pen=pg.mkPen("#d9480f", width=2), symbol="o", symbolSize=13,
                                     symbolBrush=None, symbolPen=pg.mkPen("#d9480f", width=2))
        self.best = pg.ScatterPlotItem(size=22, symbol="star", brush=pg.mkBrush("#ffd43b"), pen=pg.mkPen("#111111"))
        for item in (self.points, self.front, self.best):
            self.addItem(item)
        self.data: list[tuple[int, float, float, float]] = []
        themed(self)

    def show_result(self, result: SweepResult) -> None:
        cmap = pg.colormap.get("viridis")
        self.data = [(p.index, 100 * p.figure("sla_breach_rate"), p.figure("accepted_per_month"),
                      p.figure("rep_utilisation")) for p in result.points]
        self.data = [d for d in self.data if not any(math.isnan(v) for v in d[1:])]
        spots = [{"pos": (b, a), "brush": pg.mkBrush(cmap.map(min(max(u, 0.0), 1.0), mode="qcolor")),
                  "pen": pg.mkPen("#333333" if i in result.pareto else None), "data": i}
                 for i, b, a, u in self.data]
        self.points.setData(spots=spots)
        self.points.setToolTip("colour: rep utilisation (dark = light load, yellow = full)")
        front = sorted((d for d in self.data if d[0] in result.pareto), key=lambda d: d[1])
        self.front.setData([d[1] for d in front], [d[2] for d in front])
        best = [d for d in self.data if d[0] == result.recommended]
        self.best.setData([d[1] for d in best], [d[2] for d in best])
        if best:
            self.best.setToolTip(f"recommended: {show('accepted_per_month', best[0][2])} accepted/month")

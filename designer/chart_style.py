"""pyqtgraph charts in the colours of the current theme (light or dark), restyled when the theme changes."""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class ChartColours:
    background: str
    title: str
    axis: str
    text: str  # tick labels, axis titles
    ink: str  # value labels and whiskers drawn on the data


LIGHT = ChartColours("#ffffff", "#1d2329", "#99a3ab", "#5f6b73", "#1d2329")
DARK = ChartColours("#1e2228", "#e6e9ee", "#5c6673", "#a0a9b5", "#e6e9ee")


def is_dark() -> bool:
    """True when the application palette is a dark one (the dark theme, or a dark system palette)."""
    app = QApplication.instance()
    return app is not None and app.palette().color(QPalette.Window).lightness() < 128


def chart_colours(dark: bool | None = None) -> ChartColours:
    return DARK if (is_dark() if dark is None else dark) else LIGHT


def style_plot(plot: pg.PlotWidget, dark: bool | None = None) -> None:
    """Background, title, axes and tick labels of ``plot`` in the theme's colours; keeps texts and sizes."""
    c = chart_colours(dark)
    plot.setBackground(c.background)
    item = plot.getPlotItem()
    if item.titleLabel.text:
        item.titleLabel.setText(item.titleLabel.text, color=c.title)
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.setPen(pg.mkPen(c.axis))
        axis.setTextPen(pg.mkPen(c.text))
        if axis.labelText:
            axis.setLabel(axis.labelText, units=axis.labelUnits or None, **{**axis.labelStyle, "color": c.text})
    legend = item.legend
    if legend is not None:
        # A legend over the lines stays readable: it sits on a near-opaque patch of the background.
        patch = QColor(c.background)
        patch.setAlpha(215)
        legend.setBrush(pg.mkBrush(patch))
        legend.setLabelTextColor(c.text)
        for _sample, label in legend.items:
            label.setText(label.text, color=c.text)


def restyle_charts(root: QObject, dark: bool | None = None) -> None:
    """The charts in ``root`` (a window with its docks and dialogs) follow a theme change."""
    for widget in root.findChildren(pg.PlotWidget):
        if widget.property("themed_chart"):
            style_plot(widget, dark)
            refresh = getattr(widget, "theme_changed", None)
            if callable(refresh):
                refresh()


def themed(plot: pg.PlotWidget) -> pg.PlotWidget:
    """Styles ``plot`` now and whenever the theme changes."""
    plot.setProperty("themed_chart", True)
    style_plot(plot)
    return plot

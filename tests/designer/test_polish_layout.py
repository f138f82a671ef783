"""The window's first arrangement gives the canvas the room, and charts follow the dark theme."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QScrollArea, QTabBar

from designer.app import screenshot
from designer.chart_style import DARK, LIGHT
from designer.main_window import MainWindow
from sequences import read_document

from .files_fixtures import EXAMPLE


def _shown(qtbot, width: int = 1440, height: int = 900) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.model.set_document(read_document(EXAMPLE)[0])
    window.resize(width, height)
    with qtbot.waitExposed(window):
        window.show()
    return window


def _close(window: MainWindow) -> None:
    window.model.undo_stack.setClean()
    window.close()


def test_the_canvas_gets_most_of_the_height_and_the_sequence_is_readable(qtbot):
    window = _shown(qtbot)
    qtbot.waitUntil(lambda: window.view.height() > 0.65 * window.height())
    findings = window.docks["findings"]
    assert findings.isVisible() and findings.height() < 200
    assert window.view.zoom() >= 0.75  # the cards' text can be read on open
    _close(window)


def test_tall_panels_under_the_canvas_scroll_and_grow_when_brought_to_the_front(qtbot):
    window = _shown(qtbot)
    forecast = window.docks["forecast"]
    assert isinstance(forecast.widget(), QScrollArea)
    assert forecast.widget().widget() is window.forecast_controller.panel
    before = window.docks["findings"].height()
    forecast.raise_()
    qtbot.waitUntil(lambda: forecast.isVisible() and forecast.height() > before)
    _close(window)


def test_charts_follow_the_theme(qtbot):
    window = _shown(qtbot)
    chart = window.forecast_controller.panel.weekly
    window.set_theme("dark")
    assert chart.backgroundBrush().color() == QColor(DARK.background)
    window.set_theme("light")
    assert chart.backgroundBrush().color() == QColor(LIGHT.background)
    # Every chart in the window, the Scenarios panel's included, is on the theme's background (the preview
    # sparkline is see-through, on its panel's).
    charts = [c for c in window.findChildren(pg.PlotWidget) if c.objectName() != "preview_sparkline"]
    assert any(c.objectName() == "response_curve_chart" for c in charts)
    assert {c.objectName(): c.backgroundBrush().color().name() for c in charts} == {
        c.objectName(): QColor(LIGHT.background).name() for c in charts}
    _close(window)


def test_the_screenshot_shows_no_stray_tab_bar(qtbot, tmp_path):
    """Qt deletes a stray tab bar once the event loop runs; ``--screenshot`` grabs the window before that."""
    window = MainWindow()
    qtbot.addWidget(window)
    assert screenshot(window, tmp_path / "window.png", "1440x900")
    bars = [bar for bar in window.findChildren(QTabBar) if bar.parent() is window and bar.isVisible()]
    tabs = sorted(tuple(bar.tabText(i) for i in range(bar.count())) for bar in bars)
    assert tabs == [("Findings", "Forecast", "Test a Lead"), ("History", "Inspector", "Scenarios")]
    _close(window)


def test_on_a_1280_by_800_screen_the_canvas_gets_most_of_the_width(qtbot):
    window = _shown(qtbot, 1280, 800)
    palette, scenarios = window.docks["palette"], window.docks["scenarios"]
    qtbot.waitUntil(lambda: window.view.viewport().width() > 0.6 * window.width())
    assert window.palette.compact and not palette.widget().items["entry"].hint.isVisible()
    assert window.view.zoom() >= 0.75  # the entries and first steps can be read
    canvas = window.view.viewport().width()
    # Scenarios is wider than the right area: in front it gets its width, behind the canvas gets it back.
    scenarios.raise_()
    scroll = scenarios.widget()
    qtbot.waitUntil(lambda: scenarios.isVisible() and not scroll.horizontalScrollBar().isVisible()
                    and scroll.widget().width() >= scroll.widget().minimumSizeHint().width())
    assert window.view.viewport().width() < canvas
    window.docks["inspector"].raise_()
    qtbot.waitUntil(lambda: window.view.viewport().width() >= canvas - 2)
    # A large window: the palette's hints come back and the canvas still has most of the width.
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: not window.palette.compact and window.view.viewport().width() > 0.6 * 1600)
    assert palette.widget().items["entry"].hint.isVisible()
    _close(window)

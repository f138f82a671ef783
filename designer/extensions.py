"""The panels and menus the product's feature packages add to the main window, in the order they are installed."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QTabBar

from .action_table import DOCKS_BY_ID, FRONT_DOCKS
from .calibration_wizard import install_calibration
from .forecast import install_forecast
from .lead_test import install_lead_test
from .scenarios import install_scenarios
from .sweeps import install_sweeps

if TYPE_CHECKING:
    from .main_window import MainWindow

INSTALLERS = (install_scenarios, install_forecast, install_lead_test, install_sweeps, install_calibration)
# The window's first arrangement (no saved state): side docks' widths, the bottom area's height.
SIDE_WIDTHS = (200, 360)
BOTTOM_HEIGHT = 150
GROWN_HEIGHT = 340  # a panel with charts or a table brought to the front under the canvas
# Below this window width the palette shows names only and the right area is narrower (a 1280 px laptop
# gave the canvas 44% of the window); a right panel wider than that area scrolls, and while it is in front
# it gets the width it needs, up to WIDEST of the window.
COMPACT_BELOW = 1440
NARROW_RIGHT = 336  # the inspector's four document tabs fit without scroll arrows
WIDEST = 0.4


def _arrange(window: MainWindow) -> None:
    """Feature panels are tabs behind the window's own (add_dock put them there, as DOCKS says), so they
    never squeeze the canvas; a tall one under the canvas scrolls and grows when brought to the front."""
    for key, dock in window.docks.items():
        spec = DOCKS_BY_ID[key]
        if spec.beside and spec.area == "bottom" and not dock.isFloating() and _scrollable(dock):
            dock.visibilityChanged.connect(lambda shown, d=dock: shown and _grow(window, d))
        elif spec.beside and spec.area == "right" and _wider_than_its_area(dock) and _scrollable(dock):
            dock.visibilityChanged.connect(lambda shown, d=dock: _widen(window, d, shown))
    for key in FRONT_DOCKS:
        window.docks[key].raise_()
    _hide_stray_tab_bars(window)
    default_sizes(window)


def _hide_stray_tab_bars(window: MainWindow) -> None:
    """Tabifying docks in a second area leaves a stale copy of its tab bar on the window until the event loop
    deletes it: ``--screenshot`` caught it under the palette. Hidden here, the bars in use show at the next
    layout."""
    for bar in window.findChildren(QTabBar):
        if bar.parent() is window:
            bar.hide()
    window.layout().invalidate()


def default_sizes(window: MainWindow) -> None:
    """Narrow side docks and a short bottom area, so the canvas gets most of the window; on a small window a
    names-only palette and a narrower right area."""
    small = window.width() < COMPACT_BELOW
    window.palette.set_compact(small)
    left = window.palette.minimumWidth() if small else SIDE_WIDTHS[0]
    right = NARROW_RIGHT if small else SIDE_WIDTHS[1]
    window.resizeDocks([window.docks["palette"], window.docks["inspector"]], [left, right], Qt.Horizontal)
    window.resizeDocks([window.docks["findings"]], [BOTTOM_HEIGHT], Qt.Vertical)


def fit_palette(window: MainWindow) -> None:
    """The window was resized across COMPACT_BELOW: the palette follows, and its dock narrows with it."""
    if window.palette.set_compact(window.width() < COMPACT_BELOW) and window.palette.compact:
        window.resizeDocks([window.docks["palette"]], [window.palette.minimumWidth()], Qt.Horizontal)


def _wider_than_its_area(dock) -> bool:
    panel = dock.widget()
    return panel is not None and panel.minimumSizeHint().width() > NARROW_RIGHT


def _widen(window: MainWindow, dock, shown: bool) -> None:
    """A wide right panel (Scenarios) in front gets its width, within WIDEST of the window; behind again,
    its area goes back to the width it had."""
    scroll = dock.widget()
    if dock.isFloating() or not isinstance(scroll, QScrollArea) or scroll.widget() is None:
        return
    if shown:
        needed = scroll.widget().minimumSizeHint().width() + (dock.width() - scroll.viewport().width()) + 4
        width = min(needed, int(WIDEST * window.width()))
        if dock.width() < width:
            dock.setProperty("narrow_width", dock.width())
            window.resizeDocks([dock], [width], Qt.Horizontal)
    elif dock.property("narrow_width"):
        front = next((d for d in window.docks.values() if d is not dock and not d.isFloating()
                      and window.dockWidgetArea(d) == window.dockWidgetArea(dock) and d.isVisible()
                      and not d.visibleRegion().isEmpty()), None)
        if front is not None:
            window.resizeDocks([front], [int(dock.property("narrow_width"))], Qt.Horizontal)
        dock.setProperty("narrow_width", None)


def _scrollable(dock) -> bool:
    """A tall panel under the canvas scrolls instead of holding the whole bottom area (and Findings) tall;
    True if ``dock`` was wrapped now."""
    panel = dock.widget()
    if panel is None or isinstance(panel, QScrollArea):
        return False
    scroll = QScrollArea()
    scroll.setObjectName(f"{dock.objectName()}_scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.NoFrame)
    scroll.setWidget(panel)
    dock.setWidget(scroll)
    return True


def _grow(window: MainWindow, dock) -> None:
    """A panel brought to the front below the canvas gets the height it needs to show without scrolling."""
    scroll = dock.widget()
    if dock.isFloating() or not isinstance(scroll, QScrollArea) or scroll.widget() is None:
        return
    needed = scroll.widget().minimumSizeHint().height() + (dock.height() - scroll.height())
    if dock.height() < needed:
        # Its minimum would squash the charts and tables: give it a comfortable height instead.
        window.resizeDocks([dock], [max(needed + 40, GROWN_HEIGHT)], Qt.Vertical)


def install_extensions(window: MainWindow) -> list[str]:
    """Installs each feature; one that fails is reported and skipped, the designer still opens."""
    problems = []
    for install in INSTALLERS:
        try:
            install(window)
        except Exception as exc:  # a broken panel must not keep the designer from opening
            problems.append(f"{install.__name__}: {exc}")
            print(f"warning: {install.__name__} could not add its part to the window: {exc}", file=sys.stderr)
    _arrange(window)
    if problems:
        window.statusBar().showMessage("Some panels could not be loaded: " + "; ".join(problems), 15000)
    return problems

"""Panels and menus other parts of the product add to the main window, when their modules are present."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main_window import MainWindow

# (module, function, menu it needs) in the order they are installed.
EXTENSIONS = (
    ("designer.scenarios", "install_scenarios", "forecast"),
    ("designer.forecast", "install_forecast", "forecast"),
    ("designer.lead_test", "install_lead_test", "forecast"),
    ("designer.sweeps", "install_sweeps", "forecast"),
    ("designer.calibration_wizard", "add_calibration_actions", "tools"),
)
CORE_DOCKS = ("palette", "inspector", "history", "findings")
MENU_TITLES = {"forecast": "F&orecast", "tools": "&Tools"}
# The window's first arrangement (no saved state): side docks' widths, the bottom area's height.
SIDE_WIDTHS = (200, 360)
BOTTOM_HEIGHT = 150
GROWN_HEIGHT = 340  # a panel with charts or a table brought to the front under the canvas


def present(module: str):
    """The module if it exists (it may be added by a later part of the product), else None."""
    try:
        if importlib.util.find_spec(module) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(module)


def available() -> list[tuple[str, str, str]]:
    return [(m, f, menu) for m, f, menu in EXTENSIONS if importlib.util.find_spec(m) is not None]


def _tabify(window: MainWindow) -> None:
    """Extension docks become tabs behind the window's own (bottom: Findings, sides: Inspector), so they
    never squeeze the canvas; each comes to the front when its menu action shows it."""
    from PySide6.QtCore import Qt

    anchors = {Qt.BottomDockWidgetArea: "findings", Qt.TopDockWidgetArea: "findings",
               Qt.RightDockWidgetArea: "inspector", Qt.LeftDockWidgetArea: "inspector"}
    for key, dock in list(window.docks.items()):
        if key in CORE_DOCKS or dock.isFloating():
            continue
        area = window.dockWidgetArea(dock)
        if area in (Qt.BottomDockWidgetArea, Qt.TopDockWidgetArea) and _scrollable(dock):
            dock.visibilityChanged.connect(lambda shown, d=dock: shown and _grow(window, d))
        anchor = window.docks[anchors[area]]
        if dock in window.tabifiedDockWidgets(anchor):
            continue  # tabifying twice leaves an orphaned, empty tab bar behind
        window.tabifyDockWidget(anchor, dock)
    for key in ("findings", "inspector"):
        window.docks[key].raise_()
    _hide_stray_tab_bars(window)
    default_sizes(window)


def _hide_stray_tab_bars(window: MainWindow) -> None:
    """Tabifying docks in a second area leaves a stale copy of its tab bar on the window until the event loop
    deletes it: ``--screenshot`` caught it under the palette. Hidden here, the bars in use show at the next
    layout."""
    from PySide6.QtWidgets import QTabBar

    for bar in window.findChildren(QTabBar):
        if bar.parent() is window:
            bar.hide()
    window.layout().invalidate()


def default_sizes(window: MainWindow) -> None:
    """Narrow side docks and a short bottom area, so the canvas gets most of the window."""
    from PySide6.QtCore import Qt

    window.resizeDocks([window.docks["palette"], window.docks["inspector"]], list(SIDE_WIDTHS), Qt.Horizontal)
    window.resizeDocks([window.docks["findings"]], [BOTTOM_HEIGHT], Qt.Vertical)


def _scrollable(dock) -> bool:
    """A tall panel under the canvas scrolls instead of holding the whole bottom area (and Findings) tall;
    True if ``dock`` was wrapped now."""
    from PySide6.QtWidgets import QFrame, QScrollArea

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
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollArea

    scroll = dock.widget()
    if dock.isFloating() or not isinstance(scroll, QScrollArea) or scroll.widget() is None:
        return
    needed = scroll.widget().minimumSizeHint().height() + (dock.height() - scroll.height())
    if dock.height() < needed:
        # Its minimum would squash the charts and tables: give it a comfortable height instead.
        window.resizeDocks([dock], [max(needed + 40, GROWN_HEIGHT)], Qt.Vertical)


def install_extensions(window: MainWindow) -> list[str]:
    """Installs each present extension; one that fails is reported and skipped, the designer still opens."""
    problems = []
    for module_name, function, menu in available():
        try:
            install = getattr(present(module_name), function)
            if menu == "tools":
                install(window.menus["tools"], window, window.model)
            else:
                install(window)
        except Exception as exc:  # a broken optional panel must not keep the designer from opening
            problems.append(f"{module_name}: {exc}")
            print(f"warning: {module_name} could not be added to the window: {exc}", file=sys.stderr)
    _tabify(window)
    if problems:
        window.statusBar().showMessage("Some panels could not be loaded: " + "; ".join(problems), 15000)
    return problems

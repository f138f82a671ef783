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
        anchor = window.docks[anchors[window.dockWidgetArea(dock)]]
        if dock in window.tabifiedDockWidgets(anchor):
            continue  # tabifying twice leaves an orphaned, empty tab bar behind
        window.tabifyDockWidget(anchor, dock)
    for key in ("findings", "inspector"):
        window.docks[key].raise_()
    window.resizeDocks([window.docks["palette"], window.docks["inspector"]], [200, 380], Qt.Horizontal)
    window.resizeDocks([window.docks["findings"]], [120], Qt.Vertical)


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

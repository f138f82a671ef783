"""The scenario panel in the main window: a dock and its place in the Forecast menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu

from .panel import ScenarioPanel


def forecast_menu(window) -> QMenu:
    """The window's Forecast menu: the one already registered or in the menu bar, else a new one."""
    menu = window.menus.get("forecast")
    if menu is None:
        for action in window.menuBar().actions():
            found = action.menu()
            if found is not None and found.title().replace("&", "") == "Forecast":
                menu = found
                break
        else:
            menu = window.menuBar().addMenu("F&orecast")
        window.menus["forecast"] = menu
    return menu


def add_dock(window, key: str, title: str, widget, area=Qt.RightDockWidgetArea) -> QDockWidget:
    """A dock like the window's own (movable, closable, floatable), listed in View > Panels when there is one."""
    dock = QDockWidget(title, window)
    dock.setObjectName(f"dock_{key}")
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetClosable
                     | QDockWidget.DockWidgetFloatable)
    window.addDockWidget(area, dock)
    window.docks[key] = dock
    view = window.menus.get("view")
    if view is not None:
        panels = next((a.menu() for a in view.actions() if a.menu() is not None
                       and a.menu().title().replace("&", "") == "Panels"), None)
        if panels is not None:
            panels.addAction(dock.toggleViewAction())
    return dock


def show_dock(dock: QDockWidget) -> None:
    dock.show()
    dock.raise_()


def install_scenarios(window) -> ScenarioPanel:
    """Adds the Scenarios dock (beside the inspector) and Forecast > Scenarios to a MainWindow, once."""
    if getattr(window, "scenario_panel", None) is not None:
        return window.scenario_panel
    panel = ScenarioPanel(window.model)
    dock = add_dock(window, "scenarios", "Scenarios", panel)
    inspector = window.docks.get("inspector")
    if inspector is not None:
        window.tabifyDockWidget(inspector, dock)
        inspector.raise_()
    action = QAction("Sc&enarios", window)
    action.setObjectName("action_scenarios")
    action.setShortcut("Ctrl+Shift+E")
    action.setStatusTip("Edit the scenarios: cohort, mix, behaviour, thresholds, sales team and SLA")
    action.triggered.connect(lambda: show_dock(dock))
    window.addAction(action)
    forecast_menu(window).addAction(action)
    window.actions_by_key["scenarios"] = action
    window.scenario_panel = panel
    return panel


__all__ = ["ScenarioPanel", "add_dock", "forecast_menu", "install_scenarios", "show_dock"]

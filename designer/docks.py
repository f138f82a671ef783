"""Docks and Forecast-menu actions the main window and its extensions add in the same way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu


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


def tabify_beside(window, dock: QDockWidget, key: str) -> None:
    """Makes ``dock`` a tab behind the window's ``key`` dock (if it has one), which stays in front."""
    anchor = window.docks.get(key)
    if anchor is not None:
        window.tabifyDockWidget(anchor, dock)
        anchor.raise_()


def add_forecast_action(window, key: str, text: str, shortcut: str, tip: str, slot) -> QAction:
    """A window-wide action in the Forecast menu, registered under ``key``."""
    action = QAction(text, window)
    action.setObjectName(f"action_{key}")
    action.setShortcut(shortcut)
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    forecast_menu(window).addAction(action)
    window.actions_by_key[key] = action
    return action

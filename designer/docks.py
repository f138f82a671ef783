"""The window's panels: each one is a row of designer.action_table.DOCKS, added here by its id."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from .action_table import DOCKS, DOCKS_BY_ID

AREAS = {"left": Qt.LeftDockWidgetArea, "right": Qt.RightDockWidgetArea, "bottom": Qt.BottomDockWidgetArea}


def add_dock(window: QMainWindow, dock_id: str, widget: QWidget) -> QDockWidget:
    """The panel ``dock_id`` holding ``widget``: docked where the table says, a tab of its ``beside`` panel,
    and listed in View ▸ Panels in table order."""
    spec = DOCKS_BY_ID[dock_id]
    dock = QDockWidget(spec.title, window)
    dock.setObjectName(f"dock_{dock_id}")
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetClosable
                     | QDockWidget.DockWidgetFloatable)
    window.addDockWidget(AREAS[spec.area], dock)
    window.docks[dock_id] = dock
    anchor = window.docks.get(spec.beside)
    if anchor is not None:
        window.tabifyDockWidget(anchor, dock)
        anchor.raise_()  # a new tab stays behind the one in use
    _list_panels(window)
    return dock


def _list_panels(window: QMainWindow) -> None:
    panels = window.menus.get("panels")
    if panels is None:
        return
    panels.clear()
    for spec in DOCKS:
        dock = window.docks.get(spec.id)
        if dock is not None:
            panels.addAction(dock.toggleViewAction())


def show_dock(dock: QDockWidget, _checked: bool = False) -> None:
    dock.show()
    dock.raise_()

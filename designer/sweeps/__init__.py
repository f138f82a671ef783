"""Threshold sweeps in the designer: the dialog and its place in the Forecast menu."""

from __future__ import annotations

from PySide6.QtGui import QAction

from ..docks import forecast_menu


def install_sweeps(window) -> QAction:
    from .dialog import SweepDialog

    def open_dialog() -> None:
        dialog = getattr(window, "sweep_dialog", None)
        if dialog is None:
            dialog = SweepDialog(window.model, window)
            window.sweep_dialog = dialog
        elif not dialog.is_running():
            dialog.refresh()
        dialog.show()
        dialog.raise_()

    action = QAction("S&weep Thresholds…", window)
    action.setStatusTip("Explore MQL/SQL thresholds, decay and team size, and get a recommended setting")
    action.triggered.connect(open_dialog)
    forecast_menu(window).addAction(action)
    window.sweep_action = action
    return action

"""Threshold sweeps in the designer: the dialog and its place in the Forecast menu."""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QAction

from ..actions import bind


def _open_dialog(window, _checked: bool = False) -> None:
    from .dialog import SweepDialog

    dialog = getattr(window, "sweep_dialog", None)
    if dialog is None:
        dialog = SweepDialog(window.model, window)
        window.sweep_dialog = dialog
    elif not dialog.is_running():
        dialog.refresh()
    dialog.show()
    dialog.raise_()


def install_sweeps(window) -> QAction:
    """Binds Forecast ▸ Sweep Thresholds… (declared in designer.action_table) to the sweep dialog."""
    window.sweep_action = bind(window, "sweep", partial(_open_dialog, window))
    return window.sweep_action

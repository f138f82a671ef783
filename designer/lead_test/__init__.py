"""Test a lead in the main window: a dock under the canvas and Forecast > Test a Lead."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt

from ..actions import bind
from ..docks import add_dock, show_dock
from .panel import LeadTestPanel


def _open(window, dock, _checked: bool = False) -> None:
    show_dock(dock)
    if not dock.isFloating() and dock.height() < 300:
        # Tabbed under the canvas it inherits the Findings' short height: the path needs more.
        window.resizeDocks([dock], [340], Qt.Vertical)


def install_lead_test(window) -> LeadTestPanel:
    """Adds the Test a Lead dock (beside Findings) and its Forecast menu action to a MainWindow, once."""
    if getattr(window, "lead_test", None) is not None:
        return window.lead_test
    panel = LeadTestPanel(window.model, window.scene, window.view)
    dock = add_dock(window, "lead_test", panel)
    dock.visibilityChanged.connect(panel.set_on_screen)
    bind(window, "lead_test", partial(_open, window, dock))
    window.lead_test = panel
    return panel


__all__ = ["LeadTestPanel", "install_lead_test"]

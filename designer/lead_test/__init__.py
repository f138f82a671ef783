"""Test a lead in the main window: a dock under the canvas and Forecast > Test a Lead."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ..docks import add_dock, add_forecast_action, show_dock, tabify_beside
from .panel import LeadTestPanel


def _open(window, dock) -> None:
    show_dock(dock)
    if not dock.isFloating() and dock.height() < 300:
        # Tabbed under the canvas it inherits the Findings' short height: the path needs more.
        window.resizeDocks([dock], [340], Qt.Vertical)


def install_lead_test(window) -> LeadTestPanel:
    """Adds the Test a Lead dock (beside Findings) and its Forecast menu action to a MainWindow, once."""
    if getattr(window, "lead_test", None) is not None:
        return window.lead_test
    panel = LeadTestPanel(window.model, window.scene, window.view)
    dock = add_dock(window, "lead_test", "Test a Lead", panel, Qt.BottomDockWidgetArea)
    dock.visibilityChanged.connect(panel.set_on_screen)
    tabify_beside(window, dock, "findings")
    add_forecast_action(window, "lead_test", "&Test a Lead…", "Ctrl+Shift+T",
                        "Walk one persona through the sequence step by step, with scores, dates and sales outcome",
                        lambda: _open(window, dock))
    window.lead_test = panel
    return panel


__all__ = ["LeadTestPanel", "install_lead_test"]

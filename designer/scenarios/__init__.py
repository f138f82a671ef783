"""The scenario panel in the main window: a dock and its place in the Forecast menu."""

from __future__ import annotations

from ..docks import add_dock, add_forecast_action, forecast_menu, show_dock, tabify_beside
from .panel import ScenarioPanel


def install_scenarios(window) -> ScenarioPanel:
    """Adds the Scenarios dock (beside the inspector) and Forecast > Scenarios to a MainWindow, once."""
    if getattr(window, "scenario_panel", None) is not None:
        return window.scenario_panel
    panel = ScenarioPanel(window.model)
    dock = add_dock(window, "scenarios", "Scenarios", panel)
    tabify_beside(window, dock, "inspector")
    add_forecast_action(window, "scenarios", "Sc&enarios", "Ctrl+Shift+E",
                        "Edit the scenarios: cohort, mix, behaviour, thresholds, sales team and SLA",
                        lambda: show_dock(dock))
    window.scenario_panel = panel
    return panel


__all__ = ["ScenarioPanel", "add_dock", "forecast_menu", "install_scenarios", "show_dock"]

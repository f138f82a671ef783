"""The scenario panel in the main window: a dock and its place in the Forecast menu."""

from __future__ import annotations

from functools import partial

from ..actions import bind
from ..docks import add_dock, show_dock
from .panel import ScenarioPanel


def install_scenarios(window) -> ScenarioPanel:
    """Adds the Scenarios dock (beside the inspector) and Forecast > Scenarios to a MainWindow, once."""
    if getattr(window, "scenario_panel", None) is not None:
        return window.scenario_panel
    panel = ScenarioPanel(window.model)
    dock = add_dock(window, "scenarios", panel)
    dock.visibilityChanged.connect(panel.set_on_screen)
    bind(window, "scenarios", partial(show_dock, dock))
    window.scenario_panel = panel
    return panel


__all__ = ["ScenarioPanel", "install_scenarios"]

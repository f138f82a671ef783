"""Forecasts in the designer: Simulate off the GUI thread, results dock, comparison, canvas overlay, reports."""

from __future__ import annotations

# No Qt import at package level: the CLI uses ``report_export`` for HTML without loading PySide.


def install_forecast(window):
    """Add the Forecast menu, the Simulate/Cancel toolbar buttons, the results dock and the overlay toggle to a
    MainWindow; returns its ``ForecastController`` (also kept as ``window.forecast_controller``).

    Idempotent: a second call returns the controller already installed on ``window``.
    """
    from .controller import ForecastController

    existing = getattr(window, "forecast_controller", None)
    if isinstance(existing, ForecastController):
        return existing
    controller = ForecastController(window)
    window.forecast_controller = controller
    return controller


__all__ = ["install_forecast"]

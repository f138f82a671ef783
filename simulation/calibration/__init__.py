"""Calibration of scenarios from CRM lead history, backtests against it, and synthetic histories for tests."""

from .calibrate import Calibration, add_scenario, base_scenario, calibrate, read_history
from .cancelling import CalibrationCancelled
from .stats import Estimate, poisson_interval, wilson

__all__ = ["Calibration", "CalibrationCancelled", "Estimate", "add_scenario", "base_scenario", "calibrate",
           "poisson_interval", "read_history", "wilson"]

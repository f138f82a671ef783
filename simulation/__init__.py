"""The simulation engine: cohorts of leads through a nurture graph, sales capacity and SLAs; no Qt."""

from .checks import SimulationRefused
from .compare import Comparison, compare
from .engine import ConservationError, SimulationError
from .result import Estimate, SimulationResult
from .runner import Cancelled, run_replication, simulate

__all__ = [
    "Cancelled", "Comparison", "ConservationError", "Estimate", "SimulationError", "SimulationRefused",
    "SimulationResult", "compare", "run_replication", "simulate",
]

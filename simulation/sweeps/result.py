"""What a sweep produces: every point with its figures, the Pareto front and the recommendation."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from ..result import SHARES, Estimate


@dataclass
class SweepPoint:
    index: int
    settings: dict[str, float]
    screened: dict[str, float]
    simulated: dict[str, Estimate] | None = None
    feasible: bool = True
    violations: list[str] = field(default_factory=list)
    why_simulated: str = ""
    # One value per replication (common random numbers: replication r of every point shares its draws).
    replicates: dict[str, list[float]] | None = None

    def figure(self, metric: str) -> float:
        """The best figure known: simulated when the point was simulated, else the analytic screen."""
        mean = self.simulated[metric].mean if self.simulated and metric in self.simulated else None
        if mean is not None:
            return mean
        return self.screened.get(metric, float("nan"))

    def estimate(self, metric: str) -> Estimate | None:
        est = self.simulated.get(metric) if self.simulated else None
        return est if est is not None and est.mean is not None else None

    def basis(self, metric: str) -> str:
        return "simulated" if self.estimate(metric) is not None else "screened"


def estimates(replicates: dict[str, list[float]]) -> dict[str, Estimate]:
    return {k: Estimate.of([v for v in values if not math.isnan(v)], k in SHARES) for k, values in replicates.items()}


@dataclass
class SweepResult:
    sweep: str
    base_scenario: str
    objective: str
    direction: str
    executor: str
    points: list[SweepPoint]
    pareto: list[int]
    recommended: int | None
    reason: str
    sensitivity: list[dict[str, Any]]
    screen_agreement: dict[str, float]
    complete: bool = True
    goal: str = ""  # the objective and constraints in a planner's words
    replications: int = 0
    leads: float = 0.0  # the cohort every point ran on
    base_leads: float = 0.0  # the base scenario's own cohort
    cohort_note: str = ""  # "" on the scenario's own cohort; else what every figure is for
    currency: str = "$"
    today: dict[str, float] = field(default_factory=dict)  # the base scenario's own settings
    ties: list[int] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    marginals: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def point(self, index: int | None) -> SweepPoint | None:
        return next((p for p in self.points if p.index == index), None)

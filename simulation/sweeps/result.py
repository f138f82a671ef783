"""What a sweep produces: every point with its figures, the Pareto front and the recommendation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..result import Estimate


@dataclass
class SweepPoint:
    index: int
    settings: dict[str, float]
    screened: dict[str, float]
    simulated: dict[str, Estimate] | None = None
    feasible: bool = True
    violations: list[str] = field(default_factory=list)
    why_simulated: str = ""

    def figure(self, metric: str) -> float:
        """The best figure known: simulated when the point was simulated, else the analytic screen."""
        mean = self.simulated[metric].mean if self.simulated and metric in self.simulated else None
        if mean is not None:
            return mean
        return self.screened.get(metric, float("nan"))


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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

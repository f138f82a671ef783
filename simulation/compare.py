"""Scenarios side by side on the same seed: paired differences with intervals (common random numbers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from sequences.document import Document

from .result import Estimate, SimulationResult
from .runner import resolve, simulate


@dataclass
class Comparison:
    """``differences[name][figure]`` is that scenario minus the baseline (the first), paired by replication."""

    baseline: str
    results: list[SimulationResult]
    differences: dict[str, dict[str, Estimate]]

    def result(self, name: str) -> SimulationResult:
        return next(r for r in self.results if r.scenario == name)

    def to_dict(self) -> dict:
        return {"baseline": self.baseline, "results": [r.to_dict() for r in self.results],
                "differences": {k: {f: asdict(e) for f, e in v.items()} for k, v in self.differences.items()}}


def paired_differences(base: SimulationResult, other: SimulationResult) -> dict[str, Estimate]:
    out: dict[str, Estimate] = {}
    for figure in base.replication_totals[0]:
        pairs = [(b.get(figure), o.get(figure)) for b, o in zip(base.replication_totals, other.replication_totals,
                                                                 strict=False)]
        out[figure] = Estimate.of([o - b for b, o in pairs if b is not None and o is not None])
    return out


def compare(document: Document, names: list[str], seed: int | None = None, *, replications: int | None = None,
            leads: int | None = None, progress: Callable[[int, int], None] | None = None,
            cancel: Callable[[], bool] | None = None, workers: int = 1) -> Comparison:
    """Every named scenario on one seed (default: the first scenario's) and the same replications."""
    if not names:
        raise ValueError("name at least one scenario")
    scenarios = [resolve(document, name) for name in names]
    seed = scenarios[0].seed if seed is None else seed
    count = replications or scenarios[0].replications
    results = []
    for k, scenario in enumerate(scenarios):
        step = None if progress is None else (lambda done, total, k=k: progress(k * total + done,
                                                                                total * len(scenarios)))
        results.append(simulate(document, scenario, seed, replications=count, leads=leads, progress=step,
                                cancel=cancel, workers=workers))
    base = results[0]
    return Comparison(baseline=base.scenario, results=results,
                      differences={r.scenario: paired_differences(base, r) for r in results[1:]})

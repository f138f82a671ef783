"""The sales team: a FIFO queue served by reps in working hours, by the Kiefer-Wolfowitz recurrence."""

from __future__ import annotations

import heapq

import numpy as np

from sequences.scenario import Acceptance, Sales

from .clock import WorkingClock


def fifo_starts(arrivals: np.ndarray, service: np.ndarray | float, servers: int,
                free: list[float] | None = None) -> np.ndarray:
    """Service start times of a FIFO c-server queue, arrivals in order (Kiefer-Wolfowitz).

    ``free`` is the heap of server-free times; it is updated in place so a queue can be fed in batches.
    Identical waits to one process per customer, at the cost of one heap operation each.
    """
    if free is None:
        free = [0.0] * servers
    if servers <= 0 or not free:
        return np.full(len(arrivals), np.inf)
    times = arrivals.tolist()
    starts = [0.0] * len(times)
    replace = heapq.heapreplace
    if not isinstance(service, np.ndarray):
        # Every touch takes as long (the usual case): no per-customer duration to look up.
        d = float(service)
        for i, a in enumerate(times):
            first = free[0]
            start = a if a > first else first
            starts[i] = start
            replace(free, start + d)
        return np.array(starts, dtype=np.float64)
    durations = np.asarray(service).tolist()
    for i, a in enumerate(times):
        first = free[0]
        start = a if a > first else first
        starts[i] = start
        replace(free, start + durations[i])
    return np.array(starts, dtype=np.float64)


class SalesTeam:
    """Reps make first touches one after another in working hours: ``touches_per_day`` evenly spaced."""

    def __init__(self, sales: Sales, acceptance: Acceptance):
        self.clock = WorkingClock(sales)
        self.reps = sales.reps if sales.first_touches_per_rep_per_day > 0 and len(sales.working_days) else 0
        self.service_hours = (self.clock.day_hours / sales.first_touches_per_rep_per_day
                              if self.reps else float("inf"))
        self.free = [0.0] * self.reps
        self.starts: list[np.ndarray] = []
        bands = sorted(acceptance.by_fit_band, key=lambda b: b.fit_min)
        self.band_floor = np.array([b.fit_min for b in bands], dtype=np.float64)
        self.band_accept = np.array([0.0] + [b.accept for b in bands], dtype=np.float64)
        reasons = acceptance.rejection_reasons or {"rejected": 1.0}
        self.reasons = tuple(reasons)
        weights = np.array([max(0.0, w) for w in reasons.values()], dtype=np.float64)
        weights = weights if weights.sum() > 0 else np.ones(len(weights))
        self.reason_cum = np.cumsum(weights / weights.sum())

    def first_touch(self, handoff: np.ndarray) -> np.ndarray:
        """Calendar time of each first touch; ``handoff`` must be sorted (FIFO order)."""
        if not self.reps:
            return np.full(len(handoff), np.inf)
        starts = fifo_starts(self.clock.to_work(handoff), self.service_hours, self.reps, self.free)
        self.starts.append(starts)
        return self.clock.to_calendar(starts)

    def accept_probability(self, fit: np.ndarray) -> np.ndarray:
        return self.band_accept[np.searchsorted(self.band_floor, fit, side="right")]

    def reason(self, u: np.ndarray) -> np.ndarray:
        return np.minimum(np.searchsorted(self.reason_cum, u, side="right"), len(self.reasons) - 1)

    def utilisation(self, horizon: float) -> float:
        """Share of the reps' working hours up to the horizon spent on first touches."""
        if not self.reps:
            return 0.0
        end = float(self.clock.to_work(np.array([horizon]))[0])
        if end <= 0:
            return 0.0
        starts = np.concatenate(self.starts) if self.starts else np.zeros(0)
        busy = np.clip(np.minimum(starts + self.service_hours, end) - starts, 0.0, None).sum()
        return float(busy / (self.reps * end))

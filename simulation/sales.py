"""One sales queue: reps serving handoffs in working hours, FIFO (Kiefer-Wolfowitz) or higher fit first."""

from __future__ import annotations

import heapq

import numpy as np

from sequences.sales_model import NO_RESPONSE, Acceptance, Sla, TeamFields

from .clock import WorkingClock
from .jit import kernel


def fifo_starts(arrivals: np.ndarray, service: np.ndarray | float, servers: int,
                free: list[float] | None = None) -> np.ndarray:
    """Service start times of a FIFO c-server queue, arrivals in order (Kiefer-Wolfowitz).

    ``free`` is the heap of server-free times; it is updated in place so a queue can be fed in batches.
    Identical waits to one process per customer: each customer starts when it arrives or when the first
    rep is free, whichever is later.
    """
    if free is None:
        free = [0.0] * servers
    if servers <= 0 or not free:
        return np.full(len(arrivals), np.inf)
    reps = np.array(free, dtype=np.float64)
    if isinstance(service, np.ndarray):
        starts = _fifo(np.ascontiguousarray(arrivals, dtype=np.float64), np.asarray(service, dtype=np.float64),
                       0.0, reps)
    else:
        # Every touch takes as long (the usual case): no per-customer duration to look up.
        starts = _fifo(np.ascontiguousarray(arrivals, dtype=np.float64), _SAME_DURATION, float(service), reps)
    free[:] = sorted(reps.tolist())  # a sorted list is a heap: priority_starts may carry on from it
    return starts


_SAME_DURATION = np.zeros(0)


@kernel(inline="always")
def take_rep(free, arrival, duration):
    """The first free rep takes a lead that came at ``arrival``: its start, the rep busy ``duration`` more.

    The reps' free times as a plain array: the earliest by a scan (a team has a handful of reps), the same
    multiset a heap keeps, so the same start times."""
    m = 0
    for j in range(1, len(free)):
        if free[j] < free[m]:
            m = j
    first = free[m]
    start = arrival if arrival > first else first
    free[m] = start + duration
    return start


@kernel
def _fifo(times, durations, duration, free):
    n = len(times)
    starts = np.empty(n)
    each = len(durations) > 0
    for i in range(n):
        starts[i] = take_rep(free, times[i], durations[i] if each else duration)
    return starts


def priority_starts(arrivals: np.ndarray, service: np.ndarray, keys: np.ndarray, free: list[float]) -> np.ndarray:
    """Start times when the first free rep takes the waiting lead with the smallest key (then the earliest)."""
    n = len(arrivals)
    if not free:
        return np.full(n, np.inf)
    times, durations, order = arrivals.tolist(), service.tolist(), keys.tolist()
    starts = [0.0] * n
    waiting: list[tuple[float, float, int]] = []
    i = 0
    jump = -np.inf
    for _ in range(n):
        f = free[0]
        if not waiting and times[i] > f:
            f = jump = times[i]  # the rep is idle until the next handoff
        elif f < jump:
            f = jump  # other reps idle at that moment take the leads that came then
        while i < n and times[i] <= f:
            heapq.heappush(waiting, (order[i], times[i], i))
            i += 1
        _, _, j = heapq.heappop(waiting)
        starts[j] = f
        heapq.heapreplace(free, f + durations[j])
    return np.array(starts, dtype=np.float64)


def _normal(u: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Standard normals from pairs of uniforms (Box-Muller), for the lognormal durations and pickups."""
    return np.sqrt(-2.0 * np.log1p(-u[0])) * np.cos(2.0 * np.pi * u[1])


class SalesTeam:
    """Reps make first touches one after another in working hours: ``touches_per_day`` evenly spaced on
    average (``touch_cv`` > 0: lognormal durations); with a ``pickup``, a rep touches a lead that many working
    hours after taking it (the rep's time is counted from taking it, so the queue is as without one).
    ``external`` handoffs (calendar days, sorted) come from programs outside the document: they load the team
    but are not counted as this document's."""

    def __init__(self, team: TeamFields, acceptance: Acceptance, sla: Sla | None = None,
                 holidays: tuple[int, ...] = (), external: np.ndarray | None = None,
                 external_u: tuple[np.ndarray, np.ndarray] | None = None):
        self.clock = WorkingClock(team, holidays)
        self.reps = team.reps if team.first_touches_per_rep_per_day > 0 and len(team.working_days) else 0
        self.service_hours = (self.clock.day_hours / team.first_touches_per_rep_per_day
                              if self.reps else float("inf"))
        self.cv = float(team.touch_cv)
        # The pickup (working hours from taking a handoff to touching it), lognormal; a median of 0: none.
        self.pickup_median = float(team.pickup.median) if team.pickup is not None else 0.0
        self.pickup_sigma = float(team.pickup.sigma()) if team.pickup is not None else 0.0
        self.by_fit = team.priority == "fit"
        self.free = [0.0] * self.reps
        self.sla = sla or Sla(clock="calendar")
        self.business = self.sla.clock == "business" and self.clock.week_hours > 0
        self.external = np.zeros(0) if external is None else external
        self.external_u = external_u
        self.next_external = 0
        self.busy: list[tuple[np.ndarray, np.ndarray | float]] = []  # (work-clock starts, durations)
        self._busy_sum: tuple[float, int, float] | None = None  # (up to, slices, hours) last added up
        bands = sorted(acceptance.by_fit_band, key=lambda b: b.fit_min)
        self.band_floor = np.array([b.fit_min for b in bands], dtype=np.float64)
        self.band_accept = np.array([0.0] + [b.accept for b in bands], dtype=np.float64)
        self.response_within = np.array([b.within_hours for b in acceptance.by_response_time], dtype=np.float64)
        self.response_factor_of = np.array([b.factor for b in acceptance.by_response_time]
                                           + [acceptance.by_response_time[-1].factor
                                              if acceptance.by_response_time else 1.0], dtype=np.float64)
        reasons = dict(acceptance.rejection_reasons or {"rejected": 1.0})
        drawn = len(reasons)
        reasons.setdefault(NO_RESPONSE, 0.0)
        self.reasons = tuple(reasons)
        self.no_response = self.reasons.index(NO_RESPONSE)
        weights = np.array([max(0.0, w) for w in list(reasons.values())[:drawn]], dtype=np.float64)
        weights = weights if weights.sum() > 0 else np.ones(drawn)
        self.reason_cum = np.cumsum(weights / weights.sum())
        self.recycles = np.array([acceptance.action(r) == "recycle" for r in self.reasons])
        self.policy = acceptance.recycle
        self.return_days = max(self.sla.status_update_hours, 1.0) / 24.0 + self.policy.cooldown_days

    # -- serving ---------------------------------------------------------------------------------------
    def durations(self, u: tuple[np.ndarray, np.ndarray] | None, n: int) -> np.ndarray | float:
        """Touch durations (working hours): fixed, or lognormal with the mean touch and ``touch_cv``."""
        if self.cv <= 0 or u is None or not np.isfinite(self.service_hours):
            return self.service_hours
        sigma2 = np.log1p(self.cv * self.cv)
        return self.service_hours * np.exp(np.sqrt(sigma2) * _normal(u) - sigma2 / 2.0)

    def pickup_hours(self, u: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray | None:
        """Each handoff's pickup in working hours, from a pair of uniforms (Box-Muller); None without one."""
        if self.pickup_median <= 0 or u is None:
            return None
        return self.pickup_median * np.exp(self.pickup_sigma * _normal(u))

    def serve(self, handoff: np.ndarray, fit: np.ndarray | None = None,
              u: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(first touch in calendar days, its start and the handoff on the work clock) for sorted handoffs;
        outside handoffs up to the last one join in their place."""
        n = len(handoff)
        if not self.reps:
            return np.full(n, np.inf), np.full(n, np.inf), self.clock.to_work(handoff)
        service = self.durations(u, n)
        times, keys = handoff, (-fit if fit is not None else np.zeros(n))
        ours = None
        end = int(np.searchsorted(self.external, handoff[-1], side="right")) if n else self.next_external
        if end > self.next_external:
            ext = self.external[self.next_external:end]
            ext_service = self._external_durations(self.next_external, end)
            self.next_external = end
            times = np.concatenate([handoff, ext])
            order = np.argsort(times, kind="stable")
            times = times[order]
            ours = np.argsort(order, kind="stable")[:n]
            service = np.concatenate([np.broadcast_to(service, n), np.broadcast_to(ext_service, len(ext))])[order]
            keys = np.concatenate([keys, np.zeros(len(ext))])[order]
        work = self.clock.to_work(times)
        if self.by_fit:
            starts = priority_starts(work, np.broadcast_to(service, len(work)).astype(np.float64), keys, self.free)
        else:
            starts = fifo_starts(work, service, self.reps, self.free)
        self.busy.append((starts, service))
        if ours is not None:
            starts, work = starts[ours], work[ours]
        return self.clock.to_calendar(starts), starts, work

    def one_pass(self, last: float) -> bool:
        """Handoffs up to ``last`` can be served by ``sales_kernel.serve_fifo``: first in first out, touches of
        one length, no holidays, and no outside handoff joins them."""
        return (self.reps > 0 and not self.by_fit and self.cv <= 0 and not len(self.clock.holidays)
                and (self.next_external >= len(self.external) or self.external[self.next_external] > last))

    def earliest_touch(self, t0: float) -> float:
        """The earliest calendar time a handoff at ``t0`` or later can be touched (infinity without reps)."""
        if not self.reps:
            return float("inf")
        start = max(float(self.clock.to_work(np.array([t0]))[0]), min(self.free))
        return float(self.clock.to_calendar(np.array([start]))[0])

    def _external_durations(self, lo: int, hi: int) -> np.ndarray | float:
        if self.cv <= 0 or self.external_u is None:
            return self.service_hours
        return self.durations((self.external_u[0][lo:hi], self.external_u[1][lo:hi]), hi - lo)

    def finish(self, horizon: float) -> None:
        """Serve the outside handoffs left before the horizon, so that they count in the utilisation."""
        end = int(np.searchsorted(self.external, horizon, side="left"))
        if self.reps and end > self.next_external:
            ext = self.external[self.next_external:end]
            service = self._external_durations(self.next_external, end)
            self.next_external = end
            work = self.clock.to_work(ext)
            keys = np.zeros(len(ext))
            starts = (priority_starts(work, np.broadcast_to(service, len(ext)).astype(np.float64), keys, self.free)
                      if self.by_fit else fifo_starts(work, service, self.reps, self.free))
            self.busy.append((starts, service))

    def first_touch(self, handoff: np.ndarray) -> np.ndarray:
        """Calendar time of each first touch; ``handoff`` must be sorted (FIFO order)."""
        return self.serve(handoff)[0]

    # -- deciding --------------------------------------------------------------------------------------
    def accept_probability(self, fit: np.ndarray) -> np.ndarray:
        return self.band_accept[np.searchsorted(self.band_floor, fit, side="right")]

    def response_factor(self, hours: np.ndarray) -> np.ndarray:
        """The factor of the first row whose ``within_hours`` the delay does not exceed (else the last's)."""
        return self.response_factor_of[np.searchsorted(self.response_within, hours, side="left")]

    def response_band(self, hours: np.ndarray) -> np.ndarray:
        """Index of the response-time row each delay falls in (the last row: beyond it too)."""
        last = max(len(self.response_within) - 1, 0)
        return np.minimum(np.searchsorted(self.response_within, hours, side="left"), last)

    def reason(self, u: np.ndarray) -> np.ndarray:
        return np.minimum(np.searchsorted(self.reason_cum, u, side="right"), len(self.reason_cum) - 1)

    def utilisation(self, horizon: float) -> float:
        """Share of the reps' working hours up to the horizon spent on first touches."""
        busy, capacity = self.busy_hours(horizon)
        return busy / capacity if capacity > 0 else 0.0

    def busy_hours(self, horizon: float) -> tuple[float, float]:
        """(hours spent on first touches, hours the reps worked) up to the horizon."""
        if not self.reps:
            return 0.0, 0.0
        end = float(self.clock.to_work(np.array([horizon]))[0])
        if end <= 0:
            return 0.0, 0.0
        # The queue's figure and the team's both ask once the run is over: add the slices up once.
        if self._busy_sum is None or self._busy_sum[:2] != (end, len(self.busy)):
            busy = 0.0
            for starts, service in self.busy:
                busy += float(np.clip(np.minimum(starts + service, end) - starts, 0.0, None).sum())
            self._busy_sum = (end, len(self.busy), busy)
        return self._busy_sum[2], self.reps * end

"""Closed-form checks of the sales team: M/D/c for fixed first touches, Allen-Cunneen for variable ones."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from sequences.sales_model import Sla, TeamFields
from sequences.scenario import Scenario

# The embedded chain is truncated where the number-in-system tail is this small; beyond MAX_STATES
# (utilisation very close to 1) the exact solution is too costly for a live preview and the
# Allen-Cunneen approximation is used instead, and said to be.
TAIL = 1e-12
MAX_STATES = 2400


@dataclass
class QueueCheck:
    """The team as a c-server queue at the given handoff rate (``model`` names the formula used)."""

    handoffs_per_day: float
    capacity_per_day: float
    utilisation: float
    p_wait: float
    mean_wait_hours: float
    stable: bool
    p_wait_over_sla: float = 0.0
    model: str = "M/D/c"


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> tuple[float, float]:
    """M/M/c: (probability a customer waits, mean wait in the time unit of the rates); inf when overloaded."""
    if servers <= 0 or service_rate <= 0:
        return 1.0, math.inf
    a = arrival_rate / service_rate
    if a >= servers:
        return 1.0, math.inf
    term, total = 1.0, 1.0
    for k in range(1, servers):
        term *= a / k
        total += term
    last = term * a / servers * servers / (servers - a)
    p_wait = last / (total + last)
    return p_wait, p_wait / (servers * service_rate - arrival_rate)


def _poisson(mean: float, size: int) -> np.ndarray:
    """P(A = k) for k < size, A ~ Poisson(mean), computed in logs so large means do not overflow."""
    if mean <= 0:
        return np.eye(1, size)[0]
    k = np.arange(size, dtype=np.float64)
    log_factorial = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, size, dtype=np.float64)))])
    return np.exp(k * math.log(mean) - mean - log_factorial)


def md_c_states(arrival_rate: float, service_time: float, servers: int) -> np.ndarray | None:
    """Stationary distribution of the number in an M/D/c system, or None when it is too costly.

    With fixed service ``D`` every customer in service at t has left by t + D, so the number in system
    follows N(t + D) = max(N(t) - c, 0) + A with A ~ Poisson(lambda D) (Crommelin, 1932); its stationary
    law is the time-average law, which Poisson arrivals see (PASTA).
    """
    a = arrival_rate * service_time
    size = int(servers + a + 20 * math.sqrt(a + 1) + 100)
    while size <= MAX_STATES:
        arrivals = _poisson(a, size)
        start = np.maximum(np.arange(size) - servers, 0)
        shift = np.arange(size)[None, :] - start[:, None]  # chain[i, j] = P(A = j - start_i)
        chain = np.where(shift >= 0, arrivals[np.clip(shift, 0, None)], 0.0)
        chain[:, -1] += 1.0 - chain.sum(axis=1)  # the truncated mass stays in the last state
        # pi (P - I) = 0 with sum(pi) = 1: replace one balance equation by the normalisation.
        system = chain.T - np.eye(size)
        system[-1, :] = 1.0
        rhs = np.zeros(size)
        rhs[-1] = 1.0
        pi = np.clip(np.linalg.solve(system, rhs), 0.0, None)
        pi /= pi.sum()
        if pi[-max(servers, 1) * 2:].sum() < TAIL:
            return pi
        size *= 2
    return None


def md_c_wait_exceeds(pi: np.ndarray, arrival_rate: float, service_time: float, servers: int, t: float) -> float:
    """P(wait > t) in M/D/c, after Crommelin (1932) as Franx (Oper. Res. Lett. 29, 2001) writes it.

    For (k-1)D <= t < kD let s = arrival + t - kD. Everyone in service at s has left by s + D, and the
    k rounds of D up to arrival + t remove c customers each from the front, so the arrival has started
    by then iff (queue at s) + (arrivals in (s, arrival]) <= kc - 1, where the queue at s is
    max(N - c, 0) with N stationary and the arrivals are Poisson(lambda (kD - t)).
    """
    if t < 0:
        return 1.0
    k = int(math.floor(t / service_time)) + 1
    n = k * servers
    cumulative = np.cumsum(pi)
    # P(queue <= m) = P(N <= m + c); beyond the truncation the mass is 1 to within TAIL.
    queue_cdf = np.concatenate([cumulative, np.ones(n + servers)])[servers:servers + n]
    arrivals = _poisson(arrival_rate * (k * service_time - t), n)
    started = float(np.dot(queue_cdf[n - 1 - np.arange(n)], arrivals))
    return float(min(1.0, max(0.0, 1.0 - started)))


def md_c(arrival_rate: float, service_time: float, servers: int, sla: float | None = None,
         pickup: tuple[float, float] | None = None) -> tuple[float, float, float, str]:
    """(P(wait), mean wait, P(wait > sla), model) for fixed service; the mean is E[Lq] / lambda (Little).
    With a ``pickup`` (median, sigma of a lognormal, in the wait's unit) the wait to the touch is the queue's
    and the pickup's: both the mean and the tail are of the sum."""
    if servers <= 0 or service_time <= 0 or not math.isfinite(service_time):
        return 1.0, math.inf, 1.0, "M/D/c"
    if arrival_rate <= 0:
        return 0.0, _pickup_mean(pickup), _over(lambda t: float(t < 0), sla, pickup), "M/D/c"
    if arrival_rate * service_time >= servers:
        return 1.0, math.inf, 1.0, "M/D/c"
    pi = md_c_states(arrival_rate, service_time, servers)
    if pi is None:
        p_wait, mean = allen_cunneen(arrival_rate, service_time, servers, cv=0.0)
        over = _over(lambda t: _exponential_tail(p_wait, mean, t), sla, pickup)
        return p_wait, mean + _pickup_mean(pickup), over, "Allen-Cunneen (near saturation)"
    queue = np.maximum(np.arange(len(pi)) - servers, 0)
    mean = float(np.dot(queue, pi)) / arrival_rate
    # An arrival waits when it finds c or more in the system (PASTA).
    p_wait = float(pi[servers:].sum())
    over = _over(lambda t: md_c_wait_exceeds(pi, arrival_rate, service_time, servers, t), sla, pickup)
    return p_wait, mean + _pickup_mean(pickup), over, "M/D/c"


PICKUP_POINTS = 400
_PICKUP_Z = np.array([NormalDist().inv_cdf((j + 0.5) / PICKUP_POINTS) for j in range(PICKUP_POINTS)])


def _pickup_mean(pickup: tuple[float, float] | None) -> float:
    return pickup[0] * math.exp(pickup[1] ** 2 / 2.0) if pickup is not None else 0.0


def _over(tail: Callable[[float], float], sla: float | None, pickup: tuple[float, float] | None) -> float:
    """P(wait + pickup > sla) from the wait's tail: E[P(wait > sla - pickup)] over the pickup's quantiles
    (the midpoint rule on 400 of them; the integrand is monotone in the quantile, so within 1/400)."""
    if sla is None:
        return 0.0
    if pickup is None:
        return tail(sla)
    median, sigma = pickup
    return float(np.mean([tail(sla - median * math.exp(sigma * z)) for z in _PICKUP_Z]))


def allen_cunneen(arrival_rate: float, service_time: float, servers: int, cv: float) -> tuple[float, float]:
    """M/G/c mean wait: Erlang-C's scaled by (1 + cv^2) / 2 for Poisson arrivals (Allen-Cunneen)."""
    p_wait, mean = erlang_c(arrival_rate, 1.0 / service_time, servers)
    return p_wait, mean * (1.0 + cv * cv) / 2.0


def _exponential_tail(p_wait: float, mean: float, t: float | None) -> float:
    # Waits are roughly exponential given a wait: P(W > t) ~ P(wait) exp(-t P(wait) / E[W]).
    if t is not None and t < 0:
        return 1.0
    if t is None or not math.isfinite(mean) or mean <= 0:
        return p_wait if t is not None else 0.0
    return float(p_wait * math.exp(-t * p_wait / mean))


def queue_wait(arrival_rate: float, service_time: float, servers: int, cv: float = 0.0,
               sla: float | None = None, pickup: tuple[float, float] | None = None
               ) -> tuple[float, float, float, str]:
    """(P(wait), mean wait, P(wait > sla), model): exact M/D/c for fixed touches, else Allen-Cunneen; the wait
    and its tail include the ``pickup`` (median, sigma) when there is one."""
    if cv <= 0:
        return md_c(arrival_rate, service_time, servers, sla, pickup)
    if servers <= 0 or arrival_rate * service_time >= servers:
        return 1.0, math.inf, 1.0, "M/G/c (Allen-Cunneen)"
    p_wait, mean = allen_cunneen(arrival_rate, service_time, servers, cv)
    over = _over(lambda t: _exponential_tail(p_wait, mean, t), sla, pickup)
    return p_wait, mean + _pickup_mean(pickup), over, "M/G/c (Allen-Cunneen)"


def team_queue_check(team: TeamFields, sla: Sla, handoffs_per_day: float, sla_hours: float | None = None
                     ) -> QueueCheck:
    """One team as a c-server queue: M/D/c for fixed touches, Allen-Cunneen for variable ones.

    On a business SLA clock the queue runs on the team's working clock: handoffs per working hour, touches
    of ``working hours / touches`` hours, the SLA in working hours — what the engine does for handoffs that
    arrive in working hours. On the calendar clock the working time is spread evenly over the week, so
    treat it as indicative. ``other_handoffs_per_week`` adds to the load. The team's ``pickup`` adds to each
    wait: the mean wait and the SLA's tail are of the time to the first touch.
    """
    days = len(set(team.working_days))
    day_hours = team.working_hours.end - team.working_hours.start
    per_rep = team.first_touches_per_rep_per_day * days / 7.0
    capacity = per_rep * team.reps
    load = handoffs_per_day + team.other_handoffs_per_week / 7.0
    sla_h = sla.first_outreach_hours if sla_hours is None else sla_hours
    pickup = (team.pickup.median, team.pickup.sigma()) if team.pickup is not None else None
    if sla.clock == "business" and days and team.first_touches_per_rep_per_day > 0:
        rate = load * 7.0 / (day_hours * days)  # per working hour
        p_wait, wait, over, model = queue_wait(rate, day_hours / team.first_touches_per_rep_per_day, team.reps,
                                               team.touch_cv, sla_h, pickup)
        wait_hours = wait
        model += " on working hours"
    else:
        service_days = 1.0 / per_rep if per_rep > 0 else math.inf
        # The pickup counts working hours: spread over the week as the working time is, in calendar days.
        spread = 7.0 * 24.0 / (day_hours * days) / 24.0 if days and day_hours > 0 else 1.0 / 24.0
        calendar_pickup = (pickup[0] * spread, pickup[1]) if pickup is not None else None
        p_wait, wait, over, model = queue_wait(load, service_days, team.reps, team.touch_cv, sla_h / 24.0,
                                               calendar_pickup)
        wait_hours = wait * 24.0
    return QueueCheck(handoffs_per_day, capacity, load / capacity if capacity else math.inf, p_wait, wait_hours,
                      load < capacity, over, model)


def sales_queue_check(scenario: Scenario, handoffs_per_day: float, queue: str | None = None) -> QueueCheck:
    """The check of one queue (the first when none is named) at ``handoffs_per_day`` from this document."""
    team = scenario.sales.team()
    name = queue if queue is not None else next(iter(team))
    chosen = team[name]
    return team_queue_check(chosen, chosen.sla or scenario.sla, handoffs_per_day)

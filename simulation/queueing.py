"""Erlang-C (M/M/c) checks of the sales team: utilisation, probability of waiting, mean wait."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sequences.scenario import Scenario


@dataclass
class QueueCheck:
    """M/M/c (Erlang-C) view of the sales team at the given handoff rate."""

    handoffs_per_day: float
    capacity_per_day: float
    utilisation: float
    p_wait: float
    mean_wait_hours: float
    stable: bool


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> tuple[float, float]:
    """(probability a customer waits, mean wait in the time unit of the rates); inf when overloaded."""
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


def sales_queue_check(scenario: Scenario, handoffs_per_day: float) -> QueueCheck:
    """Erlang-C for the team: each rep serves ``touches/day x working days/7`` first touches a day."""
    sales = scenario.sales
    per_rep = sales.first_touches_per_rep_per_day * len(set(sales.working_days)) / 7.0
    p_wait, wait_days = erlang_c(handoffs_per_day, per_rep, sales.reps)
    capacity = per_rep * sales.reps
    return QueueCheck(handoffs_per_day, capacity, handoffs_per_day / capacity if capacity else math.inf, p_wait,
                      wait_days * 24.0, handoffs_per_day < capacity)

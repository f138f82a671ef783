"""The sales queue: the Kiefer-Wolfowitz recurrence against Erlang-C, and the team's working clock."""

from __future__ import annotations

import numpy as np
import simpy

from sequences.scenario import Sales
from simulation import simulate
from simulation.analytic import erlang_c, sales_queue_check
from simulation.clock import WorkingClock
from simulation.result import Estimate
from simulation.sales import fifo_starts

from .sim_docs import document, scenario


def _mm_c_mean_wait(seed: int, rate: float, service_rate: float, servers: int, n: int) -> float:
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / rate, n))
    service = rng.exponential(1 / service_rate, n)
    starts = fifo_starts(arrivals, service, servers)
    return float((starts - arrivals)[n // 10:].mean())  # drop the empty-queue warm-up


def test_fifo_recurrence_waits_agree_with_erlang_c():
    rate, service_rate, servers = 4.0, 1.25, 4  # 80% busy
    _, expected = erlang_c(rate, service_rate, servers)
    waits = Estimate.of([_mm_c_mean_wait(seed, rate, service_rate, servers, 20_000) for seed in range(12)])
    assert waits.contains(expected), (waits, expected)


def test_fifo_recurrence_equals_one_simpy_process_per_customer():
    rng = np.random.default_rng(5)
    arrivals = np.cumsum(rng.exponential(1.0, 400))
    service = rng.exponential(2.5, 400)
    env = simpy.Environment()
    reps = simpy.Resource(env, capacity=3)
    starts = np.zeros(400)

    def customer(i):
        yield env.timeout(arrivals[i] - env.now)
        with reps.request() as request:
            yield request
            starts[i] = env.now
            yield env.timeout(service[i])

    for i in range(400):
        env.process(customer(i))
    env.run()
    assert np.allclose(fifo_starts(arrivals, service, 3), starts)


def test_erlang_c_reports_overload():
    p_wait, wait = erlang_c(10.0, 1.0, 5)
    assert p_wait == 1.0 and wait == float("inf")
    check = sales_queue_check(document([], [], [scenario(sales={"reps": 2, "first_touches_per_rep_per_day": 7})])
                              .scenarios[0], handoffs_per_day=12.0)
    assert not check.stable and check.capacity_per_day == 2 * 7 * 5 / 7


def test_working_clock_round_trip_and_closing_time():
    clock = WorkingClock(Sales())
    friday_5pm = 4 + 17 / 24
    assert clock.to_calendar(clock.to_work(np.array([friday_5pm])))[0] == 7 + 9 / 24  # Monday 9:00
    saturday = np.array([5.5])
    assert clock.to_work(saturday)[0] == 40.0  # a full working week has passed
    t = np.array([0.4, 1.5, 2.45, 10.6])
    assert np.allclose(clock.to_calendar(clock.to_work(t)), t)


def test_first_touches_wait_for_working_hours_and_breach_the_sla():
    nodes = [{"id": "start", "kind": "entry", "trigger": "demo_request"}, {"id": "h", "kind": "handoff",
                                                                            "sla_hours": 4}]
    edges = [{"from": "start", "to": "h"}]
    # Leads arrive Saturday noon: nobody works until Monday 9:00, so every 4-hour SLA breaks.
    doc = document(nodes, edges, [scenario(cohort={"arrivals": [{"entry": "start", "leads": 50,
                                                                  "start_day": 5.5}]},
                                           sales={"reps": 1, "first_touches_per_rep_per_day": 8})])
    result = simulate(doc, replications=1)
    assert result.totals["sla_breach_rate"].mean == 1.0
    touches = result.daily["first_touches"]["mean"]
    assert touches[7:14] == [8, 8, 8, 8, 8, 0, 0] and touches[14] == 8
    assert result.totals["queue_stalled"].mean > 0
    assert result.daily["queue_length"]["mean"][5] == 50

"""The M/D/c closed form (Crommelin, Franx) against the engine's FIFO recurrence with fixed first touches."""

from __future__ import annotations

import numpy as np
import pytest

from simulation.analytic import erlang_c, sales_queue_check
from simulation.queueing import md_c
from simulation.result import Estimate
from simulation.sales import fifo_starts

from .sim_docs import document, scenario


def _waits(seed: int, rate: float, service: float, servers: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / rate, n))
    return (fifo_starts(arrivals, service, servers) - arrivals)[n // 10:]  # drop the empty-queue start


def test_md1_mean_wait_is_half_of_mm1():
    rho = 0.8
    p_wait, mean, _, model = md_c(rho, 1.0, 1)
    assert model == "M/D/c"
    assert mean == pytest.approx(rho / (2 * (1 - rho)), rel=1e-9)  # Pollaczek-Khinchine with cv = 0
    assert p_wait == pytest.approx(rho, rel=1e-9)
    assert mean == pytest.approx(erlang_c(rho, 1.0, 1)[1] / 2, rel=1e-9)


@pytest.mark.parametrize(("rate", "servers", "sla"), [(0.7, 1, 1.2), (3.2, 4, 0.5), (8.5, 10, 0.3)])
def test_mean_wait_and_sla_tail_agree_with_the_engine_queue(rate, servers, sla):
    p_wait, mean, over, _ = md_c(rate, 1.0, servers, sla=sla)
    runs = [_waits(seed, rate, 1.0, servers, 40_000) for seed in range(12)]
    assert Estimate.of([float(w.mean()) for w in runs]).contains(mean)
    assert Estimate.of([float((w > sla).mean()) for w in runs]).contains(over)
    assert Estimate.of([float((w > 0).mean()) for w in runs]).contains(p_wait)


def test_overload_and_no_team():
    assert md_c(5.0, 1.0, 4)[1] == float("inf")
    assert md_c(1.0, 1.0, 0)[2] == 1.0
    assert md_c(0.0, 1.0, 2)[:3] == (0.0, 0.0, 0.0)


def test_the_queue_check_uses_fixed_touches():
    # One rep, 8 touches a day on 7 working days, 6 handoffs a day: 75% busy.
    doc = document([], [], [scenario(sales={"reps": 1, "first_touches_per_rep_per_day": 8,
                                            "working_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]})])
    check = sales_queue_check(doc.scenarios[0], handoffs_per_day=6.0)
    mm1 = erlang_c(6.0, 8.0, 1)[1] * 24
    assert check.model == "M/D/c"
    assert check.mean_wait_hours == pytest.approx(mm1 / 2, rel=1e-6)
    assert 0 < check.p_wait_over_sla < check.p_wait

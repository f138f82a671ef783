"""The sweep runner: points, the two stages, the recommendation, and identical results on every executor."""

from __future__ import annotations

import json

import pytest

from simulation.runner import simulate
from simulation.sweeps.adopt import adopted_scenario, check_adoption
from simulation.sweeps.executors import LocalPoolExecutor, SerialExecutor
from simulation.sweeps.points import apply_point, expand
from simulation.sweeps.runner import run_sweep
from simulation.sweeps.tasks import DAYS_PER_MONTH

from .conftest import small_sweep


def _figures(result) -> str:
    data = result.to_json()
    data.pop("executor")
    return json.dumps(data, sort_keys=True, allow_nan=True)


def test_grid_expands_every_combination_in_order():
    points = expand(small_sweep())
    assert len(points) == 6
    assert points[0] == {"sql_total": 60.0, "reps": 2.0}
    assert points[-1] == {"sql_total": 100.0, "reps": 4.0}


def test_random_sampling_is_seeded():
    sweep = small_sweep(sampling="random", samples=20,
                        axes=[{"parameter": "mql_total", "low": 30, "high": 60},
                              {"parameter": "reps", "low": 2, "high": 6}])
    assert expand(sweep) == expand(sweep)
    assert all(30 <= p["mql_total"] <= 60 and p["reps"] == round(p["reps"]) for p in expand(sweep))
    other = sweep.model_copy(update={"seed": sweep.seed + 1})
    assert expand(other) != expand(sweep)


def test_point_becomes_a_scenario(document):
    base = document.scenario("current thresholds")
    scenario = apply_point(document, base, {"sql_total": 95, "reps": 6, "mql_fit_min": 25, "arrival_scale": 2})
    assert scenario.thresholds.sql.total == 95
    assert scenario.thresholds.mql.fit_min == 25
    assert scenario.sales.reps == 6
    assert scenario.cohort.arrivals[0].leads_per_week == 2 * base.cohort.arrivals[0].leads_per_week
    assert "SQL total score 95" in scenario.name


def test_impossible_point_is_refused(document):
    with pytest.raises(ValueError):
        apply_point(document, document.scenario("current thresholds"), {"reps": -1})


def test_recommendation_meets_constraints_and_beats_every_feasible_simulated_point(document):
    sweep = small_sweep(constraints=[{"metric": "rep_utilisation", "op": "lte", "value": 0.3}])
    result = run_sweep(document, sweep, SerialExecutor())
    assert result.complete
    assert len(result.points) == 6
    simulated = [p for p in result.points if p.simulated]
    assert len(simulated) == 3  # top 2 plus one random check
    best = next(p for p in result.points if p.index == result.recommended)
    assert best.feasible and best.simulated
    assert best.simulated["rep_utilisation"].mean <= 0.3
    for point in simulated:
        if point.feasible:
            assert point.figure("accepted_per_month") <= best.figure("accepted_per_month")
    assert "Recommended:" in result.reason


def test_stricter_sql_threshold_never_screens_more_sqls(document):
    result = run_sweep(document, small_sweep(simulate_top=0, simulate_check=0), SerialExecutor())
    by_reps = {}
    for point in result.points:
        by_reps.setdefault(point.settings["reps"], []).append(point)
    for points in by_reps.values():
        sqls = [p.screened["sql_per_month"] for p in sorted(points, key=lambda p: p.settings["sql_total"])]
        assert sqls == sorted(sqls, reverse=True)


def test_pareto_front_is_not_dominated(document):
    result = run_sweep(document, small_sweep(), SerialExecutor())
    front = [p for p in result.points if p.index in result.pareto]
    assert front
    for p in front:
        for q in result.points:
            better = (q.figure("accepted_per_month") >= p.figure("accepted_per_month")
                      and q.figure("sla_breach_rate") <= p.figure("sla_breach_rate")
                      and q.figure("rep_utilisation") <= p.figure("rep_utilisation"))
            strictly = (q.figure("accepted_per_month"), q.figure("sla_breach_rate"), q.figure("rep_utilisation")) != (
                p.figure("accepted_per_month"), p.figure("sla_breach_rate"), p.figure("rep_utilisation"))
            assert not (better and strictly)


def test_no_feasible_point_says_so(document):
    sweep = small_sweep(constraints=[{"metric": "rep_utilisation", "op": "lte", "value": 0.0001}])
    result = run_sweep(document, sweep, SerialExecutor())
    assert result.recommended is None
    assert "No setting meets every limit" in result.reason
    assert "rep utilisation ≤ 0.01%" in result.reason


def test_cancel_keeps_finished_points(document):
    calls = []

    def cancel() -> bool:
        return len(calls) >= 1

    result = run_sweep(document, small_sweep(axes=[{"parameter": "sql_total", "values": [60, 80, 100]}]),
                       SerialExecutor(), progress=lambda stage, done, total: calls.append(stage), cancel=cancel)
    assert not result.complete
    assert 1 <= len(result.points) < 3


def test_local_pool_and_dask_give_the_serial_result_bit_for_bit(document):
    serial = run_sweep(document, "small", SerialExecutor())
    pool = LocalPoolExecutor(2)
    try:
        pooled = run_sweep(document, "small", pool)
    finally:
        pool.close()
    assert _figures(pooled) == _figures(serial)

    distributed = pytest.importorskip("distributed")
    from simulation.sweeps.executors import DaskExecutor

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        on_dask = run_sweep(document, "small", DaskExecutor(client=client))
    assert _figures(on_dask) == _figures(serial)


def test_adopted_point_simulates_to_the_sweeps_figures_bit_for_bit(document):
    """The sweep simulates a point exactly as the adopted scenario is simulated, SLA hours included."""
    sweep = small_sweep(leads=None, axes=[{"parameter": "sql_total", "values": [60, 90]},
                                          {"parameter": "sla_hours", "values": [8, 72]}])
    result = run_sweep(document, sweep, SerialExecutor())
    assert result.cohort_note == "" and result.leads == result.base_leads
    for point in (p for p in result.points if p.simulated):
        scenario = adopted_scenario(document, result, point.index)
        again = simulate(document, scenario, seed=sweep.seed, replications=sweep.replications)
        months = scenario.horizon_days / DAYS_PER_MONTH
        assert again.totals["accepted"].mean / months == pytest.approx(point.simulated["accepted_per_month"].mean)
        assert again.totals["sla_breach_rate"].mean == pytest.approx(point.simulated["sla_breach_rate"].mean)
    breaches = {p.settings["sla_hours"]: p.figure("sla_breach_rate") for p in result.points
                if p.simulated and p.settings["sql_total"] == 60}
    assert len(breaches) < 2 or breaches[8] >= breaches[72]


def test_adopting_on_its_own_seed_agrees_within_the_intervals(document):
    result = run_sweep(document, small_sweep(leads=None), SerialExecutor())
    scenario = adopted_scenario(document, result, result.recommended)
    assert "Adopted from sweep 'small'" in scenario.description
    assert scenario.description != document.scenario("current thresholds").description
    rows = check_adoption(document, scenario, result, result.recommended)
    assert {r.metric for r in rows} >= {"accepted_per_month", "sla_breach_rate", "rep_utilisation"}
    assert all(r.agree for r in rows), [r.words() for r in rows]


def test_a_smaller_cohort_is_said_beside_the_figures_and_counts_are_not_compared(document):
    result = run_sweep(document, small_sweep(leads=3000), SerialExecutor())
    assert "3,000-lead cohort" in result.cohort_note and "10,920" in result.cohort_note
    assert result.cohort_note in result.reason
    scenario = adopted_scenario(document, result, result.recommended)
    assert result.cohort_note in scenario.description
    rows = {r.metric: r for r in check_adoption(document, scenario, result, result.recommended)}
    assert rows["accepted_per_month"].agree is None
    assert rows["rep_utilisation"].agree is not None


def test_the_example_sweep_runs_on_the_scenarios_own_cohort():
    from assets.examples import template_path
    from sequences import load_document

    example = load_document(template_path("patient-engagement"))
    assert all(s.leads is None for s in example.sweeps)

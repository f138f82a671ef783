"""The recommendation a planner defends: limits in words, economics, ties, edges, marginal values, sensitivity."""

from __future__ import annotations

import pytest

from sequences.economics import Economics
from sequences.sweep import Sweep
from simulation.sweeps.executors import SerialExecutor
from simulation.sweeps.explain import extend_axes
from simulation.sweeps.runner import SweepProblem, run_sweep

from .conftest import small_sweep

ECONOMICS = {"rep_cost_per_month": 9000, "opportunity_rate": 0.5, "average_deal_value": 48000, "win_rate": 0.25}


def _with_economics(document, **economics):
    base = document.scenario("current thresholds")
    priced = base.model_copy(update={"economics": Economics.model_validate(economics or ECONOMICS)})
    return document.model_copy(update={"scenarios": (priced, *document.scenarios[1:])})


def test_economics_needs_one_way_to_value_an_sql():
    assert Economics.model_validate(ECONOMICS).sql_value() == pytest.approx(6000)
    assert Economics(value_per_accepted_sql=5000).sql_value() == 5000
    with pytest.raises(ValueError, match="go together"):
        Economics(opportunity_rate=0.5)
    with pytest.raises(ValueError, match="not both"):
        Economics(value_per_accepted_sql=1, opportunity_rate=0.5, average_deal_value=1, win_rate=1)


def test_goal_and_limits_read_in_a_planners_words():
    sweep = small_sweep(objective={"metric": "pipeline_value_per_month"}, constraints=[
        {"metric": "sla_breach_rate", "op": "lte", "value": 0.1},
        {"metric": "acceptance_rate", "op": "gte", "value": 0.6},
        {"metric": "queue_wait_p90_hours", "op": "lte", "value": 8},
        {"metric": "cost_per_month", "op": "lte", "value": 45000}])
    assert sweep.goal_words() == ("Maximise pipeline value a month, subject to SLA breach rate ≤ 10.0%, "
                                  "acceptance rate ≥ 60.0%, queue wait p90 ≤ 8.0 h, rep cost a month ≤ $45,000.")
    with pytest.raises(ValueError, match="unknown figure 'happiness'"):
        small_sweep(constraints=[{"metric": "happiness", "value": 1}])


def test_economics_give_money_figures_per_point_and_state_them_in_the_reason(document):
    priced = _with_economics(document)
    sweep = small_sweep(objective={"metric": "pipeline_value_per_month"},
                        constraints=[{"metric": "cost_per_month", "op": "lte", "value": 30000}])
    result = run_sweep(priced, sweep, SerialExecutor())
    for point in result.points:
        assert point.figure("cost_per_month") == 9000 * point.settings["reps"]
        assert point.figure("pipeline_value_per_month") == pytest.approx(6000 * point.figure("accepted_per_month"))
        assert point.feasible == (point.settings["reps"] * 9000 <= 30000)
    infeasible = [p for p in result.points if not p.feasible]
    assert infeasible and all("rep cost a month $36,000 breaks rep cost a month ≤ $30,000" in p.violations[0]
                              for p in infeasible)
    assert "rep cost per accepted SQL $" in result.reason
    assert "pipeline value a month $" in result.reason
    rep = next(m for m in result.marginals if m["key"] == "reps")
    assert rep["cost"] == 9000
    assert rep["value"] == pytest.approx(6000 * rep["accepted"]["mean"])


def test_a_sweep_asking_for_money_without_economics_says_what_to_add(document):
    base = document.scenario("current thresholds").model_copy(update={"economics": None})
    unpriced = document.model_copy(update={"scenarios": (base, *document.scenarios[1:])})
    with pytest.raises(SweepProblem, match="has no economics: add economics"):
        run_sweep(unpriced, small_sweep(objective={"metric": "net_value_per_month"}), SerialExecutor())
    priced = _with_economics(unpriced, rep_cost_per_month=9000)
    with pytest.raises(SweepProblem, match="has no value per accepted SQL"):
        run_sweep(priced, small_sweep(objective={"metric": "pipeline_value_per_month"}), SerialExecutor())


def test_ties_go_to_the_cheaper_setting_and_the_reason_says_so(document):
    # More reps never change accepted SQLs in this example: every reps value ties, so the fewest reps win.
    sweep = small_sweep(axes=[{"parameter": "sql_total", "values": [80]}, {"parameter": "reps", "values": [6, 3, 4]}],
                        constraints=[], simulate_top=3, simulate_check=0)
    result = run_sweep(document, sweep, SerialExecutor())
    best = result.point(result.recommended)
    assert best.settings["reps"] == 3
    assert len(result.ties) == 2
    assert "tie" in result.reason


def test_the_edge_of_an_axis_is_said_and_the_axis_can_be_extended(document):
    sweep = small_sweep(axes=[{"parameter": "sql_total", "values": [60, 80, 100]}], constraints=[])
    result = run_sweep(document, sweep, SerialExecutor())
    best = result.point(result.recommended)
    assert best.settings["sql_total"] == 60  # the loosest bar gives the most accepted SQLs
    assert result.edges == [{"parameter": "sql_total", "side": "lowest", "value": 60.0, "suggested": 40.0}]
    longer = extend_axes(sweep, result.edges)
    assert longer.axes[0].values == (40.0, 60.0, 80.0, 100.0)
    ranged = Sweep.model_validate({**sweep.model_dump(), "axes": [{"parameter": "sql_total", "low": 60, "high": 100,
                                                                   "steps": 3}]})
    assert extend_axes(ranged, result.edges).axes[0].grid() == (40.0, 60.0, 80.0, 100.0)


def test_sensitivity_compares_simulated_neighbours_on_the_same_draws(document):
    sweep = small_sweep(axes=[{"parameter": "sql_total", "values": [60, 70, 80, 90, 100]},
                              {"parameter": "mql_total", "values": [35, 45]}],
                        simulate_top=1, simulate_check=0, constraints=[])
    result = run_sweep(document, sweep, SerialExecutor())
    best = result.point(result.recommended)
    rows = result.sensitivity
    assert {r["parameter"] for r in rows} == {"sql_total", "mql_total"}
    for row in rows:
        other = result.point(row["index"])
        assert other.simulated is not None, "a neighbour is simulated, never only screened"
        assert row["change"] == pytest.approx(other.figure("accepted_per_month") - best.figure("accepted_per_month"))
        assert row["low"] <= row["change"] <= row["high"]


def test_an_sla_axis_says_which_handoff_nodes_keep_their_own_sla(document):
    sweep = small_sweep(axes=[{"parameter": "sla_hours", "values": [8, 72]}], simulate_top=0, simulate_check=0)
    result = run_sweep(document, sweep, SerialExecutor())
    assert len(result.warnings) == 1
    assert "'Hand to sales' (24 h) keep their own SLA" in result.warnings[0]
    assert run_sweep(document, small_sweep(simulate_top=0, simulate_check=0), SerialExecutor()).warnings == []

"""A lean replication (a sweep's) keeps less as it runs, and reports exactly what a full one reports."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assets.examples import example_paths
from sequences import load_document
from sequences.timing import ResponseLags, SendWindow
from simulation.checks import problems
from simulation.compiled import compile_model
from simulation.engine import Engine, SimulationError
from simulation.runner import run_replication

from .sim_docs import document, scenario
from .test_any_valid_document_runs import valid_documents

EXAMPLES = sorted(example_paths())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_a_lean_replication_reports_what_a_full_one_does(path):
    doc = load_document(path)
    for each in doc.scenarios:
        full = run_replication(doc, each, 11, 1, leads=4000)
        lean = run_replication(doc, each, 11, 1, leads=4000, detail=False)
        assert full["totals"]["sql_handoffs"] > 0, each.name
        assert set(lean) == {"totals", "time_to_mql", "time_to_sql", "rejection_reasons", "queues",
                             "response_bands"}
        assert lean == {key: full[key] for key in lean}, each.name


def test_a_lean_engine_has_no_detail_to_give():
    document = load_document(EXAMPLES[0])
    engine = Engine(compile_model(document, document.scenarios[0]), 1, 0, 500, detail=False)
    with pytest.raises(ValueError, match="lean tally"):
        engine.run(detail=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(doc=valid_documents(), timing=st.sampled_from(["none", "lags", "window", "both"]), replication=st.integers(0, 3))
def test_walking_leads_through_emails_and_waits_changes_no_figure(doc, timing, replication):
    # A lean replication walks each lead down its run of emails and waits at once; the full one moves batches
    # node by node, window by window. Send windows, response lags, recycling: the same figures.
    scenario = doc.scenarios[0]
    lags = ResponseLags() if timing in ("lags", "both") else None
    window = SendWindow(days=("tue", "thu"), hours={"start": 9.5, "end": 11}) if timing in ("window", "both") else None
    scenario = scenario.model_copy(update={
        "behaviour": scenario.behaviour.model_copy(update={"response_lag_hours": lags}), "sending": window})
    assume(not problems(doc, scenario))
    full = run_replication(doc, scenario, 5, replication)
    lean = run_replication(doc, scenario, 5, replication, detail=False)
    assert lean == {key: full[key] for key in lean}


def _loop(days: float):
    nodes = [{"id": "start", "kind": "entry"}, {"id": "e1", "kind": "email", "topic": "roi"},
             {"id": "w1", "kind": "wait", "days": days}, {"id": "end", "kind": "exit"}]
    edges = [{"from": "start", "to": "e1"}, {"from": "e1", "to": "w1"}, {"from": "w1", "to": "e1"}]
    return document(nodes, edges, [scenario(cohort={"arrivals": [{"entry": "start", "leads": 300}]}, horizon_days=60)])


def test_a_walk_round_a_long_loop_pauses_and_resumes_with_the_same_figures():
    # 0.01-day waits for 60 days: thousands of steps per lead, more than one walk takes at a time.
    doc = _loop(0.01)
    full = run_replication(doc, doc.scenarios[0], 1, 0)
    lean = run_replication(doc, doc.scenarios[0], 1, 0, detail=False)
    assert full["totals"]["unsubscribed"] > 0 and full["totals"]["in_nurture"] > 0
    assert lean == {key: full[key] for key in lean}


def test_a_loop_of_no_time_is_named_at_once():
    # The validator refuses it; the engine, handed one anyway, says so instead of going round for ever.
    doc = _loop(0.0)
    with pytest.raises(SimulationError, match="loop without ever waiting through e1"):
        run_replication(doc, doc.scenarios[0], 1, 0, detail=False)


def _branch_loop(days: float, horizon: float):
    # Round a branch and a wait: the branch is no part of a walk, so every round is a pass of the engine.
    nodes = [{"id": "start", "kind": "entry"},
             {"id": "ask", "kind": "branch", "outputs": [
                 {"label": "it", "when": [{"field": "role", "op": "eq", "value": "it"}]}, {"label": "else"}]},
             {"id": "pause", "kind": "wait", "days": days}, {"id": "end", "kind": "exit"}]
    edges = [{"from": "start", "to": "ask"}, {"from": "ask", "port": "it", "to": "pause"},
             {"from": "ask", "port": "else", "to": "pause"}, {"from": "pause", "to": "ask"}]
    return document(nodes, edges, [scenario(cohort={"arrivals": [{"entry": "start", "leads": 40}]},
                                            horizon_days=horizon)])


def test_a_lean_replication_runs_a_slow_loop_to_the_horizon():
    # 0.01-day rounds for 120 days: 12,000 rounds, more passes than the guard allows at one time, each
    # bringing the leads' time forward. The full replication goes window by window; both end alike.
    doc = _branch_loop(0.01, 120)
    full = run_replication(doc, doc.scenarios[0], 1, 0)
    lean = run_replication(doc, doc.scenarios[0], 1, 0, detail=False)
    assert full["totals"]["in_nurture"] == 40
    assert lean == {key: full[key] for key in lean}


def test_a_loop_through_a_branch_that_takes_no_time_is_named():
    doc = _branch_loop(0.0, 30)
    with pytest.raises(SimulationError, match="loop without ever waiting through"):
        run_replication(doc, doc.scenarios[0], 1, 0, detail=False)

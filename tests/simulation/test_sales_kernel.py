"""The compiled sales slice serves a first-in-first-out queue exactly as the numpy one does."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assets.examples import example_paths
from sequences import load_document
from sequences.sales_model import Acceptance, RecyclePolicy, Sla
from simulation import sales_flow
from simulation.checks import problems
from simulation.runner import run_replication
from simulation.sales import SalesTeam

from .sim_docs import chain_graph, document, scenario
from .test_any_valid_document_runs import valid_documents


def both_ways(monkeypatch, doc, scenario, seed, replication, leads=None, detail=True):
    """(figures with the compiled slice, figures with numpy only, how many slices went the compiled way)."""
    served = []
    one_pass = sales_flow.SalesFlow._serve_in_one_pass

    def counted(self, *args):
        served.append(len(args[2]))
        return one_pass(self, *args)

    with monkeypatch.context() as patch:
        patch.setattr(sales_flow.SalesFlow, "_serve_in_one_pass", counted)
        compiled = run_replication(doc, scenario, seed, replication, leads, detail=detail)
    with monkeypatch.context() as patch:
        patch.setattr(SalesTeam, "one_pass", lambda self, last: False)
        plain = run_replication(doc, scenario, seed, replication, leads, detail=detail)
    return compiled, plain, len(served)


@pytest.mark.parametrize("detail", [True, False], ids=["full", "lean"])
def test_the_patient_engagement_example_gives_the_same_figures_either_way(monkeypatch, detail):
    path = next(p for p in example_paths() if p.name.startswith("patient_engagement"))
    doc = load_document(path)
    for each in doc.scenarios:
        compiled, plain, slices = both_ways(monkeypatch, doc, each, 11, 1, leads=6000, detail=detail)
        assert slices > 10, each.name
        assert compiled["totals"]["recycled"] > 0 and compiled["totals"]["rejected"] > 0
        assert compiled == plain, each.name


@pytest.mark.parametrize("clock", ["business", "calendar"])
@pytest.mark.parametrize("max_rounds", [None, 0, 1, 3])
@pytest.mark.parametrize("curve", [True, False], ids=["speed-to-lead", "no-curve"])
def test_a_busy_recycling_queue_gives_the_same_figures_either_way(monkeypatch, clock, max_rounds, curve):
    # A queue that falls behind (SLA breaches, stalls, leads still waiting at the horizon), rejections by
    # reason, leads recycled round after round until their rounds run out.
    acceptance = {"recycle": {"cooldown_days": 0.0, "max_rounds": max_rounds},
                  "after_rejection": {"bad_timing": "recycle", "no_response": "recycle", "not_a_fit": "disqualify"},
                  "rejection_reasons": {"bad_timing": 0.6, "not_a_fit": 0.4},
                  **({} if curve else {"by_response_time": []})}
    nodes, edges = chain_graph()
    doc = document(nodes, edges, [scenario(
        modern=True, cohort={"arrivals": [{"entry": "start", "leads_per_week": 300, "weeks": 30}]},
        behaviour={"default": {"open": 0.6, "click_given_open": 0.5, "hand_raise": 0.2, "unsubscribe": 0.01}},
        sales={"reps": 2, "first_touches_per_rep_per_day": 9}, acceptance=acceptance,
        sla={"first_outreach_hours": 8, "status_update_hours": 4, "clock": clock},
        stall={"queue_days": 2}, horizon_days=240)])
    each = doc.scenarios[0]
    assert not problems(doc, each)
    for detail in (True, False):
        compiled, plain, slices = both_ways(monkeypatch, doc, each, 3, 0, detail=detail)
        assert compiled == plain
        totals, queue = compiled["totals"], compiled["queues"]["sales"]
        assert slices > 20 and totals["sla_breaches"] > 0 and queue["queue_stalled"] > 0
        assert queue["in_queue_at_horizon"] > 0 and queue["lost_to_slow_response"] >= (1 if curve else 0)
        assert (totals["recycled"] > 0) == (max_rounds != 0)
        assert queue["handoffs_by_round"]["2"] > 0 if max_rounds != 0 else queue["handoffs_by_round"]["2"] == 0


@pytest.mark.parametrize("clock", ["business", "calendar"])
def test_a_queue_with_a_pickup_gives_the_same_figures_either_way(monkeypatch, clock):
    """Reps who get to a lead hours after taking it: the compiled slice touches it when the numpy one does,
    and the later touches show in the waits, the SLA breaches and the speed-to-lead losses."""
    acceptance = {"recycle": {"cooldown_days": 0.0, "max_rounds": 2},
                  "after_rejection": {"bad_timing": "recycle", "no_response": "recycle", "not_a_fit": "disqualify"},
                  "rejection_reasons": {"bad_timing": 0.6, "not_a_fit": 0.4}}
    nodes, edges = chain_graph()

    def with_pickup(pickup):
        return document(nodes, edges, [scenario(
            modern=True, cohort={"arrivals": [{"entry": "start", "leads_per_week": 200, "weeks": 30}]},
            behaviour={"default": {"open": 0.6, "click_given_open": 0.5, "hand_raise": 0.2, "unsubscribe": 0.01}},
            sales={"reps": 3, "first_touches_per_rep_per_day": 12, "pickup": pickup}, acceptance=acceptance,
            sla={"first_outreach_hours": 8, "clock": clock}, horizon_days=240)])

    doc = with_pickup({"median": 4.0, "p90": 30.0})
    compiled, plain, slices = both_ways(monkeypatch, doc, doc.scenarios[0], 3, 0)
    assert slices > 20 and compiled == plain
    prompt = run_replication(*(lambda d: (d, d.scenarios[0]))(with_pickup(None)), 3, 0)
    late, on_time = compiled["queues"]["sales"], prompt["queues"]["sales"]
    assert late["mean_wait_hours"] > on_time["mean_wait_hours"] + 4
    assert late["sla_breaches"] / late["sla_due"] > on_time["sla_breaches"] / on_time["sla_due"] + 0.1
    assert late["lost_to_slow_response"] > on_time["lost_to_slow_response"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                   HealthCheck.function_scoped_fixture])
@given(doc=valid_documents(), clock=st.sampled_from(["business", "calendar"]), curve=st.booleans(),
       cooldown=st.sampled_from([0.0, 0.5, 3.0]), max_rounds=st.sampled_from([None, 0, 1, 3]),
       detail=st.booleans(), replication=st.integers(0, 3))
def test_any_queue_the_slice_covers_gives_the_same_figures_either_way(monkeypatch, doc, clock, curve, cooldown,
                                                                      max_rounds, detail, replication):
    # Business-hours or calendar SLAs, the speed-to-lead curve or none, recycling with and without a limit on
    # rounds: every counter, time and queue figure matches the numpy slice's, figure for figure.
    scenario = doc.scenarios[0]
    acceptance = Acceptance(recycle=RecyclePolicy(cooldown_days=cooldown, max_rounds=max_rounds),
                            **({} if curve else {"by_response_time": ()}))
    sla = Sla(first_outreach_hours=scenario.sla.first_outreach_hours,
              status_update_hours=scenario.sla.status_update_hours, clock=clock)
    scenario = scenario.model_copy(update={"acceptance": acceptance, "sla": sla})
    assume(not problems(doc, scenario))
    compiled, plain, slices = both_ways(monkeypatch, doc, scenario, 5, replication, detail=detail)
    assert compiled == plain
    assert slices > 0 or not compiled["totals"]["sql_handoffs"]

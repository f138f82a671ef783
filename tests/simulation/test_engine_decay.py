"""Intent decays in closed form: a threshold is crossed downwards exactly h*log2(I0/T) days later."""

from __future__ import annotations

import math

import pytest

from simulation import simulate

from .sim_docs import document, scenario

HALF_LIFE = 10.0


def _decay_doc(wait_days: float, threshold: float):
    nodes = [{"id": "start", "kind": "entry", "trigger": "demo_request"},
             {"id": "w", "kind": "wait", "days": wait_days},
             {"id": "test", "kind": "branch", "outputs": [
                 {"label": "warm", "when": [{"field": "intent", "op": "gte", "value": threshold}]},
                 {"label": "else"}]},
             {"id": "warm_exit", "kind": "exit"}, {"id": "cold_exit", "kind": "exit"}]
    edges = [{"from": "start", "to": "w"}, {"from": "w", "to": "test"},
             {"from": "test", "port": "warm", "to": "warm_exit"}, {"from": "test", "port": "else", "to": "cold_exit"}]
    scoring = {"entry_points": {"demo_request": 40}, "decay_half_life_days": HALF_LIFE,
               "sql": {"total": 1e9}, "mql": {"total": 1e9}}
    arrivals = {"arrivals": [{"entry": "start", "leads_per_week": 70, "weeks": 2}]}
    return document(nodes, edges, [scenario(cohort=arrivals)], scoring=scoring)


@pytest.mark.parametrize("threshold", [30.0, 20.0, 7.5])
def test_branch_sees_the_score_cross_exactly_at_the_closed_form_time(threshold):
    crossing = HALF_LIFE * math.log2(40 / threshold)
    for wait, expect_warm in ((crossing - 1e-6, True), (crossing + 1e-6, False)):
        result = simulate(_decay_doc(wait, threshold), replications=1)
        left = result.nodes["test"]["left"]
        arrived = result.totals["arrived"].mean
        assert left["warm" if expect_warm else "else"].mean == arrived, (threshold, wait, left)


def test_mql_is_counted_at_the_moment_an_email_pushes_the_score_over():
    nodes = [{"id": "start", "kind": "entry"}, {"id": "w", "kind": "wait", "days": 6},
             {"id": "mail", "kind": "email", "topic": "integration"}, {"id": "out", "kind": "exit"}]
    edges = [{"from": "start", "to": "w"}, {"from": "w", "to": "mail"}, {"from": "mail", "to": "out"}]
    scoring = {"entry_points": {"lead_magnet": 30}, "decay_half_life_days": 6,
               "intent": [{"event": "open", "points": 30}], "mql": {"total": 44}, "sql": {"total": 1e9}}
    # Instant responses: the decay arithmetic is the point here (test_send_timing covers response lags).
    rates = {"default": {"open": 1.0, "click_given_open": 0.0, "hand_raise": 0.0, "unsubscribe": 0.0},
             "response_lag_hours": None}
    doc = document(nodes, edges, [scenario(behaviour=rates, cohort={"arrivals": [{"entry": "start",
                                                                                    "leads": 100}]})], scoring)
    result = simulate(doc, replications=1)
    # 30 points halve to 15 by day 6, the open adds 30: 45 >= 44, an MQL at day 6 exactly.
    assert result.totals["mqls"].mean == 100
    assert result.time_to_mql["p10"].mean == result.time_to_mql["p90"].mean == 6.0
    assert result.daily["mqls"]["mean"][6] == 100


def test_sql_hands_off_at_the_crossing_wherever_the_lead_is():
    nodes = [{"id": "start", "kind": "entry"}, {"id": "w", "kind": "wait", "days": 2},
             {"id": "mail", "kind": "email", "topic": "integration"}, {"id": "w2", "kind": "wait", "days": 30},
             {"id": "out", "kind": "exit"}]
    edges = [{"from": "start", "to": "w"}, {"from": "w", "to": "mail"}, {"from": "mail", "to": "w2"},
             {"from": "w2", "to": "out"}]
    scoring = {"intent": [{"event": "hand_raise", "points": 100}], "sql": {"total": 90, "require_hand_raise": True}}
    rates = {"default": {"open": 1.0, "click_given_open": 0.0, "hand_raise": 0.25, "unsubscribe": 0.0},
             "response_lag_hours": None}
    doc = document(nodes, edges, [scenario(behaviour=rates)], scoring)
    result = simulate(doc, replications=4)
    sqls = result.totals["sql_leads"].mean
    assert 0.2 * 4000 < sqls < 0.3 * 4000
    assert result.nodes["mail"]["left"]["sales"].mean == sqls
    assert result.time_to_sql["p50"].mean == 2.0
    assert result.nodes["w2"]["entered"].mean == 4000 - sqls

"""Send windows and response lags against independent oracles: a brute-force calendar and the lognormal."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from simulation import simulate
from simulation.runner import run_replication

from .sim_docs import document, scenario

NODES = [{"id": "start", "kind": "entry"}, {"id": "mail", "kind": "email", "topic": "roi"},
         {"id": "done", "kind": "exit"}]
EDGES = [{"from": "start", "to": "mail"}, {"from": "mail", "to": "done"}]
# An open makes the lead an MQL: time to MQL is the time from arrival to the response.
SCORING = {"intent": [{"event": "open", "points": 50}, {"event": "hand_raise", "points": 50}],
           "mql": {"total": 40}, "sql": {"total": 90, "require_hand_raise": True}}
OPENS = {"open": 1.0, "click_given_open": 0.0, "hand_raise": 0.0, "unsubscribe": 0.0}
WINDOW = {"days": ["mon", "tue", "wed", "thu", "fri"], "hours": {"start": 9, "end": 17}}


def oracle_delay_hours(t: float) -> float:
    """Hours from ``t`` (hours from a Monday midnight) to the window's next opening, hour by hour."""
    h = t
    while not ((int(h // 24) % 7) < 5 and 9 <= h % 24 < 17):
        h = math.floor(h + 1e-9) + 1.0
    return h - t


def test_an_email_due_outside_the_window_goes_at_the_next_opening():
    sc = scenario(cohort={"arrivals": [{"entry": "start", "leads_per_week": 4000, "weeks": 4,
                                        "variability": "exact"}]},
                  behaviour={"default": OPENS, "response_lag_hours": None}, sending=WINDOW, horizon_days=35)
    result = simulate(document(NODES, EDGES, [sc], SCORING), replications=1)
    assert result.totals["mqls"].mean == 16_000
    minutes = np.arange(0, 7 * 24 * 60, 5) / 60.0
    expected = np.percentile([oracle_delay_hours(h) for h in minutes], [10, 25, 50, 75, 90]) / 24.0
    got = [result.time_to_mql[q].mean for q in ("p10", "p25", "p50", "p75", "p90")]
    assert got == pytest.approx(expected.tolist(), abs=0.02)
    mqls = np.array(result.daily["mqls"]["mean"][:28]).reshape(4, 7)
    assert (mqls[:, 5:] == 0).all() and (mqls[:, :5] > 0).all()  # nothing goes out at weekends


def test_an_email_with_its_own_window_overrides_the_scenarios():
    nodes = [dict(NODES[1], sending={"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]})]
    sc = scenario(cohort={"arrivals": [{"entry": "start", "leads": 500, "start_day": 5.5}]},  # Saturday noon
                  behaviour={"default": OPENS, "response_lag_hours": None}, sending=WINDOW, horizon_days=20)
    own = simulate(document([NODES[0], *nodes, NODES[2]], EDGES, [sc], SCORING), replications=1)
    assert own.time_to_mql["p90"].mean == pytest.approx(0.0)  # sent at once, Saturday or not (00:00-24:00)
    scenario_window = simulate(document(NODES, EDGES, [sc], SCORING), replications=1)
    assert scenario_window.time_to_mql["p50"].mean == pytest.approx(1.5 + 9 / 24)  # Monday 09:00


LAGS = {"open": {"median": 3, "p90": 30}, "click": {"median": 4, "p90": 36}, "hand_raise": {"median": 24, "p90": 120}}


def lag_world(rates: dict, extra_nodes=(), extra_edges=None):
    sc = scenario(cohort={"arrivals": [{"entry": "start", "leads": 20_000}]}, horizon_days=60,
                  behaviour={"default": rates, "response_lag_hours": LAGS})
    return document(NODES[:2] + list(extra_nodes) + NODES[2:], extra_edges or EDGES, [sc], SCORING)


def test_response_lags_are_lognormal_with_the_given_median_and_p90_and_scores_move_at_the_response():
    result = simulate(lag_world(OPENS), replications=1)
    # Every lead arrives at day 0 and is mailed at once: the MQL moment is the open's lag.
    assert result.time_to_mql["p50"].mean == pytest.approx(3 / 24, rel=0.04)
    assert result.time_to_mql["p90"].mean == pytest.approx(30 / 24, rel=0.06)
    raised = simulate(lag_world(dict(OPENS, hand_raise=1.0)), replications=1)
    # A hand-raise takes its own (longer) lag; the SQL crossing and the handoff happen then, not at delivery.
    assert raised.time_to_sql["p50"].mean == pytest.approx(1.0, rel=0.04)
    assert raised.time_to_sql["p90"].mean == pytest.approx(5.0, rel=0.06)
    assert raised.daily["sql_handoffs"]["mean"][0] < 0.6 * 20_000


def test_wait_until_event_hears_the_response_at_its_lag():
    nodes = [{"id": "listen", "kind": "wait", "mode": "until_event", "event": "open", "days": 0.5}]
    edges = [{"from": "start", "to": "mail"}, {"from": "mail", "to": "listen"},
             {"from": "listen", "port": "event", "to": "done"}, {"from": "listen", "port": "timeout", "to": "done"}]
    result = simulate(lag_world(OPENS, nodes, edges), replications=1)
    sigma = math.log(30 / 3) / NormalDist().inv_cdf(0.9)
    expected = NormalDist().cdf(math.log(12 / 3) / sigma)  # P(lag <= 12 hours)
    listen = result.nodes["listen"]
    assert listen["left"]["event"].mean / listen["entered"].mean == pytest.approx(expected, abs=0.015)


@pytest.mark.parametrize("detail", [True, False], ids=["full", "lean"])
def test_an_event_already_heard_lets_the_lead_go_the_moment_it_arrives(detail):
    # Every lead raises a hand at the email; two days later it reaches a wait for that hand-raise: if the
    # response came already, the lead goes on at once, never back in time to the response.
    nodes = [{"id": "pause", "kind": "wait", "days": 2},
             {"id": "listen", "kind": "wait", "mode": "until_event", "event": "hand_raise", "days": 5},
             {"id": "handoff", "kind": "handoff"}]
    edges = [{"from": "start", "to": "mail"}, {"from": "mail", "to": "pause"}, {"from": "pause", "to": "listen"},
             {"from": "listen", "port": "event", "to": "handoff"}, {"from": "listen", "port": "timeout", "to": "done"}]
    doc = lag_world(dict(OPENS, hand_raise=1.0), nodes, edges)
    scoring = {"mql": {"total": 1e9}, "sql": {"total": 1e9}}
    doc = doc.model_copy(update={"scoring": doc.scoring.model_validate(scoring)})
    figures = run_replication(doc, doc.scenarios[0], 3, 0, detail=detail)
    at_sql = figures["time_to_sql"]
    # Hand-raise lags have a one-day median: most leads had answered when they arrived (the rest leave at
    # their answer, later).
    assert figures["totals"]["sql_handoffs"] > 1000
    assert at_sql["p10"] == at_sql["p50"] == pytest.approx(2.0) and at_sql["p90"] > 2.5

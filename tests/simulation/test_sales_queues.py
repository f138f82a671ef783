"""Several sales queues, routing, the business-hours SLA clock, holidays and outside load, run through the engine."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulation import simulate
from simulation.clock import WorkingClock
from simulation.compiled import compile_model
from simulation.engine import Engine
from simulation.sales import priority_starts
from simulation.tally import ACCEPTED

from .sim_docs import document, scenario

DEMO = {"id": "start", "kind": "entry", "trigger": "demo_request"}


def _two_queue_graph():
    """Demo requests go by role: clinical leaders to the AE team's handoff, everyone else to the SDRs."""
    nodes = [DEMO, {"id": "by_role", "kind": "branch", "outputs": [
        {"label": "clin", "when": [{"field": "role", "op": "eq", "value": "clinical_leadership"}]},
        {"label": "else"}]},
        {"id": "to_ae", "kind": "handoff", "queue": "ae", "sla_hours": 8},
        {"id": "to_sdr", "kind": "handoff", "queue": "sdr", "sla_hours": 4}]
    edges = [{"from": "start", "to": "by_role"}, {"from": "by_role", "port": "clin", "to": "to_ae"},
             {"from": "by_role", "port": "else", "to": "to_sdr"}]
    return nodes, edges


QUEUES = {
    "sdr": {"reps": 2, "first_touches_per_rep_per_day": 16, "sla": {"first_outreach_hours": 4}},
    "ae": {"reps": 1, "first_touches_per_rep_per_day": 6, "sla": {"first_outreach_hours": 8},
           "acceptance": {"by_fit_band": [{"fit_min": 0, "accept": 0.9}], "after_rejection": "disqualify"}},
}


def test_handoff_nodes_route_to_their_queues_and_the_queues_add_up_to_the_totals():
    nodes, edges = _two_queue_graph()
    sc = scenario(modern=True, cohort={"arrivals": [{"entry": "start", "leads_per_week": 60, "weeks": 10}]},
                  horizon_days=90, sales={"queues": QUEUES}, replications=3)
    result = simulate(document(nodes, edges, [sc]))
    queues, totals = result.queues, result.totals
    assert set(queues) == {"sdr", "ae"}
    # Half the leads are clinical leaders: the AE queue gets about half the handoffs.
    assert queues["ae"]["handoffs"].mean == pytest.approx(totals["sql_handoffs"].mean / 2, rel=0.1)
    for figure in ("handoffs", "first_touches", "accepted", "rejected", "sla_breaches"):
        total = {"handoffs": "sql_handoffs"}.get(figure, figure)
        assert sum(q[figure].mean for q in queues.values()) == pytest.approx(totals[total].mean)
    for reason, estimate in result.rejection_reasons.items():
        assert sum(q["rejection_reasons"][reason].mean for q in queues.values()
                   if reason in q["rejection_reasons"]) == pytest.approx(estimate.mean)
    # One AE for ~30 demos a week at 6 touches a day is full for the ten weeks; two SDRs at 16 a day are not.
    assert queues["ae"]["rep_utilisation"].mean > 0.7 > 0.5 > queues["sdr"]["rep_utilisation"].mean
    assert queues["ae"]["sla_breach_rate"].mean > queues["sdr"]["sla_breach_rate"].mean
    assert sum(result.response_bands[k].mean for k in result.response_bands) == pytest.approx(totals["accepted"].mean)


def test_routing_rules_send_threshold_handoffs_to_the_first_matching_queue():
    nodes = [{"id": "start", "kind": "entry", "trigger": "demo_request"}, {"id": "e1", "kind": "email"},
             {"id": "done", "kind": "exit"}]
    edges = [{"from": "start", "to": "e1"}, {"from": "e1", "to": "done"}]
    routing = [{"when": [{"field": "role", "op": "eq", "value": "it"}], "queue": "ae"}]
    sc = scenario(modern=True, sales={"queues": QUEUES, "routing": routing}, replications=1,
                  behaviour={"default": {"open": 1, "click_given_open": 0, "hand_raise": 1, "unsubscribe": 0}})
    doc = document(nodes, edges, [sc], scoring={"intent": [{"event": "hand_raise", "points": 50}],
                                                "mql": {"total": 10}, "sql": {"total": 40}})
    engine = Engine(compile_model(doc, doc.scenarios[0]), 3, 0)
    figures = engine.run()
    it = engine.leads.attrs["role"] == engine.compiled.code("role", "it")
    handed = np.isfinite(engine.leads.sql_t)
    assert figures["queues"]["ae"]["handoffs"] == int(np.count_nonzero(it & handed)) > 1000
    # No rule for clinical leaders: they go to the first queue.
    assert figures["queues"]["sdr"]["handoffs"] == int(np.count_nonzero(~it & handed)) > 1000


def test_idle_reps_on_a_business_clock_never_breach_and_on_the_calendar_clock_do():
    nodes, edges = [DEMO, {"id": "h", "kind": "handoff", "sla_hours": 4}], [{"from": "start", "to": "h"}]
    arrivals = {"arrivals": [{"entry": "start", "leads_per_week": 200, "weeks": 20}]}
    rates = {}
    for clock in ("business", "calendar"):
        sc = scenario(modern=True, cohort=arrivals, sla={"clock": clock},
                      sales={"reps": 200, "first_touches_per_rep_per_day": 40}, replications=2)
        result = simulate(document(nodes, edges, [sc]))
        assert result.totals["rep_utilisation"].mean < 0.01
        rates[clock] = result.totals["sla_breach_rate"].mean
    assert rates["business"] == 0.0
    # A handoff waits past four calendar hours when it comes more than four hours before the next opening:
    # 17:00 to 5:00 on four weeknights and Friday 17:00 to Monday 5:00, 108 of the week's 168 hours.
    assert rates["calendar"] == pytest.approx((4 * 12 + 60) / 168, abs=0.02)


def test_a_holiday_closes_the_team_and_the_business_clock_skips_it():
    nodes, edges = [DEMO, {"id": "h", "kind": "handoff", "sla_hours": 4}], [{"from": "start", "to": "h"}]
    start = dt.date(2027, 1, 4)  # a Monday: day 0
    sc = scenario(modern=True, cohort={"arrivals": [{"entry": "start", "leads": 5, "start_day": 5.5}]},
                  sales={"reps": 5, "first_touches_per_rep_per_day": 8, "start_date": str(start),
                         "holidays": ["2027-01-11"]}, horizon_days=20, replications=1)
    result = simulate(document(nodes, edges, [sc]))
    # Saturday's leads are first touched on Tuesday at 9:00, the holiday Monday skipped; still within 4
    # business hours.
    assert result.daily["first_touches"]["mean"][8] == 5
    assert result.totals["sla_breaches"].mean == 0


def test_holidays_on_the_working_clock_round_trip():
    from sequences.scenario import Sales

    clock = WorkingClock(Sales(), holidays=(7, 9, 13))  # Monday, Wednesday and a Sunday (no effect)
    assert clock.to_work(np.array([7.5]))[0] == clock.to_work(np.array([7.0]))[0] == 40.0
    assert clock.to_calendar(np.array([40.0]))[0] == pytest.approx(8 + 9 / 24)  # Tuesday 9:00
    assert clock.to_calendar(np.array([48.0]))[0] == pytest.approx(10 + 9 / 24)  # Thursday 9:00
    t = np.array([0.4, 8.5, 10.6, 14.4])
    assert np.allclose(clock.to_calendar(clock.to_work(t)), t)


def test_outside_handoffs_load_the_team_but_are_not_counted_as_the_documents():
    nodes, edges = [DEMO, {"id": "h", "kind": "handoff"}], [{"from": "start", "to": "h"}]
    arrivals = {"arrivals": [{"entry": "start", "leads_per_week": 20, "weeks": 30}]}
    figures = {}
    for outside in (0, 100):
        sc = scenario(modern=True, cohort=arrivals, horizon_days=210, replications=3,
                      sales={"reps": 2, "first_touches_per_rep_per_day": 16, "other_handoffs_per_week": outside})
        figures[outside] = simulate(document(nodes, edges, [sc]))
    # 160 touches a week of capacity: 20 handoffs use 12.5%, with 100 more 75%.
    assert figures[0].totals["rep_utilisation"].mean == pytest.approx(20 / 160, abs=0.02)
    assert figures[100].totals["rep_utilisation"].mean == pytest.approx(120 / 160, abs=0.04)
    assert figures[100].totals["sql_handoffs"].mean == figures[0].totals["sql_handoffs"].mean
    # Most of a wait is nights and weekends; the outside load adds hours of queueing on top.
    assert figures[100].queues["sales"]["mean_wait_hours"].mean > figures[0].queues["sales"]["mean_wait_hours"].mean + 3


def test_fit_priority_serves_the_best_fit_first():
    arrivals = np.array([0.0, 0.1, 0.2, 0.3])
    starts = priority_starts(arrivals, np.ones(4), np.array([0.0, -10.0, -30.0, -20.0]), [0.0])
    # The first is served on arrival; then the best fit waiting (third, then fourth, then second).
    assert starts.tolist() == [0.0, 3.0, 1.0, 2.0]


def test_more_reps_never_lose_an_accepted_sql_lead_by_lead():
    nodes, edges = [DEMO, {"id": "h", "kind": "handoff"}], [{"from": "start", "to": "h"}]
    accepted = {}
    for reps in (1, 2, 4):
        sc = scenario(modern=True, cohort={"arrivals": [{"entry": "start", "leads_per_week": 60, "weeks": 12}]},
                      sales={"reps": reps, "first_touches_per_rep_per_day": 8}, horizon_days=120)
        engine = Engine(compile_model(document(nodes, edges, [sc]), document(nodes, edges, [sc]).scenarios[0]), 5, 0)
        engine.run()
        accepted[reps] = engine.leads.state == ACCEPTED
    assert accepted[1].sum() < accepted[2].sum() < accepted[4].sum()
    assert not (accepted[1] & ~accepted[2]).any() and not (accepted[2] & ~accepted[4]).any()


def test_leads_are_conserved_across_queues_and_recycling_rounds():
    """Two queues, recycling by reason with bounded rounds, outside load and variable touches: every lead
    that arrived is in exactly one place (the engine checks this after every window too)."""
    nodes, edges = _two_queue_graph()
    queues = {name: {**q, "touch_cv": 0.8, "other_handoffs_per_week": 30} for name, q in QUEUES.items()}
    queues["ae"]["acceptance"] = {"by_fit_band": [{"fit_min": 0, "accept": 0.3}],
                                  "after_rejection": {"no_evaluation_plan": "recycle", "poor_fit": "disqualify"},
                                  "recycle": {"cooldown_days": 3, "max_rounds": 2}}
    sc = scenario(modern=True, cohort={"arrivals": [{"entry": "start", "leads_per_week": 80, "weeks": 20}]},
                  horizon_days=150, sales={"queues": queues}, replications=2,
                  acceptance={"by_fit_band": [{"fit_min": 0, "accept": 0.4}], "recycle": {"cooldown_days": 5}})
    result = simulate(document(nodes, edges, [sc]))
    t = {k: v.mean for k, v in result.totals.items()}
    ended = t["completed"] + t["unsubscribed"] + t["exit_disqualified"] + t["exit_recycled"] + t["goal"]
    assert t["arrived"] == ended + t["accepted"] + t["disqualified"] + t["in_flight"]
    assert t["sql_handoffs"] == t["sql_leads"] + t["recycled"] - t["awaiting_recycle"] - t["in_nurture"]
    rounds = sum(r.mean for q in result.queues.values() for r in q["handoffs_by_round"].values())
    assert rounds == t["sql_handoffs"] and result.queues["ae"]["handoffs_by_round"]["3"].mean > 0
    assert result.queues["ae"]["handoffs_by_round"]["4+"].mean == 0  # two rounds at most


def test_fit_priority_equals_a_simpy_priority_resource():
    import simpy

    rng = np.random.default_rng(8)
    n, reps = 500, 3
    # Busy enough that leads wait; distinct arrival times (at a tie the engine takes the best fit of all
    # who came at that moment, where SimPy would take whoever requested first).
    arrivals = np.sort(rng.uniform(0, 300, n))
    service = rng.exponential(1.8, n)
    keys = -np.round(rng.uniform(0, 50, n))
    env = simpy.Environment()
    team = simpy.PriorityResource(env, capacity=reps)
    expected = np.zeros(n)

    def lead(i):
        yield env.timeout(arrivals[i] - env.now)
        with team.request(priority=keys[i]) as request:
            yield request
            expected[i] = env.now
            yield env.timeout(service[i])

    for i in range(n):
        env.process(lead(i))
    env.run()
    starts = priority_starts(arrivals, service, keys, [0.0] * reps)
    assert (starts >= arrivals).all() and (starts > arrivals).mean() > 0.3
    assert np.allclose(starts, expected)
    # Handoffs that came in overnight all reach the team at opening: the best fit is served first.
    assert priority_starts(np.zeros(3), np.ones(3), np.array([-1.0, -9.0, -5.0]), [0.0]).tolist() == [2.0, 0.0, 1.0]

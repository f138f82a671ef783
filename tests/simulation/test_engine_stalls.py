"""Stalls are counted where leads sit: long waits, MQLs that end nurture without SQL, the sales queue."""

from __future__ import annotations

from simulation import simulate

from .sim_docs import document, scenario


def test_stalls_are_where_mqls_finish_nurture_and_in_the_queue_never_at_planned_waits_or_exits():
    nodes = [{"id": "start", "kind": "entry", "trigger": "demo_request"},
             {"id": "slow", "kind": "wait", "days": 30},
             {"id": "split", "kind": "split",
              "outputs": [{"label": "a", "percent": 50}, {"label": "b", "percent": 50}]},
             {"id": "handoff", "kind": "handoff", "sla_hours": 24}, {"id": "done", "kind": "exit"}]
    edges = [{"from": "start", "to": "slow"}, {"from": "slow", "to": "split"},
             {"from": "split", "port": "a", "to": "handoff"}, {"from": "split", "port": "b", "to": "done"}]
    # Every lead is an MQL from its demo request; one rep with two touches a day cannot keep up.
    scoring = {"entry_points": {"demo_request": 50}, "mql": {"total": 40}, "sql": {"total": 1e9}}
    sc = scenario(cohort={"arrivals": [{"entry": "start", "leads": 200}]}, horizon_days=120,
                  sales={"reps": 1, "first_touches_per_rep_per_day": 2},
                  stall={"days_without_progress": 21, "queue_days": 5})
    result = simulate(document(nodes, edges, [sc], scoring), replications=1)
    # A planned 30-day wait is not a stall: every lead leaves it when planned.
    assert result.nodes["slow"]["stalled"].mean == 0
    to_exit = result.nodes["split"]["left"]["b"].mean
    # MQLs sent to the "completed" exit finish nurture at the split without reaching SQL: they stall
    # there, once each; the exit itself never stalls anyone.
    assert result.nodes["split"]["stalled"].mean == to_exit > 0
    assert result.nodes["done"]["stalled"].mean == 0
    assert result.totals["stalled"].mean == to_exit
    handed = result.totals["sql_handoffs"].mean
    # Handed off on day 30, a Wednesday: two touches on each of Wednesday, Thursday and Friday come
    # within five days; everyone else waits past Monday morning and stalls in the queue.
    assert result.daily["first_touches"]["mean"][30:35] == [2, 2, 2, 0, 0]
    assert result.totals["queue_stalled"].mean == handed - 6
    assert {place for place, _ in result.stall_points(3)} == {"split", "sales queue"}


def test_rejected_leads_return_to_nurture_when_marketing_updates_their_status():
    nodes = [{"id": "start", "kind": "entry", "trigger": "demo_request"}, {"id": "h", "kind": "handoff"},
             {"id": "again", "kind": "exit", "reason": "recycled"}]
    edges = [{"from": "start", "to": "h"}]
    sc = scenario(cohort={"arrivals": [{"entry": "start", "leads": 40}]}, horizon_days=5,
                  sales={"reps": 1, "first_touches_per_rep_per_day": 8},
                  acceptance={"by_fit_band": [{"fit_min": 0, "accept": 0}], "after_rejection": "recycle",
                              "recycle_to": "again", "rejection_reasons": {"poor_fit": 0.25, "no_budget": 0.75}},
                  sla={"first_outreach_hours": 24, "status_update_hours": 48})
    result = simulate(document(nodes, edges, [sc]), replications=1)
    totals = result.totals
    # Eight touches a day, Monday to Friday; each rejection returns 48 hours later, so Wednesday's,
    # Thursday's and Friday's returns (Monday's to Wednesday's touches) happen before day 5.
    assert result.daily["first_touches"]["mean"] == [8, 8, 8, 8, 8]
    assert totals["rejected"].mean == totals["recycled"].mean == 40
    assert totals["exit_recycled"].mean == 24 and totals["awaiting_recycle"].mean == 16
    reasons = result.rejection_reasons
    assert reasons["poor_fit"].mean + reasons["no_budget"].mean == 40 and reasons["no_budget"].mean > 20

"""The result object and the calling contract: JSON, weekly series, refusals, progress and cancel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sequences import load_document
from simulation import Cancelled, SimulationRefused, SimulationResult, simulate
from simulation.analytic import preview, with_thresholds

from .sim_docs import chain_graph, document, scenario

EXAMPLE = Path(__file__).parents[2] / "assets" / "examples" / "patient_engagement.nurture.yaml"


def test_result_round_trips_through_json_and_weekly_sums_the_days():
    result = simulate(load_document(EXAMPLE), replications=2, leads=2000)
    data = json.loads(result.to_json())
    again = SimulationResult.from_dict(data)
    assert again.to_json() == result.to_json()
    daily = result.daily["sql_handoffs"]["mean"]
    weekly = result.weekly("sql_handoffs")
    assert len(weekly) == -(-len(daily) // 7)
    assert weekly[1] == pytest.approx(sum(daily[7:14]))
    assert sum(weekly) == pytest.approx(result.totals["sql_handoffs"].mean)
    for figure in ("arrivals", "mqls", "sql_handoffs", "first_touches", "sla_breaches", "accepted", "rejected",
                   "recycled", "unsubscribed", "queue_length"):
        assert len(result.daily[figure]["mean"]) == 180
    assert set(result.breakdowns) >= {"role", "source", "offer", "care_setting"}
    role = result.breakdowns["role"]
    assert sum(v["arrived"].mean for v in role.values()) == result.totals["arrived"].mean
    assert result.nodes["wait_click"]["left"]["event"].mean > 0
    assert result.time_to_sql["p50"].mean is not None


def test_intervals_shrink_with_more_replications():
    doc = load_document(EXAMPLE)
    few = simulate(doc, replications=3, leads=2000).totals["mqls"]
    many = simulate(doc, replications=12, leads=2000).totals["mqls"]
    assert few.low < few.mean < few.high
    assert (many.high - many.low) < (few.high - few.low)


def test_an_impossible_scenario_is_refused_with_its_findings():
    nodes, edges = chain_graph()
    bad = scenario(cohort={"arrivals": [{"entry": "e1", "leads": 10}]}, sales={"reps": 0})
    with pytest.raises(SimulationRefused) as caught:
        simulate(document(nodes, edges, [bad]))
    codes = {f.code for f in caught.value.findings}
    assert {"sim.arrival_entry", "sim.no_sales"} <= codes
    assert "'e1'" in str(caught.value)
    with pytest.raises(SimulationRefused, match="no scenario named"):
        simulate(document(nodes, edges), "nope")


def test_a_loop_without_a_wait_is_refused():
    nodes = [{"id": "start", "kind": "entry"}, {"id": "a", "kind": "email", "topic": "roi"},
             {"id": "b", "kind": "score", "points": 1}]
    edges = [{"from": "start", "to": "a"}, {"from": "a", "to": "b"}, {"from": "b", "to": "a"}]
    with pytest.raises(SimulationRefused, match="loop"):
        simulate(document(nodes, edges))


def test_progress_reaches_the_total_and_cancel_stops_the_run():
    doc = load_document(EXAMPLE)
    seen: list[tuple[int, int]] = []
    simulate(doc, replications=2, leads=1000, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1]
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:], strict=False))
    with pytest.raises(Cancelled):
        simulate(doc, replications=5, leads=1000, cancel=lambda: True)


def test_leads_rescales_the_cohort():
    doc = load_document(EXAMPLE)
    result = simulate(doc, replications=1, leads=1234)
    assert 1200 <= result.totals["arrived"].mean <= 1234


def test_preview_follows_a_threshold_slider():
    doc = load_document(EXAMPLE)
    base = doc.scenarios[0]
    low = preview(doc, with_thresholds(base, sql_total=70, document=doc), max_leads=3000)
    high = preview(doc, with_thresholds(base, sql_total=110, document=doc), max_leads=3000)
    assert high.sql_leads < low.sql_leads
    assert low.queue.stable and 0 < low.queue.utilisation < 1
    assert len(low.weekly_handoffs) == 26
    no_team = base.model_copy(update={"sales": base.sales.model_copy(update={"reps": 0})})
    with pytest.raises(SimulationRefused, match="no capacity"):
        preview(doc, no_team)


def test_a_changed_scenario_is_validated_as_it_is_not_as_the_document_has_it():
    doc = load_document(EXAMPLE)
    base = doc.scenarios[0]
    broken = with_thresholds(base, sql_total=10, document=doc)  # below the MQL bar: the validator objects
    with pytest.raises(SimulationRefused, match="SQL threshold"):
        simulate(doc, broken, replications=1, leads=500)

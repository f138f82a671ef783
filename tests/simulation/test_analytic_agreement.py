"""The simulator agrees with the absorbing Markov chain on graphs where the chain is exact."""

from __future__ import annotations

import pytest

from simulation import simulate
from simulation.analytic import markov

from .sim_docs import chain_graph, document, scenario


def _inside(estimate, value: float, widen: float = 1.7) -> bool:
    """Inside the 95% interval widened to about 99.9%, so a fixed seed is not a coin toss."""
    half = (estimate.high - estimate.low) / 2
    return abs(estimate.mean - value) <= widen * half + 1e-12


def _graphs():
    nodes, edges = chain_graph()
    # Arrivals spread over whole weeks: the chain averages a business-day wait over the weekday.
    weekly = {"arrivals": [{"entry": "start", "leads_per_week": 500, "weeks": 8}]}
    yield "chain", document(nodes, edges, [scenario(cohort=weekly)])
    linear = [{"id": "start", "kind": "entry"}] + [
        {"id": f"e{k}", "kind": "email", "topic": "roi"} for k in range(4)] + [
        {"id": "w", "kind": "wait", "days": 3}, {"id": "handoff", "kind": "handoff"}]
    links = [{"from": a["id"], "to": b["id"]} for a, b in zip(linear, linear[1:], strict=False)]
    linear.append({"id": "sql", "kind": "goal"})
    links.append({"from": "handoff", "to": "sql"})
    rates = {"default": {"open": 0.5, "click_given_open": 0.2, "hand_raise": 0.0, "unsubscribe": 0.2},
             "overrides": [{"role": "it", "unsubscribe": 0.4}], "response_lag_hours": None}
    # The chain's responses happen at delivery (and a wait's event after an exponential day): no lags.
    yield "linear", document(linear, links, [scenario(behaviour=rates)])
    split = [{"id": "start", "kind": "entry"},
             {"id": "s", "kind": "split", "outputs": [{"label": "a", "percent": 25}, {"label": "b", "percent": 75}]},
             {"id": "hr", "kind": "email", "topic": "integration"},
             {"id": "listen", "kind": "wait", "mode": "until_event", "event": "hand_raise", "days": 2},
             {"id": "handoff", "kind": "handoff"}, {"id": "out", "kind": "exit"}]
    split_edges = [{"from": "start", "to": "s"}, {"from": "s", "port": "a", "to": "out"},
                   {"from": "s", "port": "b", "to": "hr"}, {"from": "hr", "to": "listen"},
                   {"from": "listen", "port": "event", "to": "handoff"},
                   {"from": "listen", "port": "timeout", "to": "out"}]
    hand = {"default": {"open": 0.6, "click_given_open": 0.3, "hand_raise": 0.5, "unsubscribe": 0.1},
            "response_lag_hours": None}
    yield "split", document(split, split_edges, [scenario(behaviour=hand)])


@pytest.mark.parametrize(("name", "doc"), list(_graphs()), ids=lambda v: v if isinstance(v, str) else "")
def test_simulated_conversion_and_time_match_the_markov_chain(name, doc):
    chain = markov(doc, doc.scenarios[0])
    assert chain.exact, chain.notes
    result = simulate(doc, replications=8)
    assert result.totals["in_flight"].mean == 0, "the horizon must absorb every lead for the chain to apply"
    assert _inside(result.totals["conversion"], chain.conversion), (result.totals["conversion"], chain.conversion)
    assert _inside(result.totals["mean_days_to_absorption"], chain.days_to_absorption), (
        result.totals["mean_days_to_absorption"], chain.days_to_absorption)
    for node_id, expected in chain.visits.items():
        entered = result.nodes[node_id]["entered"]
        arrived = result.totals["arrived"].mean
        assert abs(entered.mean / arrived - expected) < 0.03, (node_id, entered.mean / arrived, expected)


def test_chain_says_when_it_approximates():
    nodes, edges = chain_graph()
    nodes[3] = {"id": "role", "kind": "branch", "outputs": [
        {"label": "clin", "when": [{"field": "clicks", "op": "gte", "value": 1}]}, {"label": "else"}]}
    doc = document(nodes, edges, scoring={"sql": {"total": 80}})
    chain = markov(doc, doc.scenarios[0])
    assert not chain.exact
    assert any("clicks" in note for note in chain.notes)
    assert any("threshold" in note for note in chain.notes)


def test_big_graphs_sum_the_flow_and_agree_with_the_direct_solve(monkeypatch):
    import simulation.analytic as analytic

    for _name, doc in _graphs():
        direct = markov(doc, doc.scenarios[0])
        monkeypatch.setattr(analytic, "DENSE_LIMIT", 0)
        flowed = markov(doc, doc.scenarios[0])
        monkeypatch.undo()
        assert flowed.conversion == pytest.approx(direct.conversion, abs=1e-9)
        assert flowed.days_to_absorption == pytest.approx(direct.days_to_absorption, abs=1e-9)
        assert flowed.visits == pytest.approx(direct.visits, abs=1e-9)


def test_a_thousand_node_sequence_is_still_instant():
    nodes = [{"id": "start", "kind": "entry"}] + [
        {"id": f"n{k}", "kind": "email", "topic": "roi"} if k % 2 else {"id": f"n{k}", "kind": "wait", "days": 1}
        for k in range(1000)] + [{"id": "handoff", "kind": "handoff"}]
    edges = [{"from": a["id"], "to": b["id"]} for a, b in zip(nodes, nodes[1:], strict=False)]
    doc = document(nodes, edges)
    chain = markov(doc, doc.scenarios[0])
    assert chain.days_to_absorption > 0 and 0 < chain.conversion < 1
    assert chain.visits["n999"] == pytest.approx(chain.conversion / (1 - 0.4 * 0.05))

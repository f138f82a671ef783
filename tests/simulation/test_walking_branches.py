"""A lean replication walks leads through branches, splits and score nodes: the same figures as batches."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simulation.checks import problems
from simulation.compiled import compile_model
from simulation.engine import Engine, SimulationError
from simulation.runner import run_replication

from .sim_docs import document, scenario

ROLES = ["clinical_leadership", "it", "operations"]
NUMBERS = st.sampled_from([0, 5, 10, 20, 25, 40])
# Every kind of field a branch reads, with every way of comparing it.
CONDITIONS = st.one_of(
    st.builds(lambda op, v: {"field": "role", "op": op, "value": v}, st.sampled_from(["eq", "ne"]),
              st.sampled_from(ROLES)),
    st.builds(lambda op, v: {"field": "role", "op": op, "value": v}, st.sampled_from(["in", "not_in"]),
              st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True)),
    # The mix gives no care setting: every lead's is unset, which only "ne" takes.
    st.builds(lambda op, v: {"field": "care_setting", "op": op, "value": v}, st.sampled_from(["eq", "ne"]),
              st.sampled_from(["payer", "hospital_system"])),
    st.builds(lambda f, op, v: {"field": f, "op": op, "value": v}, st.sampled_from(["fit", "intent", "total"]),
              st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"]), NUMBERS),
    st.builds(lambda f, op, v: {"field": f, "op": op, "value": v}, st.sampled_from(["fit", "total", "opens"]),
              # Listed values are text; those that are not numbers never match.
              st.sampled_from(["in", "not_in"]), st.lists(NUMBERS.map(str) | st.just("many"), min_size=1, max_size=3,
                                                           unique=True)),
    st.builds(lambda f, op, v: {"field": f, "op": op, "value": v},
              st.sampled_from(["opens", "clicks", "emails_received"]), st.sampled_from(["gte", "lt", "eq"]),
              st.integers(0, 3)),
    st.builds(lambda f, op, v: {"field": f, "op": op, "value": v},
              st.sampled_from(["opened_last", "clicked_last", "hand_raised", "is_mql"]), st.sampled_from(["eq", "ne"]),
              st.booleans()),
    st.builds(lambda op, v: {"field": "clicked_topic", "op": op, "value": v if op in ("eq", "ne") else [v]},
              st.sampled_from(["eq", "ne", "in", "not_in"]), st.sampled_from(["roi", "integration"])),
)


def graph(outputs: list[list[dict]], else_port: bool, score: dict, shares: list[int]) -> tuple[list, list]:
    """Emails into a branch (outputs tried in order), a score node, a three-way split that loops back."""
    labels = [f"o{k}" for k in range(len(outputs))]
    branch = {"id": "pick", "kind": "branch",
              "outputs": [{"label": label, "when": when} for label, when in zip(labels, outputs, strict=True)]
              + ([{"label": "else"}] if else_port else [])}
    nodes = [
        {"id": "start", "kind": "entry"},
        {"id": "e1", "kind": "email", "topic": "roi"},
        {"id": "w1", "kind": "wait", "days": 3},
        branch,
        {"id": "e2", "kind": "email", "topic": "integration"},
        {"id": "w2", "kind": "wait", "mode": "business_days", "days": 2},
        {"id": "bump", "kind": "score", **score},
        {"id": "ab", "kind": "split", "outputs": [{"label": x, "percent": p} for x, p in zip("abc", shares,
                                                                                             strict=True)]},
        {"id": "handoff", "kind": "handoff"},
        {"id": "done", "kind": "exit"},
    ]
    targets = ["e2", "bump", "ab", "handoff", "done"]
    edges = [{"from": "start", "to": "e1"}, {"from": "e1", "to": "w1"}, {"from": "w1", "to": "pick"},
             {"from": "e2", "to": "w2"}, {"from": "w2", "to": "bump"}, {"from": "bump", "to": "ab"},
             {"from": "ab", "port": "a", "to": "e1"}, {"from": "ab", "port": "b", "to": "handoff"},
             {"from": "ab", "port": "c", "to": "done"}]
    for k, label in enumerate([*labels, *(["else"] if else_port else [])]):
        edges.append({"from": "pick", "port": label, "to": targets[k % len(targets)]})
    return nodes, edges


def rich_document(outputs, else_port, score, shares, recycle: bool):
    nodes, edges = graph(outputs, else_port, score, shares)
    sc = scenario(
        modern=True, cohort={"arrivals": [{"entry": "start", "leads_per_week": 150, "weeks": 20}]},
        mix={"role": {"clinical_leadership": 0.4, "it": 0.3, "operations": 0.3}},
        behaviour={"default": {"open": 0.5, "click_given_open": 0.4, "hand_raise": 0.1, "unsubscribe": 0.02}},
        sales={"reps": 2, "first_touches_per_rep_per_day": 10},
        acceptance={"recycle": {"cooldown_days": 1, "max_rounds": 2 if recycle else 0}}, horizon_days=200)
    scoring = {"fit": [{"field": "role", "op": "eq", "value": "clinical_leadership", "points": 20}],
               "intent": [{"event": "open", "points": 2}, {"event": "click", "points": 6},
                          {"event": "hand_raise", "points": 25}],
               "mql": {"fit_min": 0, "total": 25}, "sql": {"total": 45, "require_hand_raise": False}}
    return document(nodes, edges, [sc], scoring)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(outputs=st.lists(st.lists(CONDITIONS, min_size=1, max_size=2), min_size=1, max_size=3),
       score=st.builds(lambda kind, points: {"score": kind, "points": points}, st.sampled_from(["fit", "intent"]),
                       st.sampled_from([-10.0, 5.0, 30.0])),
       shares=st.sampled_from([[30, 50, 20], [0, 100, 0], [60, 0, 40]]), recycle=st.booleans(),
       timing=st.booleans(), replication=st.integers(0, 2))
def test_walking_through_branches_splits_and_scores_changes_no_figure(outputs, score, shares, recycle, timing,
                                                                      replication):
    # (A branch without "else" is refused by validation, so every branch here has one.)
    doc = rich_document(outputs, True, score, shares, recycle)
    each = doc.scenarios[0]
    if not timing:
        each = each.model_copy(update={"behaviour": each.behaviour.model_copy(update={"response_lag_hours": None})})
    assume(not problems(doc, each))
    full = run_replication(doc, each, 9, replication)
    lean = run_replication(doc, each, 9, replication, detail=False)
    assert full["nodes"]["pick"]["entered"] > 0
    assert lean == {key: full[key] for key in lean}


def test_every_way_through_the_branch_is_taken_and_walked_alike():
    # One branch output per kind of field: each takes leads (so each comparison is exercised), and the lean
    # replication, which walks the leads through the branch, the score node and the split, reports the same.
    outputs = [[{"field": "clicked_topic", "op": "eq", "value": "roi"}, {"field": "opens", "op": "gte", "value": 1}],
               [{"field": "total", "op": "in", "value": ["20", "22", "24"]}],
               [{"field": "role", "op": "eq", "value": "operations"}, {"field": "is_mql", "op": "eq", "value": False}],
               [{"field": "care_setting", "op": "ne", "value": "hospital_system"},
                {"field": "role", "op": "eq", "value": "it"}, {"field": "intent", "op": "gt", "value": 0}]]
    doc = rich_document(outputs, True, {"score": "fit", "points": 30.0}, [30, 50, 20], True)
    each = doc.scenarios[0]
    assert not problems(doc, each)
    full = run_replication(doc, each, 4, 0)
    left = full["nodes"]["pick"]["left"]
    assert all(left[f"o{k}"] > 0 for k in range(4)) and left["else"] > 0, left
    # The score node lifts leads over the SQL bar: some go to sales from there.
    assert full["nodes"]["bump"]["left"]["sales"] > 0 and full["totals"]["recycled"] > 0
    assert run_replication(doc, each, 4, 0, detail=False) == {k: full[k] for k in run_replication(doc, each, 4, 0,
                                                                                                 detail=False)}


def test_a_loop_of_branches_that_takes_no_time_is_named_at_once():
    nodes = [{"id": "start", "kind": "entry"}, {"id": "e1", "kind": "email", "topic": "roi"},
             {"id": "left", "kind": "branch", "outputs": [{"label": "else"}]},
             {"id": "right", "kind": "split", "outputs": [{"label": "a", "percent": 100}]}]
    edges = [{"from": "start", "to": "e1"}, {"from": "e1", "to": "left"},
             {"from": "left", "port": "else", "to": "right"}, {"from": "right", "port": "a", "to": "left"}]
    doc = document(nodes, edges, [scenario(modern=True)])
    engine = Engine(compile_model(doc, doc.scenarios[0]), 1, 0, 200, detail=False)
    with pytest.raises(SimulationError, match="loop without ever waiting through (left|right)"):
        engine.run()

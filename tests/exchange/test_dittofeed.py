"""The Dittofeed journey definition against its schema (JourneyDefinition in isomorphic-lib), and the lint."""

from __future__ import annotations

import json

from exchange_graphs import example

from sequences.exchange import export_document

BODY_TYPES = {"DelayNode", "SegmentSplitNode", "WaitForNode", "MessageNode", "RandomCohortNode"}


def journey_of(name: str):
    result = export_document(example(name), "dittofeed")
    return json.loads(result.text), result.warnings


def children(node: dict) -> list[str]:
    out = [node[k] for k in ("child", "timeoutChild") if k in node]
    variant = node.get("variant", {})
    out += [variant[k] for k in ("trueChild", "falseChild") if k in variant]
    out += [c["id"] for c in node.get("segmentChildren", []) + node.get("children", [])]
    return out


def test_every_reference_resolves_and_every_node_is_reached():
    journey, _ = journey_of("patient_engagement")
    assert set(journey) == {"entryNode", "exitNode", "nodes"} and journey["exitNode"] == {"type": "ExitNode"}
    ids = {n["id"] for n in journey["nodes"]}
    assert len(ids) == len(journey["nodes"])
    reached, stack = set(), [journey["entryNode"]["child"]]
    while stack:
        current = stack.pop()
        assert current in ids or current == "ExitNode"
        if current in ids and current not in reached:
            reached.add(current)
            stack.extend(children(next(n for n in journey["nodes"] if n["id"] == current)))
    assert reached == ids
    assert {n["type"] for n in journey["nodes"]} <= BODY_TYPES


def test_node_fields_follow_the_schema():
    journey, _ = journey_of("patient_engagement")
    for node in journey["nodes"]:
        if node["type"] == "DelayNode":
            assert node["variant"]["type"] == "Second" and node["variant"]["seconds"] > 0
        if node["type"] == "WaitForNode":
            assert node["timeoutSeconds"] > 0 and node["segmentChildren"][0].keys() == {"id", "segmentId"}
        if node["type"] == "MessageNode":
            assert node["variant"]["type"] in ("Email", "Webhook") and "templateId" in node["variant"]
        if node["type"] == "SegmentSplitNode":
            assert node["variant"]["type"] == "Boolean"
    handoff = next(n for n in journey["nodes"] if n["id"] == "handoff")
    assert handoff["variant"]["type"] == "Webhook"  # the handoff is a webhook message


def test_lint_error_for_several_entries_and_warnings_for_lost_steps():
    _, warnings = journey_of("patient_engagement")
    errors = [w for w in warnings if w.severity == "error"]
    assert [w.code for w in errors] == ["one-entry"]
    score = next(w for w in warnings if w.code == "score-segment")
    assert "score change becomes a segment" in score.message and score.node == "score_up"
    assert {"sla", "exit", "branch-segments", "wait-event", "missing-id"} <= {w.code for w in warnings}


def test_split_becomes_a_random_cohort_node():
    journey, warnings = journey_of("multi_location_scheduling")
    cohort = next(n for n in journey["nodes"] if n["type"] == "RandomCohortNode")
    assert sum(c["percent"] for c in cohort["children"]) == 100
    assert "ab-split" not in {w.code for w in warnings}

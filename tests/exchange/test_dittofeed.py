"""The Dittofeed journey definition against its schema (JourneyDefinition in isomorphic-lib), and the lint."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from exchange_graphs import EXAMPLES, example, with_ids

from sequences import load_document
from sequences.exchange import export_document

BODY_TYPES = {"DelayNode", "SegmentSplitNode", "WaitForNode", "MessageNode", "RandomCohortNode"}


def journey_of(name: str, ids: bool = True):
    """The first journey of the example (one per entry) and the lint."""
    result = export_document(with_ids(example(name), "dittofeed") if ids else example(name), "dittofeed")
    payload = json.loads(result.text)
    return (payload[0]["definition"] if isinstance(payload, list) else payload), result.warnings


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


def test_one_journey_per_entry_and_warnings_for_lost_steps():
    result = export_document(with_ids(example("patient_engagement"), "dittofeed"), "dittofeed")
    journeys = json.loads(result.text)
    assert [j["name"] for j in journeys] == ["Patient-engagement guide follow-up (Guide download)",
                                             "Patient-engagement guide follow-up (Webinar registration)"]
    assert {j["definition"]["entryNode"]["segment"] for j in journeys} == {
        result_id for key, result_id in with_ids(example("patient_engagement"), "dittofeed")
        .exports.dittofeed.segments.items() if key.startswith("entry:")}
    assert not result.has_errors
    warnings = result.warnings
    score = next(w for w in warnings if w.code == "score-segment")
    assert "score change becomes a segment" in score.message and score.node == "score_up"
    assert {"sla", "exit", "branch-segments", "wait-event", "journeys"} <= {w.code for w in warnings}


def test_missing_ids_are_left_out_and_are_errors():
    result = export_document(example("patient_engagement"), "dittofeed")
    text = result.text
    assert "null" not in text
    journey = json.loads(text)[0]["definition"]
    assert "segment" not in journey["entryNode"]
    message = next(n for n in journey["nodes"] if n["type"] == "MessageNode")
    assert "templateId" not in message["variant"]
    assert {w.severity for w in result.warnings if w.code == "missing-id"} == {"error"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_journey_is_acyclic_so_dittofeeds_heritage_map_ends(path):
    result = export_document(with_ids(load_document(path), "dittofeed"), "dittofeed")
    payload = json.loads(result.text)
    for journey in payload if isinstance(payload, list) else [{"definition": payload}]:
        graph = nx.DiGraph()
        for node in journey["definition"]["nodes"]:
            graph.add_node(node["id"])
            graph.add_edges_from((node["id"], c) for c in children(node))
        assert nx.is_directed_acyclic_graph(graph)


def test_a_loop_is_written_as_rounds_with_a_warning():
    result = export_document(with_ids(example("billing_demo"), "dittofeed"), "dittofeed")
    journey = json.loads(result.text)[0]["definition"]
    ids = {n["id"] for n in journey["nodes"]}
    assert {"discovery_invite", "discovery_invite__round2", "discovery_invite__round3"} <= ids
    assert "discovery_invite__round4" not in ids
    warning = next(w for w in result.warnings if w.code == "loop-unrolled")
    assert "3 times" in warning.message and warning.severity == "warning"


def test_split_becomes_a_random_cohort_node():
    journey, warnings = journey_of("multi_location_scheduling")
    cohort = next(n for n in journey["nodes"] if n["type"] == "RandomCohortNode")
    assert sum(c["percent"] for c in cohort["children"]) == 100
    assert "ab-split" not in {w.code for w in warnings}


def test_an_event_entry_keeps_its_event_and_is_written_back_as_one():
    from exchange_graphs import SAMPLES

    from sequences.exchange import import_file

    document = import_file(SAMPLES / "dittofeed/random_cohort_journey.json", "dittofeed").document
    entry = next(n for n in document.sequence.nodes if n.kind == "entry")
    assert document.exports.dittofeed.segments == {f"event:{entry.id}": "TestEvent"}  # not a segment id
    journey = json.loads(export_document(document, "dittofeed").text)
    assert journey["entryNode"] == {"type": "EventEntryNode", "event": "TestEvent",
                                    "child": journey["entryNode"]["child"]}

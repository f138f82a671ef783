"""The Mautic REST body and Mautic 7 export file against the documented structure, and the lint."""

from __future__ import annotations

import json

from exchange_graphs import example

from sequences.exchange import export_document


def body_of(name: str, target: str = "mautic"):
    result = export_document(example(name), target)
    return json.loads(result.text), result.warnings


def test_rest_body_events_reference_each_other_consistently():
    body, _ = body_of("patient_engagement")
    assert body["isPublished"] is False and body["name"]
    events = {e["id"]: e for e in body["events"]}
    for event in body["events"]:
        assert event["eventType"] in ("action", "decision", "condition")
        assert set(event) >= {"id", "name", "type", "eventType", "order", "properties", "triggerMode",
                              "triggerInterval", "triggerIntervalUnit", "parent", "children", "decisionPath"}
        if event["parent"] is not None:
            parent = events[event["parent"]]
            assert event["id"] in parent["children"]
            # Only the children of decisions and conditions take a yes/no path.
            assert (event["decisionPath"] in ("yes", "no")) == (parent["eventType"] != "action")
        for child in event["children"]:
            assert events[child]["parent"] == event["id"]
        if event["type"] == "campaign.jump_to_event":
            assert event["properties"]["jumpToEvent"] in events
        if event["eventType"] == "decision":
            assert event["triggerMode"] is None
        else:
            assert event["triggerMode"] in ("immediate", "interval")
    canvas_ids = {n["id"] for n in body["canvasSettings"]["nodes"]}
    assert set(events) | {"lists", "forms"} == canvas_ids
    for connection in body["canvasSettings"]["connections"]:
        assert connection["sourceId"] in canvas_ids and connection["targetId"] in canvas_ids


def test_waits_fold_into_the_next_event_and_timeouts_into_the_no_path():
    body, _ = body_of("patient_engagement")
    by_name = {e["name"]: e for e in body["events"]}
    first_condition = by_name["Clinical or operations? [clinical]"]
    assert (first_condition["triggerMode"], first_condition["triggerInterval"],
            first_condition["triggerIntervalUnit"]) == ("interval", 3, "d")
    click = by_name["Wait for a click"]
    assert click["type"] == "email.click" and click["eventType"] == "decision"
    no_path = [e for e in body["events"] if e["parent"] == click["id"] and e["decisionPath"] == "no"]
    assert no_path[0]["triggerInterval"] == 7 and no_path[0]["triggerIntervalUnit"] == "d"


def test_n_way_branch_becomes_a_chain_of_conditions():
    body, warnings = body_of("patient_engagement")
    chain = [e for e in body["events"] if e["name"].startswith("Clinical or operations? [")]
    assert [e["eventType"] for e in chain] == ["condition", "condition"]
    assert chain[1]["parent"] == chain[0]["id"] and chain[1]["decisionPath"] == "no"
    assert chain[0]["properties"] == {"field": "role", "operator": "=", "value": "clinical_leadership"}
    assert "n-way" in {w.code for w in warnings}


def test_ab_split_becomes_a_condition_on_a_random_field():
    body, warnings = body_of("multi_location_scheduling")
    assert any(w.code == "ab-split" and "A/B split not supported" in w.message for w in warnings)
    random = [e for e in body["events"] if e["properties"].get("field") == "nurture_random"]
    assert random and random[0]["properties"]["operator"] == "lt"


def test_merges_become_jumps_and_handoff_sla_is_warned():
    body, warnings = body_of("patient_engagement")
    jumps = [e for e in body["events"] if e["type"] == "campaign.jump_to_event"]
    assert len(jumps) >= 3  # three emails join the click wait, both waits time out into shared steps
    assert {"sla", "variants", "business-days", "missing-id"} <= {w.code for w in warnings}


def test_and_conditions_keep_only_the_first_with_a_warning():
    _, warnings = body_of("billing_demo")
    assert any(w.code == "and" and w.node == "call_outcome" for w in warnings)


def test_export_file_has_campaign_and_campaign_event_arrays():
    payload, _ = body_of("patient_engagement", "mautic-export")
    assert isinstance(payload, list) and len(payload) == 1
    data = payload[0]
    campaign = data["campaign"][0]
    assert campaign["is_published"] is False and campaign["uuid"]
    ids = {e["id"] for e in data["campaign_event"]}
    for event in data["campaign_event"]:
        assert event["campaign_id"] == campaign["id"]
        assert event["event_type"] in ("action", "decision", "condition")
        assert event["parent_id"] is None or event["parent_id"] in ids
        assert event["uuid"]
    node_ids = {str(n["id"]) for n in campaign["canvas_settings"]["nodes"]}
    assert {str(i) for i in ids} <= node_ids


def test_the_events_mautic_builds_match_our_steps():
    document = example("multi_location_scheduling")
    body, _ = body_of("multi_location_scheduling")
    kinds = [n.kind for n in document.sequence.nodes]
    by_type: dict[str, int] = {}
    for event in body["events"]:
        by_type[event["eventType"]] = by_type.get(event["eventType"], 0) + 1
    emails = sum(1 for e in body["events"] if e["type"] == "email.send")
    assert emails == kinds.count("email")
    waits = [n for n in document.sequence.nodes if n.kind == "wait" and n.mode == "until_event"]
    assert by_type["decision"] == len(waits)
    tests = sum(len([o for o in n.outputs if o.label != "else"]) for n in document.sequence.nodes if n.kind == "branch")
    tests += sum(len(n.outputs) - 1 for n in document.sequence.nodes if n.kind == "split")
    assert by_type["condition"] == tests
    # Every step that is not an entry or a plain wait is placed exactly once; other arrivals are jumps.
    placed = {e["name"] for e in body["events"] if e["type"] != "campaign.jump_to_event"}
    for node in document.sequence.nodes:
        if node.kind not in ("entry", "wait", "branch", "split", "handoff"):
            assert node.label() in placed

"""The Mautic REST body and Mautic 7 export file against the documented structure, and the lint."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from exchange_graphs import EXAMPLES, example, with_ids
from mautic_rules import check_imported, rest_problems, simulate_import

from sequences import load_document
from sequences.exchange import export_document
from sequences.exchange.mautic import with_campaign_uuid


def body_of(name: str, target: str = "mautic", ids: bool = False):
    document = with_ids(example(name), target) if ids else example(name)
    result = export_document(document, target)
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
    assert len(jumps) >= 2  # both waits time out into shared steps
    assert {"sla", "variants", "business-days", "missing-id"} <= {w.code for w in warnings}


def test_each_email_path_gets_its_own_click_decision_instead_of_a_jump():
    body, warnings = body_of("patient_engagement", ids=True)
    by_id = {e["id"]: e for e in body["events"]}
    clicks = [e for e in body["events"] if e["type"] == "email.click"]
    assert len(clicks) == 3  # the three role emails each converge on "Wait for a click"
    assert {by_id[c["parent"]]["type"] for c in clicks} == {"email.send"}
    assert len({by_id[c["parent"]]["properties"]["email"] for c in clicks}) == 3
    targets = {e["properties"]["jumpToEvent"] for e in body["events"] if e["type"] == "campaign.jump_to_event"}
    assert all(by_id[t]["eventType"] != "decision" for t in targets)
    assert any(w.code == "decision-copy" for w in warnings)
    assert rest_problems(body) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_rest_bodies_of_every_example_pass_mautics_rules(path):
    document = load_document(path)
    result = export_document(with_ids(document, "mautic"), "mautic")
    assert not result.has_errors, [w.describe() for w in result.warnings if w.severity == "error"]
    assert rest_problems(json.loads(result.text)) == []


def test_missing_sources_and_emails_are_errors_not_warnings():
    result = export_document(example("patient_engagement"), "mautic")
    errors = {w.key for w in result.warnings if w.severity == "error" and w.code == "missing-id"}
    assert {"entry:guide", "entry:webinar", "welcome", "handoff"} <= errors
    assert "sources.notempty" in " ".join(rest_problems(json.loads(result.text)))


def test_a_click_wait_that_does_not_follow_an_email_is_an_error():
    document = example("patient_engagement")
    nodes = [n for n in document.sequence.nodes]
    # The guide entry leads straight into the click wait: no email before it, so it can never fire.
    edges = [e.model_copy(update={"to": "wait_click"}) if e.from_ == "guide" else e for e in document.sequence.edges]
    document = document.model_copy(update={"sequence": document.sequence.model_copy(
        update={"nodes": tuple(nodes), "edges": tuple(edges)})})
    result = export_document(with_ids(document, "mautic"), "mautic")
    assert any(w.code == "decision-parent" and w.severity == "error" and w.node == "wait_click"
               for w in result.warnings)


def test_and_conditions_keep_only_the_first_with_a_warning():
    _, warnings = body_of("billing_demo")
    assert any(w.code == "and" and w.node == "call_outcome" for w in warnings)


def test_export_file_is_in_mautics_own_shape_with_sources_and_dependencies():
    document = with_campaign_uuid(with_ids(example("patient_engagement"), "mautic-export"))
    result = export_document(document, "mautic-export")
    data = json.loads(result.text)[0]
    campaign = data["campaign"][0]
    assert campaign["uuid"] == document.exports.mautic.campaign_uuid and campaign["is_published"] is False
    [group] = data["dependencies"]
    assert set(group) == {"campaign_event", "lists", "forms"}
    assert {d["campaign_event"] for d in group["campaign_event"]} == {e["id"] for e in data["campaign_event"]}
    segment = int(document.exports.mautic.segments["entry:guide"])
    form = int(document.exports.mautic.segments["entry:webinar"])
    assert group["lists"] == [{"campaign": campaign["id"], "lists": segment}]
    assert group["forms"] == [{"campaign": campaign["id"], "forms": form}]
    welcome = next(e for e in data["campaign_event"] if e["type"] == "email.send" and e["event_order"] == 1)
    assert welcome["channel"] == "email" and welcome["channel_id"] == int(document.exports.mautic.emails["welcome"])
    assert welcome["properties"]["properties"]["email"] == welcome["channel_id"]
    assert {"campaign": campaign["id"], "campaign_event": welcome["id"], "email": welcome["channel_id"]} \
        in group["campaign_event"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_mautics_import_remaps_every_event_of_every_example(path):
    document = with_campaign_uuid(with_ids(load_document(path), "mautic-export")) or load_document(path)
    result = export_document(document, "mautic-export")
    assert not result.has_errors
    imported = simulate_import(json.loads(result.text))
    assert check_imported(imported) == []


def test_the_flat_dependency_list_of_before_is_what_mautic_refused():
    payload = [{"campaign": [{"id": 1, "uuid": "b4ddc4d7-149e-4a81-9141-0e03c598627a", "canvas_settings": {
        "nodes": []}}], "campaign_event": [], "dependencies": [{"campaign": 1, "campaign_event": 1, "email": 3}]}]
    with pytest.raises(AssertionError, match="not array|arrays"):
        simulate_import(payload)


def test_export_file_is_a_stored_zip_holding_the_json():
    document = with_campaign_uuid(with_ids(example("patient_engagement"), "mautic-export"))
    result = export_document(document, "mautic-export")
    assert result.suffix == ".zip"
    with zipfile.ZipFile(io.BytesIO(result.data())) as archive:
        [info] = archive.infolist()
        assert info.filename.endswith(".json") and info.compress_size <= 10 * max(1, info.file_size)
        assert info.compress_type == zipfile.ZIP_STORED  # Mautic refuses members packed over ten to one
        assert json.loads(archive.read(info)) == json.loads(result.text)
    assert export_document(document, "mautic-export").data() == result.data()  # same input, same bytes


def test_the_campaign_uuid_is_the_stored_one_and_differs_between_documents():
    first = with_campaign_uuid(example("patient_engagement"))
    second = with_campaign_uuid(example("patient_engagement"))
    assert first.exports.mautic.campaign_uuid != second.exports.mautic.campaign_uuid
    assert with_campaign_uuid(first) is None
    unstored = export_document(example("patient_engagement"), "mautic-export")
    assert any(w.code == "campaign-uuid" for w in unstored.warnings)


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
    copies = sum(1 for e in body["events"] if e["eventType"] == "decision") - len(waits)
    assert by_type["decision"] == len(waits) + copies and copies >= 0
    tests = sum(len([o for o in n.outputs if o.label != "else"]) for n in document.sequence.nodes if n.kind == "branch")
    tests += sum(len(n.outputs) - 1 for n in document.sequence.nodes if n.kind == "split")
    assert by_type["condition"] == tests
    # Every step that is not an entry or a plain wait is placed exactly once; other arrivals are jumps.
    placed = {e["name"] for e in body["events"] if e["type"] != "campaign.jump_to_event"}
    for node in document.sequence.nodes:
        if node.kind not in ("entry", "wait", "branch", "split", "handoff"):
            assert node.label() in placed

"""The HubSpot v4 flow export against the documented structure, and its capability lint."""

from __future__ import annotations

import json

import networkx as nx
from exchange_graphs import example, with_ids

from sequences import Document
from sequences.exchange import export_document
from sequences.export_mapping import ExportMappings, TargetMapping
from sequences.nodes import SplitNode


def flow_of(document: Document, ids: bool = True) -> tuple[dict, list]:
    result = export_document(with_ids(document, "hubspot") if ids else document, "hubspot")
    return json.loads(result.text), result.warnings


def codes(warnings) -> set[str]:
    return {w.code for w in warnings}


def test_flow_has_the_documented_fields_and_every_reference_resolves():
    flow, _ = flow_of(example("patient_engagement"))
    assert flow["type"] == "CONTACT_FLOW" and flow["objectTypeId"] == "0-1" and flow["flowType"] == "WORKFLOW"
    assert flow["isEnabled"] is False  # never switched on by an import
    ids = [a["actionId"] for a in flow["actions"]]
    assert len(ids) == len(set(ids)) and all(isinstance(i, str) for i in ids)
    assert flow["startActionId"] in ids
    assert int(flow["nextAvailableActionId"]) > max(int(i) for i in ids)
    for action in flow["actions"]:
        assert action["type"] in ("SINGLE_CONNECTION", "LIST_BRANCH", "STATIC_BRANCH")
        if action["type"] == "SINGLE_CONNECTION":
            assert action["actionTypeVersion"] == 0
            assert action["actionTypeId"] in ("0-1", "0-3", "0-4", "0-5", "0-29")
        connections = [action.get("connection"), action.get("defaultBranch")]
        connections += [b.get("connection") for b in action.get("listBranches", []) + action.get("staticBranches", [])]
        for connection in filter(None, connections):
            assert connection["edgeType"] in ("STANDARD", "GOTO")
            assert connection["nextActionId"] in ids
    branch = flow["enrollmentCriteria"]["eventFilterBranches"]
    assert flow["enrollmentCriteria"]["type"] == "EVENT_BASED" and len(branch) == 2
    assert flow["dataSources"] == []


def test_wait_for_an_event_is_hubspots_delay_until_event_and_a_branch_on_whether_it_happened():
    flow, warnings = flow_of(example("patient_engagement"))
    by_id = {a["actionId"]: a for a in flow["actions"]}
    waits = [a for a in flow["actions"] if a.get("actionTypeId") == "0-29"]
    assert len(waits) == 2
    for wait in waits:
        [branch] = wait["fields"]["event_filter_branches"]
        assert branch["filterBranchType"] == "UNIFIED_EVENTS" and branch["operator"] == "HAS_COMPLETED"
        check = by_id[wait["connection"]["nextActionId"]]
        assert check["type"] == "STATIC_BRANCH" and check["defaultBranchName"] == "timeout"
        assert check["inputValue"] == {"type": "FIELD_DATA", "actionId": wait["actionId"],
                                       "dataKey": "hs_event_criteria_met"}
        assert [b["branchValue"] for b in check["staticBranches"]] == ["true"]
    click = next(w for w in waits if w["fields"]["event_filter_branches"][0]["eventTypeId"] == "4-666288")
    assert click["fields"]["expiration_minutes"] == str(7 * 1440)
    hand_raise = next(w for w in waits if w["fields"]["event_filter_branches"][0]["eventTypeId"] == "4-1639801")
    assert hand_raise["fields"]["expiration_minutes"] == str(10 * 1440)
    # Nothing tests a property that every enrolled contact already has.
    assert "recent_conversion_date" not in json.dumps(flow) and "IS_KNOWN" not in json.dumps(flow)
    assert any("any marketing email" in w.message for w in warnings if w.code == "wait-event")


def test_every_property_filter_says_whether_empty_values_match():
    flow, _ = flow_of(example("billing_demo"))
    text = json.dumps(flow)
    operations = text.count('"operationType"')
    assert operations and text.count('"includeObjectsWithNoValueSet"') == operations


def test_score_steps_add_to_the_property():
    flow, warnings = flow_of(example("patient_engagement"))
    [score] = [a for a in flow["actions"] if a.get("actionTypeId") == "0-5"
               and a["fields"]["property_name"] == "nurture_intent_adjustment"]
    assert score["fields"]["value"]["type"] == "INCREMENT" and score["fields"]["value"]["incrementAmount"] > 0
    assert any("increment" in w.message for w in warnings if w.code == "score-property")


def test_the_graph_hubspot_builds_equals_ours():
    """Read the flow as HubSpot would (actions linked by connections) and compare with our graph."""
    document = example("patient_engagement")
    flow, _ = flow_of(document)
    theirs = nx.DiGraph()
    for action in flow["actions"]:
        theirs.add_node(action["actionId"])
        targets = [action.get("connection"), action.get("defaultBranch")] + [
            b.get("connection") for b in action.get("listBranches", []) + action.get("staticBranches", [])]
        for connection in filter(None, targets):
            theirs.add_edge(action["actionId"], connection["nextActionId"])
    ours = nx.DiGraph()
    for edge in document.sequence.edges:
        if document.sequence.node(edge.from_).kind != "entry":
            ours.add_edge(edge.from_, edge.to)
    # A wait until an event is two actions in HubSpot (delay, then a check): contract them.
    for action in flow["actions"]:
        if action.get("defaultBranchName") == "timeout":
            delay = next(iter(theirs.predecessors(action["actionId"])))
            theirs = nx.contracted_nodes(theirs, delay, action["actionId"], self_loops=False)
    assert nx.is_isomorphic(theirs, ours)
    # Each action is reached by at most one STANDARD edge: the others are GO-TO jumps.
    standard = [c["nextActionId"] for a in flow["actions"] for c in [a.get("connection")] if c
                and c["edgeType"] == "STANDARD"]
    assert len(standard) == len(set(standard))


def test_lint_lists_each_lossy_mapping():
    _, warnings = flow_of(example("patient_engagement"))
    assert {"variants", "wait-event", "business-days", "score-property"} <= codes(warnings)
    assert not any(w.severity == "error" for w in warnings)
    _, unmapped = flow_of(example("patient_engagement"), ids=False)
    # HubSpot refuses a send-email action without its email; a form-less enrolment only widens who enrols.
    assert {w.key for w in unmapped if w.severity == "error"} == {
        n.id for n in example("patient_engagement").sequence.nodes if n.kind == "email"}
    assert {w.key for w in unmapped if w.code == "missing-id" and w.severity == "warning"} == {
        "entry:guide", "entry:webinar"}


def test_split_becomes_a_static_branch_with_a_warning():
    document = example("multi_location_scheduling")
    flow, warnings = flow_of(document)
    assert "ab-split" in codes(warnings)
    split = next(n for n in document.sequence.nodes if isinstance(n, SplitNode))
    static = [a for a in flow["actions"] if a["type"] == "STATIC_BRANCH" and "propertyName" in a["inputValue"]]
    assert [b["branchValue"] for b in static[0]["staticBranches"]] == [o.label for o in split.outputs]


def test_entries_with_different_first_steps_start_with_a_router_branch():
    document = example("billing_demo")
    flow, warnings = flow_of(document)
    assert "entry-router" in codes(warnings) and not any(w.severity == "error" for w in warnings)
    router = next(a for a in flow["actions"] if a["actionId"] == flow["startActionId"])
    assert router["type"] == "LIST_BRANCH" and "defaultBranch" not in router
    assert [b["branchName"] for b in router["listBranches"]] == ["demo", "checklist"]
    by_id = {a["actionId"]: a for a in flow["actions"]}
    firsts = [by_id[b["connection"]["nextActionId"]] for b in router["listBranches"]]
    assert [a["actionTypeId"] for a in firsts] == ["0-4", "0-4"]  # each entry's first email
    assert len(flow["enrollmentCriteria"]["eventFilterBranches"]) == 2


def test_mapped_ids_are_used_and_missing_ones_warned_never_invented():
    document = example("patient_engagement")
    flow, warnings = flow_of(document, ids=False)
    emails = [a for a in flow["actions"] if a.get("actionTypeId") == "0-4"]
    assert all("content_id" not in a["fields"] for a in emails)
    assert {w.node for w in warnings if w.code == "missing-id"} >= {"welcome", "integration"}
    ids = {n.id: str(9000 + i) for i, n in enumerate(document.sequence.nodes) if n.kind == "email"}
    ids.update({"entry:guide": "form-1", "entry:webinar": "form-2"})
    mapped = document.model_copy(update={"exports": ExportMappings(hubspot=TargetMapping(
        emails={k: v for k, v in ids.items() if not k.startswith("entry")},
        segments={k: v for k, v in ids.items() if k.startswith("entry")}))})
    flow, warnings = flow_of(mapped, ids=False)
    assert "missing-id" not in codes(warnings)
    assert sorted(a["fields"]["content_id"] for a in flow["actions"] if a.get("actionTypeId") == "0-4") == \
        sorted(v for k, v in ids.items() if not k.startswith("entry"))
    forms = [f["operation"]["values"][0] for b in flow["enrollmentCriteria"]["eventFilterBranches"]
             for f in b["filters"]]
    assert forms == ["form-1", "form-2"]

"""Flows in the shapes HubSpot itself writes (its SDK's action types): event waits, A/B tests, weekday
delays and list-based enrolment import without silent loss; every loss is a warning naming the step."""

from __future__ import annotations

import json

from exchange_graphs import example, with_ids

from sequences.exchange import export_document
from sequences.exchange.hubspot_import import import_hubspot_data


def connection(target: str) -> dict:
    return {"edgeType": "STANDARD", "nextActionId": target}


def email(action_id: str, content: str, nxt: str | None = None) -> dict:
    action = {"type": "SINGLE_CONNECTION", "actionId": action_id, "actionTypeId": "0-4", "actionTypeVersion": 0,
              "fields": {"content_id": content}}
    return {**action, "connection": connection(nxt)} if nxt else action


FLOW = {
    "type": "CONTACT_FLOW", "objectTypeId": "0-1", "flowType": "WORKFLOW", "isEnabled": True,
    "name": "Written by HubSpot",
    "startActionId": "1", "nextAvailableActionId": "12",
    "enrollmentCriteria": {"type": "LIST_BASED", "shouldReEnroll": False, "listFilterBranch": {
        "filterBranchType": "OR", "filterBranchOperator": "OR", "filters": [], "filterBranches": []}},
    "actions": [
        {"type": "AB_TEST_BRANCH", "actionId": "1",
         "testBranches": [connection("2"), connection("3"), connection("4")]},
        email("2", "101", "5"), email("3", "102", "5"), email("4", "103", "5"),
        {"type": "SINGLE_CONNECTION", "actionId": "5", "actionTypeId": "0-29", "actionTypeVersion": 0,
         "connection": connection("6"), "fields": {"expiration_minutes": "4320", "event_filter_branches": [{
             "filterBranchType": "UNIFIED_EVENTS", "filterBranchOperator": "AND", "eventTypeId": "4-666288",
             "operator": "HAS_COMPLETED", "filterBranches": [], "filters": []}]}},
        {"type": "STATIC_BRANCH", "actionId": "6", "inputValue": {
            "type": "FIELD_DATA", "actionId": "5", "dataKey": "hs_event_criteria_met"},
         "staticBranches": [{"branchValue": "true", "connection": connection("7")}],
         "defaultBranchName": "Event criteria not met", "defaultBranch": connection("8")},
        email("7", "104"),
        {"type": "SINGLE_CONNECTION", "actionId": "8", "actionTypeId": "0-1", "actionTypeVersion": 0,
         "connection": connection("9"), "fields": {"delta": "0", "time_unit": "DAYS", "days_of_week": ["TUESDAY"],
                                                   "time_of_day": {"hour": 9, "minute": 0}}},
        email("9", "105"),
    ],
}


def imported():
    return import_hubspot_data(json.loads(json.dumps(FLOW)), "flow.json")


def test_ab_test_branch_becomes_a_split_reaching_every_email():
    result = imported()
    seq = result.document.sequence
    split = next(n for n in seq.nodes if n.kind == "split")
    assert [o.percent for o in split.outputs] == [100 / 3] * 3 or \
        [round(o.percent, 2) for o in split.outputs] == [33.33] * 3
    reached = {e.to for e in seq.edges if e.from_ == split.id}
    assert len(reached) == 3 and all(seq.node(n).kind == "email" for n in reached)
    assert any(w.code == "ab-shares" for w in result.warnings)
    assert sorted(result.document.exports.hubspot.emails.values()) == ["101", "102", "103", "104", "105"]


def test_event_wait_and_its_criteria_branch_become_one_wait_until_the_event():
    result = imported()
    seq = result.document.sequence
    [wait] = [n for n in seq.nodes if n.kind == "wait" and n.mode == "until_event"]
    assert (wait.event, wait.days) == ("click", 3)
    ports = {e.port: seq.node(e.to) for e in seq.edges if e.from_ == wait.id}
    assert set(ports) == {"event", "timeout"}
    assert ports["event"].kind == "email" and ports["timeout"].kind == "wait"
    assert not any(n.kind == "branch" for n in seq.nodes)  # the STATIC_BRANCH is folded into the wait
    assert not any(w.code == "unknown-step" for w in result.warnings)


def test_weekday_delay_and_list_enrolment_are_announced():
    result = imported()
    notes = {w.code: w for w in result.warnings}
    assert "Tuesday" in notes["weekday-delay"].message and "actionId '8'" in notes["weekday-delay"].message
    assert "time of day" in notes["time-of-day"].message
    assert "list filters" in notes["list-enrollment"].message


def test_our_own_export_round_trips_waits_and_score_increments():
    document = with_ids(example("patient_engagement"), "hubspot")
    flow = json.loads(export_document(document, "hubspot").text)
    back = import_hubspot_data(flow, "flow.json").document
    waits = sorted((n.event, n.days) for n in back.sequence.nodes if n.kind == "wait" and n.mode == "until_event")
    assert waits == [("click", 7), ("hand_raise", 10)]
    original = [n.points for n in document.sequence.nodes if n.kind == "score"]
    assert sorted(n.points for n in back.sequence.nodes if n.kind == "score") == sorted(original)

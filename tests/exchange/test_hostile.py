"""Hostile or broken import files give one clear error naming the file and the place; never a crash."""

from __future__ import annotations

import json

import pytest

from sequences import DocumentError
from sequences.exchange import import_file

FLOW = {"type": "CONTACT_FLOW", "startActionId": "1", "actions": [
    {"type": "SINGLE_CONNECTION", "actionId": "1", "actionTypeId": "0-1", "fields": {"delta": "1", "time_unit": "DAYS"},
     "connection": {"edgeType": "STANDARD", "nextActionId": "2"}},
    {"type": "SINGLE_CONNECTION", "actionId": "2", "actionTypeId": "0-4", "fields": {"content_id": "7"}}]}


def write(tmp_path, name: str, content) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def fails(path: str, source: str, *words: str) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        import_file(path, source)
    message = str(info.value)
    assert path in message
    for word in words:
        assert word in message, message
    return info.value


@pytest.mark.parametrize("source", ["hubspot", "mautic", "dittofeed"])
def test_not_json(tmp_path, source):
    fails(write(tmp_path, "flow.json", "{\"actions\": [1, 2,"), source, "not valid JSON")
    fails(write(tmp_path, "empty.json", ""), source, "empty")
    fails(write(tmp_path, "binary.json", b"\xff\xfe\x00garbage"), source, "not UTF-8")
    fails(write(tmp_path, "list.json", [1, 2, 3]), source)


@pytest.mark.parametrize("source", ["hubspot", "mautic", "dittofeed"])
def test_wrong_tool(tmp_path, source):
    fails(write(tmp_path, "other.json", {"hello": "world"}), source, "not a")


def test_missing_file(tmp_path):
    fails(str(tmp_path / "nope.json"), "hubspot", "cannot read")


def test_huge_and_deep_files(tmp_path):
    fails(write(tmp_path, "huge.json", b" " * (11 * 1024 * 1024)), "hubspot", "MiB")
    fails(write(tmp_path, "deep.json", "[" * 5000 + "]" * 5000), "dittofeed", "nests deeper")


def test_hubspot_missing_reference_names_the_place(tmp_path):
    flow = json.loads(json.dumps(FLOW))
    flow["actions"][0]["connection"]["nextActionId"] = "99"
    fails(write(tmp_path, "flow.json", flow), "hubspot", "actions[0] (actionId '1').connection.nextActionId",
          "'99'", "does not exist")
    flow = json.loads(json.dumps(FLOW))
    flow["startActionId"] = "42"
    fails(write(tmp_path, "flow.json", flow), "hubspot", "startActionId")


def test_hubspot_wrong_shapes(tmp_path):
    flow = json.loads(json.dumps(FLOW))
    flow["actions"][1] = "send an email"
    fails(write(tmp_path, "flow.json", flow), "hubspot", "actions[1]", "expected an object")
    flow = json.loads(json.dumps(FLOW))
    flow["actions"][1]["actionId"] = "1"
    fails(write(tmp_path, "flow.json", flow), "hubspot", "more than one action")
    flow = json.loads(json.dumps(FLOW))
    flow["actions"][0]["fields"]["delta"] = "soon"
    fails(write(tmp_path, "flow.json", flow), "hubspot", "fields.delta", "expected a number")


def test_hubspot_loop_of_go_to_edges_imports(tmp_path):
    flow = json.loads(json.dumps(FLOW))
    flow["actions"][1]["connection"] = {"edgeType": "GOTO", "nextActionId": "1"}
    result = import_file(write(tmp_path, "loop.json", flow), "hubspot")
    edges = {(e.from_, e.to) for e in result.document.sequence.edges}
    assert ("wait", "email") in edges and ("email", "wait") in edges


def test_mautic_cycle_of_parents_and_missing_parent(tmp_path):
    events = [{"id": "1", "name": "A", "type": "email.send", "eventType": "action", "parent": "2"},
              {"id": "2", "name": "B", "type": "email.send", "eventType": "action", "parent": "1"}]
    fails(write(tmp_path, "c.json", {"name": "x", "events": events}), "mautic", "cycle", "events[")
    events = [{"id": "1", "name": "A", "type": "email.send", "eventType": "action", "parent": "9"}]
    fails(write(tmp_path, "c.json", {"name": "x", "events": events}), "mautic", "events[0]", "'9'", "does not exist")


def test_mautic_jump_to_nowhere(tmp_path):
    events = [{"id": "1", "name": "A", "type": "email.send", "eventType": "action", "parent": None},
              {"id": "2", "name": "J", "type": "campaign.jump_to_event", "eventType": "action", "parent": "1",
               "properties": {"jumpToEvent": "77"}}]
    fails(write(tmp_path, "j.json", {"name": "x", "events": events}), "mautic", "jumpToEvent", "'77'")


def test_dittofeed_missing_child_and_duplicate_ids(tmp_path):
    journey = {"entryNode": {"type": "EntryNode", "segment": "s", "child": "a"}, "exitNode": {"type": "ExitNode"},
               "nodes": [{"type": "DelayNode", "id": "a", "variant": {"type": "Second", "seconds": 60},
                          "child": "ghost"}]}
    fails(write(tmp_path, "j.json", journey), "dittofeed", "nodes[0] ('a').child", "'ghost'")
    journey["nodes"].append(dict(journey["nodes"][0], child="ExitNode"))
    fails(write(tmp_path, "j.json", journey), "dittofeed", "used more than once")


def test_dittofeed_loop_imports_without_hanging(tmp_path):
    journey = {"entryNode": {"type": "EntryNode", "segment": "s", "child": "a"}, "exitNode": {"type": "ExitNode"},
               "nodes": [{"type": "DelayNode", "id": "a", "variant": {"type": "Second", "seconds": 86400},
                          "child": "b"},
                         {"type": "MessageNode", "id": "b", "variant": {"type": "Email", "templateId": "t"},
                          "child": "a"}]}
    result = import_file(write(tmp_path, "loop.json", journey), "dittofeed")
    assert {(e.from_, e.to) for e in result.document.sequence.edges} >= {("a", "b"), ("b", "a")}


def test_unknown_step_types_become_placeholders_not_crashes(tmp_path):
    journey = {"entryNode": {"type": "EntryNode", "segment": "s", "child": "x"}, "exitNode": {"type": "ExitNode"},
               "nodes": [{"type": "TeleportNode", "id": "x", "child": "ExitNode"},
                         {"type": "MessageNode", "id": "sms", "variant": {"type": "Sms", "templateId": "t"},
                          "child": "ExitNode"}]}
    result = import_file(write(tmp_path, "odd.json", journey), "dittofeed")
    titles = sorted(n.title for n in result.document.sequence.nodes if n.kind == "score")
    assert titles == ["Dittofeed: Sms message (not modelled)", "Dittofeed: node type TeleportNode (not modelled)"]
    assert len([w for w in result.warnings if w.code == "unknown-step"]) == 2


def test_too_many_steps(tmp_path):
    journey = {"entryNode": {"type": "EntryNode", "segment": "s", "child": "ExitNode"},
               "exitNode": {"type": "ExitNode"},
               "nodes": [{"type": "DelayNode", "id": f"d{i}", "variant": {"type": "Second", "seconds": 1},
                          "child": "ExitNode"} for i in range(5001)]}
    fails(write(tmp_path, "many.json", journey), "dittofeed", "nodes", "5001 items")

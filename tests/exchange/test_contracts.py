"""Every export of every example against its tool's own definitions (JSON Schemas in contracts/, written from
each tool's source; see their descriptions) and the rules the tools enforce at run time."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from exchange_graphs import EXAMPLES, with_ids
from mautic_rules import check_imported, rest_problems, simulate_import

from sequences import load_document
from sequences.exchange import export_document
from sequences.exchange.mautic import with_campaign_uuid

CONTRACTS = Path(__file__).with_name("contracts")
SCHEMAS = {"hubspot": "hubspot_flow_create", "mautic": "mautic_rest", "mautic-export": "mautic_export",
           "dittofeed": "dittofeed_journey"}
CASES = [(p, t) for p in EXAMPLES for t in SCHEMAS]
IDS = [f"{p.name.split('.')[0]}-{t}" for p, t in CASES]


def validator(target: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((CONTRACTS / f"{SCHEMAS[target]}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def mapped(path: Path, target: str):
    document = with_ids(load_document(path), target)
    return with_campaign_uuid(document) or document


def definitions(target: str, payload) -> list:
    """The definitions in an export: Dittofeed writes one journey per entry."""
    if target == "dittofeed" and isinstance(payload, list):
        return [j["definition"] for j in payload]
    return [payload]


@pytest.mark.parametrize("path,target", CASES, ids=IDS)
def test_every_export_passes_its_tools_contract(path, target):
    result = export_document(mapped(path, target), target)
    assert not result.has_errors, [w.describe() for w in result.warnings if w.severity == "error"]
    payload = json.loads(result.text)
    for definition in definitions(target, payload):
        errors = sorted(validator(target).iter_errors(definition), key=lambda e: list(e.absolute_path))
        assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]]
        assert RULES[target](definition) == []


@pytest.mark.parametrize("target", ["mautic", "mautic-export", "dittofeed", "hubspot"])
def test_what_the_lint_calls_an_error_is_what_the_tool_refuses(target):
    """Without ids, the lint errors (and --force writes a file the tool's contract refuses)."""
    document = load_document(next(p for p in EXAMPLES if p.name.startswith("patient")))
    result = export_document(document, target)
    assert result.has_errors
    failures = []
    for definition in definitions(target, json.loads(result.text)):
        failures += list(validator(target).iter_errors(definition)) + RULES[target](definition)
    assert failures


def dittofeed_rules(definition: dict) -> list[str]:
    """Node ids unique and never the entry's or exit's; every child exists; no cycle (buildHeritageMap)."""
    problems = []
    ids = [n["id"] for n in definition["nodes"]]
    problems += [f"duplicate id {i}" for i in {i for i in ids if ids.count(i) > 1}]
    problems += [f"reserved id {i}" for i in ids if i in ("EntryNode", "EventEntryNode", "ExitNode")]
    graph = nx.DiGraph()
    graph.add_node("ExitNode")
    graph.add_nodes_from(ids)
    graph.add_edge("EntryNode", definition["entryNode"]["child"])
    for node in definition["nodes"]:
        graph.add_edges_from((node["id"], c) for c in _children(node))
    problems += [f"{n} refers to nothing" for n in graph if n not in ids and n not in ("EntryNode", "ExitNode")]
    if not nx.is_directed_acyclic_graph(graph):
        problems.append(f"cycle {nx.find_cycle(graph)}")
    return problems


def _children(node: dict) -> list[str]:
    out = [node[k] for k in ("child", "timeoutChild") if k in node]
    variant = node.get("variant", {})
    out += [variant[k] for k in ("trueChild", "falseChild") if k in variant]
    return out + [c["id"] for c in node.get("segmentChildren", []) + node.get("children", [])]


def hubspot_rules(flow: dict) -> list[str]:
    """Every connection resolves; action ids unique and below nextAvailableActionId; the fields HubSpot's
    action types need; a branch on hs_event_criteria_met reads a 0-29 wait right before it."""
    problems = []
    by_id = {a["actionId"]: a for a in flow["actions"]}
    if len(by_id) != len(flow["actions"]):
        problems.append("duplicate action ids")
    if flow.get("startActionId") not in by_id:
        problems.append("startActionId refers to nothing")
    if by_id and int(flow["nextAvailableActionId"]) <= max(int(i) for i in by_id):
        problems.append("nextAvailableActionId is taken")
    for action in flow["actions"]:
        connections = [action.get("connection"), action.get("defaultBranch")] + [
            b.get("connection") for b in action.get("listBranches", []) + action.get("staticBranches", [])]
        problems += [f"{action['actionId']} leads to missing {c['nextActionId']}" for c in connections
                     if c and c["nextActionId"] not in by_id]
        fields = action.get("fields", {})
        kind = action.get("actionTypeId")
        if kind == "0-4" and not fields.get("content_id"):
            problems.append(f"{action['actionId']}: send email without content_id")
        if kind == "0-1" and not (str(fields.get("delta", "")).isdigit() and fields.get("time_unit")):
            problems.append(f"{action['actionId']}: delay without delta/time_unit")
        if kind == "0-29":
            branches = fields.get("event_filter_branches") or []
            schema = validator("hubspot").schema["$defs"]["unifiedEventsBranch"]
            if not branches or not str(fields.get("expiration_minutes", "")).isdigit() or any(
                    list(jsonschema.Draft202012Validator(
                        {**schema, "$defs": validator("hubspot").schema["$defs"]}).iter_errors(b)) for b in branches):
                problems.append(f"{action['actionId']}: event wait without event branches or expiration")
        value = action.get("inputValue", {})
        if value.get("dataKey") == "hs_event_criteria_met" and by_id.get(value.get("actionId"), {}).get(
                "actionTypeId") != "0-29":
            problems.append(f"{action['actionId']}: branches on a criteria no event wait reports")
    return problems


def mautic_export_rules(payload: list) -> list[str]:
    return check_imported(simulate_import(json.loads(json.dumps(payload))))


RULES = {"dittofeed": dittofeed_rules, "hubspot": hubspot_rules, "mautic": rest_problems,
         "mautic-export": mautic_export_rules}


def test_the_contracts_refuse_the_shapes_the_tools_refused_before():
    """The old flaws, put back into today's exports, each break the contract."""
    document = load_document(next(p for p in EXAMPLES if p.name.startswith("patient")))
    flow = json.loads(export_document(mapped(EXAMPLES[0], "hubspot"), "hubspot").text)
    operation = next(f["operation"] for a in flow["actions"] for b in a.get("listBranches", [])
                     for g in b["filterBranch"]["filterBranches"] for f in g["filters"])
    del operation["includeObjectsWithNoValueSet"]
    del flow["dataSources"]
    assert {e.validator for e in validator("hubspot").iter_errors(flow)} >= {"required", "oneOf"}
    journey = json.loads(export_document(with_ids(document, "dittofeed"), "dittofeed").text)[0]["definition"]
    journey["entryNode"]["segment"] = None  # what the export wrote for a missing id
    assert list(validator("dittofeed").iter_errors(journey))
    payload = json.loads(export_document(mapped(EXAMPLES[-1], "mautic-export"), "mautic-export").text)
    payload[0]["dependencies"] = [{"campaign": 1, "campaign_event": 1, "email": 12}]  # the flat list of before
    assert list(validator("mautic-export").iter_errors(payload))
    body = json.loads(export_document(mapped(EXAMPLES[-1], "mautic"), "mautic").text)
    body["lists"], body["forms"] = [], []
    assert list(validator("mautic").iter_errors(body)) and "mautic.campaign.form.sources.notempty" in \
        rest_problems(body)

"""A small valid document as plain data, and helpers that edit it the way a user edits the file."""

from __future__ import annotations

import copy
from typing import Any

from sequences import Document
from sequences.validation import Finding, validate

BASE: dict[str, Any] = {
    "schema_version": 2,
    "name": "Guide follow-up",
    "audience": {"offers": [{"id": "guide", "name": "Implementation guide", "topic": "implementation"}]},
    "scoring": {
        "fit": [{"field": "role", "op": "in", "value": ["operations", "it"], "points": 20}],
        "intent": [{"event": "click", "topic": "integration", "points": 15}],
        "mql": {"fit_min": 10, "total": 40},
        "sql": {"total": 80, "require_hand_raise": True},
    },
    "sequence": {
        "nodes": [
            {"id": "start", "kind": "entry", "trigger": "lead_magnet", "offer": "guide"},
            {"id": "welcome", "kind": "email", "subject": "Your guide", "topic": "implementation"},
            {"id": "wait3", "kind": "wait", "days": 3},
            {"id": "by_role", "kind": "branch", "outputs": [
                {"label": "ops", "when": [{"field": "role", "op": "eq", "value": "operations"}]},
                {"label": "else"},
            ]},
            {"id": "handoff", "kind": "handoff", "sla_hours": 24},
            {"id": "sql", "kind": "goal"},
            {"id": "done", "kind": "exit"},
        ],
        "edges": [
            {"from": "start", "to": "welcome"},
            {"from": "welcome", "to": "wait3"},
            {"from": "wait3", "to": "by_role"},
            {"from": "by_role", "port": "ops", "to": "handoff"},
            {"from": "by_role", "port": "else", "to": "done"},
            {"from": "handoff", "to": "sql"},
        ],
    },
    "scenarios": [{
        "name": "today",
        "cohort": {"arrivals": [{"entry": "start", "leads_per_week": 100, "weeks": 10}]},
        "mix": {"role": {"operations": 0.6, "it": 0.4}},
        "behaviour": {"overrides": [{"role": "operations", "open": 0.4}]},
    }],
}


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def node(data: dict, node_id: str) -> dict:
    return next(n for n in data["sequence"]["nodes"] if n["id"] == node_id)


def add_node(data: dict, **fields: Any) -> dict:
    data["sequence"]["nodes"].append(fields)
    return fields


def connect(data: dict, source: str, target: str, port: str = "next") -> None:
    edges = data["sequence"]["edges"]
    edges[:] = [e for e in edges if not (e["from"] == source and e.get("port", "next") == port)]
    edges.append({"from": source, "port": port, "to": target})


def disconnect(data: dict, source: str, port: str = "next") -> None:
    edges = data["sequence"]["edges"]
    edges[:] = [e for e in edges if not (e["from"] == source and e.get("port", "next") == port)]


def scenario(data: dict, index: int = 0) -> dict:
    return data["scenarios"][index]


def findings(data: dict) -> list[Finding]:
    return validate(Document.model_validate(data))


def codes(data: dict) -> list[str]:
    return [f.code for f in findings(data)]


def rule_case(code: str, trigger, near_miss) -> tuple[list[Finding], dict, dict]:
    """The base document broken by ``trigger`` and nearly broken by ``near_miss``: the ``code`` findings
    of the broken one, and both documents."""
    broken, fine = base(), base()
    trigger(broken)
    near_miss(fine)
    return [f for f in findings(broken) if f.code == code], broken, fine

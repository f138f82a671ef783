"""Small documents for engine tests, built the way a user writes them (plain dicts through the model)."""

from __future__ import annotations

from typing import Any

from sequences.document import Document
from sequences.migrations import _v1_sales_defaults

UNREACHABLE = 1e9


def scenario(modern: bool = False, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "base",
        "cohort": {"arrivals": [{"entry": "start", "leads": 4000}]},
        "mix": {"role": {"clinical_leadership": 0.5, "it": 0.5}},
        "behaviour": {"default": {"open": 0.4, "click_given_open": 0.3, "hand_raise": 0.05,
                                  "unsubscribe": 0.05}},
        "sales": {"reps": 3, "first_touches_per_rep_per_day": 20},
        "acceptance": {"after_rejection": "disqualify"},
        "horizon_days": 365, "replications": 8, "seed": 3,
    }
    base.update(overrides)
    if not modern:
        # The oracles hold the version-1 sales model (calendar SLA, response-blind, unlimited recycling):
        # the scenario is read as a version-1 file would be.
        _v1_sales_defaults({"scenarios": [base]})
    return base


def document(nodes: list[dict], edges: list[dict], scenarios: list[dict] | None = None,
             scoring: dict | None = None) -> Document:
    nodes = [{**n, "subject": n.get("subject", f"About {n.get('topic', 'us')}")} if n["kind"] == "email" else n
             for n in nodes]
    return Document.model_validate({
        "name": "test", "sequence": {"nodes": nodes, "edges": edges},
        "scoring": scoring or {"sql": {"total": UNREACHABLE}, "mql": {"total": UNREACHABLE}},
        "scenarios": scenarios or [scenario()],
    })


def chain_graph() -> tuple[list[dict], list[dict]]:
    """Entry, emails, a role branch, an A/B split, a click wait right after an email, handoff or exit."""
    nodes = [
        {"id": "start", "kind": "entry"},
        {"id": "e1", "kind": "email", "topic": "roi"},
        {"id": "w1", "kind": "wait", "days": 2},
        {"id": "role", "kind": "branch", "outputs": [
            {"label": "clin", "when": [{"field": "role", "op": "eq", "value": "clinical_leadership"}]},
            {"label": "else"}]},
        {"id": "e2", "kind": "email", "topic": "integration"},
        {"id": "listen", "kind": "wait", "mode": "until_event", "event": "click", "days": 5},
        {"id": "ab", "kind": "split", "outputs": [{"label": "a", "percent": 30}, {"label": "b", "percent": 70}]},
        {"id": "wb", "kind": "wait", "mode": "business_days", "days": 3},
        {"id": "e3", "kind": "email", "topic": "security"},
        {"id": "handoff", "kind": "handoff"},
        {"id": "done", "kind": "exit"},
    ]
    edges = [
        {"from": "start", "to": "e1"}, {"from": "e1", "to": "w1"}, {"from": "w1", "to": "role"},
        {"from": "role", "port": "clin", "to": "e2"}, {"from": "role", "port": "else", "to": "ab"},
        {"from": "e2", "to": "listen"}, {"from": "listen", "port": "event", "to": "handoff"},
        {"from": "listen", "port": "timeout", "to": "ab"}, {"from": "ab", "port": "a", "to": "wb"},
        {"from": "ab", "port": "b", "to": "done"}, {"from": "wb", "to": "e3"}, {"from": "e3", "to": "handoff"},
    ]
    return nodes, edges

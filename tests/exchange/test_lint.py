"""One small sequence per lossy mapping: the target's lint names it (and errors stop a faithful export)."""

from __future__ import annotations

import pytest

from sequences import Document, Sequence
from sequences.exchange import export_document
from sequences.nodes import NODE_CLASSES, Edge


def doc(nodes: list[dict], edges: list[tuple[str, str, str]]) -> Document:
    typed = tuple(NODE_CLASSES[n["kind"]].model_validate(n) for n in nodes)
    return Document(sequence=Sequence(nodes=typed, edges=tuple(
        Edge.model_validate({"from": f, "port": p, "to": t}) for f, p, t in edges)))


ENTRY = {"id": "in", "kind": "entry"}
MAIL = {"id": "mail", "kind": "email", "subject": "Hello"}


def chain(*middle: dict) -> Document:
    nodes = [ENTRY, *middle, {"id": "end", "kind": "exit"}]
    ids = [n["id"] for n in nodes]
    return doc(nodes, [(a, "next", b) for a, b in zip(ids, ids[1:], strict=False)])


def lint(document: Document, target: str) -> dict[str, str]:
    return {w.code: w.severity for w in export_document(document, target).warnings}


CASES = [
    # (case, document, target, code, severity)
    ("variants", chain({**MAIL, "variants": [{"role": "it", "subject": "Hi IT"}]}), "hubspot", "variants", "warning"),
    ("business days", chain({"id": "w", "kind": "wait", "mode": "business_days", "days": 5}), "mautic",
     "business-days", "warning"),
    ("score in Dittofeed", chain({"id": "s", "kind": "score", "points": 5}), "dittofeed", "score-segment", "warning"),
    ("score in HubSpot", chain({"id": "s", "kind": "score", "points": 5}), "hubspot", "score-property", "warning"),
    ("fit score in Mautic", chain({"id": "s", "kind": "score", "score": "fit", "points": 5}), "mautic",
     "score-fit", "warning"),
    ("handoff SLA in Mautic", chain({"id": "h", "kind": "handoff", "sla_hours": 4}), "mautic-export", "sla",
     "warning"),
    ("handoff SLA in Dittofeed", chain({"id": "h", "kind": "handoff", "sla_hours": 4}), "dittofeed", "sla", "warning"),
    ("goal in Dittofeed", doc([ENTRY, {"id": "g", "kind": "goal"}], [("in", "next", "g")]), "dittofeed", "exit",
     "warning"),
    ("missing email id", chain(MAIL), "dittofeed", "missing-id", "error"),
    ("missing email id", chain(MAIL), "mautic", "missing-id", "error"),
    ("no entry", doc([MAIL], []), "hubspot", "no-entry", "error"),
    ("absurd wait", chain({"id": "w", "kind": "wait", "days": 40000}), "dittofeed", "wait-too-long", "error"),
]


@pytest.mark.parametrize("case,document,target,code,severity", CASES, ids=[c[0] for c in CASES])
def test_lint_names_the_loss(case, document, target, code, severity):
    assert lint(document, target).get(code) == severity


def branch_doc(outputs: list[dict]) -> Document:
    nodes = [ENTRY, {"id": "b", "kind": "branch", "outputs": outputs}]
    edges = [("in", "next", "b")]
    for out in outputs:
        nodes.append({"id": f"to_{out['label']}", "kind": "exit"})
        edges.append(("b", out["label"], f"to_{out['label']}"))
    return doc(nodes, edges)


def test_mautic_branch_losses():
    role = [{"field": "role", "op": "eq", "value": "it"}]
    three = branch_doc([{"label": "a", "when": role}, {"label": "b", "when": role}, {"label": "else"}])
    assert lint(three, "mautic")["n-way"] == "warning"
    both = branch_doc([{"label": "a", "when": [*role, {"field": "source", "op": "eq", "value": "paid"}]},
                       {"label": "else"}])
    assert lint(both, "mautic")["and"] == "warning"
    always = branch_doc([{"label": "a"}, {"label": "else"}])
    assert lint(always, "mautic")["always"] == "warning"
    assert lint(three, "dittofeed")["branch-segments"] == "warning"


def test_split_losses_per_target():
    nodes = [ENTRY, {"id": "ab", "kind": "split"}, {"id": "x", "kind": "exit"}, {"id": "y", "kind": "exit"}]
    split = doc(nodes, [("in", "next", "ab"), ("ab", "a", "x"), ("ab", "b", "y")])
    assert lint(split, "mautic")["ab-split"] == "warning"
    assert lint(split, "hubspot")["ab-split"] == "warning"
    assert "ab-split" not in lint(split, "dittofeed")  # Dittofeed has a random cohort node


def test_wait_for_event_losses():
    nodes = [ENTRY, MAIL, {"id": "w", "kind": "wait", "mode": "until_event", "event": "click", "days": 3},
             {"id": "x", "kind": "exit"}]
    waits = doc(nodes, [("in", "next", "mail"), ("mail", "next", "w"), ("w", "event", "x"), ("w", "timeout", "x")])
    assert lint(waits, "hubspot")["wait-event"] == "warning"
    assert lint(waits, "dittofeed")["wait-event"] == "warning"
    assert "wait-event" not in lint(waits, "mautic")  # a Mautic decision is a wait for the event


def test_entry_losses():
    nodes = [ENTRY, {"id": "in2", "kind": "entry", "trigger": "lead_magnet"}, MAIL,
             {"id": "other", "kind": "email"}, {"id": "lost", "kind": "email"}]
    two = doc(nodes, [("in", "next", "mail"), ("in2", "next", "other")])
    assert lint(two, "dittofeed")["journeys"] == "info"  # one Dittofeed journey per entry
    assert lint(two, "hubspot")["entry-router"] == "warning"
    assert lint(two, "hubspot")["unreachable"] == "warning"  # 'lost' hangs on nothing
    assert lint(two, "mautic")["sources"] == "warning"  # both lead-magnet entries are one Mautic source


def test_join_that_waits_less_than_its_target():
    """X is first placed on a 5-day timeout; a later path reaching it at once must jump, and Mautic would run
    X on its own 5-day schedule again: the lint says so."""
    def wait(node_id: str, days: float) -> dict:
        return {"id": node_id, "kind": "wait", "mode": "until_event", "event": "click", "days": days}

    nodes = [ENTRY, wait("w1", 5), wait("w2", 6), {"id": "z", "kind": "email"}, {"id": "x", "kind": "email"}]
    document = doc(nodes, [("in", "next", "w1"), ("w1", "timeout", "x"), ("w1", "event", "w2"),
                           ("w2", "timeout", "z"), ("z", "next", "x")])
    warnings = [w for w in export_document(document, "mautic").warnings if w.code == "jump-wait"]
    assert [(w.severity, w.node) for w in warnings] == [("warning", "x")]

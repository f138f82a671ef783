"""Graph rules: each with a document that triggers it and a near miss that does not."""

from __future__ import annotations

import pytest

from sequences import Document
from sequences.validation import has_errors, validate
from tests.sequences.doc_builders import add_node, base, codes, connect, disconnect, findings, node, rule_case


def test_the_base_document_has_no_findings():
    assert findings(base()) == []


def _no_entry(d):
    node(d, "start")["kind"] = "email"
    node(d, "start").update(subject="Hello", topic="implementation")
    node(d, "start").pop("trigger"), node(d, "start").pop("offer")
    d["scenarios"] = []


def _second_entry(d):
    add_node(d, id="webinar", kind="entry", trigger="webinar")
    connect(d, "webinar", "welcome")


def _orphan(d):
    add_node(d, id="orphan", kind="email", subject="Lost", topic="roi")
    connect(d, "orphan", "done")


def _reached_orphan(d):
    _orphan(d)
    connect(d, "by_role", "orphan", "else")


def _loop_back_to_entry(d):
    add_node(d, id="again", kind="wait", days=30)
    connect(d, "by_role", "again", "else")
    connect(d, "again", "start")


def _no_else(d):
    node(d, "by_role")["outputs"] = [{"label": "ops", "when": [{"field": "role", "op": "eq", "value": "operations"}]},
                                     {"label": "other"}]
    connect(d, "by_role", "done", "other")
    disconnect(d, "by_role", "else")


def _dead_end(d):
    disconnect(d, "wait3")
    connect(d, "welcome", "by_role")


def _wait_into_exit(d):
    connect(d, "wait3", "done")
    connect(d, "welcome", "by_role")


def _open_branch_port(d):
    disconnect(d, "by_role", "else")


def _open_handoff_port(d):
    disconnect(d, "handoff")


def _closed_loop(d):
    add_node(d, id="again", kind="email", subject="Still there?", topic="roi")
    add_node(d, id="wait7", kind="wait", days=7)
    connect(d, "by_role", "again", "else")
    connect(d, "again", "wait7")
    connect(d, "wait7", "again")


def _loop_with_way_out(d):
    _closed_loop(d)
    node(d, "wait7").update(mode="until_event", event="click")
    disconnect(d, "wait7")
    connect(d, "wait7", "again", "timeout")
    connect(d, "wait7", "handoff", "event")


def _loop_without_wait(d):
    add_node(d, id="check", kind="branch", outputs=[
        {"label": "hot", "when": [{"field": "total", "op": "gte", "value": 80}]}, {"label": "else"}])
    add_node(d, id="nudge", kind="score", points=5)
    connect(d, "by_role", "check", "else")
    connect(d, "check", "handoff", "hot")
    connect(d, "check", "nudge", "else")
    connect(d, "nudge", "check")


def _loop_with_wait(d):
    _loop_without_wait(d)
    add_node(d, id="pause", kind="wait", mode="business_days", days=5)
    connect(d, "nudge", "pause")
    connect(d, "pause", "check")


RULES = [
    ("no-entry", _no_entry, _second_entry, None),
    ("unreachable", _orphan, _reached_orphan, "orphan"),
    ("edge-into-entry", _loop_back_to_entry, _second_entry, "start"),
    ("branch-without-else", _no_else, _open_handoff_port, "by_role"),
    ("dead-end", _dead_end, _wait_into_exit, "wait3"),
    ("open-output", _open_branch_port, _open_handoff_port, "by_role"),
    ("loop-without-exit", _closed_loop, _loop_with_way_out, "again"),
    ("loop-without-wait", _loop_without_wait, _loop_with_wait, "check"),
]


@pytest.mark.parametrize(("code", "trigger", "near_miss", "where"), RULES, ids=[r[0] for r in RULES])
def test_graph_rule(code, trigger, near_miss, where):
    hits, broken, fine = rule_case(code, trigger, near_miss)
    assert len(hits) == 1, codes(broken)
    assert hits[0].node == where
    if where is not None:
        assert f"'{where}'" in hits[0].message
    assert code not in codes(fine)


def test_an_empty_sequence_has_no_entry():
    found = validate(Document())
    assert [f.code for f in found if f.severity == "error"] == ["no-entry"]
    assert has_errors(found)


def test_dead_end_names_the_node_by_title():
    d = base()
    _dead_end(d)
    node(d, "wait3")["title"] = "Three days"
    hit = next(f for f in findings(d) if f.code == "dead-end")
    assert hit.message.startswith("Wait 'Three days' (wait3) leads nowhere")


def test_open_output_names_the_port():
    d = base()
    _open_branch_port(d)
    hit = next(f for f in findings(d) if f.code == "open-output")
    assert "Output 'else' of branch 'by_role' is not connected" in hit.message


def test_until_event_wait_needs_both_outputs_connected():
    d = base()
    node(d, "wait3").update(mode="until_event", event="open")
    connect(d, "wait3", "by_role", "event")
    disconnect(d, "wait3")
    hits = [f for f in findings(d) if f.code == "open-output"]
    assert [("wait3" in f.message and "'timeout'" in f.message) for f in hits] == [True]


def test_errors_come_first_and_the_order_is_stable():
    d = base()
    _orphan(d)            # warning
    _open_branch_port(d)  # error
    node(d, "welcome")["subject"] = ""  # error
    first, second = findings(d), findings(d)
    assert first == second
    severities = [f.severity for f in first]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert [f.code for f in first][:2] == ["open-output", "email-without-subject"]
    assert has_errors(first) and not has_errors([f for f in first if f.severity != "error"])

"""Node and vocabulary rules: each with a document that triggers it and a near miss that does not."""

from __future__ import annotations

import pytest

from tests.sequences.doc_builders import add_node, base, codes, connect, findings, node, rule_case


def _set(node_id, **fields):
    def edit(d):
        node(d, node_id).update(fields)
    return edit


def _pop(node_id, key):
    def edit(d):
        node(d, node_id).pop(key)
    return edit


def _variants(subject_for_all: bool):
    def edit(d):
        roles = ["clinical_leadership", "it", "privacy_security", "operations", "billing_rcm", "procurement",
                 "executive"]
        if not subject_for_all:
            roles = roles[:-1]
        node(d, "welcome").update(subject="", variants=[{"role": r, "subject": f"For {r}"} for r in roles])
    return edit


def _split(*percents):
    def edit(d):
        add_node(d, id="ab", kind="split", outputs=[{"label": f"v{i}", "percent": p} for i, p in enumerate(percents)])
        connect(d, "by_role", "ab", "else")
        for i in range(len(percents)):
            connect(d, "ab", "done", f"v{i}")
    return edit


def _branch_outputs(*outputs):
    def edit(d):
        node(d, "by_role")["outputs"] = list(outputs)
        for output in outputs:
            connect(d, "by_role", "done" if output["label"] == "else" else "handoff", output["label"])
        d["sequence"]["edges"] = [e for e in d["sequence"]["edges"]
                                  if e["from"] != "by_role" or e["port"] in {o["label"] for o in outputs}]
    return edit


def _when(field, op, value):
    return _branch_outputs({"label": "hit", "when": [{"field": field, "op": op, "value": value}]}, {"label": "else"})


def _fit(field, op, value):
    def edit(d):
        d["scoring"]["fit"] = [{"field": field, "op": op, "value": value, "points": 10}]
    return edit


def _offer_topic(topic):
    def edit(d):
        d["audience"]["offers"][0]["topic"] = topic
    return edit


def _intent_topic(topic):
    def edit(d):
        d["scoring"]["intent"][0]["topic"] = topic
    return edit


def _score(points):
    def edit(d):
        add_node(d, id="bump", kind="score", points=points)
        connect(d, "by_role", "bump", "else")
        connect(d, "bump", "done")
    return edit


RULES = [
    ("email-without-subject", _set("welcome", subject="  "), _set("welcome", subject="Hi"), "welcome"),
    ("email-without-subject", _variants(False), _variants(True), "welcome"),
    ("email-without-topic", _pop("welcome", "topic"), _set("welcome", topic="roi"), "welcome"),
    ("wait-not-positive", _set("wait3", days=0), _set("wait3", days=0.5), "wait3"),
    ("wait-not-positive", _set("wait3", days=-2, mode="business_days"), _set("wait3", days=1), "wait3"),
    ("split-not-100", _split(50, 40), _split(50, 30, 20), "ab"),
    ("split-single-output", _split(100), _split(50, 50), "ab"),
    ("handoff-without-sla", _set("handoff", sla_hours=None), _set("handoff", sla_hours=4), "handoff"),
    ("handoff-without-sla", _set("handoff", sla_hours=0), _set("handoff", sla_hours=0.5), "handoff"),
    ("score-zero", _score(0), _score(-5), "bump"),
    ("entry-without-offer", _pop("start", "offer"), _set("start", trigger="demo_request", offer=None), "start"),
    ("unknown-offer", _set("start", offer="ebook"), _set("start", offer="guide"), "start"),
    ("unknown-topic", _set("start", topic="astrology"), _set("start", topic="security"), "start"),
    ("unknown-topic", _set("welcome", topic="weather"), _set("welcome", topic="coding"), "welcome"),
    ("unknown-role", _set("welcome", variants=[{"role": "nurse", "subject": "Hi"}]),
     _set("welcome", variants=[{"role": "it", "subject": "Hi"}]), "welcome"),
    ("unknown-topic", _set("welcome", variants=[{"role": "it", "topic": "golf"}]),
     _set("welcome", variants=[{"role": "it", "topic": "security"}]), "welcome"),
    ("unknown-role", _when("role", "eq", "surgeon"), _when("role", "eq", "executive"), "by_role"),
    ("unknown-role", _when("role", "in", ["it", "cto"]), _when("role", "not_in", ["it", "executive"]), "by_role"),
    ("unknown-source", _when("source", "eq", "radio"), _when("source", "eq", "event"), "by_role"),
    ("unknown-offer", _when("offer", "eq", "ebook"), _when("offer", "eq", "guide"), "by_role"),
    ("unknown-segment", _when("care_setting", "eq", "spa"), _when("care_setting", "eq", "payer"), "by_role"),
    ("unknown-topic", _when("clicked_topic", "in", ["cats"]), _when("clicked_topic", "in", ["security"]), "by_role"),
    ("unknown-field", _when("budget", "eq", "big"), _when("intent", "gte", 30), "by_role"),
    ("bad-comparison", _when("role", "gt", 3), _when("role", "ne", "it"), "by_role"),
    ("bad-comparison", _when("clicked_topic", "gte", 2), _when("clicked_topic", "eq", "security"), "by_role"),
    ("branch-always-true", _branch_outputs({"label": "all"}, {"label": "ops", "when": [
        {"field": "role", "op": "eq", "value": "operations"}]}, {"label": "else"}),
     _branch_outputs({"label": "ops", "when": [{"field": "role", "op": "eq", "value": "operations"}]},
                     {"label": "all"}, {"label": "else"}), "by_role"),
    ("unknown-role", _fit("role", "eq", "nurse"), _fit("role", "eq", "procurement"), None),
    ("unknown-field", _fit("clicks", "gte", 3), _fit("facility_size", "in", ["large"]), None),
    ("unknown-segment", _fit("facility_size", "eq", "huge"), _fit("facility_size", "eq", "large"), None),
    ("unknown-topic", _offer_topic("gardening"), _offer_topic("compliance"), None),
    ("unknown-topic", _intent_topic("gardening"), _intent_topic("scheduling"), None),
]
@pytest.mark.parametrize(("code", "trigger", "near_miss", "where"), RULES,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(RULES)])
def test_node_rule(code, trigger, near_miss, where):
    hits, broken, fine = rule_case(code, trigger, near_miss)
    assert len(hits) >= 1, codes(broken)
    assert all(f.node == where for f in hits)
    assert code not in codes(fine), [f.message for f in findings(fine)]


def test_segment_condition_with_a_reserved_name_is_refused_by_the_model():
    # Segment values such as care_setting: [clinic] are checked above; the model itself keeps
    # 'role', 'source' and 'offer' from being redefined as segments.
    d = base()
    d["audience"]["segments"] = {"role": ["x"]}
    with pytest.raises(ValueError, match="reserved"):
        findings(d)


def test_unknown_names_list_what_the_audience_defines():
    d = base()
    _set("start", offer="ebook")(d)
    hit = next(f for f in findings(d) if f.code == "unknown-offer")
    assert "names offer 'ebook'" in hit.message and "'guide'" in hit.message


def test_split_message_gives_the_sum():
    d = base()
    _split(60, 30)(d)
    hit = next(f for f in findings(d) if f.code == "split-not-100")
    assert "add up to 90%, not 100%" in hit.message

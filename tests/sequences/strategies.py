"""Hypothesis strategies that build valid documents: every node kind, edges between ports, scenarios."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from sequences import Document
from sequences.conditions import ENGAGEMENT_FIELDS, FLAG_FIELDS, SCORE_FIELDS
from sequences.document import SCHEMA_VERSION

ids = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,11}", fullmatch=True)
# Any text a person can type or paste (no lone surrogates: they cannot be stored as UTF-8 at all).
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
names = texts.filter(lambda s: s.strip() != "").map(lambda s: s[:200])
numbers = st.one_of(
    st.integers(-1000, 1000).map(float),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.1, 1e-9, 1e300, -2.5e-300, 123456789.123]),
)
shares = st.floats(0, 1, allow_nan=False)
positive = st.floats(0.01, 1000, allow_nan=False)


def unique(elements, min_size=0, max_size=5):
    return st.lists(elements, min_size=min_size, max_size=max_size, unique=True)


@st.composite
def conditions(draw) -> dict[str, Any]:
    shape = draw(st.sampled_from(["attribute", "attribute_list", "number", "flag", "topic", "none"]))
    if shape == "attribute":
        return {"field": draw(st.sampled_from(["role", "source", "offer", "care_setting"])),
                "op": draw(st.sampled_from(["eq", "ne"])), "value": draw(ids | texts)}
    if shape == "attribute_list":
        return {"field": draw(st.sampled_from(["role", "facility_size"])),
                "op": draw(st.sampled_from(["in", "not_in"])),
                "value": draw(st.lists(ids, max_size=3))}
    if shape == "number":
        return {"field": draw(st.sampled_from(SCORE_FIELDS + ENGAGEMENT_FIELDS)),
                "op": draw(st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"])), "value": draw(numbers)}
    if shape == "flag":
        return {"field": draw(st.sampled_from(FLAG_FIELDS)), "op": draw(st.sampled_from(["eq", "ne"])),
                "value": draw(st.booleans())}
    if shape == "topic":
        return {"field": "clicked_topic", "op": "in", "value": draw(st.lists(ids, min_size=1, max_size=3))}
    return {"field": draw(ids), "op": "eq", "value": None}


def _titled(draw, node: dict[str, Any]) -> dict[str, Any]:
    if draw(st.booleans()):
        node["title"] = draw(texts)
    return node


@st.composite
def nodes(draw, node_id: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["entry", "email", "wait", "branch", "split", "score", "handoff", "goal", "exit"]))
    node: dict[str, Any] = {"id": node_id, "kind": kind}
    if kind == "entry":
        node["trigger"] = draw(st.sampled_from(["lead_magnet", "webinar", "form", "demo_request"]))
        node["offer"] = draw(st.none() | ids)
        node["topic"] = draw(st.none() | ids)
    elif kind == "email":
        node["subject"] = draw(texts)
        node["topic"] = draw(st.none() | ids)
        node["content_type"] = draw(st.sampled_from(["guide", "checklist", "case_study", "webinar_invite",
                                                     "product", "newsletter", "personal"]))
        node["cta"] = draw(st.sampled_from(["none", "read", "register", "book_demo", "reply", "needs_form"]))
        node["variants"] = [{"role": role, "subject": draw(texts), "topic": draw(st.none() | ids)}
                            for role in draw(unique(ids, max_size=3))]
    elif kind == "wait":
        node["mode"] = draw(st.sampled_from(["days", "business_days", "until_event"]))
        node["days"] = draw(numbers)
        if node["mode"] == "until_event" or draw(st.booleans()):
            node["event"] = draw(st.sampled_from(["open", "click", "hand_raise"]))
    elif kind == "branch":
        labels = draw(unique(ids, min_size=1, max_size=3))
        node["outputs"] = [{"label": label, "when": draw(st.lists(conditions(), max_size=2))} for label in labels]
    elif kind == "split":
        labels = draw(unique(ids, min_size=1, max_size=3))
        node["outputs"] = [{"label": label, "percent": draw(st.floats(0, 100))} for label in labels]
    elif kind == "score":
        node["score"] = draw(st.sampled_from(["intent", "fit"]))
        node["points"] = draw(numbers)
    elif kind == "handoff":
        node["sla_hours"] = draw(st.none() | numbers)
        node["queue"] = draw(texts)
    elif kind == "goal":
        node["goal"] = draw(st.sampled_from(["sql", "accepted", "opportunity"]))
    else:
        node["reason"] = draw(st.sampled_from(["completed", "unsubscribed", "disqualified", "recycled"]))
    return _titled(draw, node)


@st.composite
def sequences_(draw) -> dict[str, Any]:
    node_ids = draw(unique(ids, max_size=6))
    built = [draw(nodes(node_id)) for node_id in node_ids]
    from sequences import NODE_CLASSES  # ports come from the model, so edges always leave a real port

    edges = []
    for node in built:
        model = NODE_CLASSES[node["kind"]].model_validate(node)
        for port in model.ports():
            if draw(st.booleans()):
                edges.append({"from": node["id"], "port": port, "to": draw(st.sampled_from(node_ids))})
    return {"nodes": built, "edges": draw(st.permutations(edges))}


@st.composite
def scoring(draw) -> dict[str, Any]:
    return {
        "fit": [{"field": draw(st.sampled_from(["role", "care_setting"])), "op": "eq", "value": draw(ids),
                 "points": draw(numbers)} for _ in range(draw(st.integers(0, 3)))],
        "intent": [{"event": draw(st.sampled_from(["open", "click", "hand_raise", "page_visit", "webinar", "form"])),
                    "topic": draw(st.none() | ids), "points": draw(numbers)} for _ in range(draw(st.integers(0, 3)))],
        "entry_points": draw(st.dictionaries(st.sampled_from(["lead_magnet", "webinar", "form", "demo_request"]),
                                             numbers, max_size=4)),
        "decay_half_life_days": draw(positive),
        "mql": {"fit_min": draw(numbers), "total": draw(numbers)},
        "sql": {"total": draw(numbers), "require_hand_raise": draw(st.booleans())},
    }


def _rates(draw, optional: bool) -> dict[str, Any]:
    keys = ["open", "click_given_open", "hand_raise", "unsubscribe"]
    return {k: draw(st.none() | shares) if optional else draw(shares) for k in keys}


@st.composite
def scenarios(draw, name: str) -> dict[str, Any]:
    arrivals = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            arrivals.append({"entry": draw(ids), "leads": draw(st.integers(0, 10**6))})
        else:
            arrivals.append({"entry": draw(ids), "leads_per_week": draw(st.floats(0, 1e5)), "weeks": draw(positive),
                             "start_day": draw(st.floats(0, 400))})
    start = draw(st.floats(0, 23))
    return {
        "name": name,
        "description": draw(texts),
        "cohort": {"arrivals": arrivals},
        "mix": draw(st.dictionaries(ids, st.dictionaries(ids, shares, max_size=3), max_size=3)),
        "behaviour": {"default": _rates(draw, False),
                      "overrides": [{"role": draw(st.none() | ids), "topic": draw(st.none() | ids),
                                     **_rates(draw, True)} for _ in range(draw(st.integers(0, 2)))]},
        "thresholds": draw(st.none() | st.fixed_dictionaries({"sql": st.fixed_dictionaries({"total": numbers})})),
        "sales": {"reps": draw(st.integers(0, 50)), "first_touches_per_rep_per_day": draw(st.floats(0, 100)),
                  "working_days": draw(unique(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))),
                  "working_hours": {"start": start, "end": draw(st.floats(start + 0.5, 24))},
                  "queues": draw(st.dictionaries(ids, st.fixed_dictionaries({
                      "reps": st.integers(0, 50), "priority": st.sampled_from(["fifo", "fit"]),
                      "other_handoffs_per_week": st.floats(0, 500), "touch_cv": st.floats(0, 3),
                      "sla": st.none() | st.fixed_dictionaries({"first_outreach_hours": positive})}), max_size=2))},
        "sla": {"first_outreach_hours": draw(positive), "status_update_hours": draw(positive),
                "clock": draw(st.sampled_from(["business", "calendar"]))},
        "acceptance": {"by_fit_band": [{"fit_min": draw(numbers), "accept": draw(shares)}],
                       "rejection_reasons": draw(st.dictionaries(ids, shares, max_size=3)),
                       "by_response_time": [{"within_hours": h, "factor": draw(shares)} for h in
                                            sorted(set(draw(st.lists(st.floats(0, 1000), max_size=3))))],
                       "after_rejection": draw(st.sampled_from(["recycle", "disqualify"])),
                       "recycle_to": draw(st.none() | ids)},
        "stall": {"days_without_progress": draw(positive), "queue_days": draw(positive)},
        "horizon_days": draw(st.floats(1, 3650)),
        "replications": draw(st.integers(1, 100)),
        "seed": draw(st.integers(0, 2**63 - 1)),
    }


@st.composite
def documents(draw) -> Document:
    sequence = draw(sequences_())
    offers = [{"id": i, "name": draw(names), "topic": draw(ids)} for i in draw(unique(ids, max_size=3))]
    segments = draw(st.dictionaries(ids.filter(lambda s: s not in ("role", "source", "offer")),
                                    st.lists(ids, max_size=3).map(tuple), max_size=3))
    data = {
        "schema_version": SCHEMA_VERSION,
        "name": draw(names),
        "description": draw(texts),
        "audience": {"roles": draw(unique(ids)), "sources": draw(unique(ids)), "topics": draw(unique(ids)),
                     "segments": segments, "offers": offers},
        "scoring": draw(scoring()),
        "sequence": sequence,
        "scenarios": [draw(scenarios(name)) for name in draw(unique(names, max_size=2))],
        "layout": {n["id"]: (draw(numbers), draw(numbers)) for n in sequence["nodes"] if draw(st.booleans())},
    }
    return Document.model_validate(data)

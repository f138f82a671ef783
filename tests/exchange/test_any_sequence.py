"""Any valid sequence exports to every target and the tool files import back: a property test."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sequences import Document, DocumentError, Sequence
from sequences.exchange import TARGETS, export_document
from sequences.exchange.dittofeed_import import import_dittofeed_data
from sequences.exchange.hubspot_import import import_hubspot_data
from sequences.exchange.mautic_import import import_mautic_data
from sequences.nodes import NODE_CLASSES, Edge

IMPORTERS = {"hubspot": import_hubspot_data, "mautic": import_mautic_data, "mautic-export": import_mautic_data,
             "dittofeed": import_dittofeed_data}
CONDITIONS = [{"field": "role", "op": "eq", "value": "it"}, {"field": "total", "op": "gte", "value": 40},
              {"field": "care_setting", "op": "in", "value": ["payer", "digital_health"]},
              {"field": "hand_raised", "op": "eq", "value": True}, {"field": "clicked_topic", "op": "in",
                                                                      "value": ["integration"]}]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@st.composite
def node(draw, node_id: str) -> dict:
    kind = draw(st.sampled_from(sorted(NODE_CLASSES)))
    data = {"id": node_id, "kind": kind, "title": draw(TEXT)}
    if kind == "email":
        data["subject"] = draw(st.sampled_from(["Hello", "=cmd()", "Caf\u00e9 \u2014 \u263a", ""]))
    if kind == "wait":
        data["mode"] = draw(st.sampled_from(["days", "business_days", "until_event"]))
        data["days"] = draw(st.sampled_from([0.5, 1, 3, 7.25]))
        data["event"] = "click" if data["mode"] == "until_event" else None
    if kind == "branch":
        count = draw(st.integers(0, 3))
        data["outputs"] = [{"label": f"o{i}", "when": draw(st.lists(st.sampled_from(CONDITIONS), max_size=2))}
                           for i in range(count)] + draw(st.sampled_from([[], [{"label": "else"}]]))
    if kind == "split":
        data["outputs"] = [{"label": "a", "percent": 30}, {"label": "b", "percent": 70}]
    if kind == "score":
        data["points"] = draw(st.sampled_from([-5, 0, 15]))
    return data


@st.composite
def documents(draw) -> Document:
    count = draw(st.integers(1, 9))
    raw = [{"id": "start", "kind": "entry"}] + [draw(node(f"n{i}")) for i in range(count)]
    typed = [NODE_CLASSES[n["kind"]].model_validate(n) for n in raw]
    edges = []
    for item in typed:
        for port in item.ports():
            if draw(st.booleans()) or item.kind == "entry":
                edges.append(Edge.model_validate({"from": item.id, "port": port,
                                                  "to": draw(st.sampled_from(typed)).id}))
    return Document(sequence=Sequence(nodes=tuple(typed), edges=tuple(edges)))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(documents())
def test_every_target_exports_and_imports_back(document):
    for target in TARGETS:
        result = export_document(document, target)
        assert result.text
        if target in IMPORTERS:
            try:
                back = IMPORTERS[target](json.loads(result.text), f"{target}.json").document
            except DocumentError as exc:  # only an export with nothing to carry may be refused
                assert "no steps" in str(exc)
            else:
                assert back.sequence.nodes
    assert export_document(document, "blueprint", pdf=True).binary.startswith(b"%PDF")

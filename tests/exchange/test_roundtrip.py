"""Export -> import keeps the graph's structure on every example, up to the losses each lint announces."""

from __future__ import annotations

import json

import pytest
from exchange_graphs import EXAMPLES, expected_after, same_structure, structure, without_plain_waits

from sequences import load_document
from sequences.exchange import export_document
from sequences.exchange.dittofeed_import import import_dittofeed_data
from sequences.exchange.hubspot_import import import_hubspot_data
from sequences.exchange.mautic_import import import_mautic_data

IMPORTERS = {"hubspot": import_hubspot_data, "mautic": import_mautic_data, "mautic-export": import_mautic_data,
             "dittofeed": import_dittofeed_data}


@pytest.mark.parametrize("target", sorted(IMPORTERS))
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name.split(".")[0] for p in EXAMPLES])
def test_round_trip_keeps_structure(path, target):
    document = load_document(path)
    exported = export_document(document, target)
    back = IMPORTERS[target](json.loads(exported.text), f"{path.name}.{target}.json").document
    got = without_plain_waits(structure(back)) if target.startswith("mautic") else structure(back)
    assert same_structure(got, expected_after(target, document)), (
        f"{target}: imported {sorted(structure(back).edges(keys=True))}")


def test_round_trip_keeps_the_asset_ids():
    document = load_document(next(p for p in EXAMPLES if p.name.startswith("patient")))
    emails = [n.id for n in document.sequence.nodes if n.kind == "email"]
    mapped = document.exports.hubspot.model_copy(update={"emails": {e: str(100 + i) for i, e in enumerate(emails)}})
    document = document.model_copy(update={"exports": document.exports.model_copy(update={"hubspot": mapped})})
    back = import_hubspot_data(json.loads(export_document(document, "hubspot").text), "x.json").document
    assert sorted(back.exports.hubspot.emails.values()) == sorted(str(100 + i) for i in range(len(emails)))


def test_mautic_round_trip_keeps_wait_lengths_and_conditions():
    document = load_document(next(p for p in EXAMPLES if p.name.startswith("patient")))
    back = import_mautic_data(json.loads(export_document(document, "mautic").text), "x.json").document
    waits = sorted(n.days for n in back.sequence.nodes if n.kind == "wait")
    assert waits == [3, 5.6, 7, 10]  # 4 business days are carried as 5.6 calendar days
    branch = next(n for n in back.sequence.nodes if n.kind == "branch" and len(n.outputs) == 3)
    original = document.sequence.node("by_role")
    assert [o.label for o in branch.outputs] == [o.label for o in original.outputs]
    assert [o.when for o in branch.outputs] == [o.when for o in original.outputs]


@pytest.mark.parametrize("target", ["mautic", "mautic-export"])
def test_mautic_carries_subjects_topics_and_calls_to_action_in_the_event_description(target):
    document = load_document(next(p for p in EXAMPLES if p.name.startswith("billing")))
    exported = export_document(document, target)
    assert "email-fields" not in {w.code for w in exported.warnings}
    back = import_mautic_data(json.loads(exported.text), "x.json").document
    fields = {(n.subject, n.topic, n.content_type, n.cta) for n in back.sequence.nodes if n.kind == "email"}
    assert fields == {(n.subject, n.topic, n.content_type, n.cta) for n in document.sequence.nodes
                      if n.kind == "email"}


@pytest.mark.parametrize("target", ["hubspot", "dittofeed"])
def test_what_a_target_cannot_carry_is_announced_before_writing(target):
    document = load_document(next(p for p in EXAMPLES if p.name.startswith("billing")))
    warnings = export_document(document, target).warnings
    lost = {w.node for w in warnings if w.code == "email-fields"}
    assert lost == {n.id for n in document.sequence.nodes if n.kind == "email" and (n.subject or n.topic)}
    scenarios = next(w for w in warnings if w.code == "scenarios")
    assert all(s.name in scenarios.message for s in document.scenarios)

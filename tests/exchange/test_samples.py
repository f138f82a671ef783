"""Every public sample file (see samples/README.md) imports; unknown steps become annotated placeholders."""

from __future__ import annotations

import pytest
from exchange_graphs import SAMPLES

from sequences import dump_document, parse_document
from sequences.exchange import import_file

# file: (source, node kinds, placeholders, edges)
CASES = {
    "hubspot/v4_guide_form_submission.json": ("hubspot", {"entry": 1, "score": 2}, 2, 2),
    # The reference example's branch points at "<string>", its own id: two loops back to itself.
    "hubspot/v4_reference_get_flow.json": ("hubspot", {"entry": 1, "branch": 1}, 0, 3),
    # One entry per contact source; Mautic starts all four first steps for each: three are left unconnected.
    "mautic/mautic7_export_fixture.json": ("mautic", {"entry": 2, "wait": 3, "branch": 1, "email": 1}, 3, 3),
    "mautic/user_documentation_campaign_sample.json": ("mautic", {"entry": 2, "wait": 3, "branch": 1, "email": 1},
                                                       3, 3),
    "dittofeed/random_cohort_journey.json": ("dittofeed", {"entry": 1, "split": 1, "email": 3, "exit": 1}, 0, 7),
    "dittofeed/delay_split_journey.json": ("dittofeed", {"entry": 1, "wait": 1, "branch": 1, "email": 1,
                                                         "exit": 1}, 0, 5),
    "dittofeed/nested_segment_splits.json": ("dittofeed", {"entry": 1, "branch": 2, "email": 2, "exit": 1}, 0, 7),
}


def test_every_stored_sample_has_a_case():
    stored = {str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*.json")}
    assert stored == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_sample_imports(name):
    source, kinds, placeholders, edges = CASES[name]
    result = import_file(SAMPLES / name, source)
    counted: dict[str, int] = {}
    for node in result.document.sequence.nodes:
        counted[node.kind] = counted.get(node.kind, 0) + 1
    assert counted == kinds
    assert len(result.document.sequence.edges) == edges
    unknown = [w for w in result.warnings if w.code == "unknown-step"]
    assert len(unknown) == placeholders
    titled = [n for n in result.document.sequence.nodes if "(not modelled)" in n.title]
    assert len(titled) == placeholders
    # The imported document is a real document: it saves and loads back unchanged.
    text = dump_document(result.document)
    assert parse_document(text)[0] == result.document
    assert set(result.document.layout) == {n.id for n in result.document.sequence.nodes}


def test_hubspot_sample_placeholders_say_what_they_were():
    result = import_file(SAMPLES / "hubspot/v4_guide_form_submission.json", "hubspot")
    titles = sorted(n.title for n in result.document.sequence.nodes if n.kind == "score")
    assert titles == ["HubSpot: action type 0-13 (not modelled)", "HubSpot: action type 0-9 (not modelled)"]
    assert all(n.points == 0 for n in result.document.sequence.nodes if n.kind == "score")


def test_dittofeed_sample_keeps_cohort_shares_and_template_ids():
    result = import_file(SAMPLES / "dittofeed/random_cohort_journey.json", "dittofeed")
    split = next(n for n in result.document.sequence.nodes if n.kind == "split")
    assert [(o.label, o.percent) for o in split.outputs] == [("Cohort_A", 33.33), ("Cohort_B", 33.33),
                                                              ("Cohort_C", 33.34)]
    assert sorted(result.document.exports.dittofeed.emails.values()) == ["template-id-1", "template-id-2",
                                                                         "template-id-3"]


def test_mautic_sample_keeps_the_campaign_canvas_positions():
    result = import_file(SAMPLES / "mautic/mautic7_export_fixture.json", "mautic")
    document = result.document
    asset = next(n for n in document.sequence.nodes if "asset.download" in n.title)
    # Mautic draws top-down (event 5 at x 379, y 159); the canvas here runs left to right.
    assert document.layout[asset.id] == (159 - 150, 379 - 600)


def test_dittofeed_segment_splits_keep_both_paths():
    result = import_file(SAMPLES / "dittofeed/nested_segment_splits.json", "dittofeed")
    seq = result.document.sequence
    first = seq.node("split_node_1")
    assert {(e.port, seq.node(e.to).kind) for e in seq.out_edges(first.id)} == {("in_segment", "branch"),
                                                                                 ("else", "email")}
    assert result.document.exports.dittofeed.segments["branch:split_node_1:in_segment"] == "segment-id-1"


def test_mautic_sample_keeps_its_segment_and_form_sources_with_their_ids():
    result = import_file(SAMPLES / "mautic/user_documentation_campaign_sample.json", "mautic")
    entries = [n for n in result.document.sequence.nodes if n.kind == "entry"]
    assert sorted(n.trigger for n in entries) == ["form", "lead_magnet"]
    segments = result.document.exports.mautic.segments
    assert {segments[f"entry:{n.id}"] for n in entries} == {"1"}  # segment 1 and form 1 of the file
    parallel = [w.message for w in result.warnings if w.code == "parallel"]
    assert parallel and all("'Request dynamic content'" in m and "'Visits a page'" in m for m in parallel)
    assert list(result.document.exports.mautic.emails.values()) == ["1"]

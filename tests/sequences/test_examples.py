"""The shipped examples: realistic, valid with no errors, and usable as templates."""

from __future__ import annotations

import pytest

from assets.examples import example_paths, list_templates, template_path
from sequences import BranchNode, EntryNode, load_document
from sequences.validation import validate


@pytest.mark.parametrize("template", list_templates(), ids=lambda t: t.name)
def test_every_template_validates_without_errors(template):
    findings = validate(load_document(template.path))
    assert [f for f in findings if f.severity == "error"] == []


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_examples_are_role_based_lead_magnet_follow_ups_with_scenarios_to_compare(path):
    document = load_document(path)
    assert validate(document) == []
    branches = [n for n in document.sequence.nodes if isinstance(n, BranchNode)]
    assert any(c.field == "role" for b in branches for o in b.outputs for c in o.when)
    entries = [n for n in document.sequence.nodes if isinstance(n, EntryNode)]
    assert any(e.trigger == "lead_magnet" and document.audience.offer(e.offer) for e in entries)
    assert len(document.scenarios) >= 2
    assert any(s.thresholds is not None for s in document.scenarios)
    assert path.read_text().startswith("# ")


def test_the_registry_names_the_templates():
    assert [t.name for t in list_templates()] == ["empty", "patient-engagement", "billing-demo",
                                                  "multi-location-scheduling"]
    assert template_path("billing-demo").name == "billing_demo.nurture.yaml"
    assert all(t.path.exists() and t.title for t in list_templates())
    with pytest.raises(KeyError, match="no template named 'nope'"):
        template_path("nope")
    assert len(example_paths()) == 3

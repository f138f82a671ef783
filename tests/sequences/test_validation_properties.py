"""Validation never fails on a document that loads, and every finding points at something real."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from sequences.validation import validate
from sequences.validation_findings import SEVERITY_RANK
from tests.sequences.strategies import documents


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_loadable_document_validates_into_findings_that_point_at_real_places(document):
    findings = validate(document)
    assert findings == validate(document)
    ranks = [SEVERITY_RANK[f.severity] for f in findings]
    assert ranks == sorted(ranks)
    node_ids = {n.id for n in document.sequence.nodes}
    scenario_names = {s.name for s in document.scenarios}
    for finding in findings:
        assert finding.message.strip() and finding.code
        assert finding.node is None or finding.node in node_ids
        assert finding.scenario is None or finding.scenario in scenario_names

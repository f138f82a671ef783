"""Import into an existing document: the tool's sequence replaces ours, while the scenarios, the scoring
and the export mappings stay; scenario references that no longer resolve are reported."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document
from ..export_mapping import TARGETS_WITH_IDS, ExportMappings, TargetMapping
from ..validation_scenarios import scenario_findings

# Findings of scenarios that point at a step of the sequence (an arrival's entry, a recycle step).
REFERENCE_CODES = ("arrival-unknown-node", "arrival-not-entry", "recycle-unknown-node")


@dataclass
class MergeResult:
    document: Document
    unresolved: list[str] = field(default_factory=list)  # one sentence per scenario reference that broke


def import_into(existing: Document, imported: Document) -> MergeResult:
    """``existing`` with ``imported``'s sequence and layout; its scenarios, scoring, audience, sweeps, name
    and mappings are kept (the import's ids are added to the mappings, replacing ids for the same keys)."""
    exports = ExportMappings(**{target: _merged(existing.exports.for_target(target),
                                                imported.exports.for_target(target))
                                for target in TARGETS_WITH_IDS})
    document = existing.model_copy(update={"sequence": imported.sequence, "layout": dict(imported.layout),
                                           "exports": exports})
    unresolved = [f.message for f in scenario_findings(document) if f.code in REFERENCE_CODES]
    return MergeResult(document, unresolved)


def _merged(kept: TargetMapping, new: TargetMapping) -> TargetMapping:
    return kept.model_copy(update={"emails": {**kept.emails, **new.emails},
                                   "segments": {**kept.segments, **new.segments},
                                   "properties": {**kept.properties, **new.properties},
                                   "campaign_uuid": kept.campaign_uuid or new.campaign_uuid})

"""Validation of a document into findings (severity, place, message), errors first in a stable order."""

from __future__ import annotations

from .document import Document
from .validation_findings import SEVERITY_RANK, Finding, Severity
from .validation_graph import graph_findings
from .validation_nodes import node_findings
from .validation_scenarios import scenario_findings, threshold_findings
from .validation_vocab import audience_findings, scoring_rule_findings

__all__ = ["Finding", "Severity", "has_errors", "validate"]


def validate(document: Document) -> list[Finding]:
    """Every finding for the document, errors first, in a stable order."""
    findings: list[Finding] = []
    findings += audience_findings(document.audience)
    findings += graph_findings(document.sequence)
    findings += node_findings(document.sequence.nodes, document.audience)
    findings += scoring_rule_findings(document.scoring, document.audience)
    findings += threshold_findings(document.scoring)
    findings += scenario_findings(document)
    findings += _layout(document)
    # sorted() is stable: within a severity, findings keep the order the rules found them in.
    return sorted(findings, key=lambda f: SEVERITY_RANK[f.severity])


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _layout(document: Document) -> list[Finding]:
    ids = {n.id for n in document.sequence.nodes}
    stale = sorted(k for k in document.layout if k not in ids)
    if not stale:
        return []
    names = ", ".join(f"'{k}'" for k in stale)
    return [Finding("info", "layout-unknown-node",
                    f"The canvas layout keeps positions for {names}, which are not in the sequence; they "
                    "are ignored.")]

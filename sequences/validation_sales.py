"""Findings about the sales queues: handoff nodes and routing rules naming queues, holidays, the response curve."""

from __future__ import annotations

from .document import Document
from .nodes import HandoffNode
from .scenario import Scenario
from .validation_findings import Finding, listed


def queue_findings(document: Document, scenario: Scenario) -> list[Finding]:
    name = scenario.name
    team = scenario.sales.team()
    findings = []
    for node in document.sequence.nodes:
        if isinstance(node, HandoffNode) and node.queue not in team:
            first = next(iter(team))
            findings.append(Finding("warning", "handoff-unknown-queue",
                                    f"Handoff '{node.id}' sends leads to queue '{node.queue}', which scenario "
                                    f"'{name}' does not have (it has {listed(team)}): they go to '{first}'.",
                                    node=node.id, scenario=name))
    for index, rule in enumerate(scenario.sales.routing, start=1):
        if rule.queue not in team:
            findings.append(Finding("error", "routing-unknown-queue",
                                    f"Routing rule {index} of scenario '{name}' sends leads to queue '{rule.queue}', "
                                    f"which is not one of its queues ({listed(team)}).", scenario=name))
    start = scenario.sales.start_date
    late = [d for d in scenario.sales.holidays if start is not None and d < start]
    if late:
        findings.append(Finding("warning", "holiday-before-start",
                                f"Scenario '{name}' lists holidays before its start date "
                                f"({listed([d.isoformat() for d in late])}): they are ignored.", scenario=name))
    return findings

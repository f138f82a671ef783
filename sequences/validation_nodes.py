"""Rules on each node's own settings: subjects and topics, waits, splits, branches, scores and SLAs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .audience import Audience
from .nodes import (
    ELSE,
    BranchNode,
    EmailNode,
    EntryNode,
    HandoffNode,
    NodeBase,
    ScoreNode,
    SplitNode,
    WaitNode,
)
from .validation_findings import TOLERANCE, Finding, cap, named, number
from .validation_vocab import condition_findings, unknown


def node_findings(nodes: tuple[NodeBase, ...], audience: Audience) -> list[Finding]:
    findings: list[Finding] = []
    for node in nodes:
        rule = _RULES.get(type(node))
        if rule is not None:
            findings += rule(node, audience)
    return findings


def _entry(node: EntryNode, audience: Audience) -> list[Finding]:
    findings = []
    if node.offer is not None and audience.offer(node.offer) is None:
        findings.append(unknown("offer", node.offer, audience, cap(named(node)), node=node.id))
    if node.topic is not None and node.topic not in audience.topics:
        findings.append(unknown("topic", node.topic, audience, cap(named(node)), node=node.id))
    if node.trigger == "lead_magnet" and node.offer is None:
        findings.append(Finding("warning", "entry-without-offer",
                                f"{cap(named(node))} is a lead-magnet download but names no offer: say which "
                                "guide, checklist or webinar brings these leads in.", node=node.id))
    return findings


def _email(node: EmailNode, audience: Audience) -> list[Finding]:
    findings = []
    where = cap(named(node))
    covered = {v.role for v in node.variants if v.subject.strip()}
    if not node.subject.strip() and not set(audience.roles) <= covered:
        findings.append(Finding("error", "email-without-subject",
                                f"{where} has no subject line: write the subject leads will see.", node=node.id))
    topics = {v.role: v.topic for v in node.variants if v.topic is not None}
    if node.topic is None and not set(audience.roles) <= set(topics):
        findings.append(Finding("warning", "email-without-topic",
                                f"{where} has no topic, so intent scoring and topic response rates cannot apply "
                                "to it: choose the topic it is about.", node=node.id))
    if node.topic is not None and node.topic not in audience.topics:
        findings.append(unknown("topic", node.topic, audience, where, node=node.id))
    for variant in node.variants:
        if variant.role not in audience.roles:
            findings.append(unknown("role", variant.role, audience, f"{where}, a variant,", node=node.id))
        if variant.topic is not None and variant.topic not in audience.topics:
            findings.append(unknown("topic", variant.topic, audience, f"{where}, the {variant.role} variant,",
                                    node=node.id))
    return findings


def _wait(node: WaitNode, audience: Audience) -> list[Finding]:
    if node.days > 0:
        if node.mode == "business_days" and not float(node.days).is_integer():
            # Business days are counted from the same time of day; a fraction of one has no meaning there.
            return [Finding("error", "wait-business-fraction",
                            f"{cap(named(node))} waits {number(node.days)} business days: business-day waits are "
                            "whole days (use a wait in days for part of a day).", node=node.id)]
        return []
    what = "a timeout of" if node.mode == "until_event" else "a wait of"
    return [Finding("error", "wait-not-positive",
                    f"{cap(named(node))} has {what} {number(node.days)} days: waits must be longer than zero.",
                    node=node.id)]


def _split(node: SplitNode, audience: Audience) -> list[Finding]:
    total = sum(o.percent for o in node.outputs)
    findings = []
    if abs(total - 100) > TOLERANCE * 100:
        findings.append(Finding("error", "split-not-100",
                                f"The percentages of {named(node)} add up to {number(total)}%, not 100%.",
                                node=node.id))
    if len(node.outputs) < 2:
        findings.append(Finding("warning", "split-single-output",
                                f"{cap(named(node))} has only one output, so it splits nothing.", node=node.id))
    return findings


def _branch(node: BranchNode, audience: Audience) -> list[Finding]:
    findings = []
    for output in node.outputs:
        where = f"Output '{output.label}' of {named(node)}"
        for condition in output.when:
            findings += condition_findings(condition.field, condition.op, condition.value, condition.values(),
                                           audience, where, node=node.id)
    conditional = [o for o in node.outputs if o.label != ELSE]
    for index, output in enumerate(conditional):
        if not output.when and index < len(conditional) - 1:
            later = ", ".join(f"'{o.label}'" for o in conditional[index + 1:])
            findings.append(Finding("warning", "branch-always-true",
                                    f"Output '{output.label}' of {named(node)} has no condition, so it takes every "
                                    f"lead and {later} never get any.", node=node.id))
    return findings


def _score(node: ScoreNode, audience: Audience) -> list[Finding]:
    if node.points != 0:
        return []
    return [Finding("warning", "score-zero", f"{cap(named(node))} changes the {node.score} score by 0 points.",
                    node=node.id)]


def _handoff(node: HandoffNode, audience: Audience) -> list[Finding]:
    if node.sla_hours is None:
        return [Finding("error", "handoff-without-sla",
                        f"{cap(named(node))} has no SLA: set how many hours sales has for the first outreach.",
                        node=node.id)]
    if node.sla_hours <= 0:
        return [Finding("error", "handoff-without-sla",
                        f"{cap(named(node))} has an SLA of {number(node.sla_hours)} hours: it must be longer "
                        "than zero.", node=node.id)]
    return []


# Each rule takes its own node class; the table is looked up by the node's type, so the pairing holds.
_RULES: dict[type, Callable[[Any, Audience], list[Finding]]] = {
    EntryNode: _entry, EmailNode: _email, WaitNode: _wait, SplitNode: _split, BranchNode: _branch,
    ScoreNode: _score, HandoffNode: _handoff,
}

"""Vocabulary rules: every role, segment, source, offer and topic a document names must be one it defines."""

from __future__ import annotations

from .audience import Audience
from .conditions import ENGAGEMENT_FIELDS, FLAG_FIELDS, SCORE_FIELDS, TOPIC_FIELDS
from .scoring import Scoring
from .validation_findings import Finding, listed

ATTRIBUTE_CODES = {"role": "unknown-role", "source": "unknown-source", "offer": "unknown-offer"}
ATTRIBUTE_WORDS = {"role": "role", "source": "source", "offer": "offer"}
LEAD_FACTS = SCORE_FIELDS + ENGAGEMENT_FIELDS + FLAG_FIELDS + TOPIC_FIELDS


def unknown(kind: str, value: str, audience: Audience, where: str, **place) -> Finding:
    """One 'unknown name' finding, listing what the document does define."""
    known = {
        "role": audience.roles, "topic": audience.topics, "source": audience.sources,
        "offer": tuple(o.id for o in audience.offers), "segment": tuple(audience.segments),
    }[kind]
    hint = f" (the audience defines {listed(known, 30)})" if known else f" (the audience defines no {kind}s)"
    return Finding("error", f"unknown-{kind}", f"{where} names {kind} '{value}', which is not in the "
                   f"audience{hint}.", **place)


def attribute_values(field: str, values: tuple[str, ...], audience: Audience, where: str,
                     **place) -> list[Finding]:
    """Values of a lead attribute (role, source, offer or a segment) that the audience does not define."""
    allowed = audience.attribute_values()[field]
    findings = []
    for value in values:
        if value in allowed:
            continue
        if field in ATTRIBUTE_CODES:
            findings.append(unknown(field, value, audience, where, **place))
        else:
            findings.append(Finding("error", "unknown-segment",
                                    f"{where} names '{value}' for segment '{field}', which only has "
                                    f"{listed(allowed, 30) or 'no values'}.", **place))
    return findings


def condition_findings(field: str, op: str, value: object, values: tuple[str, ...], audience: Audience,
                       where: str, attributes_only: bool = False, **place) -> list[Finding]:
    """Checks one ``{field, op, value}``; the model has already checked the shape of numbers and flags."""
    attributes = audience.attribute_values()
    if field in attributes:
        if op in ("gt", "gte", "lt", "lte") or not isinstance(value, str | tuple):
            return [Finding("error", "bad-comparison",
                            f"{where} compares {field.replace('_', ' ')} with {value!r}: a {field} can only "
                            "be one of the listed values (use is, is not, is one of, is none of).", **place)]
        return attribute_values(field, values, audience, where, **place)
    if attributes_only or field not in LEAD_FACTS:
        allowed = sorted(attributes) if attributes_only else [*sorted(attributes), *LEAD_FACTS]
        return [Finding("error", "unknown-field",
                        f"{where} tests '{field}', which is not something known about a lead "
                        f"(it may test {listed(allowed, 30)}).", **place)]
    if field in TOPIC_FIELDS:
        if op not in ("eq", "ne", "in", "not_in"):
            return [Finding("error", "bad-comparison",
                            f"{where} compares {field.replace('_', ' ')} by size; use is one of a list of topics.",
                            **place)]
        if not values:
            return [Finding("error", "bad-comparison", f"{where} tests clicked topic without naming a topic.",
                            **place)]
        return [unknown("topic", t, audience, where, **place) for t in values if t not in audience.topics]
    return []


def audience_findings(audience: Audience) -> list[Finding]:
    findings = []
    for offer in audience.offers:
        if offer.topic not in audience.topics:
            findings.append(unknown("topic", offer.topic, audience, f"Offer '{offer.name}' ({offer.id})"))
    if not audience.roles:
        findings.append(Finding("error", "no-roles", "The audience defines no roles: add the roles your leads "
                                "have (clinical leadership, operations, IT, ...)."))
    return findings


def scoring_rule_findings(scoring: Scoring, audience: Audience) -> list[Finding]:
    findings = []
    for index, rule in enumerate(scoring.fit, start=1):
        values = rule.value if isinstance(rule.value, tuple) else (rule.value,) if isinstance(rule.value, str) else ()
        findings += condition_findings(rule.field, rule.op, rule.value, values, audience,
                                       f"Fit rule {index}", attributes_only=True)
    for index, intent in enumerate(scoring.intent, start=1):
        if intent.topic is not None and intent.topic not in audience.topics:
            findings.append(unknown("topic", intent.topic, audience, f"Intent rule {index} ({intent.event})"))
    return findings

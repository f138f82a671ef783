"""A blueprint (Markdown, or PDF) of every step, condition, wait and threshold, for tools that import nothing."""

from __future__ import annotations

from ..conditions import describe_all
from ..document import Document
from ..nodes import (
    BranchNode,
    EmailNode,
    EntryNode,
    ExitNode,
    GoalNode,
    HandoffNode,
    ScoreNode,
    SplitNode,
    WaitNode,
)
from .index import indexed
from .lint import ExportResult, Lint
from .mapping import walk_order
from .pdf_text import text_pdf
from .schedule import earliest


def blueprint_lines(document: Document) -> list[str]:
    s = document.scoring
    lines = [f"# {document.name}", ""]
    if document.description:
        lines += [document.description.strip(), ""]
    lines += ["## Thresholds", "",
              f"- MQL: fit at least {s.mql.fit_min:g} and total score at least {s.mql.total:g}",
              f"- SQL: total score at least {s.sql.total:g}"
              + (" and a hand-raise (demo, needs form or reply)" if s.sql.require_hand_raise else ""),
              f"- Intent decays with a half-life of {s.decay_half_life_days:g} days", ""]
    if s.fit or s.intent:
        lines += ["## Scoring", ""]
        lines += [f"- Fit: {r.field.replace('_', ' ')} {r.op} {_value(r.value)}: {r.points:+g}" for r in s.fit]
        lines += [f"- Intent: {r.event.replace('_', ' ')}" + (f" on {r.topic}" if r.topic else "")
                  + f": {r.points:+g}" for r in s.intent]
        lines.append("")
    lines += ["## Steps", ""]
    reach = earliest(document)
    number = {node_id: i + 1 for i, node_id in enumerate(walk_order(document))}
    for node_id in walk_order(document):
        node = indexed(document).node(node_id)
        day = reach.get(node_id)
        when = f" (day {day.day:g})" if day is not None else " (not reached from an entry)"
        lines.append(f"### {number[node_id]}. {node.label()}{when}")
        lines += [f"- {line}" for line in _details(document, node, number)]
        lines.append("")
    return lines


def _value(value) -> str:
    return ", ".join(value) if isinstance(value, tuple) else f"{value:g}" if isinstance(value, float) else str(value)


def _next(document: Document, node, port: str, number: dict[str, int]) -> str:
    edge = next((e for e in indexed(document).out_edges(node.id) if e.port == port), None)
    if edge is None:
        return "stop"
    return f"go to step {number[edge.to]} ({indexed(document).node(edge.to).label()})"


def _details(document: Document, node, number: dict[str, int]) -> list[str]:  # noqa: C901
    nxt = _next(document, node, "next", number) if "next" in node.ports() else ""
    if isinstance(node, EntryNode):
        offer = document.audience.offer(node.offer) if node.offer else None
        return [f"Entry: {node.trigger.replace('_', ' ')}" + (f" — {offer.name}" if offer else ""), f"Then {nxt}"]
    if isinstance(node, EmailNode):
        out = [f"Send email: \"{node.subject}\"" + (f" (topic {node.topic})" if node.topic else ""),
               f"Content: {node.content_type.replace('_', ' ')}; call to action: {node.cta.replace('_', ' ')}"]
        out += [f"For {v.role.replace('_', ' ')}: \"{v.subject or node.subject}\"" for v in node.variants]
        return [*out, f"Then {nxt}"]
    if isinstance(node, WaitNode):
        if node.mode == "until_event":
            return [f"Wait up to {node.days:g} days for a {node.event.replace('_', '-')}",
                    f"If it happens: {_next(document, node, 'event', number)}",
                    f"If not: {_next(document, node, 'timeout', number)}"]
        unit = "business days" if node.mode == "business_days" else "days"
        return [f"Wait {node.days:g} {unit}", f"Then {nxt}"]
    if isinstance(node, BranchNode):
        return [("Otherwise" if o.label == "else" else f"If {describe_all(o.when)}")
                + f": {_next(document, node, o.label, number)}" for o in node.outputs]
    if isinstance(node, SplitNode):
        return [f"{o.percent:g}% at random ({o.label}): {_next(document, node, o.label, number)}"
                for o in node.outputs]
    if isinstance(node, ScoreNode):
        return [f"Change {node.score} score by {node.points:+g}", f"Then {nxt}"]
    if isinstance(node, HandoffNode):
        sla = f"; first outreach within {node.sla_hours:g} hours" if node.sla_hours is not None else ""
        return [f"Hand to {node.queue}{sla}", f"Then {nxt}"]
    if isinstance(node, GoalNode):
        return [f"Goal reached: {node.goal.upper() if node.goal == 'sql' else node.goal}"]
    if isinstance(node, ExitNode):
        return [f"Leave the sequence: {node.reason}"]
    return []


def export_blueprint(document: Document) -> ExportResult:
    return ExportResult("blueprint", "\n".join(blueprint_lines(document)).rstrip() + "\n", Lint("blueprint").sorted(),
                        ".md")


def export_blueprint_pdf(document: Document) -> ExportResult:
    lines = blueprint_lines(document)
    result = ExportResult("blueprint", "\n".join(lines), Lint("blueprint").sorted(), ".pdf")
    result.binary = text_pdf(lines, title=document.name)
    return result

"""A blueprint (Markdown, or PDF) of every step, condition, wait and threshold, for tools that import nothing."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

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

Text = Callable[[object], str]
_SPECIAL = re.compile(r"([\\`*\[\]#|~])")
_LONE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")  # intraword ones (pe_guide) are plain
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def markdown_text(value: object) -> str:
    """User text as inline Markdown that shows exactly that text, as the HTML report's autoescape does:
    whitespace runs (newlines too) become one space, so no heading or list can start; ``& < >`` become
    entities, so no tag (``<script>``, ``<img onerror>``) survives; Markdown's markup characters are
    backslash-escaped, so ``[x](javascript:...)`` is no link and ``**`` no emphasis."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    text = _LONE_UNDERSCORE.sub(r"\\_", _SPECIAL.sub(r"\\\1", text))
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def plain_text(value: object) -> str:
    """User text for the PDF, which draws text as is: only whitespace runs collapse (one line per line)."""
    return " ".join(str(value).split())


def blueprint_lines(document: Document, text: Text = markdown_text) -> list[str]:
    """The blueprint's lines; every string taken from the document goes through ``text``."""
    t = text
    s = document.scoring
    lines = [f"# {t(document.name)}", ""]
    if document.description.strip():
        lines += [t(document.description), ""]
    lines += ["## Thresholds", "",
              f"- MQL: fit at least {s.mql.fit_min:g} and total score at least {s.mql.total:g}",
              f"- SQL: total score at least {s.sql.total:g}"
              + (" and a hand-raise (demo, needs form or reply)" if s.sql.require_hand_raise else ""),
              f"- Intent decays with a half-life of {s.decay_half_life_days:g} days", ""]
    if s.fit or s.intent:
        lines += ["## Scoring", ""]
        lines += [f"- Fit: {t(r.field.replace('_', ' '))} {t(r.op)} {t(_value(r.value))}: {r.points:+g}"
                  for r in s.fit]
        lines += [f"- Intent: {t(r.event.replace('_', ' '))}" + (f" on {t(r.topic)}" if r.topic else "")
                  + f": {r.points:+g}" for r in s.intent]
        lines.append("")
    lines += ["## Steps", ""]
    reach = earliest(document)
    number = {node_id: i + 1 for i, node_id in enumerate(walk_order(document))}
    for node_id in walk_order(document):
        node = indexed(document).node(node_id)
        day = reach.get(node_id)
        when = f" (day {day.day:g})" if day is not None else " (not reached from an entry)"
        lines.append(f"### {number[node_id]}. {t(node.label())}{when}")
        lines += [f"- {line}" for line in _details(document, node, number, t)]
        lines.append("")
    return lines


def _value(value) -> str:
    return ", ".join(value) if isinstance(value, tuple) else f"{value:g}" if isinstance(value, float) else str(value)


def _next(document: Document, node, port: str, number: dict[str, int], t: Text) -> str:
    edge = next((e for e in indexed(document).out_edges(node.id) if e.port == port), None)
    if edge is None:
        return "stop"
    return f"go to step {number[edge.to]} ({t(indexed(document).node(edge.to).label())})"


def _details(document: Document, node, number: dict[str, int], t: Text) -> list[str]:  # noqa: C901
    nxt = _next(document, node, "next", number, t) if "next" in node.ports() else ""
    if isinstance(node, EntryNode):
        offer = document.audience.offer(node.offer) if node.offer else None
        return [f"Entry: {t(node.trigger.replace('_', ' '))}" + (f" — {t(offer.name)}" if offer else ""),
                f"Then {nxt}"]
    if isinstance(node, EmailNode):
        out = [f"Send email: \"{t(node.subject)}\"" + (f" (topic {t(node.topic)})" if node.topic else ""),
               f"Content: {t(node.content_type.replace('_', ' '))}; call to action: {t(node.cta.replace('_', ' '))}"]
        out += [f"For {t(v.role.replace('_', ' '))}: \"{t(v.subject or node.subject)}\"" for v in node.variants]
        return [*out, f"Then {nxt}"]
    if isinstance(node, WaitNode):
        if node.mode == "until_event":
            return [f"Wait up to {node.days:g} days for a {t(str(node.event).replace('_', '-'))}",
                    f"If it happens: {_next(document, node, 'event', number, t)}",
                    f"If not: {_next(document, node, 'timeout', number, t)}"]
        unit = "business days" if node.mode == "business_days" else "days"
        return [f"Wait {node.days:g} {unit}", f"Then {nxt}"]
    if isinstance(node, BranchNode):
        return [("Otherwise" if o.label == "else" else f"If {t(describe_all(o.when))}")
                + f": {_next(document, node, o.label, number, t)}" for o in node.outputs]
    if isinstance(node, SplitNode):
        return [f"{o.percent:g}% at random ({t(o.label)}): {_next(document, node, o.label, number, t)}"
                for o in node.outputs]
    if isinstance(node, ScoreNode):
        return [f"Change {t(node.score)} score by {node.points:+g}", f"Then {nxt}"]
    if isinstance(node, HandoffNode):
        sla = f"; first outreach within {node.sla_hours:g} hours" if node.sla_hours is not None else ""
        return [f"Hand to {t(node.queue)}{sla}", f"Then {nxt}"]
    if isinstance(node, GoalNode):
        return [f"Goal reached: {t(node.goal.upper() if node.goal == 'sql' else node.goal)}"]
    if isinstance(node, ExitNode):
        return [f"Leave the sequence: {t(node.reason)}"]
    return []


def export_blueprint(document: Document) -> ExportResult:
    return ExportResult("blueprint", "\n".join(blueprint_lines(document)).rstrip() + "\n", Lint("blueprint").sorted(),
                        ".md")


def export_blueprint_pdf(document: Document) -> ExportResult:
    lines = blueprint_lines(document, plain_text)
    result = ExportResult("blueprint", "\n".join(lines), Lint("blueprint").sorted(), ".pdf")
    result.binary = text_pdf(lines, title=plain_text(document.name))
    return result

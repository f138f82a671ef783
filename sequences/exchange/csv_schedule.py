"""A CSV schedule: one row per email and role version, with day offset, topic, subject and condition."""

from __future__ import annotations

import csv
import io

from ..document import Document
from ..nodes import EmailNode
from .index import indexed
from .lint import ExportResult, Lint
from .mapping import walk_order
from .schedule import earliest

HEADER = ("day_offset", "step", "role", "topic", "subject", "content_type", "call_to_action", "condition")
MAX_CONDITIONS = 4
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Cells a spreadsheet would run as a formula get a leading apostrophe (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(document: Document) -> ExportResult:
    lint = Lint("csv")
    reach = earliest(document)
    rows = []
    for node_id in walk_order(document):
        node = indexed(document).node(node_id)
        if not isinstance(node, EmailNode):
            continue
        where = reach.get(node_id)
        if where is None:
            lint.warn("unreachable", "no entry reaches this email: it has no day offset", node_id)
        day = "" if where is None else f"{where.day:g}"
        # A long path keeps its last few tests: the column says why this lead got this email.
        tests = where.conditions if where else ()
        condition = "; ".join(("…", *tests[-MAX_CONDITIONS:]) if len(tests) > MAX_CONDITIONS else tests)
        versions = [("all", node.subject, node.topic)] + [
            (v.role, v.subject or node.subject, v.topic or node.topic) for v in node.variants]
        for role, subject, topic in versions:
            rows.append((day, node.label(), role, topic or "", subject, node.content_type, node.cta, condition))
    rows.sort(key=lambda r: (float(r[0]) if r[0] != "" else float("inf")))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return ExportResult("csv", buffer.getvalue(), lint.sorted(), ".csv")

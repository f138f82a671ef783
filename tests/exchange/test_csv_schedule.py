"""The CSV schedule: one row per email and role version, earliest day offsets, and no formula injection."""

from __future__ import annotations

import csv
import io

from exchange_graphs import example

from sequences.exchange import export_document
from sequences.exchange.csv_schedule import HEADER, safe_cell
from sequences.nodes import EmailVariant


def rows_of(document) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export_document(document, "csv").text)))


def test_one_row_per_email_and_role_version_with_day_offsets():
    document = example("patient_engagement")
    rows = rows_of(document)
    emails = [n for n in document.sequence.nodes if n.kind == "email"]
    assert len(rows) == sum(1 + len(e.variants) for e in emails)
    assert list(rows[0]) == list(HEADER)
    welcome = [r for r in rows if r["step"] == "Welcome"]
    assert [r["role"] for r in welcome] == ["all", "clinical_leadership", "operations"]
    assert welcome[1]["subject"] == "Your guide: outcomes clinical leaders track first"
    by_step = {r["step"]: r for r in rows if r["role"] == "all"}
    assert by_step["Welcome"]["day_offset"] == "0"
    assert by_step["Outcomes case study"]["day_offset"] == "3"  # after the 3-day wait
    assert by_step["Outcomes case study"]["condition"] == "Clinical or operations?: role is clinical_leadership"
    # 4 business days count as 5.6 calendar days on the way to the needs form.
    assert by_step["Needs form"]["day_offset"] == "8.6"
    assert [float(r["day_offset"]) for r in rows] == sorted(float(r["day_offset"]) for r in rows)


def test_cells_that_would_run_as_formulas_are_escaped():
    document = example("patient_engagement")
    welcome = document.sequence.node("welcome")
    hostile = welcome.model_copy(update={
        "subject": '=HYPERLINK("http://evil.example","click")',
        "variants": (EmailVariant(role="operations", subject="+1 call us"), EmailVariant(role="it", subject="@SUM(A1)"),
                     EmailVariant(role="executive", subject="-2+3"), EmailVariant(role="procurement", subject="\tx"))})
    nodes = tuple(hostile if n.id == "welcome" else n for n in document.sequence.nodes)
    document = document.model_copy(update={"sequence": document.sequence.model_copy(update={"nodes": nodes})})
    rows = [r for r in rows_of(document) if r["step"] == "Welcome"]
    subjects = [r["subject"] for r in rows]
    assert subjects == ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1 call us", "'@SUM(A1)", "'-2+3", "'\tx"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r.values())


def test_safe_cell_leaves_ordinary_text_alone():
    assert safe_cell("Your guide") == "Your guide"
    assert safe_cell("\rcmd") == "'\rcmd"
    assert safe_cell(None) == ""

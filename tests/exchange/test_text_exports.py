"""Mermaid flowchart and the blueprint (Markdown and PDF) cover every step, condition, wait and threshold."""

from __future__ import annotations

import re
import zlib

from exchange_graphs import EXAMPLES, example

from sequences import load_document
from sequences.exchange import export_document


def test_mermaid_has_every_node_and_edge():
    for path in EXAMPLES:
        document = load_document(path)
        text = export_document(document, "mermaid").text
        lines = text.splitlines()
        assert lines[0] == "flowchart LR"
        nodes = [line for line in lines[1:] if "-->" not in line]
        edges = [line for line in lines[1:] if "-->" in line]
        assert len(nodes) == len(document.sequence.nodes)
        assert len(edges) == len(document.sequence.edges)
        for line in nodes:  # labels are quoted, so subjects with brackets cannot break the chart
            assert re.match(r'^    n\d+[\[\(\{/]+".*"[\]\)\}/]+$', line), line


def test_mermaid_labels_ports_of_branches_and_waits():
    text = export_document(example("patient_engagement"), "mermaid").text
    for port in ("clinical", "operations", "else", "event", "timeout", "integration"):
        assert f'-->|"{port}"|' in text


def test_blueprint_lists_every_step_condition_wait_and_threshold():
    document = example("patient_engagement")
    text = export_document(document, "blueprint").text
    for node in document.sequence.nodes:
        assert node.label() in text
    assert "MQL: fit at least 20 and total score at least 45" in text
    assert "SQL: total score at least 80 and a hand-raise" in text
    assert "Wait up to 7 days for a click" in text and "Wait 4 business days" in text
    assert "If role is clinical_leadership: go to step" in text
    assert "Change intent score by +15" in text
    assert "first outreach within 24 hours" in text
    headings = re.findall(r"^### (\d+)\. ", text, re.MULTILINE)
    assert [int(h) for h in headings] == list(range(1, len(document.sequence.nodes) + 1))


def test_blueprint_pdf_is_a_valid_pdf_holding_the_text():
    result = export_document(example("patient_engagement"), "blueprint", pdf=True)
    data = result.binary
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    xref = int(data[data.rindex(b"startxref") + 9:].split()[0])
    assert data[xref:xref + 4] == b"xref"
    count = int(data[xref:].split(b"\n")[1].split()[1])
    offsets = [int(line.split()[0]) for line in data[xref:].split(b"\n")[3:3 + count - 1]]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode())
    assert b"(Hand to sales" in data or b"Hand to sales" in data
    assert b"/Type /Page " in data and zlib  # text streams are plain, so the words are searchable
    assert b"Wait up to 7 days for a click" in data

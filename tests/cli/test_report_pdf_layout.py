"""The PDF report as a VP of Sales reads it: a summary on page one, table cells that stay apart, nothing past
the page edge, no heading left at the foot of a page, plain names instead of ids, a funnel whose small stages
show."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
from typer.testing import CliRunner

from designer.cli.main import app
from simulation.report_charts import bar_chart

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
RUN = ["--replications", "2", "--leads", "600", "--seed", "3"]


class _Cells(HTMLParser):
    """The text of every table cell and heading of the HTML report."""

    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self.headings: list[str] = []
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th", "h2", "h3", "h4"):
            self._open, self._text = tag, []

    def handle_endtag(self, tag):
        if tag == self._open:
            text = " ".join("".join(self._text).split())
            (self.headings if tag.startswith("h") else self.cells).append(text)
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._text.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory, qapp):
    """One comparison report of the patient-engagement example, as HTML and as PDF (same seed: same figures).
    ``qapp`` first: the PDF writer would otherwise make a QGuiApplication that later widget tests trip over."""
    folder = tmp_path_factory.mktemp("report")
    example = EXAMPLES / "patient_engagement.nurture.yaml"
    for suffix in ("html", "pdf"):
        result = CliRunner().invoke(app, ["report", str(example), "--out", str(folder / f"r.{suffix}"), *RUN])
        assert result.exit_code == 0, result.output
    parser = _Cells()
    parser.feed((folder / "r.html").read_text("utf-8"))
    with pdfplumber.open(folder / "r.pdf") as pdf:
        pages = [(p.width, p.height, p.extract_words(x_tolerance=1.5)) for p in pdf.pages]
        images = [[(i["top"], i["bottom"]) for i in p.images] for p in pdf.pages]
    pages = [(w, h, words, pictures) for (w, h, words), pictures in zip(pages, images, strict=True)]
    return parser, pages


def test_page_one_is_an_executive_summary(report):
    _, pages = report
    first = " ".join(w["text"] for w in pages[0][2])
    assert pages[0][3] == []  # words only: the charts come with the details
    assert "Summary" in first and "Key figure" in first and "95% interval of the mean" in first
    assert re.search(r"(Keep|Choose) “", first), "no recommendation on page one"
    assert re.search(r"Over 180 days, [\d,]+ leads arrive", first)
    # The details come after it: the comparison table is not on page one.
    assert "Difference," not in first


def test_table_cells_never_run_together(report):
    parser, pages = report
    words = {w["text"] for _, _, page, _ in pages for w in page}
    tokens = {t for cell in parser.cells for t in cell.split()}
    assert len(tokens) > 100
    merged = sorted(t for t in tokens if t not in words)
    # "9.6" next to "10.0" printed as "9.610.0", or "Arrived" + "MQLs" as "ArrivedMQLs", would fail here.
    assert merged == [], f"cell text that ran into its neighbour in the PDF: {merged[:10]}"


def test_nothing_runs_past_the_page_edge(report):
    _, pages = report
    for number, (width, height, words, _) in enumerate(pages, 1):
        for w in words:
            assert w["x0"] >= 0 and w["x1"] <= width - 20, f"page {number}: '{w['text']}' runs past the edge"
            assert w["bottom"] <= height - 20, f"page {number}: '{w['text']}' runs past the foot"


def test_no_heading_is_left_at_the_foot_of_a_page(report):
    parser, pages = report
    headings = set(parser.headings)
    for number, (_, _, words, pictures) in enumerate(pages, 1):
        if not words:
            continue
        last_top = max(w["top"] for w in words)
        if any(top > last_top for top, _ in pictures):
            continue  # a chart below the last line of text ends the page
        last_line = " ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]) if abs(w["top"] - last_top) < 2)
        assert last_line not in headings, f"page {number} ends with the heading '{last_line}'"


def test_names_not_ids(report):
    parser, pages = report
    text = " ".join(w["text"] for _, _, page, _ in pages for w in page)
    for raw in ("clinical_leadership", "privacy_security", "pe_guide", "ehr_webinar", "hospital_system", "'guide'"):
        assert raw not in text
    assert "Clinical leadership" in " ".join(parser.cells) and "Patient engagement guide" in " ".join(parser.cells)


def test_the_funnel_on_a_log_scale_keeps_small_stages_visible():
    def widths(log: bool) -> list[float]:
        chart = bar_chart("f", "Funnel", [("Arrived", 10_000, None, None), ("SQLs", 40, None, None)], log=log)
        return [float(w) for w in re.findall(r"<rect x='190' y='\d+' width='([\d.]+)'", chart.svg)]

    linear, log = widths(False), widths(True)
    assert linear[1] / linear[0] < 0.01  # a sliver
    assert log[1] / log[0] > 0.35

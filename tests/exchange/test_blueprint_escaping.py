"""Hostile subjects, names and ids in the blueprint Markdown show as text: no tag, no link, no heading."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from exchange_graphs import example
from typer.testing import CliRunner

from designer.cli.main import app
from sequences import dump_document
from sequences.exchange import export_document

SCRIPT = "<script>alert('subject')</script>"
IMG = '<img src=x onerror="alert(1)">'
LINK = "[free guide](javascript:alert(document.cookie))"
HEADING = "Line one\n# Injected heading\n- injected item"


def _hostile():
    """The example with markup in the name, description, subjects, a variant, titles, an offer, a
    condition value and an id that Markdown reads as emphasis."""
    document = example("patient_engagement")
    nodes = []
    for node in document.sequence.nodes:
        update = {}
        if node.kind == "email":
            update["subject"] = {0: SCRIPT, 1: HEADING}.get(len(nodes) % 3, LINK)
            if node.variants:
                update["variants"] = tuple(v.model_copy(update={"subject": IMG}) for v in node.variants)
        if node.kind == "wait":
            update["title"] = f"**bold** {IMG} ![x](javascript:alert(2))"
        if node.kind == "branch":
            outputs = list(node.outputs)
            when = list(outputs[0].when)
            hostile = "</p><script>x()</script>"
            value = (hostile,) if isinstance(when[0].value, tuple) else hostile
            when[0] = when[0].model_copy(update={"value": value})
            outputs[0] = outputs[0].model_copy(update={"when": tuple(when)})
            update["outputs"] = tuple(outputs)
        nodes.append(node.model_copy(update=update))
    exit_id = next(n.id for n in nodes if n.kind == "exit")
    renamed = "_danger_"
    nodes = [n.model_copy(update={"id": renamed, "title": ""}) if n.id == exit_id else n for n in nodes]
    edges = [e.model_copy(update={"to": renamed}) if e.to == exit_id else e for e in document.sequence.edges]
    offers = tuple(o.model_copy(update={"name": f"{SCRIPT} & {LINK}"}) for o in document.audience.offers)
    return document.model_copy(update={
        "name": f"Plan {SCRIPT}\n# Not a heading",
        "description": f"{HEADING}\n\n{LINK} {IMG}",
        "sequence": document.sequence.model_copy(update={"nodes": tuple(nodes), "edges": tuple(edges)}),
        "audience": document.audience.model_copy(update={"offers": offers}),
        "layout": {(renamed if k == exit_id else k): v for k, v in document.layout.items()},
    })


def _exported(tmp_path) -> str:
    """The blueprint as a user gets it: the document saved, then ``nurture export --to blueprint``."""
    path = tmp_path / "hostile.nurture.yaml"
    path.write_text(dump_document(_hostile()), encoding="utf-8")
    out = tmp_path / "blueprint.md"
    result = CliRunner().invoke(app, ["export", str(path), "--to", "blueprint", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_markup_in_the_document_is_escaped_in_the_markdown(tmp_path):
    text = _exported(tmp_path)
    for raw in ("<script", "<img", "**bold**", "\n# Injected", "\n- injected", "</p>", "\n_danger_", " _danger_"):
        assert raw not in text, raw
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # an unescaped ] before ( would make a link
    headings = re.findall(r"^#+ .*$", text, re.MULTILINE)
    assert all(h.startswith(("# Plan", "## ", "### ")) for h in headings), headings
    assert sum(h.startswith("# ") for h in headings) == 1
    assert "&lt;script&gt;alert('subject')&lt;/script&gt;" in text  # kept as text, not dropped
    assert "Line one \\# Injected heading - injected item" in text  # one line: the - starts no item
    assert "\\[free guide\\](javascript:alert(document.cookie))" in text
    assert "\\_danger\\_" in text


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text += data


@pytest.mark.parametrize("renderer", ["markdown-it", "python-markdown"])
def test_the_rendered_html_has_no_script_handler_or_javascript_link(tmp_path, renderer):
    text = _exported(tmp_path)
    if renderer == "markdown-it":
        markdown_it = pytest.importorskip("markdown_it")
        html = markdown_it.MarkdownIt("commonmark").render(text)  # raw HTML is allowed in this preset
    else:
        markdown = pytest.importorskip("markdown")
        html = markdown.markdown(text)
    parsed = _Tags()
    parsed.feed(html)
    names = {tag for tag, _ in parsed.tags}
    assert names <= {"h1", "h2", "h3", "p", "ul", "li", "em", "strong", "code"}, names
    assert not {"script", "img", "a"} & names
    attributes = [(name, value) for _, attrs in parsed.tags for name, value in attrs]
    assert attributes == [], attributes  # no onerror, no href="javascript:...": no attribute at all
    assert "em" not in names and "strong" not in names  # **bold** and _danger_ stay literal
    assert sum(tag == "h1" for tag, _ in parsed.tags) == 1
    assert "<script>alert('subject')</script>" in parsed.text  # the subject reads as the user wrote it
    assert "[free guide](javascript:alert(document.cookie))" in parsed.text


def test_the_pdf_keeps_the_text_as_written_on_one_line():
    result = export_document(_hostile(), "blueprint", pdf=True)
    assert b"&lt;" not in result.binary and b"\\\\[" not in result.binary
    assert "Line one # Injected heading - injected item" in result.text

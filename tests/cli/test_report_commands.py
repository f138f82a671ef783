"""``nurture report``: HTML and PDF reports of a run or a comparison, through the real entry point."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
import zlib
from pathlib import Path

from designer.cli import main, report_commands
from sequences import load_document
from simulation import compare, simulate
from simulation.narrative import headline
from simulation.report_summary import node_name
from simulation.summary import estimate, funnel_rows

from .cli_fixtures import EXAMPLE, NURTURE, SCENARIOS, runner

if not any(c.name == "report" for c in main.app.registered_commands):
    report_commands.register(main.app)  # until the lead registers the module in designer/cli/main.py
app = main.app


def _stream(body: bytes) -> bytes:
    match = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    if match is None:
        return b""
    raw = match.group(1)
    return zlib.decompress(raw) if b"FlateDecode" in body[:match.start()] else raw


def pdf_text(path: Path) -> str:
    """The text Qt's PDF writer drew: glyph ids mapped back through each font's ToUnicode CMap."""
    data = Path(path).read_bytes()
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}
    cmaps: dict[int, dict[int, str]] = {}
    for number, body in objects.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if ref is None:
            continue
        cmap, text = {}, _stream(objects[int(ref.group(1))])
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                cmap[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, _hi, dst, array in re.findall(
                    rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]+)>|\[([^\]]*)\])", block):
                targets = re.findall(rb"<([0-9a-fA-F]+)>", array) if array else [dst]
                for k, target in enumerate(targets):
                    cmap[int(lo, 16) + k] = bytes.fromhex(target.decode()).decode("utf-16-be")
        cmaps[number] = cmap
    out = []
    for body in objects.values():
        if b"/Length" not in body or b"/Subtype /Image" in body:
            continue
        try:
            content = _stream(body)
        except zlib.error:
            continue
        font: dict[int, str] = {}
        for match in re.finditer(rb"/F(\d+) [\d.]+ Tf|<([0-9a-fA-F]*)> Tj|\bET\b", content):
            if match.group(1):
                font = cmaps.get(int(match.group(1)), {})
            elif match.group(2) is not None:
                hexes = match.group(2).decode()
                out.append("".join(font.get(int(hexes[i:i + 4], 16), "") for i in range(0, len(hexes), 4)))
            else:
                out.append(" ")
    return " ".join(unicodedata.normalize("NFKC", "".join(out)).split())


def squeeze(text: str) -> str:
    """Without white space: the PDF spaces words by position, so compare text with the gaps removed."""
    return "".join(text.split())


def test_html_report_of_a_comparison_holds_the_engines_figures_and_sentences(tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(EXAMPLE), "--out", str(out), "-r", "2", "--leads", "1500"])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and "2 scenarios compared" in result.output
    html = out.read_text(encoding="utf-8")
    expected = compare(load_document(EXAMPLE), list(SCENARIOS), replications=2, leads=1500)
    assert html.count("<svg") >= 9 and "<img" not in html  # charts inline, nothing to fetch
    assert headline(expected, SCENARIOS[1]).replace("'", "&#39;") in html
    for run in expected.results:
        for label, value in funnel_rows(run):
            assert f"<td class=\"label\">{label}</td><td>{value}</td>" in html
        for place, _count in run.stall_points():
            assert node_name(load_document(EXAMPLE), place) in html  # the node's title, not its id
    diff = expected.differences[SCENARIOS[1]]["sql_leads"]
    assert estimate(diff, signed=False) in html
    for setting in ("MQL threshold", "fit ≥ 25, total ≥ 50", "SQL threshold", "total ≥ 95 and a hand-raise",
                    "5 reps × 12 first touches a day", "first outreach within 24 h"):
        assert setting in html


def test_pdf_report_of_one_scenario_is_written_without_a_display_and_holds_the_figures(tmp_path):
    out = tmp_path / "report.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([str(NURTURE), "report", str(EXAMPLE), "--scenario", SCENARIOS[0], "--out", str(out),
                           "-r", "2", "--leads", "1200"], capture_output=True, text=True, env=env, timeout=120)
    if "No such command 'report'" in done.stderr:  # the entry point before the lead registers the module
        done = subprocess.run([sys.executable, "-c", "import sys, typer; from designer.cli import report_commands"
                               " as r; app = typer.Typer(); r.register(app); app.callback()(lambda: None); app()",
                               "report", str(EXAMPLE), "--scenario", SCENARIOS[0], "--out", str(out), "-r", "2",
                               "--leads", "1200"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = squeeze(pdf_text(out))
    expected = simulate(load_document(EXAMPLE), SCENARIOS[0], replications=2, leads=1200)
    for label, value in funnel_rows(expected):
        assert squeeze(label + value) in text, label
    for words in ("Summary", "Keyfigure", "Assumptions", "Stallpoints", "WeeklySQLhandoffs", "Byrole"):
        assert words in text
    assert out.stat().st_size > 20_000  # the charts are embedded as images


def test_bad_requests_get_a_clear_message_and_no_file(tmp_path):
    wrong = runner.invoke(app, ["report", str(EXAMPLE), "--out", str(tmp_path / "report.docx")])
    assert wrong.exit_code == 2 and "report.docx" in wrong.output and ".html or .pdf" in wrong.output
    unknown = runner.invoke(app, ["report", str(EXAMPLE), "-s", "nope", "--out", str(tmp_path / "r.html")])
    assert unknown.exit_code == 1 and "no scenario named 'nope'" in unknown.output
    broken = tmp_path / "broken.nurture.yaml"
    broken.write_text("name: [unclosed\n")
    loaded = runner.invoke(app, ["report", str(broken), "--out", str(tmp_path / "r.html")])
    assert loaded.exit_code == 2 and "broken.nurture.yaml" in loaded.output
    nowhere = runner.invoke(app, ["report", str(EXAMPLE), "--out", str(tmp_path / "missing" / "r.pdf")])
    assert nowhere.exit_code == 2 and "missing" in nowhere.output and "does not exist" in nowhere.output
    for result in (wrong, unknown, loaded, nowhere):
        assert "Traceback" not in result.output
    assert not list(tmp_path.glob("r.*")) and not list(tmp_path.glob("report.*"))


def test_the_same_seed_writes_the_same_html(tmp_path):
    texts = []
    for name in ("a.html", "b.html"):
        args = ["report", str(EXAMPLE), "-s", SCENARIOS[1], "--seed", "4", "-r", "2", "--leads", "800",
                "--out", str(tmp_path / name)]
        assert runner.invoke(app, args).exit_code == 0
        texts.append((tmp_path / name).read_text(encoding="utf-8"))
    assert texts[0] == texts[1]

"""The canvas picture as a reader gets it: PDF text at the size and place it has in the PNG, a message for an
unknown suffix, and ``nurture-studio FILE --export-picture OUT`` headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtGui import QImage

from designer.files.picture import MARGIN, export_scene, scene_dpi
from sequences import read_document

from .gui_driver import open_window

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "assets" / "examples" / "patient_engagement.nurture.yaml"
SCRIPT = Path(sys.executable).with_name("nurture-studio")


def _words(pdf_path: Path) -> tuple[list[dict], float, float]:
    with pdfplumber.open(pdf_path) as pdf:
        (page,) = pdf.pages
        return page.extract_words(), float(page.width), float(page.height)


def test_pdf_text_has_the_size_and_place_it_has_on_the_canvas(qtbot, tmp_path):
    window = open_window(qtbot, read_document(EXAMPLE)[0], quiet=True)
    export_scene(window.scene, tmp_path / "canvas.pdf")
    export_scene(window.scene, tmp_path / "canvas.png")
    words, page_w, page_h = _words(tmp_path / "canvas.pdf")
    source = window.scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    scale = 72.0 / scene_dpi()  # PDF points per scene unit
    assert page_w == pytest.approx(source.width() * scale, rel=0.01)
    image = QImage(str(tmp_path / "canvas.png"))
    # The PNG and the PDF show the same drawing: the same proportions.
    assert image.width() / image.height() == pytest.approx(page_w / page_h, rel=0.01)
    for node_id, title_word in (("welcome", "Welcome"), ("handoff", "Hand"), ("wait3", "Wait")):
        card = window.scene.node_items[node_id].card_rect()
        expected_x = (card.left() + 50 - source.left()) * scale
        expected_y = (card.top() + 7 - source.top()) * scale
        hits = [w for w in words if w["text"] == title_word and abs(w["x0"] - expected_x) < 4
                and abs(w["top"] - expected_y) < 12]
        assert hits, f"no '{title_word}' where the {node_id} card's title is"
        # Bold 10 pt title: about 10 pt tall on the page, not scaled a second time (that gave ~160 pt).
        height = hits[0]["bottom"] - hits[0]["top"]
        assert 7 <= height <= 14, height
    assert all(w["x1"] <= page_w + 0.5 and w["bottom"] <= page_h + 0.5 for w in words)


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NURTURE_STATE_DIR=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    return subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120)


def test_export_picture_from_the_command_line_writes_each_format(tmp_path):
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        out = tmp_path / f"sequence{suffix}"
        result = _run(tmp_path, str(EXAMPLE), "--export-picture", str(out))
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(magic)
    words, _, _ = _words(tmp_path / "sequence.pdf")
    assert {"Welcome", "Guide", "download"} <= {w["text"] for w in words}


def test_an_unknown_picture_suffix_gets_a_message_and_no_file(tmp_path):
    result = _run(tmp_path, str(EXAMPLE), "--export-picture", str(tmp_path / "notes.txt"))
    assert result.returncode == 2
    assert "unknown picture format '.txt'" in result.stderr and ".png, .svg or .pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.glob("notes*")) == []

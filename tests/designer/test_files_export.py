"""File ▸ Export Picture: the canvas as PNG, SVG and PDF."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from .files_fixtures import (
    EXAMPLE,
    FileWindow,
    ScriptedDialogs,
    file_menu_action,
    forget_changes,
    new_window,
    open_file,
)


@pytest.fixture
def win(qtbot):
    window = new_window(qtbot)
    open_file(qtbot, window, EXAMPLE)
    return window


def export(window, path):
    window.files.dialogs.answer("ask_export_path", path)
    file_menu_action(window, "Export Picture").trigger()
    assert window.files.dialogs.errors == []
    return path


def test_png_shows_the_whole_drawing(win, tmp_path):
    path = export(win, tmp_path / "picture.png")
    image = QImage(str(path))
    assert not image.isNull()
    bounds = win.scene.itemsBoundingRect()
    # Drawn at twice the scene's size, with a margin, so nothing at the edges is cut off.
    assert image.width() >= 2 * bounds.width() and image.height() >= 2 * bounds.height()
    colours = {image.pixel(x, image.height() * k // 8) for x in range(0, image.width(), 7) for k in range(1, 8)}
    assert len(colours) > 1  # not a blank page


def test_svg_is_a_drawing_with_the_node_names(win, tmp_path):
    path = export(win, tmp_path / "picture.svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = path.read_text()
    assert "welcome" in text and "handoff" in text.lower()


def test_pdf_is_one_page_with_the_drawing(win, tmp_path):
    path = export(win, tmp_path / "picture.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 1
    assert len(data) > 2000


def test_exporting_keeps_the_selection_and_the_document(win, tmp_path):
    item = win.scene.items()[0]
    item.setFlag(item.GraphicsItemFlag.ItemIsSelectable)
    item.setSelected(True)
    before = win.model.document
    export(win, tmp_path / "picture.png")
    assert item.isSelected() and win.model.document == before and not win.model.is_modified()


def test_an_empty_canvas_or_unknown_format_says_why(qtbot, tmp_path):
    window = FileWindow()
    window.files.dialogs = ScriptedDialogs()
    qtbot.addWidget(window, before_close_func=forget_changes)
    window.files.dialogs.answer("ask_export_path", tmp_path / "empty.png")
    file_menu_action(window, "Export Picture").trigger()
    open_file(qtbot, window, EXAMPLE)
    window.files.dialogs.answer("ask_export_path", tmp_path / "picture.bmp")
    file_menu_action(window, "Export Picture").trigger()
    (_, empty), (_, unknown) = window.files.dialogs.errors
    assert "empty.png" in empty and "nothing to export" in empty
    assert "picture.bmp" in unknown and ".png, .svg or .pdf" in unknown
    assert not (tmp_path / "empty.png").exists() and not (tmp_path / "picture.bmp").exists()

"""Renaming a node in the inspector rewrites what names the node, and nothing that only shares its id."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sequences import read_document

from .files_fixtures import EXAMPLE
from .gui_driver import click_node, open_window


def _rename(qtbot, window, old: str, new: str) -> list[str]:
    """Select the node and type its new id in the inspector, as a person renames it; the reports shown."""
    reports: list[str] = []
    window.view.centre_on_node(old)
    click_node(window, old)
    qtbot.waitUntil(lambda: window.inspector.id_editor is not None and window.inspector.id_editor.node_id == old)
    editor = window.inspector.id_editor
    editor.report = reports.append
    editor.edit.selectAll()
    QTest.keyClicks(editor.edit, new)
    QTest.keyClick(editor.edit, Qt.Key_Return)
    return reports


def _with_node_renamed(document, old: str, new: str):
    """The document with only the node itself (its id, edges and position) renamed."""
    sequence = document.sequence
    nodes = tuple(n.model_copy(update={"id": new}) if n.id == old else n for n in sequence.nodes)
    edges = tuple(e.model_copy(update={"from_": new if e.from_ == old else e.from_, "to": new if e.to == old
                                       else e.to}) for e in sequence.edges)
    layout = {(new if k == old else k): v for k, v in document.layout.items()}
    return document.model_copy(update={"sequence": sequence.model_copy(update={"nodes": nodes, "edges": edges}),
                                       "layout": layout})


@pytest.mark.parametrize("old,new,shared", [
    ("integration", "integration_invite", "the topic 'integration'"),
    ("sql", "reached_sql", "scoring.sql and scenario thresholds.sql"),
])
def test_an_id_shared_with_a_topic_or_a_threshold_does_not_block_the_rename(qtbot, old, new, shared):
    window = open_window(qtbot, read_document(EXAMPLE)[0], quiet=True)
    window.view.zoom_by(0.6)
    before = window.model.document
    reports = _rename(qtbot, window, old, new)
    assert reports == [], shared
    assert window.model.document == _with_node_renamed(before, old, new)  # only node references changed
    assert "integration" in window.model.document.audience.topics
    window.actions_by_key["undo"].trigger()
    assert window.model.document == before


def test_a_real_reference_is_rewritten_with_the_node(qtbot):
    document = read_document(EXAMPLE)[0]
    first = document.scenarios[0]
    policy = first.acceptance.recycle.model_copy(update={"to": "webinar"})
    recycling = first.model_copy(update={"acceptance": first.acceptance.model_copy(update={"recycle": policy})})
    exports = document.exports.model_copy(update={"dittofeed": document.exports.dittofeed.model_copy(update={
        "segments": {"entry:webinar": "seg-1", "entry:guide": "seg-2"}})})
    document = document.model_copy(update={"scenarios": (recycling, *document.scenarios[1:]), "exports": exports})
    window = open_window(qtbot, document, quiet=True)
    window.view.zoom_by(0.6)
    before = window.model.document
    assert _rename(qtbot, window, "webinar", "webinar_signup") == []
    after = window.model.document
    for scenario in after.scenarios:
        entries = [a.entry for a in scenario.cohort.arrivals]
        assert "webinar" not in entries and "webinar_signup" in entries
        assert "webinar" in scenario.mix["source"]  # a lead source called webinar is not the node
    assert after.scenarios[0].acceptance.recycle_to == "webinar_signup"
    assert after.exports.dittofeed.segments == {"entry:webinar_signup": "seg-1", "entry:guide": "seg-2"}
    assert after.sequence.node("webinar_signup").trigger == "webinar"
    assert window.model.undo_stack.count() == 1  # one step
    window.actions_by_key["undo"].trigger()
    assert window.model.document == before

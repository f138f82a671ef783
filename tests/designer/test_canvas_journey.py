"""Build a sequence from nothing with the mouse, edit it in the inspector, undo it all and redo it all."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from sequences import Document

from .gui_driver import across, connect, drag_from_palette, key, node_item, open_window, view_point


def _build(qtbot):
    window = open_window(qtbot, quiet=True)
    entry = drag_from_palette(qtbot, window, "entry", across(window, 0.15))
    email = drag_from_palette(qtbot, window, "email", across(window, 0.5))
    done = drag_from_palette(qtbot, window, "exit", across(window, 0.85))
    connect(window, entry, "next", email)
    connect(window, email, "next", done)
    return window, entry, email, done


def test_three_nodes_from_the_palette_connected_by_ports(qtbot):
    window, entry, email, done = _build(qtbot)
    sequence = window.model.document.sequence
    assert [n.kind for n in sequence.nodes] == ["entry", "email", "exit"]
    assert [(e.from_, e.port, e.to) for e in sequence.edges] == [(entry, "next", email), (email, "next", done)]
    # Dropped where the mouse was: left to right in the order they were dragged.
    xs = [window.model.position(n)[0] for n in (entry, email, done)]
    assert xs == sorted(xs)
    assert window.isWindowModified()
    assert window.model.undo_stack.count() == 5


def test_edit_subject_in_inspector_then_undo_everything_and_redo_it(qtbot):
    window, entry, email, done = _build(qtbot)
    QTest.mouseClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier,
                     view_point(window, node_item(window, email).mapToScene(QPointF(120, 20))))
    assert window.scene.selected_node_ids() == [email]
    field = window.inspector.forms["node"].editors["subject"].edit
    field.selectAll()
    QTest.keyClicks(field, "Your guide to fewer no-shows")
    assert window.model.node(email).subject == "Your guide to fewer no-shows"
    # One typed subject is one undo step, not one per key.
    assert window.model.undo_stack.count() == 6
    built = window.model.document

    undo, redo = window.actions_by_key["undo"], window.actions_by_key["redo"]
    while undo.isEnabled():
        undo.trigger()
    assert window.model.document == Document()
    assert not window.isWindowModified()
    while redo.isEnabled():
        redo.trigger()
    assert window.model.document == built


def test_undo_redo_with_keyboard_shortcuts(qtbot):
    window, entry, email, done = _build(qtbot)
    built = window.model.document
    key(window, "Ctrl+Z")
    assert len(window.model.document.sequence.edges) == 1
    key(window, "Ctrl+Shift+Z")
    assert window.model.document == built


def test_dragging_a_node_is_one_undoable_move(qtbot):
    window, entry, email, done = _build(qtbot)
    item = node_item(window, email)
    before = window.model.position(email)
    start = view_point(window, item.mapToScene(QPointF(120, 20)))
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + QPoint(0, 30 * step))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, start + QPoint(0, 150))
    after = window.model.position(email)
    assert after[1] > before[1] + 100
    assert after[1] % 20 == 0  # snapped to the grid
    assert window.model.undo_stack.undoText().startswith("Move")
    window.actions_by_key["undo"].trigger()
    assert window.model.position(email) == before
    assert item.pos().y() == before[1]

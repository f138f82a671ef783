"""Editing like HubSpot's: the "+" on a connection and a node dropped onto one splice a step in (one undo
step, the steps after it move along), and new nodes land on free space next to the selection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .gui_driver import click_node, drag_from_palette, open_example, view_point
from .test_canvas_layout import _check_drawing
from .test_window import _choose_in_popup


def _edges(window) -> set[tuple[str, str, str]]:
    return {(e.from_, e.port, e.to) for e in window.model.document.sequence.edges}


def test_the_plus_on_a_connection_splices_a_step_in_as_one_undo_step(qtbot):
    window = open_example(qtbot)
    window.view.reset_zoom()
    before = window.model.document
    edge = window.scene.edge_items[("wait3", "next")]
    window.view.centerOn(edge.plus_centre())
    below = window.model.position("by_role")[1]
    _choose_in_popup("insert_score")
    QTest.mouseClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, view_point(window, edge.plus_centre()))
    qtbot.waitUntil(lambda: len(window.model.document.sequence.nodes) == len(before.sequence.nodes) + 1,
                    timeout=3000)
    (added,) = window.scene.selected_node_ids()
    assert window.model.node(added).kind == "score"
    assert ("wait3", "next", added) in _edges(window) and (added, "next", "by_role") in _edges(window)
    assert ("wait3", "next", "by_role") not in _edges(window)
    assert window.model.position("by_role")[1] > below  # the rest moved down to make room
    _check_drawing(window)
    window.actions_by_key["undo"].trigger()
    assert window.model.document == before


def test_dropping_a_palette_node_onto_a_connection_splices_it(qtbot):
    window = open_example(qtbot)
    window.view.reset_zoom()
    edge = window.scene.edge_items[("welcome", "next")]
    a, b = edge._longest_run()
    middle = edge.mapToScene(edge.path().pointAtPercent(0.35))
    window.view.centerOn(middle)
    added = drag_from_palette(qtbot, window, "email", view_point(window, middle))
    assert ("welcome", "next", added) in _edges(window) and (added, "next", "wait3") in _edges(window)
    assert a != b
    _check_drawing(window)


def test_new_nodes_go_to_free_space_next_to_the_selection(qtbot):
    window = open_example(qtbot)
    window.view.centre_on_node("handoff")
    click_node(window, "handoff")
    first = window.editing.add_node("score")
    second = window.editing.add_node("goal")  # next to the score just added (now selected)
    _check_drawing(window)  # no card on another
    hx, hy = window.model.position("handoff")
    fx, fy = window.model.position(first)
    assert fy > hy and abs(fx - hx) < 400  # just below the selected handoff
    sx, sy = window.model.position(second)
    assert sy > fy and abs(sx - fx) < 400

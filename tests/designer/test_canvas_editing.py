"""Selecting, deleting, copying and pasting on the canvas with the mouse and the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from .gui_driver import click_node, drag_in_view, key, node_item, open_example, view_point


def test_copy_paste_twice_gives_unique_ids_and_keeps_internal_edges(qtbot):
    window = open_example(qtbot, 0.5)
    window.view.centre_on_node("wait_click")
    click_node(window, "wait_click")
    click_node(window, "integration", Qt.ControlModifier)
    assert window.scene.selected_node_ids() == ["wait_click", "integration"]
    key(window, "Ctrl+C")
    key(window, "Ctrl+V")
    first = window.scene.selected_node_ids()
    key(window, "Ctrl+V")
    second = window.scene.selected_node_ids()
    ids = [n.id for n in window.model.document.sequence.nodes]
    assert len(ids) == len(set(ids)) == 18 + 4
    assert set(first).isdisjoint(second)
    assert set(first + second).isdisjoint({"wait_click", "integration"})
    edges = {(e.from_, e.port, e.to) for e in window.model.document.sequence.edges}
    for pasted in (first, second):
        wait, email = pasted
        # Both outputs of the wait went to the email: the edges inside the selection come along.
        assert {(wait, "event", email), (wait, "timeout", email)} <= edges
        assert window.model.node(email).subject == window.model.node("integration").subject
    # Each paste lands a step further, so copies never sit on top of each other.
    assert window.model.position(first[0]) != window.model.position(second[0])


def test_duplicate_cut_and_delete_with_shortcuts(qtbot):
    window = open_example(qtbot, 0.5)
    window.view.centre_on_node("score_up")
    click_node(window, "score_up")
    key(window, "Ctrl+D")
    (copy,) = window.scene.selected_node_ids()
    assert copy != "score_up" and window.model.node(copy).kind == "score"
    key(window, "Delete")
    assert copy not in window.model.ids()
    click_node(window, "score_up")
    key(window, "Ctrl+X")
    assert "score_up" not in window.model.ids()
    assert not any("score_up" in (e.from_, e.to) for e in window.model.document.sequence.edges)
    key(window, "Ctrl+V")
    (pasted,) = window.scene.selected_node_ids()
    assert window.model.node(pasted).points == 15
    assert window.model.undo_stack.undoText().startswith("Paste")


def test_rubber_band_selects_the_nodes_it_touches(qtbot):
    window = open_example(qtbot, 0.5)
    window.view.centre_on_node("ops_workflow")
    a, b = node_item(window, "clinical_case"), node_item(window, "general_roi")
    start = view_point(window, a.sceneBoundingRect().topLeft() - QPointF(40, 30))
    end = view_point(window, b.sceneBoundingRect().topLeft() + QPointF(60, 20))
    drag_in_view(window, start, end)
    assert set(window.scene.selected_node_ids()) == {"clinical_case", "ops_workflow", "general_roi"}
    key(window, "Delete")
    assert window.model.ids().isdisjoint({"clinical_case", "ops_workflow", "general_roi"})
    assert window.model.undo_stack.undoText() == "Delete 3 nodes and 6 connections"


def test_connecting_an_occupied_port_replaces_its_edge(qtbot):
    window = open_example(qtbot, 0.5)
    window.view.centre_on_node("engaged")
    from .gui_driver import connect

    connect(window, "engaged", "else", "score_up")
    edge = window.model.edge("engaged", "else")
    assert edge.to == "score_up"
    assert len(window.model.document.sequence.edges) == 21
    window.actions_by_key["undo"].trigger()
    assert window.model.edge("engaged", "else").to == "done"


def test_zoom_keys_fit_and_find(qtbot):
    window = open_example(qtbot, 0.5)
    zoom = window.view.zoom()
    key(window, "Ctrl++")
    assert window.view.zoom() > zoom
    key(window, "Ctrl+-")
    key(window, "Ctrl+-")
    assert window.view.zoom() < zoom
    key(window, "F")
    # The 18-node example is taller than the window at a readable zoom: Zoom to Fit shows its whole width
    # from the top (the entries) at a size the cards can be read, and the rest scrolls.
    from designer.canvas.view import READABLE

    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    drawing = window.scene.nodes_rect()
    assert window.view.zoom() >= READABLE - 1e-6
    assert visible.left() <= drawing.left() and visible.right() >= drawing.right()
    assert visible.top() <= drawing.top() < visible.bottom() < drawing.bottom()
    entries = [node_item(window, n).sceneBoundingRect() for n in ("guide", "webinar")]
    assert all(visible.contains(r) for r in entries)
    key(window, "Ctrl+F")
    assert window.find_bar.hasFocus()
    QTest.keyClicks(window.find_bar, "no-shows")
    assert window.scene.selected_node_ids() == ["clinical_case"]
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert node_item(window, "clinical_case").sceneBoundingRect().adjusted(-5, -5, 5, 5).contains(centre)


def test_arrow_keys_nudge_the_selection_one_grid_step(qtbot):
    window = open_example(qtbot, 0.5)
    window.view.centre_on_node("wait3")
    click_node(window, "wait3")
    x, y = window.model.position("wait3")
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key_Right)
    QTest.keyClick(window.view, Qt.Key_Down, Qt.ShiftModifier)
    assert window.model.position("wait3") == (x + 20, y + 100)
    window.actions_by_key["undo"].trigger()
    assert window.model.position("wait3") == (x + 20, y)

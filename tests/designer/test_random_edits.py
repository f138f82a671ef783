"""200 random edits made through the window, then undo-all, give back the document exactly."""

from __future__ import annotations

import random

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from sequences import NODE_KINDS

from .gui_driver import connect, drag_in_view, node_item, open_example, view_point


def _random_edit(rng: random.Random, window) -> None:
    model, scene, actions = window.model, window.scene, window.actions_by_key
    ids = [n.id for n in model.document.sequence.nodes]
    choice = rng.choice(["add", "add", "connect", "move", "delete", "duplicate", "paste", "title", "layout",
                         "rename", "undo"])
    if choice == "add" or not ids:
        window.editing.add_node(rng.choice(NODE_KINDS), QPointF(rng.uniform(0, 1500), rng.uniform(0, 900)))
    elif choice == "connect":
        sources = [n for n in model.document.sequence.nodes if n.ports()]
        if sources:
            source = rng.choice(sources)
            target = rng.choice([i for i in ids if i != source.id] or ids)
            window.view.centre_on_node(source.id)
            connect(window, source.id, rng.choice(source.ports()), target)
    elif choice == "move":
        item = node_item(window, rng.choice(ids))
        window.view.centerOn(item)
        start = view_point(window, item.mapToScene(QPointF(120, 20)))
        drag_in_view(window, start, start + QPoint(rng.randint(-90, 90), rng.randint(-90, 90)))
    elif choice in ("delete", "duplicate"):
        scene.select_nodes(rng.sample(ids, k=min(len(ids), rng.randint(1, 3))))
        actions[choice].trigger()
    elif choice == "paste":
        scene.select_nodes(rng.sample(ids, k=min(len(ids), 2)))
        actions["copy"].trigger()
        actions["paste"].trigger()
    elif choice == "title":
        node_id = rng.choice(ids)
        scene.select_nodes([node_id])
        field = window.inspector.forms["node"].editors["title"].edit
        field.selectAll()
        QTest.keyClicks(field, rng.choice(["Follow-up", "Nudge", "Check-in"]))
    elif choice == "rename":
        node_id = rng.choice(ids)
        scene.select_nodes([node_id])
        field = window.inspector.id_editor.edit
        field.selectAll()
        QTest.keyClicks(field, f"{node_id}_r{rng.randint(1, 99)}")
        QTest.keyClick(field, Qt.Key_Return)
    elif choice == "layout":
        actions["auto_layout"].trigger()
    elif actions["undo"].isEnabled():
        actions["undo"].trigger()


def test_two_hundred_random_edits_then_undo_all_restore_the_document(qtbot):
    window = open_example(qtbot, 0.6)
    original = window.model.document
    rng = random.Random(20260)
    for _ in range(200):
        _random_edit(rng, window)
    edited = window.model.document
    assert edited != original
    assert window.model.undo_stack.count() > 50
    undo, redo = window.actions_by_key["undo"], window.actions_by_key["redo"]
    while undo.isEnabled():
        undo.trigger()
    assert window.model.document == original
    assert not window.isWindowModified()
    # The canvas follows the model: one card per node, each where the layout says.
    assert set(window.scene.node_items) == {n.id for n in original.sequence.nodes}
    for node_id, (x, y) in original.layout.items():
        assert (node_item(window, node_id).pos().x(), node_item(window, node_id).pos().y()) == (x, y)
    assert len(window.scene.edge_items) == len(original.sequence.edges)
    while redo.isEnabled():
        redo.trigger()
    assert window.model.document == edited

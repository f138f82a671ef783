"""The findings panel follows edits; clicking a finding selects its node and centres the canvas on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .gui_driver import node_item, open_example


def test_clicking_a_finding_selects_and_centres_its_node(qtbot):
    window = open_example(qtbot)
    panel = window.findings
    assert not any(f.node for f in panel.findings if f.severity == "error")
    with qtbot.waitSignal(panel.updated, timeout=3000):
        window.palette.items["email"].clicked.emit("email")  # a click on the palette entry
    stray = window.scene.selected_node_ids()[0]
    about_stray = [f for f in panel.findings if f.node == stray]
    assert about_stray, "a lone email (unreachable, no way out) must be reported"
    # The card carries a marker for it.
    assert node_item(window, stray).severity == about_stray[0].severity
    window.view.centre_on_node("guide")
    window.scene.clearSelection()

    tree = panel.tree
    row = next(i for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).data(0, Qt.UserRole) == stray)
    item = tree.topLevelItem(row)
    tree.scrollToItem(item)
    QTest.mouseClick(tree.viewport(), Qt.LeftButton, Qt.NoModifier, tree.visualItemRect(item).center())
    assert window.scene.selected_node_ids() == [stray]
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert node_item(window, stray).sceneBoundingRect().adjusted(-5, -5, 5, 5).contains(centre)


def test_findings_clear_when_the_problem_is_undone(qtbot):
    window = open_example(qtbot)
    before = window.findings.findings
    with qtbot.waitSignal(window.findings.updated, timeout=3000):
        window.actions_by_key["insert_wait"].trigger()
    assert len(window.findings.findings) > len(before)
    with qtbot.waitSignal(window.findings.updated, timeout=3000):
        window.actions_by_key["undo"].trigger()
    assert window.findings.findings == before
    assert all(item.severity is None or item.node_id in {f.node for f in before}
               for item in window.scene.node_items.values())

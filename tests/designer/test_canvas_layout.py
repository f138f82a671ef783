"""Auto-layout and routing as a reader sees them: layers from the entries down, no card on another, and
connections that go around cards at right angles, with the branch labels on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from designer.canvas.routing import route
from sequences import read_document

from .gui_driver import open_window

EXAMPLES = sorted(Path("assets/examples").glob("*.nurture.yaml"))
BIG = [p for p in EXAMPLES if "empty" not in p.name]


def _cards(window):
    return {node_id: item.card_rect() for node_id, item in window.scene.node_items.items()}


def _segments_cross(points, rect) -> bool:
    inner = rect.adjusted(2, 2, -2, -2)
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        if ax == bx and inner.left() < ax < inner.right() and min(ay, by) < inner.bottom() and \
                max(ay, by) > inner.top():
            return True
        if ay == by and inner.top() < ay < inner.bottom() and min(ax, bx) < inner.right() and \
                max(ax, bx) > inner.left():
            return True
    return False


def _check_drawing(window) -> None:
    cards = _cards(window)
    ids = list(cards)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            assert not cards[a].intersects(cards[b]), f"{a} lies on {b}"
    for (source, port), edge in window.scene.edge_items.items():
        points = edge._points
        for a, b in zip(points, points[1:], strict=False):
            assert a[0] == pytest.approx(b[0]) or a[1] == pytest.approx(b[1]), f"{source}.{port} has a slant"
        for node_id, rect in cards.items():
            if node_id not in (source, edge.target.node_id):
                assert not _segments_cross(points, rect), f"{source}.{port} runs through {node_id}"


@pytest.mark.parametrize("path", BIG, ids=lambda p: p.name.split(".")[0])
def test_examples_are_laid_out_top_down_without_overlaps_or_lines_through_cards(qtbot, path):
    document, _ = read_document(path)
    window = open_window(qtbot, document, quiet=True)
    _check_drawing(window)
    entries = [n.id for n in document.sequence.nodes if n.kind == "entry"]
    assert {window.model.position(e)[1] for e in entries} == {0.0}  # the entries on the top row
    # Layered: the first step after an entry is below it; a branch's outputs carry their labels.
    for edge in window.model.document.sequence.edges:
        if edge.from_ in entries:
            assert window.model.position(edge.to)[1] > window.model.position(edge.from_)[1]
    branches = [n for n in document.sequence.nodes if n.kind in ("branch", "split")]
    for node in branches:
        labels = {window.scene.edge_items[(node.id, p)]._label for p in node.ports()
                  if (node.id, p) in window.scene.edge_items}
        assert labels and all(labels), f"{node.id}: a connection without its label"


def test_left_to_right_option_turns_the_cards_and_is_one_undo_step(qtbot):
    document, _ = read_document(BIG[0])
    window = open_window(qtbot, document, quiet=True)
    before = dict(window.model.document.layout)
    window.actions_by_key["left_to_right"].trigger()
    assert window.model.direction == "right"
    item = next(iter(window.scene.node_items.values()))
    assert item.input_scene_pos().x() == pytest.approx(item.card_rect().left()) or item.node.kind == "entry"
    entries = [n.id for n in document.sequence.nodes if n.kind == "entry"]
    assert {window.model.position(e)[0] for e in entries} == {0.0}
    _check_drawing(window)
    assert window.settings.value("view/direction") == "right"
    window.actions_by_key["undo"].trigger()
    assert dict(window.model.document.layout) == before
    window.actions_by_key["left_to_right"].trigger()  # back to top to bottom
    assert window.model.direction == "down"


def test_a_loop_back_goes_around_the_cards_in_between():
    cards = [(0, 0, 240, 80), (0, 160, 240, 80), (0, 320, 240, 80)]
    # From the bottom card back up to the top one.
    points = route((120, 400), (120, 0), [cards[1]], [cards[0], cards[2]])
    assert points[0] == (120, 400) and points[-1] == (120, 0)
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(points, points[1:], strict=False))
    assert max(x for x, _ in points) > 240  # out beside the column, not through the middle card


def test_a_long_connection_takes_a_free_lane():
    blocker = (0, 160, 240, 80)
    points = route((120, 80), (120, 400), [blocker])
    xs = {x for x, _ in points}
    assert any(x < 0 or x > 240 for x in xs)


@pytest.mark.parametrize("path", BIG, ids=lambda p: p.name.split(".")[0])
def test_a_document_opens_readable_at_its_entries_with_the_minimap_showing_the_rest(qtbot, path):
    from designer.canvas.view import READABLE

    window = open_window(qtbot, None, quiet=True)
    window.resize(1280, 800)
    qtbot.wait(50)  # the docks and the canvas take their new sizes
    window.model.set_document(read_document(path)[0])  # opening shows the start, as File ▸ Open does
    qtbot.waitUntil(lambda: window.view.zoom() >= READABLE)
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    entries = [i.sceneBoundingRect() for i in window.scene.node_items.values() if i.node.kind == "entry"]
    assert any(visible.contains(r) for r in entries)
    minimap = window.view.minimap
    assert minimap.isVisible() and window.actions_by_key["minimap"].isChecked()
    qtbot.waitUntil(lambda: minimap.mapToScene(minimap.viewport().rect()).boundingRect().contains(
        window.scene.nodes_rect()))
    # A click low in the minimap moves the canvas down the sequence.
    before = window.view.mapToScene(window.view.viewport().rect().center())
    target = minimap.mapFromScene(window.scene.nodes_rect().bottomLeft() + QPointF(120, -60))
    QTest.mouseClick(minimap.viewport(), Qt.LeftButton, Qt.NoModifier, target)
    after = window.view.mapToScene(window.view.viewport().rect().center())
    assert after.y() > before.y() + 200
    window.actions_by_key["minimap"].trigger()
    assert not minimap.isVisible()


@pytest.mark.parametrize("path", BIG, ids=lambda p: p.name.split(".")[0])
def test_no_plus_covers_a_connection_label(qtbot, path):
    window = open_window(qtbot, read_document(path)[0], quiet=True)
    labelled = [e for e in window.scene.edge_items.values() if e.label_rect().isValid()]
    assert labelled, "the examples have branch and split labels"
    covered = [e.key for e in labelled if e.plus_rect().intersects(e.label_rect())]
    assert covered == []


def _cards_under(window, minimap) -> list[str]:
    spot = minimap.geometry()  # in the canvas's coordinates, as is its viewport
    viewport = window.view.viewport().geometry()
    spot.translate(-viewport.x(), -viewport.y())
    return [i.node_id for i in window.scene.node_items.values()
            if window.view.mapFromScene(i.sceneBoundingRect()).boundingRect().intersects(spot)]


def test_the_minimap_never_hides_a_card(qtbot):
    window = open_window(qtbot, None, quiet=True)
    window.resize(1280, 800)
    qtbot.wait(50)
    window.model.set_document(read_document(BIG[0])[0])
    minimap = window.view.minimap
    qtbot.waitUntil(lambda: minimap.isVisible() and not minimap._placing.isActive())
    assert minimap.faded or not _cards_under(window, minimap)
    # A card dragged under the minimap's corner: the minimap moves to a free one (or fades over it).
    corner = minimap.corner
    spot = minimap.geometry().center() - window.view.viewport().geometry().topLeft()
    under = window.view.mapToScene(spot)
    node = next(iter(window.scene.node_items))
    window.model.move_nodes({node: (under.x() - 100, under.y() - 30)})
    qtbot.waitUntil(lambda: minimap.corner != corner or minimap.faded)
    qtbot.waitUntil(lambda: not minimap._placing.isActive())
    assert minimap.faded or not _cards_under(window, minimap)
    if minimap.faded:
        assert minimap.opacity.opacity() < 0.5  # the cards read through it


def test_layout_of_long_edges_is_stable_and_the_same_every_time():
    """A graph that random edits made (isolated nodes, edges over several layers): igraph's own long-edge
    handling crashed after a few hundred layouts of it; the same input must also give the same drawing."""
    import networkx as nx

    from designer.layout_model import _sugiyama

    edges = [(0, 14), (1, 2), (2, 3), (3, 4), (3, 5), (4, 6), (5, 6), (6, 7), (7, 8), (9, 10), (10, 12), (19, 24),
             (25, 27), (31, 12)]
    graph = nx.DiGraph()
    graph.add_nodes_from(str(i) for i in range(35))
    graph.add_edges_from((str(a), str(b)) for a, b in edges)
    layer = dict.fromkeys(graph.nodes, 0)
    for node in nx.topological_sort(graph):
        for child in graph.successors(node):
            layer[child] = max(layer[child], layer[node] + 1)
    order = [str(i) for i in range(35)]
    first = _sugiyama(graph, layer, order)
    for _ in range(600):
        assert _sugiyama(graph, layer, order) == first


def test_cards_use_names_and_cut_long_subjects_at_a_whole_word(qtbot):
    from designer.canvas.node_facts import wrap

    document, _ = read_document(BIG[-1])  # patient engagement
    window = open_window(qtbot, document, quiet=True)
    entry = window.scene.node_items["guide"]
    assert any("Patient engagement guide" in line for line in entry._lines)
    assert not any("pe_guide" in line for line in entry._lines)
    branch = window.scene.node_items["by_role"]
    assert any("Clinical leadership" in line for line in branch._lines)
    assert all("clinical_leadership" not in line for line in branch._lines)
    lines = wrap("How a 12-site system cut no-shows by 18% with reminders that patients actually answer", 2, 32)
    assert lines[-1].endswith("…") and all(len(line) <= 33 for line in lines)
    words = ["How", "a", "12-site", "system", "cut", "no-shows", "by", "18%", "with", "reminders"]
    assert all(w in words for line in lines for w in line.rstrip("…").split())  # no word cut in two
    case = window.scene.node_items["clinical_case"]
    assert case.node.subject in case.toolTip()  # hovering shows all of it


def test_a_branch_collapses_to_one_card_and_opens_again(qtbot):
    document, _ = read_document(BIG[-1])  # patient engagement: by_role branches into three emails
    window = open_window(qtbot, document, quiet=True)
    before = window.model.document
    window.view.centre_on_node("by_role")
    branch = window.scene.node_items["by_role"]
    from .test_window import _choose_in_popup

    _choose_in_popup("toggle_collapsed")
    window._context_menu(branch.sceneBoundingRect().center(), window.view.mapToGlobal(
        window.view.mapFromScene(branch.sceneBoundingRect().center())), branch)
    qtbot.waitUntil(lambda: branch.folded is not None)
    for step in ("clinical_case", "ops_workflow", "general_roi"):
        assert not window.scene.node_items[step].isVisible()
    assert window.scene.node_items["wait_click"].isVisible()  # where the three paths meet again stays
    assert branch.folded == 3 and window.model.document is before  # a view state: the document is untouched
    # Click the "N steps hidden" pill: open again.
    pill = branch.mapToScene(branch.fold_rect().center())
    QTest.mouseClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, window.view.mapFromScene(pill))
    assert branch.folded is None
    assert all(item.isVisible() for item in window.scene.node_items.values())


@pytest.mark.parametrize("path", BIG, ids=lambda p: p.name.split(".")[0])
def test_card_titles_and_facts_are_cut_at_whole_words(qtbot, path):
    window = open_window(qtbot, read_document(path)[0], quiet=True)
    cut = 0
    for item in window.scene.node_items.values():
        for full, shown in [(item.node.label(), item._title), *zip(item._lines, item._shown_lines, strict=True)]:
            if shown == full:
                continue
            cut += 1
            kept = shown.removesuffix("…").rstrip(",;:·-")
            assert shown.endswith("…") and full.startswith(kept), (full, shown)
            assert full[len(kept)] in " ,;:·-", f"cut inside a word: {shown!r} of {full!r}"
    if "billing" in path.name:
        assert cut, "the billing example has a title and facts too long for a card"

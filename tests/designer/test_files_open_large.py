"""File ▸ Open of a ~5 MiB document: read off the GUI thread, with a busy indicator, never a frozen window."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from sequences import Document, Sequence, save_document
from sequences.nodes import NODE_CLASSES, Edge

from .files_fixtures import file_menu_action, new_window, wait_loaded

NODES = 4990


def large_document() -> Document:
    """A long chain of emails with long subjects: 4.8 MiB of YAML, still a valid document."""
    nodes = [NODE_CLASSES["entry"](id="start", kind="entry")]
    edges, previous = [], "start"
    for i in range(NODES):
        nodes.append(NODE_CLASSES["email"](id=f"n{i}", kind="email", subject=f"Step {i} " + "x" * 900))
        edges.append(Edge.model_validate({"from": previous, "port": "next", "to": f"n{i}"}))
        previous = f"n{i}"
    layout = {node.id: (float(10 * i), 0.0) for i, node in enumerate(nodes)}
    return Document(sequence=Sequence(nodes=tuple(nodes), edges=tuple(edges)), layout=layout)


def test_opening_a_large_file_keeps_the_window_responsive(qtbot, tmp_path):
    path = tmp_path / "large.nurture.yaml"
    save_document(large_document(), path)
    assert 4.5 * 2**20 < path.stat().st_size < 5 * 2**20

    win = new_window(qtbot, show=True)
    ticks: list[bool] = []  # the busy indicator's state at each tick of the event loop
    timer = QTimer(win)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(win.files.loader.indicator.isVisible()))
    timer.start()
    win.files.dialogs.answer("ask_open_path", path)
    file_menu_action(win, "Open").trigger()
    assert win.files.loader.is_busy() and not file_menu_action(win, "Open").isEnabled()
    assert wait_loaded(qtbot, win)
    timer.stop()

    # The loop kept running, with the indicator shown, while the file was read: read on the GUI thread, the
    # indicator would be shown and hidden between two ticks, and no tick would see it. How many do is up to the
    # operating system: 260 of a 6-second read alone, 1 to 9 when other processes share the two cores (the
    # reading thread then keeps the interpreter lock for long stretches), so the test asks for one.
    assert sum(ticks) >= 1
    assert not win.files.loader.indicator.isVisible() and file_menu_action(win, "Open").isEnabled()
    assert win.model.path == path and len(win.model.document.sequence.nodes) == NODES + 1
    assert not win.model.read_only and win.files.lock.held


def test_a_broken_file_opened_in_the_background_is_a_clear_message(qtbot, tmp_path):
    path = tmp_path / "broken.nurture.yaml"
    path.write_text("schema_version: 1\nsequence:\n  nodes: [unclosed\n")
    win = new_window(qtbot, show=True)
    win.files.dialogs.answer("ask_open_path", path)
    file_menu_action(win, "Open").trigger()
    assert wait_loaded(qtbot, win) is False
    (title, message), = win.files.dialogs.errors
    assert title == "Cannot open the document"
    assert message.startswith(f"{path}:4: not valid YAML") and "Traceback" not in message
    assert win.model.path is None

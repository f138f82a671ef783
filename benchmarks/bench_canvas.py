"""Canvas speed on a generated 500-node, 700-edge document: open and draw, zoom to fit, auto-layout, drag.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_canvas.py``
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NURTURE_STATE_DIR", tempfile.mkdtemp(prefix="bench-canvas-"))

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from sequences import Document, read_document, save_document  # noqa: E402

NODES, EDGES = 500, 700
LIMITS = {"open": 1.5, "zoom_to_fit": 0.5, "auto_layout": 0.5}


def generated_document(seed: int = 7) -> Document:
    """Layers of emails, waits and scores, with three-way branches feeding the next layers; exits last."""
    rng = random.Random(seed)
    nodes: list[dict] = [{"id": "entry", "kind": "entry"}]
    open_ports: list[tuple[str, str]] = [("entry", "next")]
    edges: list[dict] = []
    kinds = ["email", "wait", "score", "branch"]
    while len(nodes) < NODES - 40:
        kind = rng.choices(kinds, weights=[4, 3, 1, 4])[0]
        node_id = f"{kind}_{len(nodes)}"
        node: dict = {"id": node_id, "kind": kind}
        if kind == "email":
            node.update(subject=f"Message {len(nodes)} about integration", topic="integration")
        elif kind == "wait":
            node["days"] = rng.randint(1, 7)
        elif kind == "branch":
            node["outputs"] = [{"label": "clinical", "when": [{"field": "role", "op": "eq",
                                                               "value": "clinical_leadership"}]},
                               {"label": "engaged", "when": [{"field": "clicks", "op": "gte", "value": 1}]},
                               {"label": "else"}]
        nodes.append(node)
        source, port = open_ports.pop(rng.randrange(len(open_ports))) if open_ports else ("entry", "next")
        if not any(e["from"] == source and e["port"] == port for e in edges):
            edges.append({"from": source, "port": port, "to": node_id})
        ports = [o["label"] for o in node["outputs"]] if kind == "branch" else ["next"]
        open_ports += [(node_id, p) for p in ports]
    while len(nodes) < NODES:
        nodes.append({"id": f"exit_{len(nodes)}", "kind": "exit"})
    exits = [n["id"] for n in nodes if n["kind"] == "exit"]
    rng.shuffle(open_ports)
    for source, port in open_ports:
        if len(edges) >= EDGES:
            break
        targets = exits if rng.random() < 0.6 else [n["id"] for n in nodes[1:] if n["id"] != source]
        edges.append({"from": source, "port": port, "to": rng.choice(targets)})
    return Document.model_validate({"name": "Generated 500", "sequence": {"nodes": nodes, "edges": edges}})


def _drawn(window) -> None:
    """Paint the whole window now, as the screen would."""
    window.view.viewport().repaint()
    QApplication.processEvents()


def drag_example(window) -> tuple[str, list[float]]:
    """A branch card of the 18-node example dragged with the mouse across the canvas as it opens (routed,
    labelled connections, minimap on): the time from a mouse move to the repainted window, per frame."""
    from sequences import load_document

    path = Path(__file__).parents[1] / "assets" / "examples" / "patient_engagement.nurture.yaml"
    window.model.set_document(load_document(path), path)
    _drawn(window)
    scene = window.scene
    branch = next(i for i in scene.node_items.values() if i.node.kind == "branch")
    window.view.centerOn(branch)
    _drawn(window)
    origin = branch.pos()
    viewport = window.view.viewport()
    # Pressed on the card's title and moved with the button held, as a mouse does (snapping, hover, the
    # connections following), then released: one MoveNodesCommand.
    start = window.view.mapFromScene(branch.mapToScene(QPointF(80, 18)))
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    frames = []
    for step in range(1, 121):
        began = time.perf_counter()
        at = start + QPoint(step * 3, step * 2)
        move = QMouseEvent(QEvent.MouseMove, QPointF(at), QPointF(viewport.mapToGlobal(at)), Qt.NoButton,
                           Qt.LeftButton, Qt.NoModifier)
        QApplication.sendEvent(viewport, move)
        _drawn(window)
        frames.append(time.perf_counter() - began)
    moved = branch.pos() - origin
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, start + QPoint(360, 240))
    assert moved.manhattanLength() > 300 and window.model.undo_stack.count(), "the drag did not move the card"
    window.model.undo_stack.undo()
    return f"{len(scene.node_items)} nodes", frames


def main() -> int:
    QCoreApplication.setOrganizationName("Nurture Studio bench")  # never the user's own settings
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from designer.main_window import MainWindow

    document = generated_document()
    path = Path(tempfile.mkdtemp(prefix="bench-canvas-")) / "generated.nurture.yaml"  # not the user's files
    save_document(document, path)
    scratch = Path(tempfile.mkdtemp(prefix="bench-canvas-"))
    window = MainWindow(settings=QSettings(str(scratch / "settings.ini"), QSettings.IniFormat))
    window.resize(1600, 1000)
    window.show()
    QApplication.processEvents()
    figures: dict[str, float] = {}

    start = time.perf_counter()
    loaded, tree = read_document(path)
    figures["open_read_file"] = time.perf_counter() - start
    built = time.perf_counter()
    window.model.set_document(loaded, path, tree)  # no layout in the file: laid out on open
    _drawn(window)
    figures["open_layout_draw"] = time.perf_counter() - built
    figures["open"] = time.perf_counter() - start

    window.view.reset_zoom()
    _drawn(window)
    start = time.perf_counter()
    window.view.zoom_to_fit()
    _drawn(window)
    figures["zoom_to_fit"] = time.perf_counter() - start

    rng = random.Random(1)
    scattered = {n.id: (rng.uniform(0, 8000), rng.uniform(0, 5000)) for n in window.model.document.sequence.nodes}
    window.model.move_nodes(scattered)
    _drawn(window)
    start = time.perf_counter()
    window.editing.auto_layout()
    _drawn(window)
    figures["auto_layout"] = time.perf_counter() - start

    window.view.reset_zoom()
    branch = next(i for n, i in window.scene.node_items.items() if n.startswith("branch"))
    window.view.centerOn(branch)
    _drawn(window)
    frames = []
    origin = branch.pos()
    for step in range(60):
        start = time.perf_counter()
        branch.setPos(origin + QPointF(step * 4.0, step * 2.0))  # what a mouse move does to the item
        _drawn(window)
        frames.append(time.perf_counter() - start)
    figures["drag_frame_mean"] = statistics.mean(frames)
    figures["drag_frame_p95"] = sorted(frames)[int(len(frames) * 0.95)]

    sequence = window.model.document.sequence
    print(f"document: {len(sequence.nodes)} nodes, {len(sequence.edges)} edges; window 1600x1000")
    ok = True
    for name, seconds in figures.items():
        limit = LIMITS.get(name)
        verdict = "" if limit is None else ("  ok" if seconds < limit else f"  SLOW (limit {limit} s)")
        ok &= limit is None or seconds < limit
        print(f"{name:>16}: {seconds * 1000:8.1f} ms{verdict}")
    fps = 1 / figures["drag_frame_mean"]
    print(f"{'drag':>16}: {fps:8.0f} frames/s while dragging a node with its edges")
    example, frames = drag_example(window)
    print(f"{'drag example':>16}: {1 / statistics.mean(frames):8.0f} frames/s (p95 frame "
          f"{1000 * sorted(frames)[int(len(frames) * 0.95)]:.1f} ms) dragging a branch of {example}")
    window.model.undo_stack.setClean()
    window.close()
    app.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

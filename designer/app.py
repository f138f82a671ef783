"""``nurture-studio [FILE] [--screenshot OUT.png | --export-picture OUT.pdf]``: start the designer, or render
its window or its canvas to a file."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from sequences import DocumentError, read_document

from .platform_check import missing_display_library

ORGANISATION = "Nurture Studio"
APPLICATION = "nurture-studio"


def _size(text: str) -> str:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and 200 <= int(width) <= 8000 and 200 <= int(height) <= 8000):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1440x900 (200 to 8000 pixels each way)")
    return f"{int(width)}x{int(height)}"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nurture-studio", description="Nurture Studio: the sequence designer.")
    parser.add_argument("file", nargs="?", help="a *.nurture.yaml (or .json) document to open")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="open the document, render the main window to this PNG and exit")
    parser.add_argument("--export-picture", metavar="OUT.png|svg|pdf",
                        help="open the document, write a picture of its canvas (format by suffix) and exit")
    parser.add_argument("--left-to-right", action="store_true",
                        help="with --export-picture: lay the cards out left to right instead of top to bottom")
    parser.add_argument("--theme", choices=("light", "dark"), help="colour theme (saved as a preference)")
    parser.add_argument("--size", default="1440x900", type=_size, help="window size for --screenshot, e.g. 1600x1000")
    # For the built app's check (packaging/check_dist.py): the engine, its compiled kernels and its worker
    # processes work without Python installed.
    parser.add_argument("--check-engine", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def check_engine(file: str) -> int:
    """Two replications of the document's first scenario, one per worker process, on 5,000 leads."""
    from simulation import SimulationError, SimulationRefused, simulate

    try:
        document, _ = read_document(file)
        result = simulate(document, replications=2, leads=5_000, workers=2)
    except DocumentError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except (SimulationError, SimulationRefused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    totals = result.totals
    print(f"engine ok: {totals['arrived'].mean:,.0f} leads, {totals['mqls'].mean:,.0f} MQLs, "
          f"{totals['sql_handoffs'].mean:,.0f} SQL handoffs (mean of 2 replications)")
    return 0


def screenshot(window, out: Path, size: str) -> bool:
    """Lays the window out at ``size``, fits the drawing and saves a PNG; True if it was written."""
    width, _, height = size.partition("x")  # checked by _size
    window.resize(int(width), int(height))
    window.show()
    QApplication.processEvents()
    window.view.show_start()
    window.findings.revalidate_now()
    QApplication.processEvents()
    if window.view.minimap.isVisible():
        window.view.minimap.fit()  # drawn a turn after the canvas when a document opens: draw it now
        window.view.minimap.place()  # its corner is chosen on a timer after the fit: choose it now
    out.parent.mkdir(parents=True, exist_ok=True)
    return window.grab().save(str(out), "PNG")


def export_picture(file: str, out: str, left_to_right: bool = False) -> int:
    """``--export-picture``: the canvas of ``file`` as a picture, with no window shown (for wikis, reviews)."""
    from .canvas.scene import CanvasScene
    from .document import DocumentModel
    from .files.picture import ExportError, export_scene, picture_format

    try:
        picture_format(out)
        document, _ = read_document(file)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DocumentError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    model = DocumentModel()
    model.direction = "right" if left_to_right else "down"
    model.set_document(document, Path(file))
    scene = CanvasScene(model)
    try:
        export_scene(scene, out)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    if args.check_engine:
        return check_engine(args.file) if args.file else 2
    if args.export_picture and not args.file:
        print("error: --export-picture needs a document to draw", file=sys.stderr)
        return 2
    if args.screenshot or args.export_picture:
        # A screenshot needs no screen: render offscreen unless the caller chose a platform.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = None if args.screenshot or args.export_picture else missing_display_library()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from .icons import kind_icon
    from .main_window import MainWindow  # after the application exists: widgets need it

    app.setWindowIcon(kind_icon("branch", 64))
    if args.export_picture:
        return export_picture(args.file, args.export_picture, args.left_to_right)

    if args.screenshot:
        # A screenshot shows the defaults, not this user's window arrangement, and saves nothing.
        scratch = tempfile.mkdtemp(prefix="nurture-screenshot-")
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.IniFormat)
    else:
        settings = QSettings()
    if args.theme:
        settings.setValue("view/theme", args.theme)
    window = MainWindow(settings=settings)
    if args.screenshot:
        if args.file:
            try:
                document, tree = read_document(args.file)
            except DocumentError as exc:
                print(f"error: {exc.message}", file=sys.stderr)
                return 1
            window.model.set_document(document, Path(args.file), tree)
        ok = screenshot(window, Path(args.screenshot), args.size)
        window.model.undo_stack.setClean()  # nothing to ask about on close
        window.close()
        if not ok:
            print(f"error: could not write {args.screenshot}", file=sys.stderr)
            return 1
        print(f"wrote {args.screenshot}")
        return 0
    window.show()
    if args.file:
        window.file_controller.open_path(args.file)
    # Offered once the window is up, so the question has a parent to sit on.
    QTimer.singleShot(0, window.file_controller.offer_recovery)
    return app.exec()

"""Write a forecast report as HTML (inline SVG charts) or PDF (Qt rich text with the charts as images)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sequences.document import Document
from simulation.compare import Comparison
from simulation.forecast_report import render_forecast_report
from simulation.result import SimulationResult

SUFFIXES = (".html", ".htm", ".pdf")
CHART_SCALE = 2  # charts are rasterised at twice their size so the PDF stays sharp when printed
KEEP_WITH_HEADING = 96.0  # pixels (at 96 dpi) of text a heading needs below it on its page, else it moves on
CELL_PADDING = 'style="padding: 3px 8px"'  # Qt's rich text ignores padding from the style sheet for cells


class ReportError(ValueError):
    """The report could not be written (unknown suffix, unwritable place)."""


def write_report(document: Document, run: SimulationResult | Comparison, path: str | Path) -> Path:
    """Write the report of ``run`` (one result or a comparison) to ``path``; the suffix picks the format."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportError(f"{path}: a report is written as .html or .pdf, not '{path.suffix or 'no suffix'}'")
    try:
        if suffix == ".pdf":
            html, charts = render_forecast_report(document, run, images=True)
            _write_pdf(html, charts, path)
        else:
            html, _ = render_forecast_report(document, run)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(html, encoding="utf-8")
            os.replace(tmp, path)
    except OSError as exc:
        raise ReportError(f"{path}: cannot write the report ({exc.strerror or exc})") from None
    return path


def _ensure_gui_application() -> None:
    """QTextDocument and QPdfWriter need a QGuiApplication; the CLI has none and maybe no display."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        _ensure_gui_application.app = QGuiApplication([])  # kept alive for the process


def _chart_image(svg: str, width: int, height: int):
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(width * CHART_SCALE, height * CHART_SCALE, QImage.Format_ARGB32)
    image.fill(Qt.white)
    # No device pixel ratio: the <img> width and height attributes scale it back down in the document.
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image


def _write_pdf(html: str, charts: list, path: Path) -> None:
    _ensure_gui_application()
    from PySide6.QtCore import QMarginsF, QSizeF, QUrl
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    document = QTextDocument()
    for chart in charts:
        document.addResource(QTextDocument.ImageResource, QUrl(f"{chart.name}.svg"),
                             _chart_image(chart.svg, chart.width, chart.height))
    document.setHtml(_qt_html(html))
    tmp = path.with_name(path.name + ".tmp")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(_title(html))
    writer.setCreator("Nurture Studio")
    writer.setPageSize(QPageSize(QPageSize.A4))
    writer.setPageMargins(QMarginsF(14, 14, 14, 14), QPageLayout.Millimeter)
    writer.setResolution(96)
    layout = writer.pageLayout()
    rect = layout.paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    keep_headings_with_text(document, rect.height())
    document.print_(writer)
    del writer  # flushes and closes the file
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise OSError(f"Qt wrote no PDF to {tmp}")
    os.replace(tmp, path)


def _qt_html(html: str) -> str:
    """The report for Qt's rich text: cells get their padding inline, or columns run together."""
    return re.sub(r"<(td|th)(?=[\s>])(?![^>]*style=)", lambda m: f"<{m.group(1)} {CELL_PADDING}", html)


def keep_headings_with_text(document, page_height: float) -> int:
    """Moves every heading that would end a page (with the headings right above it) to the next page.

    Qt's rich text knows no "keep with next"; so lay out, find the first orphan, push it down with a top
    margin that reaches the next page (a forced page break would leave a blank page after a table that
    ends the page), repeat. Returns the number of headings moved."""
    from PySide6.QtGui import QTextBlockFormat, QTextCursor

    moved = 0
    for _ in range(64):
        layout = document.documentLayout()
        document.pageCount()  # lays the whole document out: the layout is lazy, later blocks have no size yet
        orphan = None
        block = document.begin()
        while block.isValid() and orphan is None:
            if block.blockFormat().headingLevel():
                rect = layout.blockBoundingRect(block)
                page_bottom = (int(rect.top() // page_height) + 1) * page_height
                # A chart (one tall block) must come along whole; text and tables need a few lines.
                after = block.next()
                following = layout.blockBoundingRect(after).height() if after.isValid() else 0.0
                needed = min(max(KEEP_WITH_HEADING, following), page_height * 0.6)
                if page_bottom - rect.bottom() < needed:
                    orphan = (block, page_bottom)
            block = block.next()
        if orphan is None:
            return moved
        first, page_bottom = orphan
        while first.previous().isValid() and first.previous().blockFormat().headingLevel():
            first = first.previous()
        top = layout.blockBoundingRect(first).top()
        fmt = QTextBlockFormat()
        fmt.setTopMargin(first.blockFormat().topMargin() + page_bottom - top + 2)
        QTextCursor(first).mergeBlockFormat(fmt)
        moved += 1
    return moved


def _title(html: str) -> str:
    start, end = html.find("<title>"), html.find("</title>")
    return html[start + 7:end] if 0 <= start < end else "Nurture Studio forecast"

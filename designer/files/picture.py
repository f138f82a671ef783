"""Export of the canvas as a picture: PNG, SVG (QtSvg) or PDF, written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QIODevice, QMarginsF, QObject, QRectF, QSaveFile, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

if TYPE_CHECKING:
    from .controller import FileController

FORMATS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)", "pdf": "PDF document (*.pdf)"}
MARGIN = 24.0
PNG_SCALE = 2.0  # crisp on high-density screens and in slides
MAX_PNG_SIDE = 16000


class ExportError(Exception):
    """A picture that could not be written; the message names the file and the reason."""


def picture_format(path: str | Path) -> str:
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(f"{path}: unknown picture format '.{fmt}'; use .png, .svg or .pdf")
    return fmt


def find_scene(window: object) -> QGraphicsScene | None:
    """The canvas of a window: its ``scene`` (or ``canvas``), a scene or a view showing one."""
    for name in ("scene", "canvas"):
        found = getattr(window, name, None)
        if callable(found) and not isinstance(found, QObject):
            found = found()
        if isinstance(found, QGraphicsView):
            found = found.scene()
        if isinstance(found, QGraphicsScene):
            return found
    return None


def _render(scene: QGraphicsScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    # The selection is the user's working state, not part of the picture.
    selected = scene.selectedItems()
    for item in selected:
        item.setSelected(False)
    # Cached items would land in SVG and PDF as screen-resolution bitmaps (and as huge ones at the
    # PDF's 1200 dpi): draw them afresh, as vectors.
    cached = [(item, item.cacheMode()) for item in scene.items()
              if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for item, _ in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    scene.setProperty("picture", True)  # editing handles (the "+" on connections) stay out of it
    try:
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        scene.setProperty("picture", False)
        for item, mode in cached:
            item.setCacheMode(mode)
        for item in selected:
            item.setSelected(True)


def _background(scene: QGraphicsScene) -> QColor:
    brush = scene.backgroundBrush()
    return brush.color() if brush.style() == Qt.BrushStyle.SolidPattern else QColor(Qt.GlobalColor.white)


def export_scene(scene: QGraphicsScene, path: str | Path) -> Path:
    """Draw everything on the canvas into ``path``; the suffix picks the format."""
    path = Path(path)
    fmt = picture_format(path)
    bounds = scene.itemsBoundingRect()
    if bounds.isEmpty():
        raise ExportError(f"{path}: the canvas is empty, there is nothing to export")
    source = bounds.marginsAdded(QMarginsF(MARGIN, MARGIN, MARGIN, MARGIN))
    out = QSaveFile(str(path))
    if not out.open(QIODevice.OpenModeFlag.WriteOnly):
        raise ExportError(f"{path}: cannot write the file: {out.errorString()}")
    try:
        {"png": _png, "svg": _svg, "pdf": _pdf}[fmt](scene, source, out)
    except ExportError:
        out.cancelWriting()
        out.commit()
        raise
    if not out.commit():
        raise ExportError(f"{path}: cannot write the file: {out.errorString()}")
    return path


def _png(scene: QGraphicsScene, source: QRectF, out: QSaveFile) -> None:
    scale = min(PNG_SCALE, MAX_PNG_SIDE / max(source.width(), source.height()))
    size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(_background(scene))
    painter = QPainter(image)
    _render(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    if not image.save(out, "PNG"):
        raise ExportError(f"{out.fileName()}: the PNG could not be encoded")


def _svg(scene: QGraphicsScene, source: QRectF, out: QSaveFile) -> None:
    generator = QSvgGenerator()
    generator.setOutputDevice(out)
    generator.setSize(source.size().toSize())
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle("Nurture sequence")
    generator.setDescription("Exported from Nurture Studio")
    painter = QPainter(generator)
    painter.fillRect(QRectF(0, 0, source.width(), source.height()), _background(scene))
    _render(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()


def scene_dpi() -> int:
    """The resolution the canvas's point-sized fonts are measured at (that of a screen-sized image)."""
    return QImage(1, 1, QImage.Format.Format_ARGB32).logicalDpiX()


def _pdf(scene: QGraphicsScene, source: QRectF, out: QSaveFile) -> None:
    writer = QPdfWriter(out)
    writer.setTitle("Nurture sequence")
    writer.setCreator("Nurture Studio")
    # The writer draws at the scene's own resolution, so one scene unit is one device pixel and the
    # cards' point-sized fonts come out at the size they have on screen and in the PNG (at the default
    # 1200 dpi the drawing would be scaled up and the fonts scaled again: giant clipped glyphs).
    dpi = scene_dpi()
    writer.setResolution(dpi)
    # One page the size of the drawing, so nothing is cropped or shrunk.
    scale = 72.0 / dpi
    page = QPageSize(QSizeF(source.width() * scale, source.height() * scale), QPageSize.Unit.Point, "canvas")
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"{out.fileName()}: the PDF could not be started")
    target = QRectF(0, 0, writer.width(), writer.height())
    painter.fillRect(target, _background(scene))
    _render(scene, painter, target, source)
    painter.end()


def export_window_picture(controller: FileController) -> bool:
    """File ▸ Export Picture: ask where (beside the document, named after it), then write the canvas."""
    scene = find_scene(controller.window)
    if scene is None:
        controller.dialogs.show_error("Export Picture", "This window has no canvas to export.")
        return False
    stem = controller.model.path.name.split(".")[0] if controller.model.path else controller.model.document.name
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in stem).strip() or "canvas"
    path = controller.dialogs.ask_export_path(controller._directory() / f"{safe}.png")
    if path is None:
        return False
    try:
        export_scene(scene, path)
    except ExportError as exc:
        controller.dialogs.show_error("Export Picture", str(exc))
        return False
    controller._status(f"Exported the canvas to {path}")
    return True

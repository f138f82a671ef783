"""Atomic document saves through Qt's QSaveFile, keeping one ``.bak`` generation as the CLI does."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QIODevice, QSaveFile
from ruamel.yaml.comments import CommentedMap

from sequences import GENERATOR, Document, dump_document
from sequences.fileformat import document_data
from sequences.roundtrip import to_commented
from sequences.storage import backup_path


class SaveError(Exception):
    """A save that did not happen; the message names the file and the reason."""


def format_of(path: str | Path) -> str:
    return "json" if Path(path).suffix.lower() == ".json" else "yaml"


def write_atomic(path: str | Path, data: bytes, keep_backup: bool = True) -> None:
    """Write ``data`` to ``path`` all at once: readers see the old file or the new one, never half."""
    path = Path(path)
    target = QSaveFile(str(path))
    target.setDirectWriteFallback(False)  # never trade atomicity for a writable file
    if not target.open(QIODevice.OpenModeFlag.WriteOnly):
        raise SaveError(f"{path}: cannot write the file: {target.errorString()}")
    written = target.write(data)
    if written != len(data):
        reason = target.errorString()
        target.cancelWriting()
        target.commit()
        raise SaveError(f"{path}: the disk refused the data: {reason}")
    try:
        if keep_backup and path.is_file():
            shutil.copy2(path, backup_path(path))
    except OSError as exc:
        target.cancelWriting()
        target.commit()
        raise SaveError(f"{path}: cannot keep the previous version as a backup: {exc.strerror or exc}") from None
    if not target.commit():
        raise SaveError(f"{path}: cannot replace the file: {target.errorString()}")


def document_text(document: Document, template: Any, fmt: str) -> tuple[str, Any]:
    """The text of ``document`` and the tree it was written from (comments of ``template`` kept).

    The template is merged in place, as ``sequences.save_document`` does: copying it first would cost
    seconds on a large sequence, and after the save the merged tree is what the file holds.
    """
    if fmt == "json":
        return dump_document(document, None, fmt), None
    if isinstance(template, CommentedMap):
        tree = template
    else:  # the tree a fresh dump is written from, so the next save has one to merge into
        tree = to_commented(document_data(document), depth=0)
    return dump_document(document, tree, fmt), tree


def save_document_file(document: Document, path: str | Path, template: Any = None) -> Any:
    """Save ``document`` at ``path`` (YAML, or JSON by suffix); returns the template for the next save."""
    path = Path(path)
    stamped = document.model_copy(update={"generator": GENERATOR})
    try:
        text, tree = document_text(stamped, template, format_of(path))
    except (ValueError, TypeError) as exc:  # a model that cannot be written is a bug, but say so plainly
        raise SaveError(f"{path}: the document cannot be written: {exc}") from None
    write_atomic(path, text.encode("utf-8"))
    return tree

"""Finding, restoring and discarding autosaves that a crashed process left behind."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sequences import Document, DocumentError, read_document

from .autosave import META_SUFFIX, autosave_dir
from .state import owner_alive


@dataclass(frozen=True)
class Orphan:
    """An autosave whose window is gone: what it was, and where it is kept."""

    meta_path: Path
    document_path: Path
    original: Path | None
    name: str
    saved_at: float

    def describe(self) -> str:
        import time

        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        where = str(self.original) if self.original else "a new, never saved document"
        return f"“{self.name}” ({where}), autosaved {when}"


def _read_meta(meta_path: Path) -> dict | None:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def find_orphans() -> list[Orphan]:
    """Autosaves left by processes (or windows) no longer running, newest first."""
    found = []
    folder = autosave_dir(create=False)
    if not folder.is_dir():
        return found
    for meta_path in folder.glob(f"*{META_SUFFIX}"):
        meta = _read_meta(meta_path)
        if meta is None or owner_alive(meta):
            continue
        document_path = meta_path.with_name(str(meta.get("document", "")))
        if not meta.get("document") or not document_path.is_file():
            continue
        original = meta.get("path")
        found.append(Orphan(meta_path, document_path, Path(original) if original else None,
                            str(meta.get("name") or "Untitled"), float(meta.get("saved_at") or 0.0)))
    return sorted(found, key=lambda o: o.saved_at, reverse=True)


def load_orphan(orphan: Orphan) -> tuple[Document, Any]:
    """The autosaved document, and the tree of its original file so a save keeps the user's comments.

    Raises DocumentError when the autosave cannot be read; an original that cannot be read only
    means saving starts from a fresh tree.
    """
    document, _ = read_document(orphan.document_path)
    template = None
    if orphan.original is not None and orphan.original.is_file():
        try:
            template = read_document(orphan.original)[1]
        except DocumentError:
            template = None
    return document, template


def discard_orphan(orphan: Orphan) -> None:
    orphan.meta_path.unlink(missing_ok=True)
    orphan.document_path.unlink(missing_ok=True)


def set_aside(orphan: Orphan) -> Path:
    """Keep an autosave that cannot be read where a person can find it, and stop offering it."""
    kept = orphan.document_path.with_name(orphan.document_path.name + ".unreadable")
    orphan.document_path.replace(kept)
    orphan.meta_path.unlink(missing_ok=True)
    return kept

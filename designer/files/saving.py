"""The designer's saves: the one atomic writer of ``sequences``, with its failures as plain messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sequences import Document
from sequences.fileformat import Saved, write_document


class SaveError(Exception):
    """A save that did not happen; the message names the file and the reason."""


def save_document_file(document: Document, path: str | Path, template: Any = None) -> Saved:
    """Save ``document`` at ``path`` (YAML, or JSON by suffix); returns the tree and the bytes written."""
    path = Path(path)
    try:
        return write_document(document, path, template)
    except OSError as exc:
        raise SaveError(f"{path}: cannot save the file: {exc.strerror or exc}") from None
    except (ValueError, TypeError) as exc:  # a model that cannot be written is a bug, but say so plainly
        raise SaveError(f"{path}: the document cannot be written: {exc}") from None

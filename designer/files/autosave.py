"""Autosave: a copy of unsaved work in the user state directory, written a few seconds after edits stop."""

from __future__ import annotations

import json
import time
import uuid
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from sequences import dump_document
from sequences.storage import atomic_write

from ..document import DocumentModel
from .state import drop_token, hold_token, owner_stamp, state_dir

DELAY_MS = 3000
META_SUFFIX = ".autosave.meta.json"
# JSON: exact, and ~100 times faster to write than YAML for a large sequence, so the GUI never
# stalls. The user's comments live in their own file; restoring takes them from there.
DOC_SUFFIX = ".autosave.nurture.json"


def autosave_dir(create: bool = True) -> Path:
    path = state_dir(create) / "autosave"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


class Autosaver(QObject):
    """Keeps one autosave per window while the document has unsaved changes, and none otherwise."""

    saved = Signal(object)  # the autosave's Path
    failed = Signal(str)

    def __init__(self, model: DocumentModel, parent: QObject | None = None, delay_ms: int = DELAY_MS,
                 owner: str | None = None):
        """``owner`` is the token of the window whose work this is; by default the autosaver's own."""
        super().__init__(parent)
        self._model = model
        self._name = uuid.uuid4().hex
        self._token = owner or self._name
        if owner is None:
            hold_token(self._token)
            # A window that goes away without a clean close leaves its autosave for recovery.
            self.destroyed.connect(partial(drop_token, self._token))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.save_now)
        model.changed.connect(self._on_changed)
        model.cleanChanged.connect(self._on_clean_changed)

    @property
    def document_path(self) -> Path:
        return autosave_dir(create=False) / f"{self._name}{DOC_SUFFIX}"

    @property
    def meta_path(self) -> Path:
        return autosave_dir(create=False) / f"{self._name}{META_SUFFIX}"

    def exists(self) -> bool:
        return self.meta_path.is_file()

    def _on_changed(self) -> None:
        # The first edit after a save reports itself before the stack turns unclean: cleanChanged
        # starts the timer for that one.
        if self._model.is_modified():
            self.timer.start()  # restarted by every edit: it fires once the edits stop

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:  # saved, undone back to what is on disk, or another document loaded
            self.discard()
        else:
            self.timer.start()

    def save_now(self) -> Path | None:
        """Write the autosave now (the timer calls this); returns its path, or None if nothing to keep."""
        self.timer.stop()
        if not self._model.is_modified():
            return None
        target = self.document_path
        own = self._model.path
        if own is not None and own.resolve() == target.resolve():  # never over the user's own file
            self.failed.emit(f"{target}: autosave refused to write over the document itself")
            return None
        text = dump_document(self._model.document, None, "json")
        meta = {**owner_stamp(self._token), "path": None if own is None else str(own.resolve()),
                "name": self._model.document.name, "saved_at": time.time(), "document": target.name}
        try:
            autosave_dir()
            atomic_write(target, text.encode("utf-8"), keep_backup=False)
            atomic_write(self.meta_path, json.dumps(meta, indent=2).encode("utf-8"), keep_backup=False)
        except OSError as exc:
            self.failed.emit(f"autosave failed: {exc}")
            return None
        self.saved.emit(target)
        return target

    def discard(self) -> None:
        """Remove the autosave: the work is saved, or the user chose to throw it away."""
        self.timer.stop()
        for path in (self.meta_path, self.document_path):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        """A clean close: nothing to recover."""
        self.discard()

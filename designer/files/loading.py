"""Reading a document off the GUI thread, with a busy indicator, so a large file never freezes the window."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressBar

from sequences import Document, DocumentError, read_document
from sequences.locking import DocumentLock, take_lock

from ..findings_panel import validate_ahead
from ..jobs import JobRunner
from ..layout_model import with_layout

LOCK_WAIT_SECONDS = 5.0  # a CLI command writing the file lets go within moments: wait, not read-only


@dataclass(frozen=True)
class Loaded:
    """A document as read from disk, and the digest of the exact bytes it came from."""

    path: Path
    document: Document
    tree: Any
    digest: str | None
    lock: DocumentLock | None = None  # taken for this window when it opens the file


def digest_of(path: Path) -> str | None:
    """The SHA-256 of the file's bytes, or None when there is no readable file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def digest_of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load(path: Path) -> Loaded:
    """Reads ``path``; the digest is taken before and after, so it always matches the document returned
    even when another process replaces the file meanwhile (then it is read again)."""
    for _ in range(3):
        before = digest_of(path)
        document, tree = read_document(path)
        if digest_of(path) == before:
            break
    return Loaded(path, document, tree, before)


class DocumentLoader(QObject):
    """Loads one document at a time on a worker thread; says so in the status bar while it works."""

    loaded = Signal(str, object)  # purpose, Loaded
    refused = Signal(str, str)  # purpose, the message (the file, the place and the problem)
    busyChanged = Signal(bool)

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.runner = JobRunner(self)
        self.runner.succeeded.connect(self._succeeded)
        self.runner.failed.connect(self._failed)
        self._abandoned = False
        self._active = False  # our own flag: the runner reports busy before its worker exists
        self.indicator = QProgressBar()
        self.indicator.setObjectName("loading_indicator")
        self.indicator.setRange(0, 0)  # no total to report: the bar just moves
        self.indicator.setMaximumWidth(120)
        self.indicator.hide()
        window.statusBar().addPermanentWidget(self.indicator)
        self._path: Path | None = None

    def is_busy(self) -> bool:
        return self._active

    def start(self, purpose: str, path: Path, lock_owner: str | None = None) -> bool:
        """Begin reading ``path``, and with ``lock_owner`` take its lock for that window (on the worker,
        as it may wait for a command to finish writing); False if a load is already running."""
        if self._active or self.runner.is_busy():
            return False
        self._path = path
        model = getattr(self.window, "model", None)
        direction = getattr(model, "direction", "down")

        def job(_progress, _cancel) -> Loaded | DocumentError:
            lock = take_lock(path, LOCK_WAIT_SECONDS, lock_owner) if lock_owner else None
            try:
                loaded = load(path)
            except DocumentError as exc:  # a bad file is an answer to show, not a crash of the job
                if lock is not None:
                    lock.release()
                return exc
            # Laid out and validated here, not on the GUI thread: showing it is then only drawing it.
            document = with_layout(loaded.document, direction)
            validate_ahead(document)
            return Loaded(loaded.path, document, loaded.tree, loaded.digest, lock)

        self._busy(True)
        if not self.runner.start(purpose, job):
            self._busy(False)
            return False
        self.window.statusBar().showMessage(f"Opening {path.name}…")
        return True

    def abandon(self) -> None:
        """The window is closing: a read still running ends unheard (the thread only reads a file)."""
        if self._abandoned:
            return
        self._abandoned = True
        self.runner.succeeded.disconnect(self._succeeded)
        self.runner.failed.disconnect(self._failed)
        if self._active:
            self._busy(False)

    def _succeeded(self, purpose: str, value: object) -> None:
        self._busy(False)
        self.window.statusBar().clearMessage()
        if isinstance(value, DocumentError):
            self.refused.emit(purpose, value.message)
        else:
            self.loaded.emit(purpose, value)

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.window.statusBar().clearMessage()
        self.refused.emit("", f"{self._path}: could not be read ({message}); please report this")

    def _busy(self, busy: bool) -> None:
        self._active = busy
        self.indicator.setVisible(busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()
        self.busyChanged.emit(busy)

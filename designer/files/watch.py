"""Watching the open file: a change by another program is reported, this window's own saves are not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from .loading import digest_of

SETTLE_MS = 150  # a save is several file events (temp file, rename, lock): look once they stop


class DiskWatcher(QObject):
    """Follows one file; ``changed`` fires when its bytes differ from what this window last read or wrote."""

    changed = Signal(object)  # the Path

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.path: Path | None = None
        self.digest: str | None = None
        self._reported: str | None = None  # a change already told about is not told twice
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._check)

    def follow(self, path: Path | None, digest: str | None) -> None:
        """Watch ``path`` whose bytes hash to ``digest`` (what this window holds); None stops watching."""
        self.path, self.digest, self._reported = path, digest, None
        self._rearm()

    def saved(self, digest: str) -> None:
        """This window just wrote the file: its own save is no news."""
        self.digest = digest
        self._rearm()

    def disk_differs(self) -> bool:
        """Whether the file on disk is no longer the one this window read or wrote last."""
        return self.path is not None and digest_of(self.path) not in (None, self.digest)

    def _rearm(self) -> None:
        # An atomic replace gives the path a new inode, and the watch on the old one is gone: watch
        # the path again, and its folder, which sees the rename either way.
        for old in (self._watcher.files() + self._watcher.directories()):
            self._watcher.removePath(old)
        if self.path is not None:
            wanted = [str(self.path), str(self.path.parent)]
            self._watcher.addPaths([p for p in wanted if Path(p).exists()])

    def _poke(self, *_signal_args) -> None:
        self._settle.start()

    def _check(self) -> None:
        self._rearm()
        if self.path is None:
            return
        disk = digest_of(self.path)
        if disk not in (None, self.digest, self._reported):
            self._reported = disk
            self.changed.emit(self.path)

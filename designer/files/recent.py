"""The recent-files list, kept in QSettings so every window and the next start see the same list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

ORGANISATION = "Nurture Studio"
APPLICATION = "nurture-studio"
KEY = "files/recent"
MAX_RECENT = 10


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


class RecentFiles(QObject):
    """Most recent first, no duplicates, at most ``MAX_RECENT`` absolute paths."""

    changed = Signal()

    def paths(self) -> list[Path]:
        value = settings().value(KEY, [])
        # INI files give a lone string for a one-item list, and nothing at all for an empty one.
        items = [value] if isinstance(value, str) else list(value or [])
        return [Path(str(item)) for item in items if str(item)][:MAX_RECENT]

    def _store(self, paths: list[Path]) -> None:
        store = settings()
        store.setValue(KEY, [str(p) for p in paths[:MAX_RECENT]])
        store.sync()
        self.changed.emit()

    def add(self, path: str | Path) -> None:
        path = Path(path).resolve()
        self._store([path, *(p for p in self.paths() if p != path)])

    def remove(self, path: str | Path) -> None:
        path = Path(path).resolve()
        self._store([p for p in self.paths() if p != path])

    def clear(self) -> None:
        self._store([])

"""Atomic file writes with one ``.bak`` generation: a kill mid-save never leaves a half-written file or backup."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

STALE_SECONDS = 3600  # no save takes this long: an older temp file was left by a process that was killed


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def format_of(path: str | Path) -> str:
    """The document format a path is written in: JSON by suffix, YAML otherwise."""
    return "json" if Path(path).suffix.lower() == ".json" else "yaml"


def _temp_beside(path: Path) -> tuple[int, str]:
    # Same folder, so os.replace is a rename and never a copy; a hidden name, so nobody opens it.
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def atomic_write(path: str | Path, data: bytes, keep_backup: bool = True) -> None:
    """Write ``data`` to ``path`` all at once: readers see the old file or the new one, never half.

    With ``keep_backup`` the previous file becomes ``path.bak``, also in one step; the temp file is
    removed when anything fails."""
    path = Path(path)
    if not str(path.parent):
        path = Path(".") / path
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
            if keep_backup:
                _backup(path)
        else:
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a new document gets the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    _remove_stale_temps(path)


def _backup(path: Path) -> None:
    """``path.bak`` becomes the current file in one rename: never a truncated copy."""
    fd, tmp = _temp_beside(backup_path(path))
    os.close(fd)
    try:
        try:
            # A second name for the current file: no copy, and the old inode stays as the .bak once the
            # new file replaces the document.
            os.unlink(tmp)
            os.link(path, tmp)
        except OSError:  # no hard links here (some shares): a synced copy instead
            shutil.copy2(path, tmp)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(tmp, backup_path(path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale_temps(path: Path) -> None:
    """Temp files of this document left by a kill (nothing can remove them at the time)."""
    now = time.time()
    for pattern in (f".{path.name}.*.tmp", f".{backup_path(path).name}.*.tmp"):
        for temp in path.parent.glob(pattern):
            with contextlib.suppress(OSError):
                if now - temp.stat().st_mtime > STALE_SECONDS:
                    temp.unlink()


def _sync_folder(folder: Path) -> None:
    # The renames are durable only once the folder is synced; not every platform can open a folder.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    # Linux reports the umask without changing it; os.umask() would briefly set it for every thread.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

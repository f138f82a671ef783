"""Document locks: a file open in one window is read-only in every other until that window lets go."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from .state import drop_token, hold_token, owner_alive, owner_stamp, state_dir


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock, as recorded in the lock file."""

    pid: int
    host: str
    user: str

    def describe(self) -> str:
        return f"{self.user or 'someone'} (process {self.pid} on {self.host})"


def lock_paths(path: Path) -> tuple[Path, Path]:
    """Beside the document (seen from other machines on a share), and in the state dir as a fallback."""
    path = path.resolve()
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:16]
    return path.with_name(f".~lock.{path.name}#"), state_dir(create=False) / "locks" / f"{digest}.lock"


def _read(lock_file: Path) -> dict | None:
    try:
        data = json.loads(lock_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # unreadable: a half-written lock of a process that died, treated as stale
    return data if isinstance(data, dict) else {}


def _holder(data: dict) -> LockHolder:
    try:
        pid = int(data.get("pid", 0))
    except (TypeError, ValueError):
        pid = 0
    return LockHolder(pid, str(data.get("host", "?")), str(data.get("user", "")))


class DocumentLock:
    """A lock on one document file; ``held`` says whether this window got it, ``holder`` who has it."""

    def __init__(self, path: str | Path, owner: str | None = None):
        """``owner`` is the token of the window holding the lock (its liveness is the window's);
        without one the lock is its own owner until released."""
        self.path = Path(path).resolve()
        self._own_token = owner is None
        self._token = owner or uuid.uuid4().hex
        self._file: Path | None = None
        self.holder: LockHolder | None = None
        self._acquire()

    @property
    def held(self) -> bool:
        return self._file is not None

    def _acquire(self) -> None:
        beside, fallback = lock_paths(self.path)
        for lock_file in (beside, fallback):
            data = _read(lock_file)
            if data is None:
                continue
            if data and owner_alive(data):
                self.holder = _holder(data)
                return
            self._reclaim(lock_file, data)
        stamp = {**owner_stamp(self._token), "user": _user(), "path": str(self.path)}
        if self._own_token:
            hold_token(self._token)
        for lock_file in (beside, fallback):
            try:
                lock_file.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(lock_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:  # another window got there between our check and now
                self.holder = _holder(_read(lock_file) or {})
                self._forget_token()
                return
            except OSError:
                continue  # e.g. a read-only folder: try the state dir
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(stamp, handle)
            self._file = lock_file
            return
        self._forget_token()  # nowhere to keep a lock: open the file without one

    def _forget_token(self) -> None:
        if self._own_token:
            drop_token(self._token)

    @staticmethod
    def _reclaim(lock_file: Path, seen: dict) -> None:
        # Only remove the lock we judged stale; one re-read narrows the race with another reclaimer.
        if _read(lock_file) == seen:
            with contextlib.suppress(OSError):
                lock_file.unlink()

    def release(self) -> None:
        if self._file is not None:
            data = _read(self._file)
            if data is not None and data.get("token") == self._token:
                with contextlib.suppress(OSError):
                    self._file.unlink()
            self._file = None
        self._forget_token()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not a reason to refuse a lock
        return ""

"""Document locks shared by the designer and the CLI: one writer at a time, and everyone can say who it is."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .owners import drop_token, hold_token, owner_alive, owner_stamp, state_dir

WINDOW = "window"  # a designer window: holds its lock for as long as the file is open
COMMAND = "command"  # a CLI command: holds it only while it re-reads and writes


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock, as recorded in the lock file."""

    pid: int
    host: str
    user: str
    program: str = ""
    kind: str = WINDOW

    def describe(self) -> str:
        where = f" in {self.program}" if self.program else ""
        return f"{self.user or 'someone'}{where} (process {self.pid} on {self.host})"

    @property
    def brief(self) -> bool:
        """A command lets go within moments, so waiting for it beats refusing."""
        return self.kind == COMMAND


def lock_paths(path: Path) -> tuple[Path, Path]:
    """Beside the document (seen from other machines on a share), and in the state dir as a fallback."""
    path = path.resolve()
    return path.with_name(f".~lock.{path.name}#"), state_dir(create=False) / "locks" / f"{_digest(path)}.lock"


def _digest(path: Path) -> str:
    return hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:16]


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
    return LockHolder(pid, str(data.get("host", "?")), str(data.get("user", "")), str(data.get("program", "")),
                      COMMAND if data.get("kind") == COMMAND else WINDOW)


@contextlib.contextmanager
def _host_guard(path: Path) -> Iterator[None]:
    """Serialises check, reclaim and create among processes of this machine, so two of them never both
    judge one stale lock and each take it; without fcntl (Windows) the create itself stays exclusive."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    guard = state_dir(create=False) / "locks" / f"{_digest(path)}.guard"
    try:
        guard.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(guard, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing lets go of the flock


def _create(lock_file: Path, stamp: dict) -> bool:
    """Create ``lock_file`` holding ``stamp`` in one step: a reader sees no lock or a whole one, never half.

    False if it exists; OSError if the folder takes no files."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{lock_file.name}.", suffix=".tmp", dir=lock_file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(stamp, handle)
        try:
            os.link(tmp, lock_file)  # fails if the lock exists: exclusive and already complete
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: exclusive create, then write
            try:
                out = os.open(lock_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                return False
            with os.fdopen(out, "w", encoding="utf-8") as handle:
                json.dump(stamp, handle)
        return True
    finally:
        Path(tmp).unlink(missing_ok=True)


class DocumentLock:
    """A lock on one document file; ``held`` says whether we got it, ``holder`` who has it otherwise."""

    def __init__(self, path: str | Path, owner: str | None = None, program: str = "nurture-studio",
                 kind: str = WINDOW):
        """``owner`` is the token of the window holding the lock (its liveness is the window's);
        without one the lock is its own owner until released."""
        self.path = Path(path).resolve()
        self.program, self.kind = program, kind
        self._own_token = owner is None
        self._token = owner or uuid.uuid4().hex
        self._file: Path | None = None
        self.holder: LockHolder | None = None
        with _host_guard(self.path):
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
        stamp = {**owner_stamp(self._token), "user": _user(), "path": str(self.path),
                 "program": self.program, "kind": self.kind}
        if self._own_token:
            hold_token(self._token)
        for lock_file in (beside, fallback):
            try:
                created = _create(lock_file, stamp)
            except OSError:
                continue  # e.g. a read-only folder: try the state dir
            if not created:  # another machine got there between our check and now
                self.holder = _holder(_read(lock_file) or {})
                self._forget_token()
                return
            self._file = lock_file
            return
        self._forget_token()  # nowhere to keep a lock: open the file without one

    def _forget_token(self) -> None:
        if self._own_token:
            drop_token(self._token)

    @staticmethod
    def _reclaim(lock_file: Path, seen: dict) -> None:
        # Only remove the lock we judged stale: a re-read narrows the race with another machine.
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

    def __enter__(self) -> DocumentLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def holder_of(path: str | Path) -> LockHolder | None:
    """Who holds the lock on ``path`` now, if anyone alive does (a look only: nothing is taken)."""
    for lock_file in lock_paths(Path(path)):
        data = _read(lock_file)
        if data and owner_alive(data):
            return _holder(data)
    return None


def take_lock(path: str | Path, wait_seconds: float, owner: str | None = None, program: str = "nurture-studio",
              kind: str = WINDOW) -> DocumentLock:
    """A lock on ``path``, waiting up to ``wait_seconds`` while a command holds it, since commands hold
    it for moments; a window's lock lasts as long as the window, so that is returned at once (unheld,
    with its ``holder``) for the caller to refuse or to open read-only."""
    deadline = time.monotonic() + wait_seconds
    while True:
        lock = DocumentLock(path, owner, program, kind)
        if lock.held or lock.holder is None or not lock.holder.brief or time.monotonic() >= deadline:
            return lock
        time.sleep(0.05)


def lock_for_command(path: str | Path, program: str, wait_seconds: float = 5.0) -> DocumentLock:
    """The lock a CLI command takes to write ``path`` (see ``take_lock``)."""
    return take_lock(path, wait_seconds, program=program, kind=COMMAND)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not a reason to refuse a lock
        return ""

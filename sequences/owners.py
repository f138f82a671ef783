"""Who is alive to own a lock or an autosave: process stamps, liveness, and the user state directory."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import platformdirs

STATE_ENV = "NURTURE_STATE_DIR"

# Tokens of locks and autosaves owned by live objects in this process: a file stamped with our own
# pid but an unknown token was left behind by a window that is gone, so it counts as orphaned.
_live_tokens: set[str] = set()


def state_dir(create: bool = True) -> Path:
    """The user state directory (``NURTURE_STATE_DIR`` overrides it, so tests stay in a tmp dir)."""
    root = os.environ.get(STATE_ENV) or platformdirs.user_state_dir("nurture-studio", appauthor=False)
    path = Path(root)
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def hostname() -> str:
    return socket.gethostname()


def process_start(pid: int) -> str | None:
    """When the process started (Linux), so a recycled pid is not taken for the process that died."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses; fields after it are plain.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def _pid_exists(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            kernel32.CloseHandle(handle)
        return bool(code.value == 259)  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner_stamp(token: str) -> dict:
    """What a lock or an autosave records about its owner."""
    pid = os.getpid()
    return {"pid": pid, "host": hostname(), "started": process_start(pid), "token": token}


def owner_alive(stamp: dict) -> bool:
    """Whether the owner recorded in ``stamp`` may still be running (other hosts are assumed alive)."""
    if stamp.get("host") != hostname():
        return True
    try:
        pid = int(stamp.get("pid", -1))
    except (TypeError, ValueError):
        return False
    if pid == os.getpid():
        return stamp.get("token") in _live_tokens
    if not _pid_exists(pid):
        return False
    started = stamp.get("started")
    return started is None or process_start(pid) in (None, started)


def hold_token(token: str) -> None:
    _live_tokens.add(token)


def drop_token(token: str, *_signal_args: object) -> None:
    _live_tokens.discard(token)

"""Runs a simulation in one warm child process, so the engine never holds the GUI process's interpreter lock."""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable
from typing import Any

from simulation import Cancelled, SimulationRefused

POLL_SECONDS = 0.05


class JobFailed(Exception):
    """The call raised in the child; ``message`` is the line the job runner shows (as for a thread's job)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _failure_text(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _serve(conn, cancel) -> None:
    """The child's loop: one (function, args, kwargs) at a time; progress, then an outcome, go back."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the application has gone
        if message is None:
            return
        function, args, kwargs = message

        def progress(*values) -> None:
            conn.send(("progress", values))

        try:
            outcome: tuple = ("result", function(*args, progress=progress, cancel=cancel.is_set, **kwargs))
        except Cancelled:
            outcome = ("cancelled", None)
        except SimulationRefused as exc:  # rebuilt in the parent: its pickled form loses the findings
            outcome = ("refused", list(exc.findings))
        except Exception as exc:  # noqa: BLE001 - any engine failure becomes a message in the window
            outcome = ("failed", _failure_text(exc))
        conn.send(outcome)


class ProcessWorker:
    """One child process (spawned on first use and kept for the next call) that runs one call at a time.

    Why: a job thread running the engine shares the interpreter lock with the GUI thread; on a busy machine
    the GUI waited for it for 100–500 ms at a time. In a process of its own the engine shares nothing; only
    the result comes back (pickled: tens of milliseconds, on the job thread). The child is spawned, never
    forked: forking a process that runs Qt and threads is unsafe.
    """

    def __init__(self):
        self._context = multiprocessing.get_context("spawn")
        self._lock = self._context.Lock()  # windows share the process: one call at a time
        self._process = None
        self._conn = None
        self._cancel = None

    def _ensure(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        parent, child = self._context.Pipe()
        self._cancel = self._context.Event()
        self._process = self._context.Process(target=_serve, args=(child, self._cancel), daemon=True,
                                              name="nurture-simulation")
        self._process.start()
        child.close()
        self._conn = parent

    def run(self, function: Callable[..., Any], args: tuple, kwargs: dict,
            progress: Callable[..., None], cancel: Callable[[], bool]) -> Any:
        """``function(*args, progress=…, cancel=…, **kwargs)`` in the child; raises as the call did
        (Cancelled, SimulationRefused, or JobFailed with the error's message). Call from a job thread."""
        while not self._lock.acquire(timeout=POLL_SECONDS):  # another window's run holds the process
            if cancel():
                raise Cancelled("the simulation was cancelled")
        try:
            self._ensure()
            self._cancel.clear()
            self._conn.send((function, args, kwargs))
            while True:
                if cancel():
                    self._cancel.set()  # the engine notices within its poll interval
                if not self._conn.poll(POLL_SECONDS):
                    if not self._process.is_alive():
                        self._process = None
                        raise JobFailed("the simulation process ended unexpectedly; please report this")
                    continue
                try:
                    kind, value = self._conn.recv()
                except (EOFError, OSError):
                    self._process = None
                    raise JobFailed("the simulation process ended unexpectedly; please report this") from None
                if kind == "progress":
                    progress(*value)
                elif kind == "result":
                    return value
                elif kind == "cancelled":
                    raise Cancelled("the simulation was cancelled")
                elif kind == "refused":
                    raise SimulationRefused(value)
                else:
                    raise JobFailed(str(value))
        finally:
            self._lock.release()

    def warm(self) -> None:
        """Start the child now (it takes about a second to import the engine) unless a run holds it."""
        if self._lock.acquire(False):
            try:
                self._ensure()
            finally:
                self._lock.release()

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.is_alive():
            with contextlib.suppress(OSError):
                self._conn.send(None)
            process.join(2)
            if process.is_alive():
                process.terminate()


_shared: ProcessWorker | None = None


def shared_worker() -> ProcessWorker:
    """The application's one simulation process (windows take turns: each runs one job at a time)."""
    global _shared
    if _shared is None:
        _shared = ProcessWorker()
    return _shared

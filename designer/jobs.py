"""The one way the designer runs long work off the GUI thread: the job, its progress and cancel, its outcome."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from simulation import Cancelled, SimulationRefused

from . import main_thread_gc

# progress(done, total), progress(stage, done, total) or progress(message): whatever the job's engine reports.
Progress = Callable[..., None]
# job(progress, cancel) -> result; it must only read its inputs (a frozen Document), never the GUI.
Job = Callable[[Progress, Callable[[], bool]], object]
POLL_MS = 50


def failure_text(exc: BaseException) -> str:
    """A user-facing line: the error's own message when it has one (DocumentError, HistoryError…), else its type."""
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class _JobThread:
    """One job on one Python thread; ``outcome`` is (kind, value) once it has ended.

    The thread touches no Qt object: it writes plain attributes under a lock and the runner's timer (on the
    GUI thread) reads them, so the GUI's work per tick stays tiny and bounded.
    """

    def __init__(self, job: Job):
        self.job = job
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.progress: tuple | None = None
        self.outcome: tuple[str, object] | None = None
        self.thread = threading.Thread(target=self._run, name=f"job-{getattr(job, '__name__', 'work')}", daemon=True)

    def _report(self, *values) -> None:
        with self.lock:
            self.progress = values  # only the newest report matters to a progress bar

    def _run(self) -> None:
        try:
            outcome = ("succeeded", self.job(self._report, self.stop.is_set))
        except Cancelled:
            outcome = ("cancelled", None)
        except SimulationRefused as exc:
            outcome = ("refused", list(exc.findings))
        except Exception as exc:  # noqa: BLE001 - any engine failure becomes a message, never a traceback
            outcome = ("failed", failure_text(exc))
        with self.lock:
            self.outcome = outcome

    def take(self) -> tuple[tuple | None, tuple[str, object] | None]:
        with self.lock:
            progress, self.progress = self.progress, None
            return progress, self.outcome


class JobRunner(QObject):
    """Owns at most one running job: start it, cancel it, hear how it ended (always on the GUI thread).

    ``progressed(done, total)`` follows any report that ends in two whole numbers; ``reported(values)`` carries
    every report as the job made it (a sweep's (stage, done, total), a message). With ``start(..., newest=True)``
    a request made while a job runs replaces any request still waiting and asks the running job to stop: only
    the newest is run to the end and reported (a live preview).
    """

    started = Signal(str)
    progressed = Signal(int, int)
    reported = Signal(object)
    succeeded = Signal(str, object)
    refused = Signal(list)
    cancelled = Signal()
    failed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        main_thread_gc.install()  # before any job thread exists: see designer.main_thread_gc
        self._worker: _JobThread | None = None
        self._kind = ""
        self._waiting: tuple[str, Job] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def is_busy(self) -> bool:
        return self._worker is not None

    def start(self, kind: str, job: Job, newest: bool = False) -> bool:
        """Start ``job`` unless one is running; ``kind`` (e.g. "run", "compare", "open") comes back with the result.

        With ``newest`` a busy runner keeps ``job`` as the next one instead (replacing any kept before) and
        returns True: the running job's outcome will be dropped.
        """
        if self.is_busy():
            if not newest:
                return False
            self._waiting = (kind, job)
            self._worker.stop.set()
            return True
        self._launch(kind, job, announce=True)
        return True

    def _launch(self, kind: str, job: Job, announce: bool = False) -> None:
        self._kind = kind
        self._worker = worker = _JobThread(job)
        if announce:
            self.busyChanged.emit(True)  # is_busy() is already True for whoever listens
        self.started.emit(kind)
        worker.thread.start()
        self._timer.start()

    def cancel(self) -> None:
        """Ask the job to stop (the engine notices within its poll interval, 0.1 s) and forget a waiting one."""
        self._waiting = None
        if self._worker is not None:
            self._worker.stop.set()

    def wait(self, seconds: float = 5.0) -> None:
        """Cancel and join the thread (window closing); the outcome is delivered as usual."""
        if self._worker is not None:
            self.cancel()
            self._worker.thread.join(seconds)
            self._poll()

    def discard(self, seconds: float = 5.0) -> None:
        """Cancel and join the job, dropping its outcome unheard: its inputs are no longer the user's."""
        worker = self._worker
        if worker is None:
            return
        self.cancel()
        worker.thread.join(seconds)
        self._worker = None
        self._timer.stop()
        self.busyChanged.emit(False)

    def _poll(self) -> None:
        worker = self._worker
        if worker is None:
            self._timer.stop()
            return
        progress, outcome = worker.take()
        if self._waiting is None:
            self._emit_progress(progress)
        if outcome is None:
            return
        if self._waiting is not None:
            kind, job = self._waiting  # the finished job is stale: start the newest, stay busy
            self._waiting = None
            self._launch(kind, job)
            return
        self._timer.stop()
        self._worker = None
        self.busyChanged.emit(False)
        what, value = outcome
        if what == "succeeded":
            self.succeeded.emit(self._kind, value)
        elif what == "refused":
            self.refused.emit(value)
        elif what == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(str(value))

    def _emit_progress(self, progress: tuple | None) -> None:
        if progress is None:
            return
        self.reported.emit(progress)
        if len(progress) >= 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in progress[-2:]):
            self.progressed.emit(progress[-2], progress[-1])

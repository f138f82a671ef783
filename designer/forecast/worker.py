"""Runs a simulation or comparison on a worker thread; the GUI thread polls it for progress and the outcome."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from simulation import Cancelled, SimulationRefused

# job(progress, cancel) -> result; it must only read its inputs (a frozen Document), never the GUI.
Job = Callable[[Callable[[int, int], None], Callable[[], bool]], object]
POLL_MS = 50


class ForecastWorker:
    """One job on one Python thread; ``outcome`` is (kind, value) once it has ended.

    The thread touches no Qt object: it writes plain attributes under a lock and the runner's timer (on the
    GUI thread) reads them, so the GUI's work per tick stays tiny and bounded.
    """

    def __init__(self, job: Job):
        self.job = job
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.progress: tuple[int, int] | None = None
        self.outcome: tuple[str, object] | None = None
        self.thread = threading.Thread(target=self._run, name="forecast-worker", daemon=True)

    def _report(self, done: int, total: int) -> None:
        with self.lock:
            self.progress = (done, total)

    def _run(self) -> None:
        try:
            outcome = ("succeeded", self.job(self._report, self.stop.is_set))
        except Cancelled:
            outcome = ("cancelled", None)
        except SimulationRefused as exc:
            outcome = ("refused", list(exc.findings))
        except Exception as exc:  # noqa: BLE001 - any engine failure becomes a message, never a traceback
            outcome = ("failed", f"{type(exc).__name__}: {exc}")
        with self.lock:
            self.outcome = outcome

    def take(self) -> tuple[tuple[int, int] | None, tuple[str, object] | None]:
        with self.lock:
            progress, self.progress = self.progress, None
            return progress, self.outcome


class ForecastRunner(QObject):
    """Owns at most one running job: start it, cancel it, hear how it ended (always on the GUI thread)."""

    started = Signal(str)
    progressed = Signal(int, int)
    succeeded = Signal(str, object)
    refused = Signal(list)
    cancelled = Signal()
    failed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._worker: ForecastWorker | None = None
        self._kind = ""
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def is_busy(self) -> bool:
        return self._worker is not None

    def start(self, kind: str, job: Job) -> bool:
        """Start ``job`` unless one is running; ``kind`` ("run" or "compare") comes back with the result."""
        if self.is_busy():
            return False
        self._kind = kind
        self._worker = ForecastWorker(job)
        self.busyChanged.emit(True)
        self.started.emit(kind)
        self._worker.thread.start()
        self._timer.start()
        return True

    def cancel(self) -> None:
        """Ask the job to stop; the engine notices within its poll interval (0.1 s)."""
        if self._worker is not None:
            self._worker.stop.set()

    def wait(self, seconds: float = 5.0) -> None:
        """Cancel and join the thread (window closing); the outcome is delivered as usual."""
        if self._worker is not None:
            self._worker.stop.set()
            self._worker.thread.join(seconds)
            self._poll()

    def _poll(self) -> None:
        worker = self._worker
        if worker is None:
            self._timer.stop()
            return
        progress, outcome = worker.take()
        if progress is not None:
            self.progressed.emit(*progress)
        if outcome is None:
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

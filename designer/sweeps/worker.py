"""Runs a sweep off the GUI thread; cancel is a flag the runner polls between points."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal

from sequences import Document
from sequences.sweep import Sweep
from simulation.sweeps.executors import Executor
from simulation.sweeps.runner import run_sweep


class SweepWorker(QObject):
    progress = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, document: Document, sweep: Sweep, executor: Executor):
        super().__init__()
        self.document, self.sweep, self.executor = document, sweep, executor
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            result = run_sweep(self.document, self.sweep, self.executor,
                               progress=self.progress.emit, cancel=self._stop.is_set)
        except Exception as exc:  # noqa: BLE001 - any failure becomes a message, never a crash
            self.failed.emit(str(exc))
        else:
            self.finished.emit(result)
        finally:
            self.executor.close()


def start(worker: SweepWorker, parent: QObject) -> QThread:
    """Moves ``worker`` to a new thread owned by ``parent`` and starts it; the thread ends with the run."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    worker.failed.connect(thread.quit)
    thread.start()
    return thread

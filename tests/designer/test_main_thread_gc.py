"""Job threads never run the cycle collector: it runs on the GUI thread, from the event loop."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QCoreApplication

from designer.jobs import JobRunner
from designer.main_thread_gc import MainThreadCollector


class _Cycle:
    def __init__(self, collected: list[str]):
        self.me = self
        self.collected = collected

    def __del__(self):
        self.collected.append(threading.current_thread().name)


def test_cycles_made_on_a_job_thread_are_collected_on_the_gui_thread(qtbot):
    runner = JobRunner()
    assert QCoreApplication.instance().findChild(MainThreadCollector, "main_thread_gc") is not None
    assert not gc.isenabled()
    collected: list[str] = []

    def job(progress, cancel):
        for _ in range(50_000):  # far past the first generation's threshold
            _Cycle(collected)
        return "made"

    with qtbot.waitSignal(runner.succeeded, timeout=30_000):
        runner.start("cycles", job)
    # Nothing was collected on the job thread (the GUI thread's collector may already have run meanwhile).
    assert set(collected) <= {threading.main_thread().name}
    qtbot.waitUntil(lambda: len(collected) > 0, timeout=10_000)
    assert set(collected) == {threading.main_thread().name}

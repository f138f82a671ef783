"""Python's cycle collector runs on the GUI thread only, so collected Qt wrappers die where Qt expects."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 250


class MainThreadCollector(QObject):
    """Automatic collection off; a GUI-thread timer collects when the allocation counts call for it.

    Why: the cyclic collector runs on whichever thread crosses its threshold. On a job thread it can free
    the PySide wrapper of a Qt object; its disconnect takes Qt's connection lock, then waits for the GIL,
    which the GUI thread holds while it waits for that same lock to delete a widget. The suite hung so.
    """

    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        self.setObjectName("main_thread_gc")
        self.thresholds = gc.get_threshold()
        gc.disable()
        # What exists before the first job (modules, classes, pyqtgraph, the engine) lives as long as the
        # application: set apart, a full collection no longer walks it (~150 ms on the GUI thread, a few ms after).
        gc.freeze()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        """Collects the generations whose counts passed their thresholds, as the automatic collector would."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return 0
        generation = 2 if counts[2] > self.thresholds[2] else 1 if counts[1] > self.thresholds[1] else 0
        return gc.collect(generation)


def install() -> MainThreadCollector | None:
    """Once per application, before any job thread starts (JobRunner calls it)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    found = app.findChild(MainThreadCollector, "main_thread_gc")
    return found if found is not None else MainThreadCollector(app)

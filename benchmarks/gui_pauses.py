"""What the GUI benchmarks share: a 10 ms heartbeat on the GUI thread, and waiting in an event loop.

The largest gap between beats is how long a person would wait for the window to react.
"""

from __future__ import annotations

import statistics
import time

from PySide6.QtCore import QEventLoop, QTimer


class Heartbeat:
    def __init__(self):
        self.last = time.perf_counter()
        self.gaps: list[float] = []
        self.at: list[float] = []
        self.origin = self.last
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.beat)

    def beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.at.append(self.last - self.origin)
        self.last = now

    def start(self) -> None:
        self.gaps.clear()
        self.at.clear()
        self.last = self.origin = time.perf_counter()
        self.timer.start()

    def summary(self) -> str:
        gaps = sorted(self.gaps) or [0.0]
        over = sum(g > 0.1 for g in gaps)
        return (f"median {1000 * statistics.median(gaps):3.0f}, p99 {1000 * gaps[int(len(gaps) * 0.99)]:4.0f}, "
                f"max {1000 * gaps[-1]:4.0f} ms; {over} pauses over 100 ms")


def wait_for(signal, seconds: float) -> None:
    # An event loop, not processEvents() in a loop: PySide 6.12 leaks a reference to None per processEvents.
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def pause(seconds: float) -> None:
    settle = QTimer()
    settle.setSingleShot(True)
    settle.start(int(seconds * 1000))
    wait_for(settle.timeout, seconds + 1)

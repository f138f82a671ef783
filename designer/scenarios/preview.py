"""Live preview: a debounced, off-thread ``simulation.analytic.preview`` shown as figures and a sparkline."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sequences import Document
from sequences.scenario import Scenario
from simulation.analytic import Preview, preview

from ..jobs import JobRunner

DEBOUNCE_MS = 60
PREVIEW_LEADS = 20_000  # preview's own cap: most cohorts run whole, so the queue sees its real load


class PreviewWorker(QObject):
    """Computes previews on the designer's job runner; the newest request wins.

    A request made while a preview runs replaces any that has not started yet, so typing in a field never
    queues up stale work; ``ready``/``failed`` carry the request's generation.
    """

    ready = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = JobRunner(self)
        self.runner.succeeded.connect(self._finished)

    def submit(self, generation: int, document: Document, scenario: Scenario) -> None:
        def job(_progress, _cancel):
            try:
                return "ready", preview(document, scenario, max_leads=PREVIEW_LEADS)
            except Exception as exc:  # noqa: BLE001 - a half-edited scenario must never crash the panel
                return "failed", str(exc) or type(exc).__name__

        self.runner.start(str(generation), job, newest=True)

    def stop(self) -> None:
        self.runner.cancel()

    def _finished(self, generation: str, outcome: tuple) -> None:
        kind, value = outcome
        getattr(self, kind).emit(int(generation), value)


def _figure(title: str) -> tuple[QWidget, QLabel]:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    value = QLabel("–")
    font = value.font()
    font.setPointSizeF(font.pointSizeF() + 3)
    font.setBold(True)
    value.setFont(font)
    caption = QLabel(title)
    caption.setStyleSheet("color: #6b7280;")
    layout.addWidget(value)
    layout.addWidget(caption)
    return box, value


class PreviewStrip(QFrame):
    """MQLs, SQL handoffs a week and SLA breach rate of the current scenario, with weekly handoffs drawn."""

    updated = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("preview_strip")
        self.setFrameShape(QFrame.StyledPanel)
        self.generation = 0
        self.shown_generation = -1
        self.last: Preview | None = None
        self._source: tuple = ()
        self._request: tuple | None = None
        self._hidden_request = False
        self.worker = PreviewWorker(self)
        self.worker.ready.connect(self._ready)
        self.worker.failed.connect(self._failed)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._submit)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(12)
        figures = QHBoxLayout()
        figures.setSpacing(14)
        self.values: dict[str, QLabel] = {}
        for key, title in (("mqls", "MQLs"), ("handoffs", "SQL handoffs / week"), ("breach", "SLA breached")):
            box, label = _figure(title)
            label.setObjectName(f"preview_{key}")
            self.values[key] = label
            figures.addWidget(box)
        figures.addStretch(1)
        grid.addLayout(figures, 0, 0)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("preview_sparkline")
        self.plot.setBackground(None)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setFixedHeight(46)
        self.plot.setMinimumWidth(72)
        self.plot.setToolTip("SQL handoffs per week over the horizon (preview)")
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#2f7ed8", width=2), fillLevel=0,
                                    brush=pg.mkBrush(47, 126, 216, 50))
        grid.addWidget(self.plot, 0, 1)
        grid.setColumnStretch(1, 1)
        self.note = QLabel("Preview: one quick run on a sample of the cohort")
        self.note.setObjectName("preview_note")
        self.note.setStyleSheet("color: #6b7280; font-size: 11px;")
        self.note.setWordWrap(True)
        grid.addWidget(self.note, 1, 0, 1, 2)

    # -- requests ----------------------------------------------------------------------------------
    def follow(self, document: Document, scenario: Scenario | None) -> None:
        """Schedule a preview if what it depends on changed (a layout move, say, changes nothing)."""
        if scenario is None:
            self._source = ()
            self._request = None
            self.timer.stop()
            for label in self.values.values():
                label.setText("–")
            self.curve.setData([], [])
            self.note.setText("No scenario: add one to see a preview")
            return
        source = (scenario, document.sequence, document.scoring, document.audience)
        if len(source) == len(self._source) and all(a is b for a, b in zip(source, self._source, strict=True)):
            return
        self._source = source
        self._request = (document, scenario)
        self.note.setText("Updating…")
        self.timer.start()

    def _submit(self) -> None:
        if self._request is None:
            return
        if not self.isVisible():
            self._hidden_request = True  # nobody is looking: run when the strip is shown again
            return
        self._hidden_request = False
        self.generation += 1
        self.worker.submit(self.generation, *self._request)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._hidden_request:
            self.timer.start()

    def is_current(self) -> bool:
        return self.shown_generation == self.generation and not self.timer.isActive()

    # -- results -----------------------------------------------------------------------------------
    def _ready(self, generation: int, result: Preview) -> None:
        if generation != self.generation:
            return  # a newer request is on its way: this one is stale
        self.shown_generation = generation
        self.last = result
        weeks = max(len(result.weekly_handoffs), 1)
        self.values["mqls"].setText(f"{result.mqls:,.0f}")
        self.values["handoffs"].setText(f"{result.sql_handoffs / weeks:,.1f}")
        self.values["breach"].setText(f"{result.sla_breach_rate:.0%}")
        self.curve.setData(list(range(len(result.weekly_handoffs))), result.weekly_handoffs)
        queue_note = "" if result.queue.stable else " · the sales team cannot keep up"
        sampled = f" (sample scaled ×{result.scale:.1f})" if result.scale > 1 else ""
        self.note.setText(f"Preview: one quick run{sampled}{queue_note}")
        self.updated.emit()

    def _failed(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        self.shown_generation = generation
        self.last = None
        for label in self.values.values():
            label.setText("–")
        self.curve.setData([], [])
        self.note.setText(f"No preview: {message}")
        self.updated.emit()


__all__ = ["DEBOUNCE_MS", "PreviewStrip", "PreviewWorker"]

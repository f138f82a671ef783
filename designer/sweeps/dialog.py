"""The sweep dialog: define a sweep, run it off the GUI thread, read the landscape, adopt a point."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sequences.sweep import Sweep
from simulation.checks import describe
from simulation.sweeps.adopt import Agreement
from simulation.sweeps.executors import DaskExecutor, Executor, LocalPoolExecutor, SerialExecutor
from simulation.sweeps.reading import header_lines, recommendation_lines
from simulation.sweeps.result import SweepResult
from simulation.sweeps.runner import run_sweep

from ..commands import SetDocumentFieldCommand
from ..document import DocumentModel
from ..jobs import JobRunner
from .adoption import AdoptionMixin
from .charts import HeatmapView, ParetoView
from .editor import SweepEditor
from .results_table import SweepTable

NEW = "New sweep…"
EXECUTORS = ("This computer (all cores)", "This computer (one core)", "Dask cluster")


class SweepDialog(AdoptionMixin, QDialog):
    def __init__(self, model: DocumentModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Sweep thresholds")
        self.resize(1280, 760)
        self.model = model
        self.result: SweepResult | None = None
        self.adoption: list[Agreement] = []
        self.runner = JobRunner(self)
        self.runner.reported.connect(self._progress)
        self.runner.succeeded.connect(self._finished)
        self.runner.refused.connect(self._refused)
        self.runner.failed.connect(self._failed)
        self.runner.busyChanged.connect(self._busy)

        self.chooser = QComboBox()
        self.chooser.currentIndexChanged.connect(self._choose)
        self.editor = SweepEditor()
        self.save_button = QPushButton("Save sweep in document")
        self.save_button.clicked.connect(self.save_definition)
        self.executor = QComboBox()
        self.executor.addItems(list(EXECUTORS))
        self.scheduler = QLineEdit(os.environ.get("DASK_SCHEDULER_ADDRESS", ""))
        self.scheduler.setPlaceholderText("tcp://host:8786")
        if self.scheduler.text():
            self.executor.setCurrentIndex(2)
        self.run_button = QPushButton("Run sweep")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setFormat("%p%")
        self.status = QLabel("Define the axes, then run.")
        self.status.setWordWrap(True)

        left = QWidget()
        column = QVBoxLayout(left)
        chooser_row = QHBoxLayout()
        chooser_row.addWidget(QLabel("Sweep"))
        chooser_row.addWidget(self.chooser, 1)
        column.addLayout(chooser_row)
        column.addWidget(self.editor, 1)
        column.addWidget(self.save_button)
        run_row = QHBoxLayout()
        run_row.addWidget(QLabel("Run on"))
        run_row.addWidget(self.executor)
        run_row.addWidget(self.scheduler, 1)
        column.addLayout(run_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        column.addLayout(buttons)
        column.addWidget(self.status)

        self.table = SweepTable()
        self.heatmap = HeatmapView()
        self.pareto = ParetoView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Every point")
        self.tabs.addTab(self.heatmap, "Heatmap")
        self.tabs.addTab(self.pareto, "Front (2-D projections)")
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.agreement = QLabel("")
        self.agreement.setWordWrap(True)
        self.agreement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.adopt_button = QPushButton("Make this a scenario")
        self.adopt_button.setToolTip("Adds the selected point (or the recommended one) as a scenario")
        self.adopt_button.setEnabled(False)
        self.adopt_button.clicked.connect(self.adopt)
        self.model.readOnlyChanged.connect(self._update_adopt)
        self._update_adopt()
        right = QWidget()
        results = QVBoxLayout(right)
        results.addWidget(self.tabs, 1)
        results.addWidget(self.reason)
        results.addWidget(self.agreement)
        self.extend_button = QPushButton("Extend axes")
        self.extend_button.setToolTip("The recommendation sits on the edge of an axis: make that axis one step "
                                      "longer in the sweep, to run again and look past the edge")
        self.extend_button.setEnabled(False)
        self.extend_button.clicked.connect(self.extend_axes)
        adopt_row = QHBoxLayout()
        adopt_row.addWidget(self.extend_button)
        adopt_row.addStretch(1)
        adopt_row.addWidget(self.adopt_button)
        results.addLayout(adopt_row)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([470, 810])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._fill_chooser()

    # -- definitions ---------------------------------------------------------------------------------
    def _fill_chooser(self, select: str | None = None) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([s.name for s in self.model.document.sweeps] + [NEW])
        if select is not None:
            self.chooser.setCurrentText(select)
        self.chooser.blockSignals(False)
        self._choose()

    def refresh(self) -> None:
        """Re-reads the document's sweeps (it may have changed while the dialog was hidden)."""
        self._fill_chooser(self.chooser.currentText() if self.chooser.currentText() != NEW else None)

    def _choose(self) -> None:
        name = self.chooser.currentText()
        document = self.model.document
        sweep = next((s for s in document.sweeps if s.name == name), None)
        self.editor.load(document, sweep)

    def save_definition(self) -> Sweep | None:
        """Puts the form's sweep into the document as one undoable edit; None (and a message) if invalid."""
        try:
            sweep = self.editor.sweep()
        except ValueError as exc:
            self._say(f"The sweep is not complete: {exc}")
            return None
        if sweep.base_scenario not in {s.name for s in self.model.document.scenarios}:
            self._say("Choose a base scenario: the document needs at least one scenario.")
            return None
        sweeps = list(self.model.document.sweeps)
        replaced = self.chooser.currentText()
        names = [s.name for s in sweeps]
        if replaced in names:
            sweeps[names.index(replaced)] = sweep
        elif sweep.name in names:
            self._say(f"A sweep named '{sweep.name}' already exists: choose another name.")
            return None
        else:
            sweeps.append(sweep)
        if tuple(sweeps) != self.model.document.sweeps:
            self.model.undo_stack.push(SetDocumentFieldCommand(self.model, "sweeps", tuple(sweeps),
                                                               label=f"sweep '{sweep.name}'"))
        self._fill_chooser(sweep.name)
        return sweep

    # -- running -------------------------------------------------------------------------------------
    def make_executor(self) -> Executor:
        choice = self.executor.currentIndex()
        if choice == 2:
            return DaskExecutor(self.scheduler.text().strip() or None)
        return SerialExecutor() if choice == 1 else LocalPoolExecutor()

    def run(self) -> None:
        sweep = self.save_definition()
        if sweep is None or self.is_running():
            return
        try:
            executor = self.make_executor()
        except (RuntimeError, OSError) as exc:
            self._say(f"Cannot reach the Dask scheduler: {exc}")
            return
        document = self.model.document

        def job(progress, cancel) -> SweepResult:
            try:
                return run_sweep(document, sweep, executor, progress=progress, cancel=cancel)
            finally:
                executor.close()

        self.runner.start("sweep", job)
        self.status.setText(f"Running '{sweep.name}' on {executor.name}…")

    def cancel(self) -> None:
        if self.is_running():
            self.runner.cancel()
            self.status.setText("Cancelling: keeping the points that finished…")

    def _progress(self, report: tuple) -> None:
        stage, done, total = report
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        words = {"screen": "Screening", "check": "Checking neighbours", "probe": "Probing", "adopt": "Simulating the "
                 "adopted scenario"}.get(stage, "Simulating")
        self.progress.setFormat(f"{words} {done}/{total}")

    def _finished(self, kind: str, result) -> None:
        if kind == "adopt":
            self.show_agreement(result)
            return
        self.show_result(result)
        self.progress.setFormat("Done")
        state = "complete" if result.complete else "cancelled — showing the points that finished"
        self.status.setText(f"Sweep '{result.sweep}' {state}: {len(result.points)} points.")

    def _refused(self, findings: list) -> None:
        self.status.setText("The sweep could not run: " + "; ".join(describe(f) for f in findings[:5]))

    def _failed(self, message: str) -> None:
        self.status.setText(f"The sweep could not run: {message}")

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def is_running(self) -> bool:
        return self.runner.is_busy()

    def show_result(self, result: SweepResult) -> None:
        self.result = result
        self.table.show_result(result)
        self.heatmap.show_result(result)
        self.pareto.show_result(result)
        self.reason.setText("\n".join(header_lines(result) + recommendation_lines(result)))
        self.extend_button.setEnabled(any(e["suggested"] is not None for e in result.edges)
                                      and not self.model.read_only)
        self._update_adopt()
        if result.recommended is not None:
            self.table.select_index(result.recommended)

    def _say(self, message: str) -> None:
        self.status.setText(message)
        QMessageBox.information(self, "Sweep", message)

    def closeEvent(self, event) -> None:
        self.runner.wait()  # the sweep's thread must not outlive the dialog
        super().closeEvent(event)

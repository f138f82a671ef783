"""Wires forecasting into a main window: actions, the results dock, the worker, the overlay and reports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from simulation import Comparison, SimulationResult, compare, simulate
from simulation.checks import describe

from ..actions import bind
from ..docks import add_dock
from ..jobs import JobRunner
from .overlay import ForecastOverlay
from .report_export import ReportError, write_report
from .results_dock import ResultsPanel

REVEALED_HEIGHT = 380


class ForecastController(QObject):
    """Owns the Forecast panel, the runner and the overlay of one window; ``result``/``comparison`` are the last."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.result: SimulationResult | None = None
        self.comparison: Comparison | None = None
        self.message_box: QMessageBox | None = None
        # The document each figure came from: reports state the assumptions that were simulated.
        self.snapshots: dict[str, object] = {}
        self._running_document = None
        self.runner = JobRunner(self)
        self.panel = ResultsPanel()
        self.overlay = ForecastOverlay(window.scene)
        self.actions: dict[str, QAction] = {}
        self._build_dock()
        self._build_actions()
        self._connect()
        self._scenarios_changed()
        window.installEventFilter(self)

    # -- construction ------------------------------------------------------------------------------
    def _build_dock(self) -> None:
        self.dock = add_dock(self.window, "forecast", self.panel)  # a tab behind Findings until the first run
        # Laid out and drawn once, off screen, while the window is idle after it opens: the first Simulate
        # then only raises the tab instead of polishing a dock of charts in the middle of the click.
        QTimer.singleShot(1500, self._warm_up)
        self.window.resizeDocks([self.window.docks["findings"]], [150], Qt.Vertical)

    def _warm_up(self) -> None:
        if not self.dock.isVisible() or self.dock.visibleRegion().isEmpty():
            # At the size Simulate will give it: at any other size every chart lays out and draws its axes anew.
            chrome = self.dock.height() - self.panel.height() if self.panel.height() else 0
            self.panel.resize(self.dock.width(), max(self.dock.height(), REVEALED_HEIGHT) - chrome)
            # The overview's charts too, though a line of text stands in for them until the first result:
            # showing them then only draws the figures.
            waiting = self.panel.overview.currentIndex()
            self.panel.overview.setCurrentIndex(1)
            self.panel.grab()
            self.panel.overview.setCurrentIndex(waiting)

    def _action(self, key: str, slot) -> QAction:
        """Binds the window's action ``key`` (title, shortcut and menus are in designer.action_table)."""
        action = bind(self.window, key, slot)
        self.actions[key] = action
        return action

    def _build_actions(self) -> None:
        self._action("simulate", self.simulate)
        cancel = self._action("cancel_simulation", self.runner.cancel)
        cancel.setEnabled(False)
        cancel.setIconText("Cancel")
        self._action("compare_scenarios", self.show_compare)
        self._action("export_run_report", self.export_run_report)
        self._action("export_comparison_report", self.export_comparison_report)
        overlay = self._action("forecast_overlay", self.set_overlay_visible)
        overlay.setChecked(True)
        self.overlay.visible = True

    def _connect(self) -> None:
        m, p, r = self.model, self.panel, self.runner
        m.reset.connect(self._scenarios_changed)
        m.propertiesChanged.connect(self._scenarios_changed)
        m.changed.connect(p.mark_stale)
        p.simulateRequested.connect(self.simulate)
        p.cancelRequested.connect(r.cancel)
        p.compare.compareRequested.connect(self.compare)
        if hasattr(self.window, "reveal_node"):
            p.nodeActivated.connect(self.window.reveal_node)
        r.busyChanged.connect(self._busy)
        r.progressed.connect(self._progress)
        r.succeeded.connect(self._succeeded)
        r.refused.connect(self._refused)
        r.cancelled.connect(self._cancelled)
        r.failed.connect(self._failed)

    def _scenarios_changed(self) -> None:
        self.panel.set_scenarios([s.name for s in self.model.document.scenarios])

    # -- running -----------------------------------------------------------------------------------
    def simulate(self) -> bool:
        """Run the panel's scenario on a snapshot of the document; False if nothing was started."""
        document = self.model.document  # frozen: edits made during the run replace it, never change it
        if not document.scenarios:
            self._message("No scenario", "The document has no scenario to simulate: add one first.")
            return False
        name = self.panel.scenario_combo.currentText() or document.scenarios[0].name
        options = self.panel.run_options()

        def job(progress, cancel):
            return simulate(document, name, progress=progress, cancel=cancel, **options)

        return self._start("run", job, document, f"Simulating '{name}'…")

    def compare(self, names: list[str]) -> bool:
        document = self.model.document
        options = self.panel.run_options()
        if options["replications"] == 1:
            options["replications"] = 2  # paired intervals need two replications at least

        def job(progress, cancel):
            return compare(document, list(names), progress=progress, cancel=cancel, **options)

        return self._start("compare", job, document, f"Comparing {len(names)} scenarios…")

    def show_compare(self) -> None:
        self._reveal()
        self.panel.tabs.setCurrentWidget(self.panel.compare)

    def _start(self, kind: str, job, document, text: str) -> bool:
        self._reveal()
        if not self.runner.start(kind, job):
            return False
        self._running_document = document
        self.panel.set_busy(True, text)
        self.window.statusBar().showMessage(text)
        return True

    def _reveal(self) -> None:
        self.dock.show()
        self.dock.raise_()
        if not self.dock.isFloating() and self.dock.height() < REVEALED_HEIGHT:
            self.window.resizeDocks([self.dock], [REVEALED_HEIGHT], Qt.Vertical)  # room for the charts

    def _busy(self, busy: bool) -> None:
        self.actions["simulate"].setEnabled(not busy)
        self.actions["cancel_simulation"].setEnabled(busy)
        self.panel.set_busy(busy)

    def _progress(self, done: int, total: int) -> None:
        self.panel.set_progress(done, total)
        self.window.statusBar().showMessage(f"{self.panel.status.text()} {100 * done // max(total, 1)}%")

    def _succeeded(self, kind: str, value: object) -> None:
        self.window.statusBar().clearMessage()
        self.snapshots[kind] = self._running_document
        if kind == "compare":
            self.comparison = value
            self.panel.compare.show_comparison(value)
            self.panel.tabs.setCurrentWidget(self.panel.compare)
            self.panel.status.setText(f"Compared {len(value.results)} scenarios.")
            return
        self.result = value
        self.panel.show_result(value)
        self.overlay.set_result(value)

    def _refused(self, findings: list) -> None:
        findings_dock = getattr(self.window, "docks", {}).get("findings")
        panel = getattr(self.window, "findings", None)
        if panel is not None and hasattr(panel, "revalidate_now"):
            panel.revalidate_now()
        if findings_dock is not None:
            findings_dock.show()
            findings_dock.raise_()
        errors = f"{len(findings)} error{'s' * (len(findings) != 1)}"
        self.panel.status.setText(f"Not simulated: {errors} in the document or scenario.")
        self.window.statusBar().showMessage(f"Not simulated: {errors}", 8000)  # no longer "Simulating…"
        lines = "\n".join(f"• {describe(f)}" for f in findings[:12])
        self._message("Cannot simulate", "Fix these errors first (they are listed in the Findings panel):\n\n"
                      + lines)

    def _cancelled(self) -> None:
        self.panel.status.setText("Cancelled: the document is unchanged and the last results are kept.")
        self.window.statusBar().showMessage("Simulation cancelled", 4000)

    def _failed(self, message: str) -> None:
        self.panel.status.setText("The simulation failed.")
        self.window.statusBar().showMessage("The simulation failed", 8000)
        self._message("Simulation failed", message)

    def _message(self, title: str, text: str) -> None:
        # Window-modal but not blocking, so a run or a test can carry on while it is shown.
        if self.message_box is not None:
            self.message_box.close()  # one message at a time, the latest
            self.message_box.deleteLater()
        box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.Ok, self.window)
        box.setObjectName("forecast_message")
        box.open()
        self.message_box = box

    # -- overlay and reports -----------------------------------------------------------------------
    def export_run_report(self) -> Path | None:
        return self.export_report(kind="run")

    def export_comparison_report(self) -> Path | None:
        return self.export_report(kind="compare")

    def set_overlay_visible(self, visible: bool) -> None:
        self.actions["forecast_overlay"].setChecked(bool(visible))
        self.overlay.set_visible(bool(visible))

    def export_report(self, path: str | Path | None = None, kind: str = "run") -> Path | None:
        run = self.comparison if kind == "compare" else self.result
        if run is None:
            what = "Compare two or more scenarios" if kind == "compare" else "Simulate a scenario"
            self._message("Nothing to report", f"{what} first; the report describes the last one.")
            return None
        if path is None:
            path, chosen = QFileDialog.getSaveFileName(self.window, "Export forecast report", "forecast-report.pdf",
                                                       "PDF (*.pdf);;HTML (*.html)")
            if not path:
                return None
            if not Path(path).suffix:
                path += ".html" if chosen.startswith("HTML") else ".pdf"
        QApplication.setOverrideCursor(Qt.WaitCursor)  # a PDF takes about half a second to lay out
        try:
            written = write_report(self.snapshots.get(kind) or self.model.document, run, path)
        except ReportError as exc:
            self._message("Report not written", str(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.window.statusBar().showMessage(f"Wrote {written}", 5000)
        return written

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Close:
            self.runner.wait()  # a running thread must not outlive its window
        return False

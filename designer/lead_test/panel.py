"""Test a lead: a persona and its behaviour on the left, the walked path step by step on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from simulation.lead_path import LeadPath, LeadPathError, Script, walk_lead

from ..document import DocumentModel
from .highlight import PathHighlight
from .persona_form import PersonaForm
from .script_table import ScriptModel
from .steps_table import StepsModel, when

SIZING_ROWS = 200  # rows the steps table measures to size its columns (all of them made each repaint slow)


class LeadTestPanel(QWidget):
    """Walks again whenever the persona, the script or the document changes; never edits the document."""

    stepChanged = Signal(str)

    def __init__(self, model: DocumentModel, scene=None, view=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lead_test")
        self.model, self.view = model, view
        self.highlight = PathHighlight(scene) if scene is not None else None
        self._on_screen: bool | None = None  # None: not in a dock, visibility alone decides
        self.path: LeadPath | None = None
        self.persona = PersonaForm()
        self.persona.changed.connect(self.schedule)
        self.script = ScriptModel(self)
        self.script.scriptChanged.connect(self.schedule)
        self.steps = StepsModel(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._walk_if_showing)
        self._stale = True  # the document or persona changed while the panel was off screen
        self._filled_for = None  # the document the persona's and the script's lists were filled from
        self._sized = False
        self.splitter = splitter = QSplitter(Qt.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._persona_box())
        splitter.addWidget(self._script_box())
        splitter.addWidget(self._right())
        for k, stretch in enumerate((0, 1, 3)):
            splitter.setStretchFactor(k, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        model.reset.connect(self._document_changed)
        model.changed.connect(self._document_changed)
        self._document_changed()

    def _persona_box(self) -> QWidget:
        box = QGroupBox("Persona")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        # Scrolls rather than forcing the dock (and so the window) taller than a small screen allows.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        page = QWidget()
        inner = QVBoxLayout(page)
        inner.setContentsMargins(4, 4, 4, 4)
        inner.addWidget(self.persona)
        inner.addStretch(1)
        scroll.setWidget(page)
        layout.addWidget(scroll)
        return box

    def _script_box(self) -> QWidget:
        box = QGroupBox("Behaviour")
        layout = QVBoxLayout(box)
        mode = QHBoxLayout()
        mode.addWidget(self.persona.scripted)
        mode.addWidget(self.persona.sampled)
        mode.addStretch(1)
        mode.addWidget(QLabel("Seed"))
        mode.addWidget(self.persona.seed)
        layout.addLayout(mode)
        self.script_view = QTableView()
        self.script_view.setObjectName("script_table")
        self.script_view.setModel(self.script)
        self.script_view.verticalHeader().hide()
        header = self.script_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.script_view.verticalHeader().setDefaultSectionSize(24)
        self.script_view.setToolTip("Scripted: what the lead does with each email. Sampled: drawn from the rates")
        layout.addWidget(self.script_view, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Sales"))
        row.addWidget(self.persona.sales, 1)
        self.clear_script = QPushButton("Clear")
        self.clear_script.setObjectName("clear_script")
        self.clear_script.setToolTip("Clear every scripted response")
        self.clear_script.clicked.connect(self.script.clear)
        row.addWidget(self.clear_script)
        layout.addLayout(row)
        return box

    def _right(self) -> QWidget:
        box = QGroupBox("Path")
        layout = QVBoxLayout(box)
        self.summary = QLabel()
        self.summary.setObjectName("lead_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        layout.addWidget(self.summary)
        self.table = QTableView()
        self.table.setObjectName("steps_table")
        self.table.setModel(self.steps)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Interactive)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        header.resizeSection(2, 150)
        header.setMinimumSectionSize(36)
        header.setResizeContentsPrecision(SIZING_ROWS)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _old: self.go_to(cur.row()))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.first = QPushButton("First")
        self.prev = QPushButton("◀ Previous")
        self.next = QPushButton("Next ▶")
        self.last = QPushButton("Last")
        for name, button, target in (("step_first", self.first, lambda: 0), ("step_prev", self.prev,
                                     lambda: self.steps.current - 1), ("step_next", self.next,
                                     lambda: self.steps.current + 1), ("step_last", self.last,
                                     lambda: len(self.steps.rows) - 1)):
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, t=target: self.go_to(t()))
            row.addWidget(button)
        row.addStretch(1)
        self.position = QLabel()
        row.addWidget(self.position)
        layout.addLayout(row)
        return box

    # -- walking -----------------------------------------------------------------------------------
    def _document_changed(self) -> None:
        document = self.model.document
        if document is not self._filled_for:  # a new document says reset, then changed: fill the lists once
            self._filled_for = document
            self.persona.set_document(document)
            self.script.set_document(document)
        self.schedule()

    def schedule(self) -> None:
        scripted = self.persona.scripted.isChecked()
        self.script_view.setEnabled(scripted)
        self.clear_script.setEnabled(scripted)
        self.persona.sales.setEnabled(scripted)
        self.timer.start()

    def _walk_if_showing(self) -> None:
        # A walk costs the GUI thread up to ~0.1 s: a panel nobody sees walks when it comes back on screen.
        if self.showing():
            self.walk()
        else:
            self._stale = True

    def walk(self) -> LeadPath | None:
        self.timer.stop()
        self._stale = False
        document = self.model.document
        persona = self.persona.persona()
        name = self.persona.scenario.currentData()
        index = next((k for k, s in enumerate(document.scenarios) if s.name == name), None)
        if persona is None or index is None:
            self._show(None, "Add an entry node and a scenario to test a lead.")
            return None
        script = None
        if self.persona.scripted.isChecked():
            script = Script(emails=dict(self.script.script), sales=self.persona.sales.currentData())
        try:
            path = walk_lead(document, document.scenarios[index], persona, script, seed=self.persona.seed.value())
        except (LeadPathError, ValueError, KeyError) as exc:
            self._show(None, f"Cannot walk this lead: {exc}")
            return None
        except Exception as exc:  # noqa: BLE001 - a sequence the engine refuses must not crash the panel
            self._show(None, f"The engine cannot walk this sequence: {exc}")
            return None
        self._show(path, self._summary(path))
        return path

    def _summary(self, path: LeadPath) -> str:
        start = self.persona.start_date()
        parts = [f"<b>{path.end[:1].upper()}{path.end[1:]}</b>"]
        if path.mql_day is not None:
            parts.append(f"MQL {when(path.mql_day, start)}")
        if path.sql_day is not None:
            parts.append(f"SQL {when(path.sql_day, start)}")
        for sales in path.sales:
            if sales.breached:
                parts.append("<span style='color:#c0392b'>SLA breached</span>")
        stalls = sum(s.stalled for s in path.steps)
        if stalls:
            parts.append(f"<span style='color:#c0392b'>stalled at {stalls} step{'s' * (stalls != 1)}</span>")
        return " · ".join(parts)

    def _show(self, path: LeadPath | None, summary: str) -> None:
        keep = self.steps.current
        # At the end of the old path (where a new walk starts) the end of the new one is the place to be.
        at_end = keep < 0 or keep == len(self.steps.rows) - 1
        self.path = path
        self.steps.set_path(path, self.persona.start_date())
        self.summary.setText(summary)
        rows = len(self.steps.rows)
        self.go_to(rows - 1 if at_end or keep >= rows else keep)

    def go_to(self, row: int) -> None:
        rows = self.steps.rows
        if not rows:
            self.steps.set_current(-1)
            self.position.setText("")
            if self.highlight is not None:
                self.highlight.clear()
            self._buttons()
            return
        row = max(0, min(row, len(rows) - 1))
        self.steps.set_current(row)
        if self.table.currentIndex().row() != row:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
        self.table.scrollTo(self.steps.index(row, 0))
        self.position.setText(f"Step {row + 1} of {len(rows)}")
        current = rows[row].node
        if self.highlight is not None and self.showing():
            self.highlight.show([r.node for r in rows[:row + 1]], current)
        elif self.highlight is not None:
            self.highlight.clear()
        if self.view is not None and self.showing():
            item = getattr(self.view.scene(), "node_items", {}).get(current)
            if item is not None:
                self.view.centerOn(item.sceneBoundingRect().center())
        self._buttons()
        self.stepChanged.emit(current)

    def _buttons(self) -> None:
        row, count = self.steps.current, len(self.steps.rows)
        self.first.setEnabled(row > 0)
        self.prev.setEnabled(row > 0)
        self.next.setEnabled(0 <= row < count - 1)
        self.last.setEnabled(0 <= row < count - 1)

    def showing(self) -> bool:
        """On screen: visible and, inside a tabbed dock, the current tab (a tab behind others is not)."""
        return self.isVisible() and self._on_screen is not False

    def set_on_screen(self, on_screen: bool) -> None:
        """Follows the dock's visibilityChanged, which Qt emits when a tab comes to the front or goes back."""
        self._on_screen = on_screen
        if on_screen and self._stale:
            self.timer.start()
        if on_screen:
            self.go_to(self.steps.current)
        elif self.highlight is not None:
            self.highlight.clear()

    def hideEvent(self, event) -> None:
        if self.highlight is not None:
            self.highlight.clear()
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized and self.width() > 600:
            # Size hints would give the persona form most of the room: the path needs it more, but the
            # persona's choices must still read in full.
            self._sized = True
            width = self.splitter.width()
            persona = min(max(self.persona.sizeHint().width() + 40, int(width * 0.2)), int(width * 0.3))
            script = int(width * 0.22)
            self.splitter.setSizes([persona, script, width - persona - script])
        if self._stale:
            self.timer.start()
        self.go_to(self.steps.current)

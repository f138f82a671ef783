"""The scenario panel: pick, add, rename, duplicate and delete scenarios and edit one, with a live preview."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sequences.scenario import Scenario

from ..commands.scenario_commands import (
    EditScenarioCommand,
    add_scenario_command,
    delete_problem,
    delete_scenario_command,
    duplicate_scenario_command,
    rename_problem,
    rename_scenario_command,
)
from ..document import DocumentModel
from ..on_screen import RefreshWhenSeen
from .behaviour_table import BehaviourEditor
from .economics import EconomicsEditor
from .field_forms import FieldForms
from .mix_editor import MixEditor
from .preview import PreviewStrip
from .sales_editors import QueuesTable, ResponseCurveEditor
from .thresholds import ThresholdsEditor


def _problem(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"] if not str(p).startswith("function"))
    message = first["msg"].removeprefix("Value error, ")
    return f"{where.replace('_', ' ')}: {message}" if where else message


def _same(objects: tuple, before: tuple | None) -> bool:
    """Frozen models are replaced, never changed: identity says whether a part is still the one shown."""
    if before is None or len(objects) != len(before):
        return False
    return all(a is b or (isinstance(a, int | float | str) and a == b) for a, b in zip(objects, before, strict=True))


class ScenarioPanel(RefreshWhenSeen, QWidget):
    """Every edit is an undoable command on the document; the panel only ever shows the document."""

    currentChanged = Signal(int)

    def __init__(self, model: DocumentModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scenario_panel")
        self.model = model
        self.index = 0
        self._shown: dict[str, tuple] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(6)
        outer.addLayout(self._build_header())
        self.error = QLabel()
        self.error.setObjectName("scenario_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d93a3a; padding: 2px 4px;")
        self.error.hide()
        outer.addWidget(self.error)
        self.preview = PreviewStrip()
        outer.addWidget(self.preview)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("scenario_tabs")
        self.tabs.setDocumentMode(True)
        self.thresholds = ThresholdsEditor()
        self.thresholds.edited.connect(lambda value, key: self.edit({"thresholds": value}, "thresholds", key))
        self.tabs.addTab(self.thresholds, "Thresholds")
        self.behaviour = BehaviourEditor()
        self.behaviour.edited.connect(lambda value, key: self.edit({"behaviour": value}, "behaviour", key))
        self.behaviour.problem.connect(self.show_error)
        self.mix = MixEditor()
        self.mix.edited.connect(lambda value, key: self.edit({"mix": value}, "mix", key))
        self.mix.problem.connect(self.show_error)
        self.curve = ResponseCurveEditor()
        self.curve.edited.connect(self._curve_edited)
        self.curve.problem.connect(self.show_error)
        self.queues = QueuesTable()
        self.queues.edited.connect(lambda update, key: self.edit(update, "sales queues", key))
        self.queues.problem.connect(self.show_error)
        self.economics = EconomicsEditor()
        self.economics.edited.connect(lambda value, key: self.edit({"economics": value}, "economics", key))
        self.economics.problem.connect(self.show_error)
        self.fields = FieldForms(self)
        self.fields.edited.connect(self.edit)
        self.empty = QLabel("This document has no scenarios yet. Add one to forecast it.")
        self.empty.setWordWrap(True)
        outer.addWidget(self.tabs, 1)
        outer.addWidget(self.empty)
        model.reset.connect(self._reset)
        model.propertiesChanged.connect(self.refresh)
        model.readOnlyChanged.connect(lambda _ro: self.refresh())
        self.fields.build(self.tabs, model.document, self._extra_tabs())
        self.refresh()

    def _extra_tabs(self) -> tuple:
        return ((self.mix, "Mix"), (self.behaviour, "Behaviour"), (self.queues, "Queues"),
                (self.curve, "Speed to lead"), (self.economics, "Economics"))

    def _curve_edited(self, rows: list, key: str) -> None:
        scenario = self.current()
        if scenario is not None:
            self.edit({"acceptance": {**scenario.acceptance.model_dump(), "by_response_time": rows}},
                      "speed to lead", key)

    def _build_header(self) -> QVBoxLayout:
        self.combo = QComboBox()
        self.combo.setObjectName("scenario_combo")
        self.combo.setMinimumContentsLength(10)
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.currentIndexChanged.connect(self._picked)
        self.buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        row.addWidget(QLabel("Scenario"))
        row.addWidget(self.combo, 1)
        for key, text, tip, slot in (("add", "Add", "Add a scenario", self.add_scenario),
                                     ("duplicate", "Duplicate", "Copy this scenario", self.duplicate_scenario),
                                     ("delete", "Delete", "Delete this scenario", self.delete_scenario)):
            button = QToolButton()
            button.setObjectName(f"scenario_{key}")
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("scenario_name")
        self.name_edit.setPlaceholderText("Scenario name")
        self.name_edit.setToolTip("Type a new name and press Enter to rename the scenario")
        self.name_edit.editingFinished.connect(self._rename_from_field)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel("Name"))
        name_row.addWidget(self.name_edit, 1)
        box = QVBoxLayout()
        box.addLayout(row)
        box.addLayout(name_row)
        return box

    # -- which scenario ----------------------------------------------------------------------------
    def scenarios(self) -> tuple[Scenario, ...]:
        return self.model.document.scenarios

    def current(self) -> Scenario | None:
        scenarios = self.scenarios()
        return scenarios[self.index] if 0 <= self.index < len(scenarios) else None

    def select(self, index: int) -> None:
        self.index = max(0, min(index, len(self.scenarios()) - 1))
        self.refresh()

    def _picked(self, index: int) -> None:
        if index >= 0 and index != self.index:
            self.index = index
            self.error.hide()
            self.refresh()

    def _reset(self) -> None:
        self.index = 0
        self._shown = {}
        self.refresh()

    # -- document -> widgets -----------------------------------------------------------------------
    def refresh(self) -> None:
        if self.skip_refresh():
            return
        document = self.model.document
        scenarios = document.scenarios
        self.index = max(0, min(self.index, len(scenarios) - 1))
        names = [s.name for s in scenarios]
        self.combo.blockSignals(True)
        if [self.combo.itemText(i) for i in range(self.combo.count())] != names:
            self.combo.clear()
            self.combo.addItems(names)
        self.combo.setCurrentIndex(self.index if scenarios else -1)
        self.combo.blockSignals(False)
        scenario = self.current()
        has = scenario is not None
        editable = not self.model.read_only
        self.tabs.setVisible(has)
        self.empty.setVisible(not has)
        self.tabs.setEnabled(editable)
        self.name_edit.setEnabled(has and editable)
        self.buttons["add"].setEnabled(editable)
        for key in ("duplicate", "delete"):
            self.buttons[key].setEnabled(has and editable)
        self.preview.follow(document, scenario)
        if not has:
            self.name_edit.clear()
            self._shown = {}
            return
        if not self.name_edit.isModified():
            self.name_edit.setText(scenario.name)
        if self.fields.stale_vocabulary(document):
            self._rebuild_forms()
        # Only the editors whose part of the scenario changed are refreshed: a slider drag stays smooth.
        parts = {"thresholds": (scenario.thresholds, document.scoring), "behaviour": (scenario.behaviour,
                 document.audience), "mix": (scenario.mix, document.audience)}
        parts |= self.fields.parts(scenario)
        parts["sales_tables"] = (scenario.sales, scenario.sla, scenario.acceptance.by_response_time)
        parts["economics"] = (scenario.economics,)
        stale = {key for key, objects in parts.items() if not _same(objects, self._shown.get(key))}
        self._shown = parts
        if "thresholds" in stale:
            self.thresholds.set_scenario(scenario.thresholds, scenario.effective_scoring(document.scoring),
                                         document.scoring)
        audience = document.audience
        if "behaviour" in stale:
            self.behaviour.set_behaviour(scenario.behaviour, list(audience.roles), list(audience.topics))
        if "mix" in stale:
            self.mix.set_mix(scenario.mix, audience.attribute_values())
        if "sales_tables" in stale:
            self.queues.set_sales(scenario.sales, scenario.sla.model_dump())
            self.curve.set_rows([b.model_dump() for b in scenario.acceptance.by_response_time])
        if "economics" in stale:
            self.economics.set_economics(scenario.economics)
        self.fields.show(scenario, stale)
        self.currentChanged.emit(self.index)

    def _rebuild_forms(self) -> None:
        """The audience or the entries changed: id suggestions in the forms must follow."""
        current = self.tabs.currentIndex()
        while self.tabs.count():
            self.tabs.removeTab(0)
        self.tabs.addTab(self.thresholds, "Thresholds")
        self.fields.build(self.tabs, self.model.document, self._extra_tabs())
        self.tabs.setCurrentIndex(current)
        self._shown = {}

    # -- widgets -> commands -----------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def edit(self, update: dict[str, Any], label: str, merge_key: str = "") -> bool:
        """Apply ``update`` to the current scenario as one command; False (with a message) if invalid."""
        scenario = self.current()
        if scenario is None or self.model.read_only:
            return False
        data = {name: getattr(scenario, name) for name in Scenario.model_fields} | update
        try:
            new = Scenario.model_validate(data)
        except ValidationError as exc:
            self.show_error(_problem(exc))
            return False
        self.error.hide()
        if new == scenario:
            return True
        key = f"{self.index}:{scenario.name}:{merge_key}" if merge_key else None
        self.model.undo_stack.push(EditScenarioCommand(
            self.model, self.index, new, f"Edit {label.replace('_', ' ')} of '{scenario.name}'", merge_key=key))
        return True

    def add_scenario(self) -> None:
        self.model.undo_stack.push(add_scenario_command(self.model))
        self.select(len(self.scenarios()) - 1)

    def duplicate_scenario(self) -> None:
        if self.current() is not None:
            self.model.undo_stack.push(duplicate_scenario_command(self.model, self.index))
            self.select(self.index + 1)

    def delete_scenario(self) -> None:
        if self.current() is None:
            return
        problem = delete_problem(self.model, self.index)
        if problem:
            self.show_error(problem)
            return
        self.error.hide()
        self.model.undo_stack.push(delete_scenario_command(self.model, self.index))

    def rename(self, name: str) -> bool:
        if self.current() is None or self.model.read_only:
            return False
        problem = rename_problem(self.model, self.index, name)
        if problem:
            self.show_error(problem)
            return False
        self.error.hide()
        command = rename_scenario_command(self.model, self.index, name)
        if command is not None:
            self.model.undo_stack.push(command)
        return True

    def _rename_from_field(self) -> None:
        self.name_edit.setModified(False)
        scenario = self.current()
        if scenario is not None and self.name_edit.text().strip() != scenario.name:
            if not self.rename(self.name_edit.text()):
                return
        if scenario is not None:
            self.name_edit.setText(self.current().name)

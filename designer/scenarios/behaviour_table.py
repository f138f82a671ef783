"""The behaviour table: the default rates and the role × topic overrides, as a QTableView over the model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sequences.audience import ROLE_LABELS
from sequences.scenario import Behaviour, Rates, RatesOverride

from .timing_form import TimingForm

RATES: tuple[tuple[str, str], ...] = (("open", "Open"), ("click_given_open", "Click"),
                                      ("hand_raise", "Hand-raise"), ("unsubscribe", "Unsub."))
ANY = "any"
HEADERS = ("Role", "Topic") + tuple(label for _, label in RATES)


def parse_rate(text: str) -> float | None:
    """``35%``, ``0.35`` or ``35`` -> 0.35; empty -> None (inherit). Raises ValueError on anything else."""
    text = text.strip().rstrip("%").strip()
    if not text:
        return None
    value = float(text)
    return value / 100.0 if value > 1 else value


class BehaviourModel(QAbstractTableModel):
    """Row 0 is the default; rows 1.. the overrides. ``changed(behaviour)`` carries each edit."""

    changed = Signal(object)
    problem = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.behaviour = Behaviour()
        self.vocab: dict[str, list[str]] = {"role": [], "topic": []}

    def set_behaviour(self, behaviour: Behaviour, roles: list[str], topics: list[str]) -> None:
        self.beginResetModel()
        self.behaviour = behaviour
        self.vocab = {"role": roles, "topic": topics}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(self.behaviour.overrides)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole:
            return HEADERS[section] if orientation == Qt.Horizontal else str(section)
        if role == Qt.ToolTipRole and orientation == Qt.Horizontal and section >= 2:
            return ("Open: per email delivered. Click, hand-raise and unsubscribe: given that the email was"
                    " opened. An empty cell inherits from a less specific rule.")
        return None

    def flags(self, index: QModelIndex):
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if index.row() == 0 and index.column() < 2:
            return base
        return base | Qt.ItemIsEditable

    def _effective(self, row: int) -> Rates:
        if row == 0:
            return self.behaviour.default
        o = self.behaviour.overrides[row - 1]
        return self.behaviour.rates(o.role, o.topic)

    def data(self, index: QModelIndex, role=Qt.DisplayRole) -> Any:
        row, col = index.row(), index.column()
        item = self.behaviour.default if row == 0 else self.behaviour.overrides[row - 1]
        if col < 2:
            value = None if row == 0 else getattr(item, ("role", "topic")[col])
            if role in (Qt.DisplayRole, Qt.EditRole):
                if row == 0:
                    return "Default" if col == 0 else "all"
                if role == Qt.DisplayRole and col == 0 and value:
                    return ROLE_LABELS.get(value, value.replace("_", " "))  # as Test a Lead names them
                return value or ANY
            if role == Qt.ForegroundRole and value is None:
                return QColor("#888888")
            return None
        name = RATES[col - 2][0]
        own = getattr(item, name)
        if role == Qt.DisplayRole:
            shown = own if own is not None else getattr(self._effective(row), name)
            return f"{shown:.1%}"
        if role == Qt.EditRole:
            return "" if own is None else f"{own:.4g}"
        if role == Qt.ForegroundRole and own is None:
            return QColor("#888888")
        if role == Qt.ToolTipRole and own is None:
            return "Inherited from a less specific rule; type a rate to override it"
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def setData(self, index: QModelIndex, value: Any, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole:
            return False
        row, col = index.row(), index.column()
        try:
            if col < 2:
                text = str(value).strip()
                new_value: Any = None if text in ("", ANY) else text
            else:
                new_value = parse_rate(str(value))
                if new_value is None and row == 0:
                    raise ValueError("the default row needs every rate")
                if new_value is not None and not 0 <= new_value <= 1:
                    raise ValueError("a rate is between 0 and 1 (or 0% and 100%)")
        except ValueError as exc:
            self.problem.emit(f"Behaviour: {exc}" if "rate" in str(exc) else "Behaviour: type a rate such as 35%")
            return False
        name = ("role", "topic")[col] if col < 2 else RATES[col - 2][0]
        if row == 0:
            new = self.behaviour.model_copy(update={"default": self.behaviour.default.model_copy(
                update={name: new_value})})
        else:
            overrides = list(self.behaviour.overrides)
            overrides[row - 1] = overrides[row - 1].model_copy(update={name: new_value})
            new = self.behaviour.model_copy(update={"overrides": tuple(overrides)})
        if new != self.behaviour:
            self.changed.emit(new)
        return True

    def with_override_added(self) -> Behaviour:
        roles = self.vocab["role"]
        used = {(o.role, o.topic) for o in self.behaviour.overrides}
        role = next((r for r in roles if (r, None) not in used), None)
        return self.behaviour.model_copy(update={
            "overrides": self.behaviour.overrides + (RatesOverride(role=role),)})

    def without(self, row: int) -> Behaviour:
        overrides = list(self.behaviour.overrides)
        del overrides[row - 1]
        return self.behaviour.model_copy(update={"overrides": tuple(overrides)})


class _ChoiceDelegate(QStyledItemDelegate):
    """Role and topic cells pick from the audience's words (or ``any``)."""

    def __init__(self, model: BehaviourModel, parent=None):
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent, option, index):
        if index.column() >= 2:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItems([ANY] + self.model.vocab["role" if index.column() == 0 else "topic"])
        return combo

    def setEditorData(self, editor, index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.EditRole)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.EditRole)
        else:
            super().setModelData(editor, model, index)


class BehaviourEditor(QWidget):
    """The table with Add and Remove; emits ``edited(behaviour, merge_key)``."""

    edited = Signal(object, str)
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = BehaviourModel(self)
        self.model.changed.connect(lambda b: self.edited.emit(b, ""))
        self.model.problem.connect(self.problem)
        self.table = QTableView()
        self.table.setObjectName("behaviour_table")
        self.table.setModel(self.model)
        self.table.setItemDelegate(_ChoiceDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.add = QPushButton("Add override")
        self.add.setObjectName("add_override")
        self.add.clicked.connect(lambda: self.edited.emit(self.model.with_override_added(), ""))
        self.remove = QPushButton("Remove override")
        self.remove.setObjectName("remove_override")
        self.remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        self.timing = TimingForm()
        self.timing.edited.connect(self._timing_edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        # Scrolled, so the form never makes the window taller than a small screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(self.timing)
        layout.addWidget(scroll, 1)

    def set_behaviour(self, behaviour: Behaviour, roles: list[str], topics: list[str]) -> None:
        if behaviour is self.model.behaviour and roles == self.model.vocab["role"]:
            return
        self.timing.set_value(behaviour)
        row = self.table.currentIndex().row()
        self.model.set_behaviour(behaviour, roles, topics)
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)

    def _timing_edited(self, fields: dict, name: str) -> None:
        # The whole behaviour as plain data: the scenario's validation reports a bad lag where it is.
        self.edited.emit(self.model.behaviour.model_dump() | fields, f"timing.{name}")

    def _remove(self) -> None:
        row = self.table.currentIndex().row()
        if row >= 1:
            self.edited.emit(self.model.without(row), "")

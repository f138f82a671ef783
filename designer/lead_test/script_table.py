"""Scripted behaviour: what the test lead does with each email (open, click, hand-raise, unsubscribe)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from sequences import Document
from simulation.lead_path import EmailScript

ACTS: tuple[tuple[str, str], ...] = (("open", "Open"), ("click", "Click"), ("hand_raise", "Raise"),
                                     ("unsubscribe", "Unsub"))
TIPS = {"open": "Opens the email", "click": "Clicks in it", "hand_raise": "Raises a hand (demo, needs form, reply)",
        "unsubscribe": "Unsubscribes"}


class ScriptModel(QAbstractTableModel):
    """One row per email of the document; a check per response. Clicking or responding implies opening,
    and a closed email has no other response, as in the engine."""

    scriptChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.emails: list[tuple[str, str]] = []
        self.script: dict[str, EmailScript] = {}

    def set_document(self, document: Document) -> None:
        emails = [(n.id, n.label()) for n in document.sequence.nodes if n.kind == "email"]
        if emails == self.emails:
            return
        self.beginResetModel()
        self.emails = emails
        self.script = {k: v for k, v in self.script.items() if k in {e for e, _ in emails}}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.emails)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(ACTS)

    def headerData(self, section: int, orientation, role=Qt.DisplayRole) -> Any:
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return "Email" if section == 0 else ACTS[section - 1][1]
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section > 0:
            return TIPS[ACTS[section - 1][0]]
        return None

    def flags(self, index: QModelIndex):
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        return base if index.column() == 0 else base | Qt.ItemIsUserCheckable

    def data(self, index: QModelIndex, role=Qt.DisplayRole) -> Any:
        node_id, label = self.emails[index.row()]
        if index.column() == 0:
            if role == Qt.DisplayRole:
                return label
            if role == Qt.ToolTipRole:
                return f"{label} ({node_id})"
            return None
        if role == Qt.CheckStateRole:
            act = self.script.get(node_id, EmailScript())
            return Qt.Checked if getattr(act, ACTS[index.column() - 1][0]) else Qt.Unchecked
        return None

    def setData(self, index: QModelIndex, value: Any, role=Qt.EditRole) -> bool:
        if role != Qt.CheckStateRole or index.column() == 0:
            return False
        on = value in (Qt.Checked, Qt.Checked.value, 2, True)
        node_id = self.emails[index.row()][0]
        self.set_act(node_id, ACTS[index.column() - 1][0], on)
        return True

    def set_act(self, node_id: str, act: str, on: bool) -> None:
        current = self.script.get(node_id, EmailScript())
        values = {name: getattr(current, name) for name, _ in ACTS} | {act: on}
        if act != "open" and on:
            values["open"] = True
        if act == "open" and not on:
            values = dict.fromkeys(values, False)
        if act == "hand_raise" and on:
            values["unsubscribe"] = False
        if act == "unsubscribe" and on:
            values["hand_raise"] = False
        self.script[node_id] = EmailScript(**values)
        row = next(i for i, (e, _) in enumerate(self.emails) if e == node_id)
        self.dataChanged.emit(self.index(row, 1), self.index(row, len(ACTS)), [Qt.CheckStateRole])
        self.scriptChanged.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self.script = {}
        self.endResetModel()
        self.scriptChanged.emit()

"""The cohort's mix: the share of each role, segment value and source, one attribute at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .behaviour_table import parse_rate

NOT_SET = {
    "role": "Not set: every role equally likely.",
    "source": "Not set: each lead's source follows its entry (download, webinar, form, demo).",
}


class MixEditor(QWidget):
    """Emits ``edited(mix, merge_key)`` with the whole new mix (shares are relative; the engine normalises)."""

    edited = Signal(object, str)
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mix: dict[str, dict[str, float]] = {}
        self.values: dict[str, tuple[str, ...]] = {}
        self._filling = False
        self.attribute = QComboBox()
        self.attribute.setObjectName("mix_attribute")
        self.attribute.currentTextChanged.connect(self._fill)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("mix_table")
        self.table.setHorizontalHeaderLabels(["Value", "Share"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.itemChanged.connect(self._item_changed)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #6b7280;")
        self.clear = QPushButton("Clear this mix")
        self.clear.setObjectName("clear_mix")
        self.clear.clicked.connect(self._clear)
        top = QHBoxLayout()
        top.addWidget(QLabel("Attribute"))
        top.addWidget(self.attribute, 1)
        top.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def set_mix(self, mix: dict[str, dict[str, float]], values: dict[str, tuple[str, ...]]) -> None:
        self.mix, self.values = {k: dict(v) for k, v in mix.items()}, values
        names = [n for n in values if n != "offer"] + [n for n in mix if n not in values]
        current = self.attribute.currentText()
        if [self.attribute.itemText(i) for i in range(self.attribute.count())] != names:
            self.attribute.blockSignals(True)
            self.attribute.clear()
            self.attribute.addItems(names)
            self.attribute.setCurrentText(current if current in names else names[0] if names else "")
            self.attribute.blockSignals(False)
        self._fill(self.attribute.currentText())

    def _fill(self, attribute: str) -> None:
        weights = self.mix.get(attribute, {})
        values = list(self.values.get(attribute, ())) + [v for v in weights if v not in self.values.get(attribute, ())]
        self._filling = True
        self.table.setRowCount(len(values))
        for r, value in enumerate(values):
            name = QTableWidgetItem(value.replace("_", " "))
            name.setData(Qt.UserRole, value)
            name.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            share = QTableWidgetItem("" if value not in weights else f"{weights[value]:.0%}")
            share.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, share)
        self._filling = False
        total = sum(weights.values())
        if not weights:
            self.status.setText(NOT_SET.get(attribute, "Not set: this attribute is unknown for every lead."))
        elif abs(total - 1.0) > 1e-6:
            self.status.setText(f"Shares add up to {total:.0%}; they are used relative to each other.")
        else:
            self.status.setText("Shares add up to 100%.")
        self.clear.setEnabled(bool(weights))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 1:
            return
        attribute = self.attribute.currentText()
        value = self.table.item(item.row(), 0).data(Qt.UserRole)
        try:
            share = parse_rate(item.text())
        except ValueError:
            self.problem.emit(f"Mix: '{item.text()}' is not a share; type one such as 30%")
            self._fill(attribute)
            return
        weights = dict(self.mix.get(attribute, {}))
        if share is None or share == 0:
            weights.pop(value, None)
        else:
            weights[value] = share
        mix = dict(self.mix)
        if weights:
            mix[attribute] = weights
        else:
            mix.pop(attribute, None)
        self.edited.emit(mix, f"mix.{attribute}.{value}")

    def _clear(self) -> None:
        mix = {k: v for k, v in self.mix.items() if k != self.attribute.currentText()}
        self.edited.emit(mix, "")

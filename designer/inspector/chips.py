"""A list of words edited as chips: each value a removable chip, a field with suggestions to add one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from .editors import FieldEditor


class _Flow(QWidget):
    """Chips in rows that wrap to the width of the inspector."""

    def __init__(self) -> None:
        super().__init__()
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(3)

    def set_chips(self, chips: list[QToolButton], per_row: int = 3) -> None:
        while self.rows.count():
            row = self.rows.takeAt(0)
            if row.layout() is not None:
                while row.layout().count():
                    row.layout().takeAt(0)
                row.layout().deleteLater()
        for start in range(0, len(chips), per_row):
            row = QHBoxLayout()
            row.setSpacing(4)
            for chip in chips[start:start + per_row]:
                row.addWidget(chip)
            row.addStretch(1)
            self.rows.addLayout(row)


class ChipListEditor(FieldEditor):
    """A tuple of words. Enter adds what is typed (a suggestion or a new word); a chip's × removes it."""

    def __init__(self, suggestions: list[str] | None = None) -> None:
        super().__init__()
        self._values: list[str] = []
        self._chips: list[QToolButton] = []
        self.flow = _Flow()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("add…" + (" (suggestions as you type)" if suggestions else ""))
        self.completer = QCompleter(sorted(suggestions or []), self.edit)
        self.completer.setCaseSensitivity(Qt.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchContains)
        self.edit.setCompleter(self.completer)
        self.edit.returnPressed.connect(self._add_typed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.flow)
        layout.addWidget(self.edit)

    def value(self) -> Any:
        return list(self._values)

    def set_value(self, value: Any) -> None:
        values = [str(v) for v in value or ()]
        if values != self._values:
            self._values = values
            self._rebuild()

    def add(self, word: str) -> None:
        word = word.strip()
        if word and word not in self._values:
            self._values.append(word)
            self._rebuild()
            self._emit()

    def remove(self, word: str) -> None:
        if word in self._values:
            self._values.remove(word)
            self._rebuild()
            self._emit()

    def chip_texts(self) -> list[str]:
        return [chip.property("word") for chip in self._chips]

    def _add_typed(self) -> None:
        for word in self.edit.text().split(","):  # a pasted "a, b" still becomes two chips
            self.add(word)
        self.edit.clear()

    def _rebuild(self) -> None:
        for chip in self._chips:
            chip.deleteLater()
        self._chips = []
        for word in self._values:
            chip = QToolButton()
            chip.setText(f"{word}  ×")
            chip.setProperty("word", word)
            chip.setObjectName("chip")
            chip.setToolTip(f"Remove “{word}”")
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _=False, w=word: self.remove(w))
            self._chips.append(chip)
        self.flow.set_chips(self._chips)

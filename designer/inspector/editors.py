"""Single-value property editors; each emits ``edited`` only for user changes, never from ``set_value``."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

NONE_TEXT = "—"


class FieldEditor(QWidget):
    edited = Signal(str)  # path of the changed field, relative to this editor ("" for itself)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def _emit(self, *_: Any) -> None:
        self.edited.emit("")


def _row(parent: QWidget, widget: QWidget) -> None:
    layout = QHBoxLayout(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)


class TextEditor(FieldEditor):
    def __init__(self, multiline: bool = False, optional: bool = False):
        super().__init__()
        self.optional = optional
        self.edit = QPlainTextEdit() if multiline else QLineEdit()
        if multiline:
            # Whole lines (five), so the last one is never cut in half.
            edit = self.edit
            margins = 2 * (edit.frameWidth() + int(edit.document().documentMargin())) + 2
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 5 + margins)
            self.edit.textChanged.connect(self._multi_changed)
        else:
            self.edit.textEdited.connect(self._emit)
        self._setting = False
        _row(self, self.edit)

    def _multi_changed(self) -> None:
        if not self._setting:
            self._emit()

    def value(self) -> Any:
        text = self.edit.toPlainText() if isinstance(self.edit, QPlainTextEdit) else self.edit.text()
        return None if self.optional and not text.strip() else text

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if isinstance(self.edit, QPlainTextEdit):
            if self.edit.toPlainText() != text:
                self._setting = True
                self.edit.setPlainText(text)
                self._setting = False
        elif self.edit.text() != text:
            self.edit.setText(text)
            self.edit.setCursorPosition(0)  # show the start of a long subject, not its end


class ChoiceEditor(FieldEditor):
    """Fixed choices (a Literal, shown in words), or suggestions the user may type past (ids: topics,
    roles, offers)."""

    def __init__(self, choices: list[str], editable: bool = False, optional: bool = False,
                 labels: dict[str, str] | None = None):
        super().__init__()
        self.optional = optional
        self.combo = QComboBox()
        self.combo.setEditable(editable)
        self.combo.setMinimumContentsLength(8)
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        if optional:
            self.combo.addItem(NONE_TEXT, None)
        for choice in choices:
            shown = choice if editable else (labels or {}).get(choice, choice.replace("_", " "))
            self.combo.addItem(shown, choice)
        self.combo.activated.connect(self._emit)
        if editable:
            self.combo.lineEdit().textEdited.connect(self._emit)
        _row(self, self.combo)

    def value(self) -> Any:
        if not self.combo.isEditable():
            return self.combo.currentData()
        text = self.combo.currentText().strip()
        if self.optional and text in ("", NONE_TEXT):
            return None
        return text

    def set_value(self, value: Any) -> None:
        if self.value() == value and (value is not None or self.optional):
            return
        self.combo.blockSignals(True)
        index = self.combo.findData(value)
        if self.combo.isEditable() and (index < 0 or value is None):
            self.combo.setEditText(NONE_TEXT if value is None and self.optional else str(value or ""))
        else:
            self.combo.setCurrentIndex(max(0, index))
        self.combo.blockSignals(False)


class _DecimalSpin(QDoubleSpinBox):
    """Shows 20 rather than 20.000, and 0.35 as typed."""

    def textFromValue(self, value: float) -> str:
        return f"{value:.{self.decimals()}f}".rstrip("0").rstrip(".")


class NumberEditor(FieldEditor):
    def __init__(self, integer: bool = False, low: float | None = None, high: float | None = None,
                 optional: bool = False):
        super().__init__()
        self.integer, self.optional = integer, optional
        self.spin = QSpinBox() if integer else _DecimalSpin()
        if not integer:
            self.spin.setDecimals(3)
        bound = 2**31 - 1 if integer else 1e12
        self.spin.setRange(int(low) if integer and low is not None else (low if low is not None else -bound),
                           int(high) if integer and high is not None else (high if high is not None else bound))
        self.spin.setKeyboardTracking(True)
        self.spin.valueChanged.connect(self._changed)
        self.check: QCheckBox | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if optional:
            self.check = QCheckBox()
            self.check.setToolTip("Set a value (unchecked: none)")
            self.check.toggled.connect(self._toggled)
            layout.addWidget(self.check)
        layout.addWidget(self.spin, 1)

    def _changed(self, *_: Any) -> None:
        self._emit()

    def _toggled(self, on: bool) -> None:
        self.spin.setEnabled(on)
        self._emit()

    def value(self) -> Any:
        if self.check is not None and not self.check.isChecked():
            return None
        value = self.spin.value()
        return int(value) if self.integer else float(value)

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        self.spin.blockSignals(True)
        if self.check is not None:
            self.check.blockSignals(True)
            self.check.setChecked(value is not None)
            self.spin.setEnabled(value is not None)
            self.check.blockSignals(False)
        if value is not None and (not math.isclose(self.spin.value(), float(value))):
            self.spin.setValue(value)
        self.spin.blockSignals(False)
        self.blockSignals(False)


class BoolEditor(FieldEditor):
    def __init__(self, text: str = ""):
        super().__init__()
        self.check = QCheckBox(text)
        self.check.toggled.connect(self._emit)
        _row(self, self.check)

    def value(self) -> Any:
        return self.check.isChecked()

    def set_value(self, value: Any) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(bool(value))
        self.check.blockSignals(False)

"""A form for any pydantic model (one row per field, via the factory) and a list editor for tuples of them."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from .editors import FieldEditor
from .factory import Vocabulary, editor_for
from .item_defaults import default_item, insert_index

LABELS = {"cta": "Call to action", "sla_hours": "SLA (hours)", "decay_half_life_days": "Decay half-life (days)",
          "mql": "MQL threshold", "sql": "SQL threshold", "fit_min": "Fit at least", "total": "Total at least",
          "require_hand_raise": "Require a hand-raise", "days": "Days", "op": "Test"}
ACRONYMS = {"sla": "SLA", "mql": "MQL", "sql": "SQL", "cta": "CTA", "crm": "CRM", "id": "ID", "ids": "IDs"}


def humanise(name: str) -> str:
    """``click_given_open`` -> "Click given open"; ``EmailVariant`` -> "Email variant"."""
    if name in LABELS:
        return LABELS[name]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.rstrip("_")).replace("_", " ").lower()
    words = " ".join(ACRONYMS.get(word, word) for word in words.split())
    return words[:1].upper() + words[1:]


class ModelForm(FieldEditor):
    """Rows for ``cls``'s fields except ``skip``; ``value()`` is a dict ready for ``cls.model_validate``."""

    def __init__(self, cls: type, vocab: Vocabulary, skip: tuple[str, ...] = ("kind",), nested: bool = False):
        super().__init__()
        self.cls = cls
        self.editors: dict[str, FieldEditor] = {}
        self.hidden: dict[str, Any] = {}
        self.skip = skip
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 4 if nested else 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
        layout.setRowWrapPolicy(QFormLayout.DontWrapRows)
        for name, info in cls.model_fields.items():
            if name in skip:
                continue
            editor = editor_for(name, info.annotation, info, vocab)
            editor.setObjectName(f"field_{name}")
            editor.edited.connect(lambda path, n=name: self.edited.emit(f"{n}.{path}" if path else n))
            label = humanise(name if name in LABELS else (info.alias or name))
            if info.description:
                editor.setToolTip(info.description)
            if isinstance(editor, ModelForm | ListEditor):
                box = QGroupBox(label)
                inner = QVBoxLayout(box)
                inner.setContentsMargins(8, 6, 8, 8)
                inner.addWidget(editor)
                layout.addRow(box)
            else:
                layout.addRow(label, editor)
            self.editors[name] = editor

    def value(self) -> dict[str, Any]:
        data = dict(self.hidden)
        data.update({name: editor.value() for name, editor in self.editors.items()})
        return data

    def set_value(self, value: Any) -> None:
        for name in self.skip:
            if hasattr(value, name):
                self.hidden[name] = getattr(value, name)
        for name, editor in self.editors.items():
            editor.set_value(getattr(value, name) if not isinstance(value, dict) else value.get(name))


class ListEditor(FieldEditor):
    """Items of a tuple of models, each in its own small form, with add, move and remove."""

    def __init__(self, cls: type, vocab: Vocabulary):
        super().__init__()
        self.cls, self.vocab = cls, vocab
        self.forms: list[ModelForm] = []
        self._values: list[Any] = []
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(6)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(6)
        self.box.addLayout(self.rows)
        self.add_button = QPushButton(f"Add {humanise(cls.__name__).lower()}")
        self.add_button.setObjectName("add_item")
        self.add_button.clicked.connect(self._add)
        self.box.addWidget(self.add_button, 0, Qt.AlignLeft)

    def _rebuild(self, values: list[Any]) -> None:
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.forms = []
        for i, value in enumerate(values):
            frame = QFrame()
            frame.setFrameShape(QFrame.StyledPanel)
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(8, 4, 8, 6)
            header = QHBoxLayout()
            header.addWidget(QLabel(f"<b>{i + 1}.</b>"))
            header.addStretch(1)
            for text, tip, handler in (("▲", "Move up", self._up), ("▼", "Move down", self._down),
                                       ("✕", "Remove", self._remove)):
                button = QToolButton()
                button.setText(text)
                button.setToolTip(tip)
                button.setAutoRaise(True)
                button.clicked.connect(lambda _=False, h=handler, k=i: h(k))
                header.addWidget(button)
            inner.addLayout(header)
            form = ModelForm(self.cls, self.vocab, skip=())
            form.set_value(value)
            form.edited.connect(lambda path, k=i: self._item_edited(k, path))
            inner.addWidget(form)
            self.rows.addWidget(frame)
            self.forms.append(form)

    def _item_edited(self, index: int, path: str) -> None:
        self._values[index] = self.forms[index].value()
        self.edited.emit(f"{index}.{path}")

    def _change(self, values: list[Any]) -> None:
        self._values = values
        self._rebuild(values)
        self.edited.emit("")

    def _add(self) -> None:
        values = list(self._values)
        values.insert(insert_index(self.cls, values), default_item(self.cls, values, self.vocab))
        self._change(values)

    def _remove(self, index: int) -> None:
        self._change(self._values[:index] + self._values[index + 1:])

    def _up(self, index: int) -> None:
        if index > 0:
            values = list(self._values)
            values[index - 1], values[index] = values[index], values[index - 1]
            self._change(values)

    def _down(self, index: int) -> None:
        if index < len(self._values) - 1:
            self._up(index + 1)

    def value(self) -> list[Any]:
        return [form.value() for form in self.forms]

    def set_value(self, value: Any) -> None:
        values = list(value or ())
        if len(values) != len(self.forms):
            self._values = values
            self._rebuild(values)
            return
        self._values = values
        for form, item in zip(self.forms, values, strict=True):
            form.set_value(item)

"""Editors for values of more than one shape: a scalar-or-list value, and small mappings as YAML."""

from __future__ import annotations

import io
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .editors import FieldEditor, _row

MAX_TEXT = 20_000


def parse_scalar(text: str) -> Any:
    """``a, b`` -> a list; numbers, ``true``/``false`` and empty (None) as such; anything else a string."""
    text = text.strip()
    if not text:
        return None
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
        return [w.strip() for w in text.split(",") if w.strip()]
    if "," in text:
        return [w.strip() for w in text.split(",") if w.strip()]
    lowered = text.lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no"):
        return False
    try:
        return float(text)
    except ValueError:
        return text


def show_scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class ScalarEditor(FieldEditor):
    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("value, or a, b, c")
        self.edit.textEdited.connect(self._emit)
        _row(self, self.edit)

    def value(self) -> Any:
        return parse_scalar(self.edit.text())

    def set_value(self, value: Any) -> None:
        if parse_scalar(self.edit.text()) != parse_scalar(show_scalar(value)):
            self.edit.setText(show_scalar(value))


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    return yaml


class YamlEditor(FieldEditor):
    """Mappings (mixes, entry points, overrides) edited as a few lines of YAML. ``defaults``: write a model's
    fields at their defaults too (a field that may be none, where the model is a setting of its own: a send
    window or the response lags at their defaults read as ``{}`` otherwise, which tells a planner nothing)."""

    def __init__(self, defaults: bool = False) -> None:
        super().__init__()
        self.defaults = defaults
        self.edit = QPlainTextEdit()
        self.edit.setFixedHeight(90)
        self.edit.textChanged.connect(self._changed)
        self._setting = False
        self.error = ""
        _row(self, self.edit)

    def _changed(self) -> None:
        if not self._setting:
            self._emit()

    def value(self) -> Any:
        text = self.edit.toPlainText()
        if len(text) > MAX_TEXT or "&" in text or "*" in text:
            return text  # aliases are refused; the model's validation reports the bad value
        try:
            return _yaml().load(text)
        except YAMLError:
            return text

    def set_value(self, value: Any) -> None:
        plain = _plain(value, self.defaults)
        if self.value() == plain:
            return
        buffer = io.StringIO()
        if value is not None and (self.defaults or value not in ({}, ())):
            _yaml().dump(plain, buffer)
        self._setting = True
        self.edit.setPlainText(buffer.getvalue().rstrip())
        self._setting = False


def _plain(value: Any, defaults: bool = False) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_defaults=not defaults)
    if isinstance(value, dict):
        return {str(k): _plain(v, defaults) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v, defaults) for v in value]
    return value

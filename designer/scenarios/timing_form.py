"""The behaviour's timing: how interest fades, how long responses take, how long a sales-ready lead takes to be
handed over. A calibration fits all three; here a planner reads and changes them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from sequences.scenario import Behaviour

from ..inspector.editors import NumberEditor
from ..inspector.free_editors import YamlEditor


class TimingForm(QGroupBox):
    """Emits ``edited(fields, name)``: the three timing fields as plain values, and the one that changed."""

    edited = Signal(dict, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Timing: fading interest, response and handoff lags", parent)
        self.setObjectName("behaviour_timing")
        described = Behaviour.model_fields
        self.editors = {
            "engagement_half_life_days": NumberEditor(low=0.01, high=3650.0, optional=True),
            # Written out in full: the response lags' defaults are numbers the engine uses; empty is none.
            "response_lag_hours": YamlEditor(defaults=True),
            "handoff_lag_hours": YamlEditor(defaults=True),
        }
        labels = {"engagement_half_life_days": "Interest half-life (days)",
                  "response_lag_hours": "Response lags (hours)", "handoff_lag_hours": "Handoff lag (hours)"}
        self._setting = False
        form = QFormLayout()
        for name, editor in self.editors.items():
            editor.setObjectName(f"field_{name}")
            tip = described[name].description or {
                "response_lag_hours": "Hours from delivery to each response, {median, p90} per kind (open, click, "
                                      "hand_raise); empty: instant responses"}.get(name, "")
            editor.setToolTip(tip)
            editor.edited.connect(lambda _path, n=name: self._changed(n))
            form.addRow(labels[name], editor)
        note = QLabel("Empty or unticked: interest does not fade, responses come at once, handoffs happen at "
                      "once. The command nurture calibrate fits all three to a CRM history.")
        note.setWordWrap(True)
        note.setObjectName("timing_note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(form)
        layout.addWidget(note)

    def _changed(self, name: str) -> None:
        if not self._setting:  # showing the scenario is not an edit
            self.edited.emit(self.value(), name)

    def value(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self.editors.items()}

    def set_value(self, behaviour: Behaviour) -> None:
        self._setting = True
        try:
            for name, editor in self.editors.items():
                editor.set_value(getattr(behaviour, name))
        finally:
            self._setting = False

"""Scoring thresholds of a scenario as sliders with spin boxes: MQL fit and total, SQL total, hand-raise, decay."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSlider,
    QWidget,
)

from sequences.scoring import MqlThreshold, Scoring, SqlThreshold, ThresholdOverride


@dataclass(frozen=True)
class Knob:
    key: str
    label: str
    high: float
    tip: str


KNOBS: tuple[Knob, ...] = (
    Knob("mql_fit_min", "MQL fit minimum", 100, "An MQL needs at least this much fit (who the lead is)"),
    Knob("mql_total", "MQL total", 200, "An MQL needs fit + intent of at least this much"),
    Knob("sql_total", "SQL total", 300, "A lead is sales-ready (SQL) at this fit + intent"),
    Knob("decay", "Intent half-life (days)", 365, "Intent halves every this many days without activity"),
)


def knob_values(scoring: Scoring) -> dict[str, float]:
    return {"mql_fit_min": scoring.mql.fit_min, "mql_total": scoring.mql.total, "sql_total": scoring.sql.total,
            "decay": scoring.decay_half_life_days}


def with_knob(current: ThresholdOverride | None, effective: Scoring, key: str, value) -> ThresholdOverride:
    """The scenario's override after one knob changes; the parts it did not override stay unset."""
    base = current or ThresholdOverride()
    if key == "decay":
        return base.model_copy(update={"decay_half_life_days": float(value)})
    if key.startswith("mql"):
        field = "fit_min" if key == "mql_fit_min" else "total"
        mql = MqlThreshold.model_validate(effective.mql.model_dump() | {field: float(value)})
        return base.model_copy(update={"mql": mql})
    field = "total" if key == "sql_total" else "require_hand_raise"
    sql = SqlThreshold.model_validate(effective.sql.model_dump() | {field: value})
    return base.model_copy(update={"sql": sql})


class KnobRow:
    """A slider and a spin box for one threshold; ``session`` changes with every new drag, so a drag
    (or a run of key presses) is one undo step."""

    def __init__(self, knob: Knob, changed):
        self.knob, self._changed = knob, changed
        self.session = 0
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setObjectName(f"slider_{knob.key}")
        self.slider.setRange(1 if knob.key == "decay" else 0, int(knob.high))
        self.slider.setPageStep(5)
        self.slider.setToolTip(knob.tip)
        self.slider.setMinimumWidth(90)
        self.spin = QDoubleSpinBox()
        self.spin.setObjectName(f"spin_{knob.key}")
        self.spin.setDecimals(1)
        self.spin.setRange(0.1 if knob.key == "decay" else 0.0, 100_000.0)
        self.spin.setKeyboardTracking(False)
        self.spin.setToolTip(knob.tip)
        self.spin.setMinimumWidth(84)  # its range would ask for room for 100000.0: keep the dock narrow
        self.base = QLabel()
        self.base.setObjectName(f"base_{knob.key}")
        self.base.setStyleSheet("color: #6b7280;")
        self.slider.sliderPressed.connect(self._new_session)
        self.slider.sliderReleased.connect(self._new_session)
        self.slider.valueChanged.connect(self._slid)
        self.spin.valueChanged.connect(self._typed)

    def _new_session(self) -> None:
        self.session += 1

    def _slid(self, value: int) -> None:
        self._changed(self.knob.key, float(value), self.session)

    def _typed(self, value: float) -> None:
        self.session += 1
        self._changed(self.knob.key, float(value), self.session)
        self.session += 1

    def set_value(self, value: float, document_value: float) -> None:
        for widget in (self.slider, self.spin):
            widget.blockSignals(True)
        if value > self.slider.maximum():
            self.slider.setMaximum(int(value * 1.5) + 1)
        if not self.slider.isSliderDown() or round(value) != self.slider.value():
            self.slider.setValue(round(value))
        self.spin.setValue(value)
        for widget in (self.slider, self.spin):
            widget.blockSignals(False)
        same = abs(value - document_value) < 1e-9
        self.base.setText("as document" if same else f"document: {document_value:g}")
        self.base.setToolTip("The document's own threshold" if same
                             else "This scenario overrides the document's threshold")


class ThresholdsEditor(QWidget):
    """Emits ``edited(override_or_None, merge_key)``; the panel turns it into an undoable command."""

    edited = Signal(object, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("thresholds_editor")
        self.current: ThresholdOverride | None = None
        self.effective = Scoring()
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(10)
        self.rows: dict[str, KnobRow] = {}
        for r, knob in enumerate(KNOBS):
            row = KnobRow(knob, self._knob_changed)
            grid.addWidget(QLabel(knob.label), r, 0)
            grid.addWidget(row.slider, r, 1)
            grid.addWidget(row.spin, r, 2)
            grid.addWidget(row.base, r, 3)
            self.rows[knob.key] = row
        self.hand_raise = QCheckBox("SQL needs a hand-raise (demo, needs form, reply)")
        self.hand_raise.setObjectName("check_hand_raise")
        self.hand_raise.toggled.connect(self._hand_raise_toggled)
        grid.addWidget(self.hand_raise, len(KNOBS), 0, 1, 4)
        self.reset = QPushButton("Use the document's thresholds")
        self.reset.setObjectName("reset_thresholds")
        self.reset.setToolTip("Drop this scenario's threshold overrides")
        self.reset.clicked.connect(lambda: self.edited.emit(None, ""))
        grid.addWidget(self.reset, len(KNOBS) + 1, 0, 1, 4, Qt.AlignLeft)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(KNOBS) + 2, 1)

    def set_scenario(self, override: ThresholdOverride | None, effective: Scoring, document: Scoring) -> None:
        self.current, self.effective = override, effective
        values, base = knob_values(effective), knob_values(document)
        for key, row in self.rows.items():
            row.set_value(values[key], base[key])
        self.hand_raise.blockSignals(True)
        self.hand_raise.setChecked(effective.sql.require_hand_raise)
        self.hand_raise.blockSignals(False)
        self.reset.setEnabled(override is not None)

    def _knob_changed(self, key: str, value: float, session: int) -> None:
        if abs(knob_values(self.effective)[key] - value) < 1e-9:
            return
        self.edited.emit(with_knob(self.current, self.effective, key, value), f"thresholds.{key}.{session}")

    def _hand_raise_toggled(self, on: bool) -> None:
        self.edited.emit(with_knob(self.current, self.effective, "sql_hand_raise", on), "")

"""Who the test lead is (scenario, entry, role, segments, source, arrival) and how its behaviour is decided."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from sequences import Document
from sequences.audience import ROLE_LABELS
from simulation.lead_path import Persona

UNKNOWN = "unknown"
FROM_ENTRY = "from the entry"
SALES_CHOICES = (("sampled", "decides by fit"), ("accept", "accepts"), ("reject", "rejects"))


def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace the items (data, text), keeping the current choice when it is still offered."""
    keep = combo.currentData()
    if [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())] == items:
        return
    combo.blockSignals(True)
    combo.clear()
    for data, text in items:
        combo.addItem(text, data)
    index = combo.findData(keep)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


class PersonaForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.scenario = self._combo("persona_scenario")
        self.entry = self._combo("persona_entry")
        self.role = self._combo("persona_role")
        self.source = self._combo("persona_source")
        self.segments: dict[str, QComboBox] = {}
        self.arrival = QDoubleSpinBox()
        self.arrival.setObjectName("persona_arrival")
        self.arrival.setRange(0.0, 3650.0)
        self.arrival.setDecimals(2)
        self.arrival.setSuffix(" days")
        self.arrival.setToolTip("When the lead arrives, in days from the first Monday of the scenario")
        self.arrival.valueChanged.connect(self.changed)
        self.start = QDateEdit()
        self.start.setObjectName("persona_start")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("ddd d MMM yyyy")
        today = date.today()
        monday = today - timedelta(days=today.weekday())
        self.start.setDate(QDate(monday.year, monday.month, monday.day))
        self.start.setToolTip("The Monday the scenario starts on (dates only; business days count from it)")
        self.start.dateChanged.connect(self.changed)
        self.scripted = QRadioButton("Scripted")
        self.scripted.setObjectName("mode_scripted")
        self.sampled = QRadioButton("Sampled")
        self.sampled.setObjectName("mode_sampled")
        self.scripted.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.scripted, self.sampled):
            group.addButton(button)
        self.scripted.toggled.connect(self.changed)
        self.seed = QSpinBox()
        self.seed.setObjectName("persona_seed")
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip("Seed of the draws: responses when sampled; splits and the sales decision always")
        self.seed.valueChanged.connect(self.changed)
        self.sales = self._combo("persona_sales")
        _fill(self.sales, list(SALES_CHOICES))
        self.sales.setToolTip("Scripted: whether sales accepts the lead; 'decides by fit' draws it from the fit bands")
        # The behaviour widgets (mode, seed, sales) are laid out by the panel, beside the responses.
        for label, widget in (("Scenario", self.scenario), ("Entry", self.entry), ("Role", self.role),
                              ("Source", self.source), ("Arrives on day", self.arrival), ("Day 0 is", self.start)):
            self.form.addRow(label, widget)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setMinimumContentsLength(8)
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def set_document(self, document: Document) -> None:
        self.blockSignals(True)
        _fill(self.scenario, [(s.name, s.name) for s in document.scenarios])
        _fill(self.entry, [(n.id, n.label()) for n in document.sequence.nodes if n.kind == "entry"])
        audience = document.audience
        _fill(self.role, [(r, ROLE_LABELS.get(r, r.replace("_", " "))) for r in audience.roles])
        _fill(self.source, [(None, FROM_ENTRY)] + [(s, s.replace("_", " ")) for s in audience.sources])
        if list(self.segments) != list(audience.segments):
            for combo in self.segments.values():
                self.form.removeRow(combo)
            self.segments = {}
            # Segment rows go after Source, before Arrives.
            for k, name in enumerate(audience.segments):
                combo = self._combo(f"persona_segment_{name}")
                self.segments[name] = combo
                self.form.insertRow(4 + k, name.replace("_", " ").capitalize(), combo)
        for name, values in audience.segments.items():
            _fill(self.segments[name], [(None, UNKNOWN)] + [(v, v.replace("_", " ")) for v in values])
        self.blockSignals(False)

    def choose(self, combo: QComboBox, data) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def persona(self) -> Persona | None:
        entry, role = self.entry.currentData(), self.role.currentData()
        if entry is None or role is None:
            return None
        segments = {name: combo.currentData() for name, combo in self.segments.items() if combo.currentData()}
        return Persona(entry=entry, role=role, segments=segments, source=self.source.currentData(),
                       arrival_day=self.arrival.value())

    def start_date(self) -> date:
        return self.start.date().toPython()

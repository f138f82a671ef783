"""The scenario's plain fields (cohort, sales, SLA, acceptance, stall, horizon...) as inspector-factory forms."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from sequences.scenario import Scenario

from ..inspector.factory import Vocabulary
from ..inspector.model_form import ModelForm

# Which plain fields each form tab edits; the inspector's factory builds their editors.
FORM_TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Cohort", ("cohort",)),
    ("Sales and SLA", ("sales", "sla", "acceptance")),
    ("Run", ("description", "horizon_days", "replications", "stall")),
)


def _scroll(form: QWidget) -> QScrollArea:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(10, 8, 10, 8)
    layout.addWidget(form)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.NoFrame)
    scroll.setWidget(page)
    return scroll


class FieldForms(QObject):
    """Builds the form tabs and reports each edit as ``edited(update, label, merge_key)``."""

    edited = Signal(dict, str, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.forms: dict[str, ModelForm] = {}
        self.pages: list[QWidget] = []
        self.vocab: dict[str, list[str]] = {}
        self.seed_edit: QLineEdit | None = None
        self.seed = 0

    def build(self, tabs: QTabWidget, document, after_cohort: tuple[tuple[QWidget, str], ...] = ()) -> None:
        """Appends the tabs; ``after_cohort`` (widget, title) pairs go right after the Cohort tab."""
        for page in self.pages:
            page.deleteLater()
        self.forms, self.pages = {}, []
        vocab = Vocabulary.of(document)
        for title, fields in FORM_TABS:
            form = ModelForm(Scenario, vocab, skip=tuple(f for f in Scenario.model_fields if f not in fields))
            form.setObjectName(f"scenario_form_{fields[0]}")
            form.edited.connect(lambda path, f=form: self._form_edited(f, path))
            self.forms[fields[0]] = form
            if title == "Run":
                form.layout().addRow("Seed", self._seed_editor())
            scroll = _scroll(form)
            tabs.addTab(scroll, title)
            self.pages.append(scroll)
            if title == "Cohort":
                for widget, name in after_cohort:
                    tabs.addTab(widget, name)
        self.vocab = vocab.words

    def stale_vocabulary(self, document) -> bool:
        """Id suggestions (entries, roles, topics) follow the document: rebuild when they changed."""
        return Vocabulary.of(document).words != self.vocab

    def parts(self, scenario: Scenario) -> dict[str, tuple]:
        parts = {name: tuple(getattr(scenario, f) for f in form.editors) for name, form in self.forms.items()}
        parts["seed"] = (scenario.seed,)
        return parts

    def show(self, scenario: Scenario, stale: set[str]) -> None:
        for name, form in self.forms.items():
            if name in stale:
                form.set_value(scenario)
        self.seed = scenario.seed
        # A field the user is typing in (modified, not yet committed) is left alone.
        if self.seed_edit is not None and not self.seed_edit.isModified() and self.seed_edit.text() != str(self.seed):
            self.seed_edit.setText(str(scenario.seed))

    def _seed_editor(self) -> QLineEdit:
        # Seeds go up to 2**63, past what a QSpinBox holds: a digits-only line edit.
        edit = QLineEdit()
        edit.setObjectName("field_seed")
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{1,19}"), edit))
        edit.setToolTip("Same seed, same forecast: change it to see another draw of the same scenario")
        edit.editingFinished.connect(self._seed_edited)
        self.seed_edit = edit
        return edit

    def _seed_edited(self) -> None:
        if self.seed_edit is None:
            return
        text = self.seed_edit.text().strip()
        self.seed_edit.setModified(False)
        if text and int(text) != self.seed:
            self.edited.emit({"seed": int(text)}, "seed", "")

    def _form_edited(self, form: ModelForm, path: str) -> None:
        values: dict[str, Any] = {name: editor.value() for name, editor in form.editors.items()}
        if "cohort" in values:
            values["cohort"] = self._complete_arrivals(values["cohort"])
        self.edited.emit(values, path.split(".")[0], f"form.{path}")

    def _complete_arrivals(self, cohort: Any) -> Any:
        """A just-added arrival is blank: start it at the first entry, 100 leads a week for 26 weeks."""
        if not isinstance(cohort, dict):
            return cohort
        entries = self.vocab.get("entry") or [""]
        arrivals = []
        for item in cohort.get("arrivals") or []:
            blank = isinstance(item, dict) and not item.get("entry") and all(
                item.get(k) is None for k in ("leads_per_week", "weeks", "leads"))
            arrivals.append(item | {"entry": entries[0], "leads_per_week": 100.0, "weeks": 26.0} if blank else item)
        return cohort | {"arrivals": arrivals}

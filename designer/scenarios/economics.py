"""The scenario's economics as a form: rep cost, and what an accepted SQL is worth (given, or from the funnel)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sequences.economics import Economics

# What a new economics section starts from: round figures a planner overwrites (and sees as such).
STARTING_POINT = {"rep_cost_per_month": 9000.0, "opportunity_rate": 0.4, "average_deal_value": 40000.0,
                  "win_rate": 0.25, "currency": "$"}


def _spin(name: str, high: float, decimals: int, suffix: str = "", step: float = 1.0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setObjectName(f"economics_{name}")
    spin.setRange(0.0, high)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setGroupSeparatorShown(True)
    spin.setKeyboardTracking(False)  # one edit when the planner has typed the number, not one per digit
    return spin


class EconomicsEditor(QWidget):
    """``edited(economics as a dict, or None to drop it, merge key)``; the value line says what one accepted
    SQL is worth and how it was reached, the way the sweep's recommendation will use it."""

    edited = Signal(object, str)
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("economics_editor")
        self._loading = False
        # The form scrolls inside its tab: it must never make the Scenarios dock (or the window) taller.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        page = QWidget()
        scroll.setWidget(page)
        outer.addWidget(scroll)
        layout = QVBoxLayout(page)
        note = QLabel("With economics, sweeps weigh pipeline value against rep cost: they report the cost per "
                      "accepted SQL and what one more rep or one hour off the SLA is worth, and can maximise "
                      "pipeline value or keep cost under a budget.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.enabled = QCheckBox("Use economics in this scenario's sweeps")
        self.enabled.setObjectName("economics_enabled")
        self.enabled.toggled.connect(self._toggled)
        layout.addWidget(self.enabled)
        self.form_page = QWidget()
        form = QFormLayout(self.form_page)
        self.currency = QLineEdit()
        self.currency.setObjectName("economics_currency")
        self.currency.setMaxLength(8)
        self.currency.editingFinished.connect(self._changed)
        form.addRow("Currency", self.currency)
        self.rep_cost = _spin("rep_cost_per_month", 1e9, 0, step=500)
        form.addRow("Rep cost a month", self.rep_cost)
        self.direct = QRadioButton("Value of one accepted SQL")
        self.direct.setObjectName("economics_direct")
        self.chain = QRadioButton("From the funnel: opportunity rate × deal value × win rate")
        self.chain.setObjectName("economics_chain")
        group = QButtonGroup(self)
        group.addButton(self.direct)
        group.addButton(self.chain)
        form.addRow(self.direct)
        self.value = _spin("value_per_accepted_sql", 1e10, 0, step=100)
        form.addRow("Value per accepted SQL", self.value)
        form.addRow(self.chain)
        self.opportunity = _spin("opportunity_rate", 100.0, 1, " %")
        form.addRow("Accepted SQLs that become opportunities", self.opportunity)
        self.deal = _spin("average_deal_value", 1e10, 0, step=1000)
        form.addRow("Average deal value", self.deal)
        self.win = _spin("win_rate", 100.0, 1, " %")
        form.addRow("Win rate", self.win)
        self.summary = QLabel()
        self.summary.setObjectName("economics_summary")
        self.summary.setWordWrap(True)
        form.addRow(self.summary)
        layout.addWidget(self.form_page)
        layout.addStretch(1)
        for spin in (self.rep_cost, self.value, self.opportunity, self.deal, self.win):
            spin.valueChanged.connect(self._changed)
        self.direct.toggled.connect(self._changed)
        self.set_economics(None)

    # -- document -> widgets -----------------------------------------------------------------------
    def set_economics(self, economics: Economics | None) -> None:
        self._loading = True
        try:
            self.enabled.setChecked(economics is not None)
            shown = economics.model_dump() if economics is not None else STARTING_POINT
            self.currency.setText(shown.get("currency") or "$")
            self.rep_cost.setValue(shown.get("rep_cost_per_month") or 0.0)
            direct = shown.get("value_per_accepted_sql") is not None
            (self.direct if direct else self.chain).setChecked(True)
            self.value.setValue(shown.get("value_per_accepted_sql") or 0.0)
            self.opportunity.setValue(100 * (shown.get("opportunity_rate") or 0.0))
            self.deal.setValue(shown.get("average_deal_value") or 0.0)
            self.win.setValue(100 * (shown.get("win_rate") or 0.0))
        finally:
            self._loading = False
        self._show_state(economics)

    def _show_state(self, economics: Economics | None) -> None:
        self.form_page.setEnabled(economics is not None)
        direct = self.direct.isChecked()
        self.value.setEnabled(direct)
        for spin in (self.opportunity, self.deal, self.win):
            spin.setEnabled(not direct)
        self.summary.setText(self._describe(economics))

    @staticmethod
    def _describe(economics: Economics | None) -> str:
        if economics is None:
            return "No economics: sweeps rank settings by SQLs alone."
        value = economics.sql_value()
        if value is None:
            return "Give a value per accepted SQL, or the three funnel figures."
        how = ("as given" if economics.value_per_accepted_sql is not None else
               f"= {economics.opportunity_rate:.0%} × {economics.money(economics.average_deal_value or 0)} × "
               f"{economics.win_rate:.0%}")
        return (f"One accepted SQL is worth {economics.money(value)} of expected won revenue ({how}); a rep costs "
                f"{economics.money(economics.rep_cost_per_month)} a month.")

    # -- widgets -> document -----------------------------------------------------------------------
    def current(self) -> dict[str, Any] | None:
        if not self.enabled.isChecked():
            return None
        data: dict[str, Any] = {"currency": self.currency.text().strip() or "$",
                                "rep_cost_per_month": self.rep_cost.value()}
        if self.direct.isChecked():
            data["value_per_accepted_sql"] = self.value.value()
        else:
            data |= {"opportunity_rate": self.opportunity.value() / 100, "average_deal_value": self.deal.value(),
                     "win_rate": self.win.value() / 100}
        return data

    def _toggled(self, _on: bool) -> None:
        self._changed()

    def _changed(self, *_args: Any) -> None:
        if self._loading:
            return
        # Steps on one field merge into one undo step; another field starts a new one.
        sender = self.sender()
        key = sender.objectName() if sender is not None else "economics"
        data = self.current()
        try:
            economics = None if data is None else Economics.model_validate(data)
        except ValidationError as exc:
            self.problem.emit(f"economics: {exc.errors(include_url=False)[0]['msg']}")
            return
        self._show_state(economics)
        self.edited.emit(data, key)

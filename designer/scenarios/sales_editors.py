"""The sales side of a scenario as tables: the speed-to-lead curve (with its chart) and the queues."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sequences.sales_model import DEFAULT_RESPONSE_CURVE, Sales, TeamFields

from ..chart_style import themed

CURVE_COLUMNS = ("Within hours", "Factor")
QUEUE_COLUMNS = (("name", "Queue"), ("reps", "Reps"), ("first_touches_per_rep_per_day", "Touches a day"),
                 ("sla_hours", "SLA hours"), ("clock", "SLA clock"), ("priority", "Priority"),
                 ("other_handoffs_per_week", "Outside handoffs a week"), ("touch_cv", "Touch CV"),
                 ("pickup_median", "Pickup median (h)"), ("pickup_p90", "Pickup p90 (h)"))
PICKUP_SPREAD = 4.0  # a pickup given by one figure only: its p90 is this many times its median (or the reverse)


def _cell(text: str, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemIsEditable)
    return item


class ResponseCurveEditor(QWidget):
    """Rows of (within hours, factor) and a step chart of factor against hours; ``edited(rows, key)``."""

    edited = Signal(object, str)
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("response_curve_editor")
        layout = QVBoxLayout(self)
        note = QLabel("Acceptance is multiplied by the factor of the first row the time to first touch does not "
                      "exceed (beyond the last row: its factor). The default comes from the published "
                      "lead-response studies: replace it with your own.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("response_curve_table")
        self.table.setHorizontalHeaderLabels(CURVE_COLUMNS)
        self.table.itemChanged.connect(self._changed)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("add", "Add row", self._add), ("remove", "Remove row", self._remove),
                                ("default", "Published default", self._default), ("off", "Speed never matters",
                                                                                  self._off)):
            button = QPushButton(text)
            button.setObjectName(f"response_curve_{key}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        layout.addLayout(buttons)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("response_curve_chart")
        self.plot.setMaximumHeight(140)
        self.plot.setLabel("bottom", "hours to first touch")
        self.plot.setLabel("left", "factor")
        self.plot.setYRange(0, 1.05)
        themed(self.plot)  # the theme's background and axes, not pyqtgraph's black
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#2f7ed8", width=2), stepMode="right")
        layout.addWidget(self.plot)
        self.rows: list[dict[str, float]] = []

    def set_rows(self, rows: list[dict[str, float]]) -> None:
        self.rows = [dict(r) for r in rows]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            self.table.setItem(i, 0, _cell(f"{row['within_hours']:g}"))
            self.table.setItem(i, 1, _cell(f"{row['factor']:g}"))
        self.table.blockSignals(False)
        self._chart()

    def _chart(self) -> None:
        if not self.rows:
            self.curve.setData([0.0, 48.0], [1.0, 1.0])
            return
        hours = [0.0] + [r["within_hours"] for r in self.rows]
        factors = [r["factor"] for r in self.rows] + [self.rows[-1]["factor"]]
        self.curve.setData(hours + [max(hours[-1] * 1.5, 1.0)], factors + [factors[-1]])

    def _changed(self, item: QTableWidgetItem) -> None:
        key = "within_hours" if item.column() == 0 else "factor"
        try:
            value = float(item.text().replace("%", "")) / (100 if item.text().endswith("%") else 1)
        except ValueError:
            self.problem.emit(f"'{item.text()}' is not a number")
            self.set_rows(self.rows)
            return
        rows = [dict(r) for r in self.rows]
        rows[item.row()][key] = value
        self.edited.emit(rows, f"curve.{item.row()}.{key}")

    def _add(self) -> None:
        last = self.rows[-1] if self.rows else {"within_hours": 0.0, "factor": 1.0}
        self.edited.emit([*self.rows, {"within_hours": last["within_hours"] * 2 or 1.0, "factor": last["factor"]}],
                         "")

    def _remove(self) -> None:
        row = self.table.currentRow() if self.table.currentRow() >= 0 else len(self.rows) - 1
        if 0 <= row < len(self.rows):
            self.edited.emit([r for i, r in enumerate(self.rows) if i != row], "")

    def _default(self) -> None:
        self.edited.emit([b.model_dump() for b in DEFAULT_RESPONSE_CURVE], "")

    def _off(self) -> None:
        self.edited.emit([], "")


def _pickup(current: dict[str, float] | None, which: str, text: str) -> dict[str, float] | None:
    """The pickup after typing ``text`` in its ``which`` ("median" or "p90") cell: blank clears it; the first
    figure typed sets the other ``PICKUP_SPREAD`` times apart (the model refuses a p90 not above the median)."""
    if not text:
        return None
    value = float(text)
    pickup = dict(current or {})
    pickup[which] = value
    pickup.setdefault("median", value / PICKUP_SPREAD)
    pickup.setdefault("p90", value * PICKUP_SPREAD)
    return pickup


class QueuesTable(QWidget):
    """One row per queue (the flat team is the queue ``sales``); ``edited(sales dict, key)``."""

    edited = Signal(object, str)
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("queues_editor")
        layout = QVBoxLayout(self)
        note = QLabel("A handoff node's queue routes its leads; threshold handoffs go by the routing rules "
                      "(Sales and SLA tab), else to the first queue. Several queues replace the flat team. "
                      "Pickup: working hours from a rep taking a lead to touching it (time on other work), "
                      "lognormal by its median and 90th percentile; blank: at once.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, len(QUEUE_COLUMNS))
        self.table.setObjectName("queues_table")
        self.table.setHorizontalHeaderLabels([label for _, label in QUEUE_COLUMNS])
        self.table.itemChanged.connect(self._changed)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for key, text, slot in (("add", "Add queue", self._add), ("remove", "Remove queue", self._remove)):
            button = QPushButton(text)
            button.setObjectName(f"queues_{key}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.sales: Sales = Sales()
        self.sla: dict[str, Any] = {}

    def set_sales(self, sales: Sales, sla: dict[str, Any]) -> None:
        self.sales, self.sla = sales, sla
        team = sales.team()
        self.table.blockSignals(True)
        self.table.setRowCount(len(team))
        for i, (name, queue) in enumerate(team.items()):
            queue_sla = queue.sla.model_dump() if queue.sla is not None else sla
            values = {"name": name, "reps": queue.reps,
                      "first_touches_per_rep_per_day": queue.first_touches_per_rep_per_day,
                      "sla_hours": queue_sla["first_outreach_hours"], "clock": queue_sla["clock"],
                      "priority": queue.priority, "other_handoffs_per_week": queue.other_handoffs_per_week,
                      "touch_cv": queue.touch_cv,
                      "pickup_median": queue.pickup.median if queue.pickup is not None else None,
                      "pickup_p90": queue.pickup.p90 if queue.pickup is not None else None}
            for j, (key, _) in enumerate(QUEUE_COLUMNS):
                value = values[key]
                text = "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
                self.table.setItem(i, j, _cell(text, editable=not (key == "name" and not sales.queues)))
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()  # headers such as "Pickup median (h)" whole, not cut

    def _queues(self) -> dict[str, dict[str, Any]]:
        return {name: queue.model_dump(exclude_none=True) for name, queue in self.sales.team().items()}

    def _emit(self, queues: dict[str, dict[str, Any]], key: str) -> None:
        sales = self.sales.model_dump()
        update: dict[str, Any] = {"sales": sales}
        if not self.sales.queues and list(queues) == ["sales"]:
            # Still one team: its fields stay the flat ones, its SLA the scenario's.
            one = queues["sales"]
            sla = one.pop("sla", None)
            sales.update({k: v for k, v in one.items() if k in TeamFields.model_fields})
            if sla is not None:
                update["sla"] = sla
        else:
            sales["queues"] = queues
        self.edited.emit(update, key)

    def _changed(self, item: QTableWidgetItem) -> None:
        key = QUEUE_COLUMNS[item.column()][0]
        queues = self._queues()
        names = list(queues)
        name = names[item.row()]
        text = item.text().strip()
        queue = queues[name]
        try:
            if key == "name":
                queues = {(text if n == name else n): q for n, q in queues.items()}
            elif key in ("sla_hours", "clock"):
                sla = dict(queue.get("sla") or self.sla)
                if key == "sla_hours":
                    sla["first_outreach_hours"] = float(text)
                else:
                    sla["clock"] = text
                queue["sla"] = sla
            elif key == "priority":
                queue["priority"] = text
            elif key in ("pickup_median", "pickup_p90"):
                queue["pickup"] = _pickup(queue.get("pickup"), key.removeprefix("pickup_"), text)
            else:
                queue[key] = int(text) if key == "reps" else float(text)
        except ValueError:
            self.problem.emit(f"'{text}' is not a number")
            self.set_sales(self.sales, self.sla)
            return
        self._emit(queues, f"queues.{item.row()}.{key}")

    def _add(self) -> None:
        queues = self._queues()
        name = next(f"queue_{k}" for k in range(2, 100) if f"queue_{k}" not in queues)
        queues[name] = {"reps": 2, "first_touches_per_rep_per_day": 12.0}
        self._emit(queues, "")

    def _remove(self) -> None:
        queues = self._queues()
        row = self.table.currentRow() if self.table.currentRow() >= 0 else len(queues) - 1
        if len(queues) > 1 and 0 <= row < len(queues):
            name = list(queues)[row]
            self._emit({n: q for n, q in queues.items() if n != name}, "")

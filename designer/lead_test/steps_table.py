"""The walked path as table rows: one per node the lead passes, plus the sales team's part after an SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from simulation.lead_path import LeadPath, SalesOutcome, moment

HEADERS = ("#", "When", "Step", "What happened", "Fit", "Intent", "Total", "Moments")
MOMENT_COLOURS = {"MQL": "#1f7a4d", "SQL": "#b0520a", "SLA": "#c0392b"}


@dataclass
class Row:
    node: str
    day: float
    step: str
    what: str
    scores: tuple[float, float, float] | None
    moments: str
    stalled: bool = False


def when(day: float, start: date) -> str:
    return moment(day, start).strftime("%a %d %b %H:%M")


def _sales_row(node: str, sales: SalesOutcome, scores) -> Row:
    if sales.first_touch_day is None:
        return Row(node, sales.handoff_day, "Sales queue", "still waiting for a first touch at the horizon",
                   scores, "SLA breached" if sales.breached else "", sales.queue_stalled)
    waited = (sales.first_touch_day - sales.handoff_day) * 24.0
    verdict = "accepted" if sales.accepted else f"rejected ({sales.reason.replace('_', ' ')})"
    verdict += f"; SLA {sales.sla_hours:g} h"
    if sales.response_factor is not None:
        verdict += f"; speed-to-lead factor {sales.response_factor:.2f}"
    sla = "SLA breached" if sales.breached else "SLA met"
    return Row(node, sales.first_touch_day, "Sales",
               f"first touch after {waited:.0f} h in queue '{sales.queue}'; {verdict}", scores,
               sla, sales.queue_stalled)


def rows_of(path: LeadPath) -> list[Row]:
    rows: list[Row] = []
    sales = iter(path.sales)
    for step in path.steps:
        scores = (step.fit, step.intent, step.total)
        what = step.what + (" — stalled here" if step.stalled else "")
        rows.append(Row(step.node, step.day_out, step.label, what, scores, ", ".join(
            e for e in step.events if e in ("MQL", "SQL")), step.stalled))
        if "SQL" in step.events:
            outcome = next(sales, None)
            if outcome is not None:
                rows.append(_sales_row(step.node, outcome, scores))
    return rows


class StepsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Row] = []
        self.start = date.today()
        self.current = -1

    def set_path(self, path: LeadPath | None, start: date) -> None:
        self.beginResetModel()
        self.rows = rows_of(path) if path is not None else []
        self.start = start
        self.current = min(self.current, len(self.rows) - 1)
        self.endResetModel()

    def set_current(self, row: int) -> None:
        old, self.current = self.current, row
        for r in (old, row):
            if 0 <= r < len(self.rows):
                self.dataChanged.emit(self.index(r, 0), self.index(r, len(HEADERS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.DisplayRole) -> Any:
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole) -> Any:
        row, col = self.rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            if col == 0:
                return str(index.row() + 1)
            if col == 1:
                return when(row.day, self.start)
            if col in (4, 5, 6):
                return "" if row.scores is None else f"{row.scores[col - 4]:.1f}"
            return (None, None, row.step, row.what, None, None, None, row.moments)[col]
        if role == Qt.ToolTipRole and col == 1:
            return f"day {row.day:.2f} of the scenario"
        if role == Qt.ToolTipRole and col in (2, 3):
            return f"{row.step} ({row.node}): {row.what}"
        if role == Qt.TextAlignmentRole and col in (0, 4, 5, 6):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ForegroundRole and col == 7 and row.moments:
            key = "SLA" if "breached" in row.moments else row.moments.split(",")[-1].strip()
            return QBrush(QColor(MOMENT_COLOURS.get(key, "#1f7a4d")))
        if role == Qt.ForegroundRole and col == 3 and row.stalled:
            return QBrush(QColor("#c0392b"))
        if role == Qt.FontRole and index.row() == self.current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.BackgroundRole and index.row() == self.current:
            return QBrush(QColor(255, 176, 32, 70))
        return None

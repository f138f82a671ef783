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
RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)


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
        # Each cell's text and colour, made once per path: views ask data() for every cell on each repaint
        # and sizing pass, and formatting dates there cost the GUI thread ~100 ms on a long path.
        self._cells: list[tuple] = []
        self._colours: list[tuple] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._highlight = QBrush(QColor(255, 176, 32, 70))

    def set_path(self, path: LeadPath | None, start: date) -> None:
        self.beginResetModel()
        self.rows = rows_of(path) if path is not None else []
        self.start = start
        self.current = min(self.current, len(self.rows) - 1)
        self._cells = [self._texts(k, row) for k, row in enumerate(self.rows)]
        self._colours = [self._row_colours(row) for row in self.rows]
        self.endResetModel()

    def _texts(self, number: int, row: Row) -> tuple:
        scores = ("", "", "") if row.scores is None else tuple(f"{v:.1f}" for v in row.scores)
        return (str(number + 1), when(row.day, self.start), row.step, row.what, *scores, row.moments)

    @staticmethod
    def _row_colours(row: Row) -> tuple:
        moments = what = None
        if row.moments:
            key = "SLA" if "breached" in row.moments else row.moments.split(",")[-1].strip()
            moments = QBrush(QColor(MOMENT_COLOURS.get(key, "#1f7a4d")))
        if row.stalled:
            what = QBrush(QColor("#c0392b"))
        return what, moments

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
        number, col = index.row(), index.column()
        if role == Qt.DisplayRole:
            return self._cells[number][col]
        row = self.rows[number]
        if role == Qt.ToolTipRole and col == 1:
            return f"day {row.day:.2f} of the scenario"
        if role == Qt.ToolTipRole and col in (2, 3):
            return f"{row.step} ({row.node}): {row.what}"
        if role == Qt.TextAlignmentRole and col in (0, 4, 5, 6):
            return RIGHT
        if role == Qt.ForegroundRole and col in (3, 7):
            return self._colours[number][col == 7]
        if role == Qt.FontRole and number == self.current:
            return self._bold
        if role == Qt.BackgroundRole and number == self.current:
            return self._highlight
        return None

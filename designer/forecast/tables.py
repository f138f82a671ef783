"""Read-only tables of a result: the headline figures and the breakdowns by role, segment, source and offer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from simulation.result import Estimate, SimulationResult
from simulation.summary import EVENTS, FUNNEL, RATES, estimate, number

BREAKDOWN_COLUMNS = (("arrived", "Arrived"), ("mqls", "MQLs"), ("sql_leads", "SQLs"), ("accepted", "Accepted"))
# Breakdown attributes in the order a planner asks about them; others the engine reports follow.
ATTRIBUTE_ORDER = ("role", "care_setting", "facility_size", "source", "offer")
VALUE = Qt.UserRole  # the exact engine figure behind a cell, for tests and copy


def attribute_title(attribute: str) -> str:
    return attribute.replace("_", " ").capitalize()


def ordered_attributes(result: SimulationResult) -> list[str]:
    known = [a for a in ATTRIBUTE_ORDER if a in result.breakdowns]
    return known + sorted(a for a in result.breakdowns if a not in known)


class FiguresTable(QTableWidget):
    """Cells show the text; ``VALUE`` holds the raw figure (an Estimate's mean) exactly as the engine gave it."""

    def __init__(self, object_name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        self.horizontalHeader().setHighlightSections(False)

    def fill(self, header: list[str], rows: list[list[tuple[str, object]]], stretch_first: bool = True) -> None:
        self.clear()
        self.setColumnCount(len(header))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(header)
        for r, row in enumerate(rows):
            for c, (text, value) in enumerate(row):
                item = QTableWidgetItem(text)
                item.setData(VALUE, value)
                if c > 0:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.setItem(r, c, item)
        header_view = self.horizontalHeader()
        for c in range(len(header)):
            header_view.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        if header and stretch_first:
            header_view.setSectionResizeMode(0, QHeaderView.Stretch)
        header_view.setStretchLastSection(False)
        self.resizeRowsToContents()

    def value(self, row: int, column: int) -> object:
        return self.item(row, column).data(VALUE)

    def row_of(self, label: str) -> int:
        return next(r for r in range(self.rowCount()) if self.item(r, 0).text() == label)


def _cell(e: Estimate, percent: bool = False) -> tuple[str, object]:
    return estimate(e, percent), e.mean


def figure_rows(result: SimulationResult) -> list[list[tuple[str, object]]]:
    rows = [[(f"{label} ({'events' if key in EVENTS else 'leads'})", key), _cell(result.totals[key])]
            for key, label in FUNNEL]
    rows += [[(label, key), _cell(result.totals[key], percent=True)] for key, label in RATES]
    for key, label in (("sla_breaches", "SLA breaches"), ("queue_stalled", "Stalled in the sales queue"),
                       ("node_stalled", "Stalled in nurture"),
                       ("median_queue_wait_hours", "Median hours to first touch")):
        rows.append([(label, key), _cell(result.totals[key])])
    return rows


def breakdown_rows(result: SimulationResult, attribute: str) -> list[list[tuple[str, object]]]:
    rows = []
    for value, figures in result.breakdowns.get(attribute, {}).items():
        arrived = figures["arrived"].mean or 0.0
        sqls = figures["sql_leads"].mean or 0.0
        rate = sqls / arrived if arrived else None
        rows.append([(value, value)] + [_cell(figures[m]) for m, _ in BREAKDOWN_COLUMNS]
                    + [(number(rate, percent=True), rate)])
    return rows


def breakdown_header(attribute: str) -> list[str]:
    return [attribute_title(attribute)] + [label for _, label in BREAKDOWN_COLUMNS] + ["Lead to SQL"]


def stall_rows(result: SimulationResult, top: int = 20) -> list[list[tuple[str, object]]]:
    """Where leads stall most (``result.stall_points``), with how many entered there for scale."""
    rows = []
    for place, stalled in result.stall_points(top):
        figures = result.nodes.get(place)
        entered = figures["entered"].mean if figures else result.totals["sql_handoffs"].mean
        share = stalled / entered if entered else None
        rows.append([(place, place), (number(stalled), stalled), (number(entered), entered),
                     (number(share, percent=True), share)])
    return rows

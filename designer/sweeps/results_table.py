"""Every sweep point in a sortable table: its settings, its figures (with intervals when simulated), why not."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from sequences.sweep import PERCENT_METRICS, SWEEP_METRICS, SWEEP_PARAMETERS, show_figure, show_spread
from simulation.sweeps.result import SweepResult

FIGURES = ("accepted_per_month", "pipeline_value_per_month", "cost_per_accepted_sql", "sql_per_month",
           "mql_per_month", "sla_breach_rate", "rep_utilisation", "acceptance_rate", "queue_wait_p90_hours")
INDEX_ROLE = Qt.ItemDataRole.UserRole + 1


def show(metric: str, value: float | None, currency: str = "$") -> str:
    return show_figure(metric, value, currency)


class _Item(QTableWidgetItem):
    """Sorts by the number behind the text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(Qt.ItemDataRole.UserRole), other.data(Qt.ItemDataRole.UserRole)
        if isinstance(mine, int | float) and isinstance(theirs, int | float):
            return mine < theirs
        return super().__lt__(other)


class SweepTable(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)

    def show_result(self, result: SweepResult) -> None:
        self.setSortingEnabled(False)
        parameters = list(result.points[0].settings) if result.points else []
        figures = [m for m in FIGURES if any(not math.isnan(p.figure(m)) for p in result.points)]
        # On a rescaled cohort every count says so: a * in its header and beside each figure.
        mark = "*" if result.cohort_note else ""
        headers = ["#"] + [SWEEP_PARAMETERS[p] for p in parameters]
        headers += [SWEEP_METRICS[m] + ("" if m in PERCENT_METRICS else mark) for m in figures]
        headers += ["Basis", "Meets constraints"]
        self.clear()
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        if mark:
            for column, text in enumerate(headers):
                if text.endswith(mark):
                    self.horizontalHeaderItem(column).setToolTip(f"{mark} {result.cohort_note}")
        self.setRowCount(len(result.points))
        for row, point in enumerate(result.points):
            cells: list[tuple[str, float | str]] = [(str(point.index), point.index)]
            cells += [(f"{point.settings[p]:g}", point.settings[p]) for p in parameters]
            for metric in figures:
                est = point.estimate(metric)
                value = point.figure(metric)
                text = (show_spread(metric, value, est.low, est.high, result.currency) if est is not None
                        else show(metric, value, result.currency))
                if mark and metric not in PERCENT_METRICS:
                    text += mark
                cells.append((text, value if not math.isnan(value) else -math.inf))
            cells.append(("simulated" if point.simulated else "screen", 1 if point.simulated else 0))
            cells.append(("yes" if point.feasible else "; ".join(point.violations), int(point.feasible)))
            for column, (text, key) in enumerate(cells):
                item = _Item(text)
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setData(INDEX_ROLE, point.index)
                if point.index == result.recommended:
                    item.setBackground(QBrush(QColor("#d8f0dc")))
                    item.setForeground(QBrush(QColor("#1b1b1b")))
                elif not point.feasible:
                    item.setForeground(QBrush(QColor("#9a9a9a")))
                self.setItem(row, column, item)
        self.setSortingEnabled(True)
        self.resizeColumnsToContents()

    def selected_index(self) -> int | None:
        items = self.selectedItems()
        return None if not items else items[0].data(INDEX_ROLE)

    def select_index(self, index: int) -> None:
        for row in range(self.rowCount()):
            if self.item(row, 0).data(INDEX_ROLE) == index:
                self.selectRow(row)
                self.scrollToItem(self.item(row, 0))
                return

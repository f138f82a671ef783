"""The one error a history import raises: it names the file, the row and column where known, and the problem."""

from __future__ import annotations


class HistoryError(Exception):
    def __init__(self, problem: str, *, file: str | None = None, row: int | None = None, column: str | None = None):
        self.problem = problem
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.file or "<history>"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.problem}"

    def __str__(self) -> str:
        return self.message

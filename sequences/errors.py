"""The one error a loader raises: it names the file, the line where known, the field path and the problem."""

from __future__ import annotations


class DocumentError(Exception):
    def __init__(self, problem: str, *, file: str | None = None, line: int | None = None, path: str = ""):
        self.problem = problem
        self.file = file
        self.line = line
        self.path = path
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.file or "<document>"
        if self.line is not None:
            where += f":{self.line}"
        at = f" at {self.path}:" if self.path else ""
        return f"{where}:{at} {self.problem}"

    def __str__(self) -> str:
        return self.message

"""The one error a loader raises: it names the file, the line where known, the field path and the problem."""

from __future__ import annotations

# A message is read by a person: a hostile file must not make it 100,000 characters long by echoing a value.
MAX_PROBLEM = 600
MAX_PATH = 200
MAX_FILE = 300


def clip(text: str, limit: int) -> str:
    """``text`` cut in the middle to at most ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    keep = max(limit - 40, 20)
    return f"{text[: keep // 2]}…[{len(text) - keep:,} characters left out]…{text[-(keep - keep // 2):]}"


class DocumentError(Exception):
    def __init__(self, problem: str, *, file: str | None = None, line: int | None = None, path: str = ""):
        self.problem = clip(str(problem), MAX_PROBLEM)
        self.file = None if file is None else clip(str(file), MAX_FILE)
        self.line = line
        self.path = clip(str(path), MAX_PATH)
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

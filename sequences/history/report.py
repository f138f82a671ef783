"""What an import did with each file: rows read and used, rows skipped and why, with example places."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

MAX_EXAMPLES = 5


@dataclass
class ImportReport:
    file: str
    rows_read: int = 0
    rows_used: int = 0
    skipped: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def _example(self, reason: str, row: int, column: str | None, detail: str) -> None:
        shown = self.examples.setdefault(reason, [])
        if len(shown) < MAX_EXAMPLES:
            at = f"row {row}" + (f", column '{column}'" if column else "")
            shown.append(f"{self.file}, {at}: {detail}")

    def skip(self, reason: str, row: int, column: str | None, detail: str) -> None:
        self.skipped[reason] += 1
        self._example(reason, row, column, detail)

    def warn(self, reason: str, row: int, column: str | None, detail: str) -> None:
        self.warnings[reason] += 1
        self._example(reason, row, column, detail)

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())

    def lines(self) -> list[str]:
        out = [f"{self.file}: {self.rows_read} rows read, {self.rows_used} used, {self.rows_skipped} skipped"]
        for title, counts in (("skipped", self.skipped), ("kept, with a value ignored", self.warnings)):
            for reason, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                out.append(f"  {title}: {count} x {reason}")
                out.extend(f"    e.g. {example}" for example in self.examples.get(reason, []))
        return out

    def to_json(self) -> dict:
        return {
            "file": self.file, "rows_read": self.rows_read, "rows_used": self.rows_used,
            "skipped": dict(self.skipped), "warnings": dict(self.warnings), "examples": self.examples,
        }

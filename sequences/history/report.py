"""What an import did with each file: rows read and used, rows skipped and why, with example places."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

MAX_EXAMPLES = 5
# A cell value is echoed in an example only when at least this many rows hold it: a rarer value in a
# free-text column (a person's name typed into Industry) could identify someone.
MIN_ROWS_SHOWN = 5


@dataclass
class _Example:
    at: str
    detail: str
    value: str | None = None  # the cell value ``detail`` quotes, if it quotes one
    hidden: str = ""  # ``detail`` without the value, shown while the value is rare


@dataclass
class ImportReport:
    file: str
    rows_read: int = 0
    rows_used: int = 0
    skipped: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)  # what was settled for the whole file (its dates' order)
    _examples: dict[str, list[_Example]] = field(default_factory=dict, repr=False)
    # Rows per (reason, value) for the values quoted in an example; nothing else is counted, so it stays small.
    _value_rows: Counter = field(default_factory=Counter, repr=False)

    def _example(self, reason: str, row: int, column: str | None, detail: str, value: str | None,
                 hidden: str) -> None:
        if value is not None and (reason, value) in self._value_rows:
            self._value_rows[(reason, value)] += 1
        shown = self._examples.setdefault(reason, [])
        if len(shown) < MAX_EXAMPLES:
            at = f"row {row}" + (f", column '{column}'" if column else "")
            shown.append(_Example(at, detail, value, hidden))
            if value is not None:
                self._value_rows.setdefault((reason, value), 1)

    def skip(self, reason: str, row: int, column: str | None, detail: str, value: str | None = None,
             hidden: str = "") -> None:
        """Count a skipped row; ``detail`` quoting the cell ``value`` is shown only once the value is
        common (``hidden`` is shown instead until then)."""
        self.skipped[reason] += 1
        self._example(reason, row, column, detail, value, hidden)

    def warn(self, reason: str, row: int, column: str | None, detail: str, value: str | None = None,
             hidden: str = "") -> None:
        self.warnings[reason] += 1
        self._example(reason, row, column, detail, value, hidden)

    def clear(self) -> None:
        self.rows_read = self.rows_used = 0
        self.skipped.clear()
        self.warnings.clear()
        self._examples.clear()
        self._value_rows.clear()

    @property
    def examples(self) -> dict[str, list[str]]:
        """Per reason, up to five places with what was wrong; rare cell values are never quoted."""
        out: dict[str, list[str]] = {}
        for reason, items in self._examples.items():
            out[reason] = []
            for item in items:
                common = item.value is None or self._value_rows[(reason, item.value)] >= MIN_ROWS_SHOWN
                out[reason].append(f"{self.file}, {item.at}: {item.detail if common else item.hidden}")
        return out

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())

    def lines(self) -> list[str]:
        out = [f"{self.file}: {self.rows_read} rows read, {self.rows_used} used, {self.rows_skipped} skipped"]
        out += [f"  {note}" for note in self.notes]
        examples = self.examples
        for title, counts in (("skipped", self.skipped), ("kept, with a value ignored", self.warnings)):
            for reason, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                out.append(f"  {title}: {count} x {reason}")
                out.extend(f"    e.g. {example}" for example in examples.get(reason, []))
        return out

    def to_json(self) -> dict:
        return {
            "file": self.file, "rows_read": self.rows_read, "rows_used": self.rows_used,
            "skipped": dict(self.skipped), "warnings": dict(self.warnings), "examples": self.examples,
            "notes": list(self.notes),
        }

"""Opening a CRM export: encoding, delimiter sniffing and the header, streamed row by row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from .errors import HistoryError

DELIMITERS = ",;\t|"
_SAMPLE = 64 * 1024
_CHUNK = 1024 * 1024
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
csv.field_size_limit(1024 * 1024)  # one field larger than 1 MiB is a broken file, not a lead


def delimiter_name(delimiter: str) -> str:
    return _NAMES.get(delimiter, repr(delimiter))


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE)
    if b"\x00" in head[:4096]:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        raise HistoryError("this is not a text CSV file (it contains NUL bytes)", file=str(path))
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a cut multi-byte character at the sample's end is fine
            return "cp1252"  # Excel's "CSV" on Windows
    return "utf-8-sig"


def _sniff(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
        if found in DELIMITERS:
            return found
    except csv.Error:
        pass
    # The sniffer gives up on ragged files; the delimiter that splits the header widest is the next best guess.
    header = lines[0] if lines else ""
    return max(DELIMITERS, key=lambda d: (len(next(csv.reader([header], delimiter=d), [])), d == ","))


class CsvFile:
    """``headers`` after opening; iterate for ``(row_number, fields)`` where row 1 is the header."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = str(path)
        if not self.path.is_file():
            raise HistoryError("no such file", file=self.name)
        try:
            self.encoding = _encoding(self.path)
            with self.path.open(encoding=self.encoding, errors="replace", newline="") as handle:
                sample = handle.read(_SAMPLE)
        except OSError as exc:
            raise HistoryError(f"cannot read the file: {exc.strerror or exc}", file=self.name) from None
        if not sample.strip():
            raise HistoryError("the file is empty", file=self.name)
        self.delimiter = _sniff(sample)
        header = next(csv.reader(io.StringIO(sample), delimiter=self.delimiter), [])
        self.headers = [h.strip() for h in header]
        if len(self.headers) < 2:
            raise HistoryError(
                f"only one column found in the header ({self.headers[0][:60]!r}); the file should be "
                "comma-, semicolon-, tab- or pipe-separated", file=self.name, row=1)
        dup = sorted({h for h in self.headers if h and self.headers.count(h) > 1})
        if dup:
            raise HistoryError(f"column '{dup[0]}' appears twice in the header", file=self.name, row=1)

    def rows(self, errors: list[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
        """Data rows; a row the CSV parser cannot read is appended to ``errors`` and skipped."""
        with self.path.open(encoding=self.encoding, errors="replace", newline="") as handle:
            # Read in 1 MiB chunks, not 8 KiB. Each read from the disk lets go of the GIL and takes it straight
            # back; every 8 KiB (a few hundred microseconds of parsing) that came so often that the GUI thread
            # waiting for the GIL seldom got its turn: on a job thread, a 250,000-row export froze the window for
            # 1-2 s at a time (Python's "convoy effect"; benchmarks/bench_calibration_gui.py).
            handle._CHUNK_SIZE = _CHUNK  # type: ignore[attr-defined]  # TextIOWrapper's, in C and in _pyio
            reader = csv.reader(handle, delimiter=self.delimiter)
            next(reader, None)
            while True:
                try:
                    fields = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    errors.append((reader.line_num, f"malformed CSV: {exc}"))
                    continue
                if fields:
                    yield reader.line_num, fields

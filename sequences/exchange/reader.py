"""Reading a foreign definition file defensively: size cap, UTF-8, JSON, depth, and typed access by place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, overload

from ..errors import DocumentError

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_ITEMS = 5_000


def read_json(path: str | Path) -> Any:
    path = Path(path)
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise DocumentError(f"the file is {size / 1048576:.1f} MiB; imports may be at most"
                                f" {MAX_IMPORT_BYTES // 1048576} MiB", file=file)
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read the file: {exc.strerror or exc}", file=file) from None
    if raw.startswith(b"PK\x03\x04"):
        raw = _json_in_zip(raw, file)
    return parse_json(raw, file)


def _json_in_zip(raw: bytes, file: str) -> bytes:
    """The one JSON member of a ZIP (Mautic's campaign export), read with a cap on its unpacked size."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [i for i in archive.infolist() if i.filename.lower().endswith(".json") and not i.is_dir()]
            if len(members) != 1:
                raise DocumentError(f"the ZIP holds {len(members)} JSON files; a campaign export holds one",
                                    file=file)
            if members[0].file_size > MAX_IMPORT_BYTES:
                raise DocumentError("the JSON in the ZIP is too large to import", file=file)
            with archive.open(members[0]) as member:
                return member.read(MAX_IMPORT_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise DocumentError(f"not a readable ZIP file ({exc})", file=file) from None


def parse_json(raw: bytes | str, file: str) -> Any:
    if isinstance(raw, bytes):
        if len(raw) > MAX_IMPORT_BYTES:
            raise DocumentError("the file is too large to import", file=file)
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"the file is not UTF-8 text (byte {exc.start})", file=file) from None
    if not raw.strip():
        raise DocumentError("the file is empty", file=file)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=file, line=exc.lineno) from None
    except RecursionError:
        raise DocumentError(f"the file nests deeper than {MAX_DEPTH} levels", file=file) from None
    _check_depth(data, file)
    return data


def _check_depth(data: Any, file: str) -> None:
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DocumentError(f"the file nests deeper than {MAX_DEPTH} levels", file=file)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


class Reader:
    """Typed access that fails with the file and the place (``actions[3].connection``)."""

    def __init__(self, file: str):
        self.file = file

    def fail(self, problem: str, path: str = "") -> DocumentError:
        return DocumentError(problem, file=self.file, path=path)

    def obj(self, value: Any, path: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(f"expected an object, found {_kind(value)}", path)
        return value

    def arr(self, value: Any, path: str, limit: int = MAX_ITEMS) -> list:
        if not isinstance(value, list):
            raise self.fail(f"expected a list, found {_kind(value)}", path)
        if len(value) > limit:
            raise self.fail(f"{len(value)} items is more than the {limit} an import may hold", path)
        return value

    @overload
    def key(self, value: Any, path: str, optional: Literal[False] = False) -> str: ...
    @overload
    def key(self, value: Any, path: str, optional: bool) -> str | None: ...

    def key(self, value: Any, path: str, optional: bool = False) -> str | None:
        """An id: a string or a whole number, written as text."""
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            raise self.fail(f"expected an id (text or a whole number), found {_kind(value)}", path)
        return str(value)

    def text(self, value: Any, path: str, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.fail(f"expected text, found {_kind(value)}", path)
        return str(value)

    def number(self, value: Any, path: str, default: float | None = None) -> float:
        if value is None or value == "":
            if default is None:
                raise self.fail("a number is missing", path)
            return default
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self.fail(f"expected a number, found {_kind(value)}", path) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise self.fail("expected a finite number", path)
        return number


def as_dict(value: Any) -> dict:
    """``value`` if it is an object, else an empty one: for optional parts read leniently."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    return f"the number {value}"

"""Reading and writing ``*.nurture.yaml`` (round-trip, comments kept) and ``.json`` documents."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from .document import GENERATOR, Document
from .errors import DocumentError
from .locate import describe_loc, line_of
from .migrations import migrate
from .nodes import NODE_KINDS
from .roundtrip import merge, to_commented
from .roundtrip import normalise as normalise_tree
from .storage import atomic_write, format_of
from .yaml_guard import MAX_DEPTH, MAX_DIGITS, GuardedParser, check_comments, yaml_error

MAX_BYTES = 5 * 1024 * 1024
ALWAYS_WRITTEN = ("schema_version", "name", "generator")
_ITEM = re.compile(r"\b(nodes|edges)\[(\d+)\]")


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096  # never fold a user's long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _plain(value: Any, depth: int = 0) -> Any:
    """ruamel's tree (or parsed JSON) to plain Python, refusing depth the model never has."""
    if depth > MAX_DEPTH:
        raise DocumentError(f"the document nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    raise DocumentError(f"unsupported value {value!r} of type {type(value).__name__}")


def _decode(raw: bytes, file: str | None) -> str:
    if len(raw) > MAX_BYTES:
        raise DocumentError(f"the file is {len(raw) / 1048576:.1f} MiB; documents may be at most 5 MiB", file=file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DocumentError(f"the file is not UTF-8 text (byte {exc.start})", file=file, line=line) from None


def _parse_json(text: str, file: str | None) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict:
        keys = [k for k, _ in items]
        dup = sorted({k for k in keys if keys.count(k) > 1})
        if dup:
            raise DocumentError(f"key {dup[0]!r} appears twice in one object", file=file)
        return dict(items)

    def number(literal: str) -> int:
        if len(literal) > MAX_DIGITS:
            line = text.count("\n", 0, text.find(literal)) + 1
            raise DocumentError(f"the number {literal[:20]}... has {len(literal):,} digits; no figure in a document"
                                f" needs more than {MAX_DIGITS}", file=file, line=line)
        return int(literal)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=number)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=file, line=exc.lineno) from None
    except RecursionError:
        raise DocumentError(f"the file nests deeper than {MAX_DEPTH} levels", file=file) from None


def _parse_yaml(text: str, file: str | None) -> Any:
    check_comments(text, file)
    yaml = _yaml()
    yaml.Parser = GuardedParser  # refuses aliases, tags, depth and floods while it loads: one pass
    yaml.guard_file = file  # type: ignore[attr-defined]  # read back by GuardedParser
    try:
        return yaml.load(text)
    except (YAMLError, RecursionError) as exc:
        raise yaml_error(exc, file) from None
    except (ValueError, IndexError, TypeError, OverflowError, KeyError) as exc:
        # ruamel's constructors trip over some odd plain scalars (``._``, ``+_``) instead of reading a string.
        raise DocumentError(f"not valid YAML: a value cannot be read ({exc})", file=file) from None


def parse_document(text: str, file: str | None = None, fmt: str = "yaml") -> tuple[Document, Any]:
    """Text to a validated Document and the raw tree it came from (kept for round-trip saves)."""
    tree = _parse_json(text, file) if fmt == "json" else _parse_yaml(text, file)
    if not isinstance(tree, dict):
        kind = "empty" if tree is None else "a list" if isinstance(tree, list) else f"a single {type(tree).__name__}"
        raise DocumentError(f"a document must be a mapping of keys to values, but this file is {kind}", file=file)
    try:
        data = _plain(tree)
    except DocumentError as exc:
        raise DocumentError(exc.problem, file=file) from None
    try:
        data = migrate(data, file)
    except DocumentError as exc:
        raise DocumentError(exc.problem, file=file, line=line_of(tree, ("schema_version",)), path=exc.path) from None
    try:
        document = Document.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, dict(data), tree, file) from None
    return document, tree


# pydantic's words for a wrong shape, in the words of someone editing the file.
_SHAPES = {
    "tuple_type": "should be a list", "list_type": "should be a list",
    "dict_type": "should be a mapping (key: value pairs)", "model_type": "should be a mapping of fields",
    "model_attributes_type": "should be a mapping of fields", "string_type": "should be text",
}


def _explain(exc: ValidationError, data: dict, tree: Any, file: str | None) -> DocumentError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = tuple(first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    # Whole-list checks (duplicate ids, dangling edges) name the item in their message: point at it,
    # and leave the item out of the message, since the path now names it.
    item = _ITEM.search(message)
    if item and loc and loc[-1] in ("sequence",):
        loc = (*loc, item.group(1), int(item.group(2)))
        message = message.replace(f" ({item.group(0)})", "").replace(f"{item.group(0)} ", "the edge ", 1)
    path = describe_loc(loc, data)
    kind = first["type"]
    given = first.get("input")
    if kind == "extra_forbidden":
        message = f"unknown field '{loc[-1]}'"
    elif kind == "missing":
        message = f"the required field '{loc[-1]}' is missing" if loc else "a required field is missing"
    elif kind == "union_tag_invalid":
        known = ", ".join(NODE_KINDS)
        message = f"unknown node kind {given.get('kind')!r} (kinds: {known})" if isinstance(given, dict) else message
    elif kind == "union_tag_not_found":
        message = f"a node needs a kind ({', '.join(NODE_KINDS)})"
    elif kind in _SHAPES:
        message = f"{_SHAPES[kind]}, not {_shown(given)}"
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    return DocumentError(message + more, file=file, line=line_of(tree, loc), path=path)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _format_of(path: Path) -> str:
    return format_of(path)


def read_document(path: str | Path) -> tuple[Document, Any]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(f"the file is {size / 1048576:.1f} MiB; documents may be at most 5 MiB",
                                file=str(path))
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    return parse_document(_decode(raw, str(path)), str(path), _format_of(path))


def load_document(path: str | Path) -> Document:
    return read_document(path)[0]


def document_data(document: Document, exclude_defaults: bool = True) -> dict[str, Any]:
    """Plain data as saved: defaults left out (they belong to the schema version), fixed keys kept."""
    data = document.model_dump(mode="json", by_alias=True, exclude_defaults=exclude_defaults)
    ordered = {key: getattr(document, key) for key in ALWAYS_WRITTEN}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return _tidy(ordered)


def _tidy(value: Any) -> Any:
    """Whole floats are written as ints (``20`` not ``20.0``) and a node's kind follows its id:
    files read like people write them."""
    if isinstance(value, dict):
        if "kind" in value and "id" in value:
            value = {"id": value["id"], "kind": value["kind"], **value}
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def dump_document(document: Document, template: Any = None, fmt: str = "yaml", normalise: bool = False) -> str:
    """The file text; ``template`` (the tree read from the file) keeps the user's comments and key order,
    and ``normalise`` puts keys in the model's order while keeping the comments."""
    data = document_data(document)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if isinstance(template, CommentedMap):
        full = document_data(document, exclude_defaults=False)
        tree = merge(template, data, full)
        if normalise:
            tree = normalise_tree(tree, full)
    else:
        tree = to_commented(data, depth=0)
    buffer = io.StringIO()
    _yaml().dump(tree, buffer)
    return buffer.getvalue()


class Saved(NamedTuple):
    """What a save wrote: the tree (the next save's template) and the exact bytes now in the file."""

    tree: Any
    data: bytes


def write_document(document: Document, path: str | Path, template: Any = None, normalise: bool = False) -> Saved:
    """Atomic save with one ``.bak`` generation, in the format the path's suffix names.

    The template is merged in place: copying it first would cost seconds on a large sequence, and after
    the save the merged tree is what the file holds."""
    path = Path(path)
    fmt = format_of(path)
    document = document.model_copy(update={"generator": GENERATOR})
    tree = None
    if fmt == "yaml":
        tree = template if isinstance(template, CommentedMap) else to_commented(document_data(document), depth=0)
    data = dump_document(document, tree, fmt, normalise).encode("utf-8")
    atomic_write(path, data)
    return Saved(tree, data)


def save_document(document: Document, path: str | Path, template: Any = None, normalise: bool = False) -> Any:
    """Atomic save with one ``.bak`` generation; returns the tree written (the next save's template)."""
    return write_document(document, path, template, normalise).tree

"""Refuses hostile YAML as it is parsed: aliases (alias bombs), custom tags, deep nesting, floods, huge text."""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.parser import RoundTripParser

from .errors import DocumentError

MAX_DEPTH = 40
# The largest sequence the model allows (5,000 nodes and their edges) is about 80,000 events.
MAX_EVENTS = 200_000
# ruamel gathers a comment one character at a time, in time that grows with the square of its length.
MAX_COMMENT = 10_000
MAX_TEXT = 10_000  # the model's longest string
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}
# An explicit tag whose value does not read as that type (``!!bool maybe``) crashes ruamel's constructors.
_TYPED_TAGS = {f"tag:yaml.org,2002:{name}": name for name in ("int", "float", "bool", "null")}
# Python refuses to turn more than 4,300 digits into an int; no figure in a document needs more than this.
MAX_DIGITS = 40


def _line(event) -> int | None:
    mark = getattr(event, "start_mark", None)
    return None if mark is None else mark.line + 1


class EventGuard:
    """Watches parser events one by one and raises DocumentError at the first a document never needs."""

    def __init__(self, file: str | None):
        self.file = file
        self.depth = 0
        self.count = 0

    def see(self, event: Any) -> None:
        file = self.file
        self.count += 1
        if self.count > MAX_EVENTS:
            raise DocumentError("the file holds far more values than any document needs", file=file)
        if isinstance(event, AliasEvent):
            raise DocumentError(f"YAML aliases (*{event.anchor}) are not allowed in documents", file=file,
                                line=_line(event))
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise DocumentError(f"YAML anchors (&{event.anchor}) are not allowed in documents", file=file,
                                line=_line(event))
        tag = getattr(event, "tag", None)
        tag = getattr(tag, "value", tag)
        if tag is not None and str(tag) not in _ALLOWED_TAGS and str(tag) != "!":
            raise DocumentError(f"YAML tag {tag} is not allowed in documents", file=file, line=_line(event))
        if isinstance(event, ScalarEvent) and len(event.value) > MAX_TEXT:
            raise DocumentError(f"a value here is {len(event.value)} characters long; text fields hold at most"
                                f" {MAX_TEXT}", file=file, line=_line(event))
        if isinstance(event, CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise DocumentError(f"the file nests deeper than {MAX_DEPTH} levels", file=file, line=_line(event))
        elif isinstance(event, CollectionEndEvent):
            self.depth -= 1


def _shown(value: str) -> str:
    return repr(value) if len(value) <= 40 else repr(value[:37] + "...")


class GuardedParser(RoundTripParser):
    """ruamel's round-trip parser with an EventGuard: the composer never sees an event the guard refuses,
    so a file is checked and loaded in one pass. The loader carries the file name as ``guard_file``."""

    def get_event(self) -> Any:
        event = super().get_event()
        guard = getattr(self, "_guard", None)
        if guard is None:
            guard = self._guard = EventGuard(getattr(self.loader, "guard_file", None))
        guard.see(event)
        if isinstance(event, ScalarEvent):
            self._check_scalar(event, guard.file)
        return event

    def _check_scalar(self, event: ScalarEvent, file: str | None) -> None:
        tag = getattr(event.tag, "value", event.tag)
        plain = event.style is None
        if tag is None and plain and sum(ch.isdigit() for ch in event.value) > MAX_DIGITS:
            raise DocumentError(f"the number {_shown(event.value)} has more than {MAX_DIGITS} digits; no figure in"
                                " a document needs that many", file=file, line=_line(event))
        if tag is None or str(tag) not in _TYPED_TAGS:
            return
        resolved = self.loader.resolver.resolve(ScalarNode, event.value, (True, False))
        if resolved != tag or sum(ch.isdigit() for ch in event.value) > MAX_DIGITS:
            kind = _TYPED_TAGS[str(tag)]
            raise DocumentError(f"{_shown(event.value)} is tagged !!{kind} but is not a {kind} value"
                                " (drop the tag, or write the value as YAML writes that type)",
                                file=file, line=_line(event))


def yaml_error(exc: Exception, file: str | None) -> DocumentError:
    """ruamel's syntax errors (and a stack overflow) as a DocumentError with the line."""
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        problem = exc.problem or exc.context or "the file is not valid YAML"
        return DocumentError(f"not valid YAML: {problem}", file=file, line=line)
    if isinstance(exc, RecursionError):
        return DocumentError(f"the file nests deeper than {MAX_DEPTH} levels", file=file)
    return DocumentError(f"not valid YAML: {exc}", file=file)


def check_yaml(text: str, file: str | None) -> None:
    """Scan the text once without building anything; raise DocumentError at the first problem."""
    check_comments(text, file)
    guard = EventGuard(file)
    try:
        for event in YAML(typ="rt", pure=True).parse(text):
            guard.see(event)
    except (YAMLError, RecursionError) as exc:
        raise yaml_error(exc, file) from None


def check_comments(text: str, file: str | None) -> None:
    """Refuses a comment longer than any person writes, before the scanner spends minutes on it."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) <= MAX_COMMENT:
            continue
        at = line.find("#")
        while at != -1 and len(line) - at > MAX_COMMENT:
            if at == 0 or line[at - 1] in " \t":
                raise DocumentError(f"this line holds a comment longer than {MAX_COMMENT} characters",
                                    file=file, line=number)
            at = line.find("#", at + 1)

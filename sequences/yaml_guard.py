"""Refuses hostile YAML before it is composed: aliases (alias bombs), custom tags, deep nesting, floods."""

from __future__ import annotations

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)

from .errors import DocumentError

MAX_DEPTH = 40
# The largest sequence the model allows (5,000 nodes and their edges) is about 80,000 events.
MAX_EVENTS = 250_000
# ruamel gathers a comment one character at a time, in time that grows with the square of its length.
MAX_COMMENT = 10_000
MAX_TEXT = 10_000  # the model's longest string: refuse longer ones before a second, slower pass
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}


def _line(event) -> int | None:
    mark = getattr(event, "start_mark", None)
    return None if mark is None else mark.line + 1


def check_yaml(text: str, file: str | None) -> None:
    """Scan the event stream once; raise DocumentError at the first thing a document never needs."""
    _check_comments(text, file)
    depth = 0
    try:
        for count, event in enumerate(YAML(typ="rt", pure=True).parse(text)):
            if count > MAX_EVENTS:
                raise DocumentError("the file holds far more values than any document needs", file=file)
            if isinstance(event, AliasEvent):
                raise DocumentError(
                    f"YAML aliases (*{event.anchor}) are not allowed in documents", file=file, line=_line(event)
                )
            if isinstance(event, NodeEvent) and event.anchor is not None:
                raise DocumentError(
                    f"YAML anchors (&{event.anchor}) are not allowed in documents", file=file, line=_line(event)
                )
            tag = getattr(event, "tag", None)
            tag = getattr(tag, "value", tag)
            if tag is not None and str(tag) not in _ALLOWED_TAGS and str(tag) != "!":
                raise DocumentError(f"YAML tag {tag} is not allowed in documents", file=file, line=_line(event))
            if isinstance(event, ScalarEvent) and len(event.value) > MAX_TEXT:
                raise DocumentError(f"a value here is {len(event.value)} characters long; text fields hold at most"
                                    f" {MAX_TEXT}", file=file, line=_line(event))
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise DocumentError(
                        f"the file nests deeper than {MAX_DEPTH} levels", file=file, line=_line(event)
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        problem = exc.problem or exc.context or "the file is not valid YAML"
        raise DocumentError(f"not valid YAML: {problem}", file=file, line=line) from None
    except YAMLError as exc:
        raise DocumentError(f"not valid YAML: {exc}", file=file) from None
    except RecursionError:
        raise DocumentError(f"the file nests deeper than {MAX_DEPTH} levels", file=file) from None


def _check_comments(text: str, file: str | None) -> None:
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

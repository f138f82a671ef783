"""Turns a pydantic error location into words (``sequence.nodes[3] 'welcome'.subject``) and a line number."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .nodes import NODE_KINDS


def _is_union_tag(part: Any, container: Any) -> bool:
    # pydantic puts the discriminator value (or a type name) into the location of union members.
    if not isinstance(part, str):
        return False
    if isinstance(container, dict) and part in container:
        return False
    return part in NODE_KINDS or "[" in part or part in ("str", "float", "bool", "int", "tuple", "function-after")


def describe_loc(loc: tuple[Any, ...], data: Any) -> str:
    """A readable path; list items that have an id or name are named by it."""
    words = ""
    current = data
    for part in loc:
        if _is_union_tag(part, current):
            continue
        if isinstance(part, int):
            words += f"[{part}]"
            item = current[part] if isinstance(current, list) and 0 <= part < len(current) else None
            if isinstance(item, dict):
                name = item.get("id", item.get("name"))
                if isinstance(name, str):
                    words += f" ({name!r})"
            current = item
        else:
            words += f".{part}" if words else str(part)
            current = current.get(part) if isinstance(current, dict) else None
    return words


def line_of(tree: Any, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest part of ``loc`` found in ruamel's tree (None for JSON)."""
    line = None
    current = tree
    for part in loc:
        if _is_union_tag(part, current):
            continue
        try:
            if isinstance(current, CommentedMap) and part in current:
                line = current.lc.key(part)[0] + 1
                current = current[part]
            elif isinstance(current, CommentedSeq) and isinstance(part, int) and 0 <= part < len(current):
                line = current.lc.item(part)[0] + 1
                current = current[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line

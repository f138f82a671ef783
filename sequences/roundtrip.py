"""Merges fresh document data into the tree read from the user's file, so comments and key order survive."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString, SingleQuotedScalarString

FLOW_MAX_CHARS = 100
# ruamel writes these raw inside plain or single-quoted scalars, where a reader folds them into spaces.
_UNSAFE = frozenset("\r\x85\u2028\u2029")


# ruamel may leave a string that starts with one of these unquoted where its own reader then stumbles
# (``{name: ?0}`` in a flow mapping): such strings are always quoted.
_INDICATORS = frozenset("?:-,[]{}#&*!|>'\"%@`")


def _scalar(value: Any) -> Any:
    """A string that would not read back as written is put in quotes (double quotes escape anything)."""
    if not isinstance(value, str) or isinstance(value, ScalarString):
        return value
    if _UNSAFE & set(value):
        return DoubleQuotedScalarString(value)
    if value[:1] in _INDICATORS:
        return SingleQuotedScalarString(value)
    return value


def _identity(item: Any) -> Any:
    """What makes a list item the same item across edits: its id, name, or edge key."""
    if isinstance(item, dict):
        if "id" in item:
            return ("id", item["id"])
        if "name" in item:
            return ("name", item["name"])
        if "from" in item and "to" in item:
            return ("edge", item["from"], item.get("port", "next"))
    return None


def _flat(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _short(value: Any) -> bool:
    return len(repr(value)) <= FLOW_MAX_CHARS


def to_commented(value: Any, depth: int = 1) -> Any:
    """Plain data to ruamel's tree; short leaf maps and short scalar lists use flow style."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[_scalar(key)] = to_commented(item, depth + 1)
        leaf = all(_flat(v) or (isinstance(v, list) and all(map(_flat, v))) for v in value.values())
        if depth > 0 and leaf and _short(value):
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(to_commented(v, depth + 1) for v in value)
        if all(map(_flat, value)) and _short(value):
            seq.fa.set_flow_style()
        return seq
    return _scalar(value)


def merge(old: Any, new: Any, full: Any, depth: int = 0) -> Any:
    """Return ``new`` expressed by reusing as much of ``old`` (and its comments) as possible.

    ``new`` leaves default values out; ``full`` has them. A default the user wrote out in the file
    stays written (with its new value), and a default the user left out is not added.
    """
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        full = full if isinstance(full, dict) else new
        for key in [k for k in old if k not in new and k not in full]:
            del old[key]
        for key in [k for k in old if k not in new and k in full]:
            # Only defaults below this key: a map contributes no new keys, anything else its value.
            implied = {} if isinstance(full[key], dict) else full[key]
            old[key] = merge(old[key], implied, full[key], depth + 1)
        previous = None
        for key, value in new.items():
            if key in old:
                old[key] = merge(old[key], value, full.get(key, value), depth + 1)
            else:
                # A new key goes where the model orders it (after its predecessor), not at the end.
                position = 0 if previous is None else list(old).index(previous) + 1
                old.insert(position, key, to_commented(value, depth + 1))
            previous = key
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        return _merge_seq(old, new, full if isinstance(full, list) and len(full) == len(new) else new, depth)
    if _same_scalar(old, new):
        # ruamel re-emits a float read from the file in its own shape, which can round off digits on
        # every save: floats are written from the model's value, other scalars keep their quoting.
        return new if isinstance(old, float) else old
    return to_commented(new, depth)


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        return False
    if isinstance(old, bool) != isinstance(new, bool):
        return False
    if isinstance(old, str) != isinstance(new, str):
        return False
    try:
        return bool(old == new)
    except Exception:  # noqa: BLE001 - odd scalar types simply are not reused
        return False


def _merge_seq(old: CommentedSeq, new: list, full: list, depth: int) -> CommentedSeq:
    old_by_key = {}
    for index, item in enumerate(old):
        key = _identity(item)
        if key is not None and key not in old_by_key:
            old_by_key[key] = index
    items = []
    comments = {}
    for new_index, value in enumerate(new):
        key = _identity(value)
        if key is not None and key in old_by_key:
            old_index = old_by_key[key]
        elif key is None and new_index < len(old) and _identity(old[new_index]) is None:
            old_index = new_index
        else:
            old_index = None
        if old_index is None:
            items.append(to_commented(value, depth + 1))
            continue
        items.append(merge(old[old_index], value, full[new_index], depth + 1))
        if old_index in old.ca.items:
            comments[new_index] = old.ca.items[old_index]
    old.clear()
    old.extend(items)
    old.ca.items.clear()
    old.ca.items.update(comments)
    return old


def normalise(tree: Any, full: Any) -> Any:
    """Puts every map's keys in the model's order (``full``) and whole floats as ints; comments stay."""
    if isinstance(tree, CommentedMap) and isinstance(full, dict):
        rank = {key: index for index, key in enumerate(full)}
        for key in sorted(tree, key=lambda k: rank.get(k, len(rank))):
            tree.move_to_end(key)
        for key in list(tree):
            if key in full:
                tree[key] = normalise(tree[key], full[key])
        return tree
    if isinstance(tree, CommentedSeq) and isinstance(full, list) and len(tree) == len(full):
        for index, item in enumerate(full):
            tree[index] = normalise(tree[index], item)
        return tree
    if isinstance(tree, float) and isinstance(full, int) and not isinstance(full, bool) and tree == full:
        return full
    return tree

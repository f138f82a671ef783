"""The one editor factory: picks a property editor from a pydantic field's type and metadata."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sequences import Document
from sequences.audience import DEFAULT_ROLES, DEFAULT_SOURCES, DEFAULT_TOPICS
from sequences.conditions import FLAG_FIELDS, NUMERIC_FIELDS, OP_WORDS, TOPIC_FIELDS

from .chips import ChipListEditor
from .editors import BoolEditor, ChoiceEditor, FieldEditor, NumberEditor, TextEditor
from .free_editors import ScalarEditor, YamlEditor

MULTILINE = {"description"}


@dataclass
class Vocabulary:
    """Words the document knows, offered as suggestions in id fields (``topic``, ``role``, ``offer``…)."""

    words: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> Vocabulary:
        audience = document.audience
        attributes = list(audience.attribute_values())
        nodes = [n.id for n in document.sequence.nodes]
        return cls({
            "topic": list(audience.topics),
            "role": list(audience.roles),
            "offer": [o.id for o in audience.offers],
            "field": attributes + list(NUMERIC_FIELDS + FLAG_FIELDS + TOPIC_FIELDS),
            "to": nodes,
            "entry": [n.id for n in document.sequence.nodes if n.kind == "entry"],
            "recycle_to": nodes,
            # Lists edited as chips: the defaults and what the document already uses.
            "roles": sorted(set(DEFAULT_ROLES) | set(audience.roles)),
            "topics": sorted(set(DEFAULT_TOPICS) | set(audience.topics)),
            "sources": sorted(set(DEFAULT_SOURCES) | set(audience.sources)),
        })

    def choices(self, name: str) -> list[str] | None:
        return self.words.get(name)


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (typing.Union, types.UnionType)


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def split_optional(annotation: Any) -> tuple[list[Any], bool]:
    """The non-None members of a union (or the type itself) and whether None is allowed."""
    annotation = _strip(annotation)
    if _is_union(annotation):
        members = [_strip(a) for a in get_args(annotation)]
        return [m for m in members if m is not type(None)], type(None) in members
    return [annotation], False


def _bounds(info: FieldInfo | None) -> tuple[float | None, float | None]:
    low = high = None
    for meta in info.metadata if info is not None else ():
        if isinstance(meta, annotated_types.Ge | annotated_types.Gt):
            low = float(getattr(meta, "ge", getattr(meta, "gt", 0)))
        if isinstance(meta, annotated_types.Le | annotated_types.Lt):
            high = float(getattr(meta, "le", getattr(meta, "lt", 0)))
    return low, high


def is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def editor_for(name: str, annotation: Any, info: FieldInfo | None, vocab: Vocabulary) -> FieldEditor:
    members, optional = split_optional(annotation)
    if len(members) > 1:
        if any(get_origin(m) is dict for m in members):
            return YamlEditor()
        return ScalarEditor()
    kind = members[0]
    origin = get_origin(kind)
    if origin is Literal:
        labels = {k: f"{v} ({k})" for k, v in OP_WORDS.items()} if name == "op" else None
        return ChoiceEditor([str(a) for a in get_args(kind)], optional=optional, labels=labels)
    if kind is bool:
        return BoolEditor()
    if kind in (int, float):
        low, high = _bounds(info)
        return NumberEditor(integer=kind is int, low=low, high=high, optional=optional)
    if kind is str:
        choices = vocab.choices(name)
        if choices is not None:
            return ChoiceEditor(choices, editable=True, optional=optional)
        return TextEditor(multiline=name in MULTILINE, optional=optional)
    if origin is tuple:
        item = _strip(get_args(kind)[0])
        if is_model(item):
            from .model_form import ListEditor

            return ListEditor(item, vocab)
        return ChipListEditor(vocab.choices(name) or vocab.choices(name.rstrip("s")))
    if is_model(kind) and not optional:
        from .model_form import ModelForm

        return ModelForm(kind, vocab, nested=True)
    # A model that may be none is a setting of its own: shown in full, its defaults included.
    return YamlEditor(defaults=is_model(kind))

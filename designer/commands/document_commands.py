"""Edits of the document's own fields (name, audience, scoring, scenarios) and whole-document swaps."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from sequences import Document

from ..document import DocumentModel

_MERGE_FIELD = 1002


class SetDocumentFieldCommand(QUndoCommand):
    """Sets one top-level field; repeated edits of the same field (``merge_key``) merge into one step."""

    def __init__(self, model: DocumentModel, name: str, value: Any, label: str = "",
                 merge_key: str | None = None):
        super().__init__(f"Edit {label or name.replace('_', ' ')}")
        self.model, self.name = model, name
        self.old = getattr(model.document, name)
        self.new = value
        self.merge_key = merge_key

    def id(self) -> int:
        return _MERGE_FIELD if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetDocumentFieldCommand) or other.merge_key != self.merge_key:
            return False
        if other.name != self.name:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.model.set_field(self.name, self.new)

    def undo(self) -> None:
        self.model.set_field(self.name, self.old)


class ReplaceDocumentCommand(QUndoCommand):
    def __init__(self, model: DocumentModel, document: Document, label: str = "Replace document"):
        super().__init__(label)
        self.model, self.old, self.new = model, model.document, document

    def redo(self) -> None:
        self.model.replace_document(self.new)

    def undo(self) -> None:
        self.model.replace_document(self.old)

"""A command made of parts, kept as Python references (Qt's parent-owned children lose their wrappers)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class MacroCommand(QUndoCommand):
    def __init__(self, text: str, parts: list[QUndoCommand] | None = None):
        super().__init__(text)
        self.parts: list[QUndoCommand] = list(parts or [])

    def add(self, part: QUndoCommand) -> QUndoCommand:
        self.parts.append(part)
        return part

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()

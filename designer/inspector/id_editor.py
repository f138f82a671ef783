"""The node id field: renaming is one undoable step, refused when the new id is taken or invalid."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from sequences import NODE_CLASSES

from ..commands.rename_command import rename_command
from ..document import DocumentModel


class IdEditor(QWidget):
    """Applies on Enter or when focus leaves, not per key: every rename rewires the node's connections."""

    renamed = Signal(str)

    def __init__(self, model: DocumentModel, node_id: str, report: Callable[[str], None]):
        super().__init__()
        self.model, self.node_id, self.report = model, node_id, report
        self.edit = QLineEdit(node_id)
        self.edit.setObjectName("node_id")
        self.edit.setToolTip("The id saved in the file; connections follow a rename")
        self.edit.editingFinished.connect(self.apply)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow("Id", self.edit)

    def problem(self, new: str) -> str | None:
        node = self.model.node(self.node_id)
        if new in self.model.ids():
            return f"id '{new}' is already used by another node"
        try:
            NODE_CLASSES[node.kind].model_validate(node.model_dump(by_alias=True) | {"id": new})
        except ValidationError as exc:
            return exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        return None  # references to the node (arrivals, recycling, export ids) follow the rename

    def apply(self) -> None:
        new = self.edit.text().strip()
        if new == self.node_id or self.model.read_only:
            return
        problem = self.problem(new)
        if problem is not None:
            self.report(problem)
            return
        old, self.node_id = self.node_id, new  # a focus-out after the rename must not try again
        self.model.undo_stack.push(rename_command(self.model, old, new))
        self.renamed.emit(new)

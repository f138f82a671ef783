"""A drag of one or more nodes becomes one MoveNodesCommand when the mouse is released."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..commands import MoveNodesCommand
from .node_item import NodeItem

if TYPE_CHECKING:
    from .scene import CanvasScene


class MoveGesture:
    def __init__(self, scene: CanvasScene):
        self.scene = scene
        self.before: dict[str, tuple[float, float]] = {}

    def press(self) -> None:
        self.before = {item.node_id: (item.pos().x(), item.pos().y())
                       for item in self.scene.selectedItems() if isinstance(item, NodeItem)}

    def release(self) -> None:
        before, self.before = self.before, {}
        after = {}
        for node_id in before:
            item = self.scene.node_items.get(node_id)
            if item is not None:
                after[node_id] = (item.pos().x(), item.pos().y())
        moved = {k: v for k, v in after.items() if v != before[k]}
        if not moved:
            return
        if self.scene.model.read_only:
            self.scene.sync_positions(list(moved))
            return
        old = {k: self.scene.model.position(k) for k in moved}
        self.scene.model.undo_stack.push(MoveNodesCommand(self.scene.model, old, moved))

"""The text of Help ▸ Keyboard Shortcuts: the canvas gestures, then every action's shortcuts from the action table."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence

from .action_table import ACTIONS

# Gestures are not actions, so the table cannot list them.
GESTURES = (
    ("Drag a palette entry onto the canvas", "Add a node"),
    ("Double-click the canvas / right-click", "Add a node there"),
    ("Drag from an output port to a node", "Connect (to empty canvas: add a connected node)"),
    ("Click, Ctrl+click, drag on empty canvas", "Select, add to selection, rubber-band"),
    ("Arrow keys (Shift: ×5)", "Nudge the selected nodes"),
    ("Wheel", "Zoom"),
    ("Middle-drag or Space+drag", "Pan"),
)


def shortcut_rows(actions: dict[str, QAction]) -> list[tuple[str, str]]:
    """(keys, what) for each action of the table that has a shortcut, as the window really binds it."""
    titles = {spec.id: spec.title for spec in ACTIONS}
    # The table's actions in its order, then those another owner made itself (File ▸ Export to…, Import…).
    order = [spec.id for spec in ACTIONS] + [key for key in actions if key not in titles]
    rows = []
    for key in order:
        action = actions.get(key)
        if action is None or not action.isVisible() or not action.shortcuts():
            continue
        keys = " / ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts())
        rows.append((keys, titles.get(key, action.text()).replace("&", "").rstrip("…")))
    return rows


def shortcuts_html(actions: dict[str, QAction]) -> str:
    rows = list(GESTURES) + shortcut_rows(actions)
    return "<table>" + "".join(
        f"<tr><td><b>{escape(keys)}</b></td><td>&nbsp;&nbsp;{escape(what)}</td></tr>" for keys, what in rows
    ) + "</table>"

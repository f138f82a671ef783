"""Builds the window's menus, actions and toolbar from designer.action_table, and binds commands to them by id."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from sequences import NODE_KINDS

from .action_table import ACTIONS, ACTIONS_BY_ID, MENUS, TOOLBAR, ActionSpec, menu_entries
from .icons import kind_icon

if TYPE_CHECKING:
    from .main_window import MainWindow


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    """The spec's shortcuts; a standard key expands to the platform's bindings for it."""
    keys: list[QKeySequence] = []
    for shortcut in spec.shortcuts:
        if shortcut.startswith("std:"):
            found = QKeySequence.keyBindings(getattr(QKeySequence.StandardKey, shortcut[4:]))
        else:
            found = [QKeySequence(shortcut)]
        keys += [k for k in found if k not in keys]
    return keys


def create_action(parent: QWidget, action_id: str) -> QAction:
    """A QAction made from the table row ``action_id``: title, shortcuts, tip, object name ``action_<id>``."""
    spec = ACTIONS_BY_ID[action_id]
    action = QAction(spec.title, parent)
    _configure(action, spec)
    return action


def _configure(action: QAction, spec: ActionSpec) -> None:
    action.setObjectName(f"action_{spec.id}")
    action.setShortcuts(key_sequences(spec))
    if spec.tip:
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
    action.setCheckable(spec.checkable)


def bind(window: QWidget, action_id: str, slot: Callable) -> QAction:
    """Connects ``slot`` to the window's action ``action_id`` (made from the table if the window has none yet)."""
    registry = getattr(window, "actions_by_key", None)
    action = registry.get(action_id) if registry is not None else None
    if action is None:
        action = create_action(window, action_id)
        window.addAction(action)  # shortcuts work while the menus are closed
        if registry is not None:
            registry[action_id] = action
    bound = getattr(window, "bound_actions", None)
    if bound is not None:
        if action_id in bound:
            action.triggered.disconnect()  # installing twice must not run the command twice
        bound.add(action_id)
    action.triggered.connect(slot)
    action.setVisible(True)
    return action


def register(window: MainWindow, action_id: str, action: QAction) -> QAction:
    """An action another object made (the File controller's, the undo stack's) joins the registry under its id."""
    if not action.objectName():
        action.setObjectName(f"action_{action_id}")
    window.actions_by_key[action_id] = action
    window.bound_actions.add(action_id)
    window.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """Every menu of the table, and in each one every action of the table, in table order."""
    bar = window.menuBar()
    for menu_spec in MENUS:
        if not menu_spec.parent:
            window.menus[menu_spec.id] = bar.addMenu(menu_spec.title)
    stack = window.model.undo_stack
    register(window, "undo", stack.createUndoAction(window, ACTIONS_BY_ID["undo"].title))
    register(window, "redo", stack.createRedoAction(window, ACTIONS_BY_ID["redo"].title))
    radios: dict[str, QActionGroup] = {}
    for spec in ACTIONS:
        action = window.actions_by_key.get(spec.id)
        if action is None:
            action = QAction(spec.title, window)
            window.addAction(action)
            window.actions_by_key[spec.id] = action
            action.setVisible(False)  # until a command is bound to it
        _configure(action, spec)
        if spec.radio:
            radios.setdefault(spec.radio, QActionGroup(window)).addAction(action)
    for kind in NODE_KINDS:
        window.actions_by_key[f"insert_{kind}"].setIcon(kind_icon(kind))
    for menu_spec in MENUS:
        menu = window.menus.get(menu_spec.id) or QMenu(menu_spec.title, window)
        window.menus[menu_spec.id] = menu
        for entry in menu_entries(menu_spec.id):
            menu.addSeparator() if entry is None else menu.addAction(window.actions_by_key[entry.id])
        if menu_spec.parent:
            parent = window.menus[menu_spec.parent]
            parent.addSeparator()
            parent.addMenu(menu)


def bind_window_actions(window: MainWindow) -> None:
    """The commands the window itself carries out."""
    edit, view = window.editing, window.view
    for action_id, slot in (
            ("cut", edit.cut), ("copy", edit.copy), ("paste", edit.paste), ("duplicate", edit.duplicate),
            ("delete", edit.delete_selection), ("select_all", edit.select_all), ("find", window.find_bar.start),
            ("auto_layout", edit.auto_layout), ("zoom_in", window.zoom_in), ("zoom_out", window.zoom_out),
            ("zoom_reset", view.reset_zoom), ("zoom_fit", view.zoom_to_fit), ("snap", window.set_snap),
            ("left_to_right", window.set_left_to_right), ("minimap", view.set_minimap_visible),
            ("theme_light", window.set_light_theme), ("theme_dark", window.set_dark_theme),
            ("shortcuts", window.show_shortcuts), ("about", window.show_about)):
        bind(window, action_id, slot)
    for kind in NODE_KINDS:
        bind(window, f"insert_{kind}", partial(window.insert_kind, kind))


def context(window: MainWindow) -> dict[str, bool]:
    """The facts ``enabled_when`` is written in."""
    nodes, edges = window.scene.selected_node_ids(), window.scene.selected_edge_keys()
    return {"editable": not window.model.read_only, "nodes_selected": bool(nodes),
            "anything_selected": bool(nodes or edges)}


def update_enabled(window: MainWindow) -> None:
    facts = context(window)
    for spec in ACTIONS:
        if spec.enabled_when:
            window.actions_by_key[spec.id].setEnabled(all(facts[key] for key in spec.enabled_when))


def build_toolbar(window: MainWindow) -> None:
    bar = window.addToolBar("Main")
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    stack = window.model.undo_stack
    pending_separator = False
    for entry in TOOLBAR:
        if entry is None:
            pending_separator = bool(bar.actions())
            continue
        action = window.actions_by_key.get(entry)
        if entry != "find_bar" and (action is None or entry not in window.bound_actions):
            continue  # a File or Forecast command this window does not have
        if pending_separator:
            bar.addSeparator()
            pending_separator = False
        if entry == "find_bar":
            bar.addWidget(window.find_bar)
        elif entry in ("undo", "redo"):
            # The stack's own actions rename themselves after each command: too long for a toolbar button.
            text = entry.capitalize()
            can, changed = (stack.canUndo, stack.canUndoChanged) if entry == "undo" else (stack.canRedo,
                                                                                         stack.canRedoChanged)
            button = bar.addAction(text, getattr(stack, entry))
            button.setObjectName(f"toolbar_{entry}")
            button.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.NativeText)})")
            button.setEnabled(can())
            changed.connect(button.setEnabled)
        else:
            bar.addAction(action)
    window.toolbar = bar

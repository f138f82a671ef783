"""The window's Edit, View, Insert and Help actions with their standard shortcuts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from sequences import NODE_KINDS

from .canvas.node_facts import KIND_LABELS
from .extensions import MENU_TITLES, available
from .icons import kind_icon

if TYPE_CHECKING:
    from .main_window import MainWindow

Keys = QKeySequence.StandardKey


def _action(window: MainWindow, key: str, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
    action = QAction(text, window)
    action.setObjectName(f"action_{key}")
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work while the menus are closed
    window.actions_by_key[key] = action
    return action


def build_actions(window: MainWindow) -> None:
    edit, view, model = window.editing, window.view, window.model
    undo = model.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(QKeySequence.keyBindings(Keys.Undo))
    redo = model.undo_stack.createRedoAction(window, "&Redo")
    redo_keys = QKeySequence.keyBindings(Keys.Redo)
    for extra in ("Ctrl+Y", "Ctrl+Shift+Z"):
        if QKeySequence(extra) not in redo_keys:
            redo_keys.append(QKeySequence(extra))
    redo.setShortcuts(redo_keys)
    for key, action in (("undo", undo), ("redo", redo)):
        action.setObjectName(f"action_{key}")
        window.addAction(action)
        window.actions_by_key[key] = action
    _action(window, "cut", "Cu&t", edit.cut, QKeySequence.keyBindings(Keys.Cut), "Cut the selected nodes")
    _action(window, "copy", "&Copy", edit.copy, QKeySequence.keyBindings(Keys.Copy), "Copy the selected nodes")
    _action(window, "paste", "&Paste", edit.paste, QKeySequence.keyBindings(Keys.Paste), "Paste nodes")
    _action(window, "duplicate", "D&uplicate", edit.duplicate, ["Ctrl+D"], "Duplicate the selected nodes")
    _action(window, "delete", "&Delete", edit.delete_selection, ["Delete", "Backspace"],
            "Delete the selected nodes and connections")
    _action(window, "select_all", "Select &All", edit.select_all, QKeySequence.keyBindings(Keys.SelectAll))
    _action(window, "find", "&Find Node…", window.find_bar.start, QKeySequence.keyBindings(Keys.Find),
            "Find a node by id, title or subject")
    _action(window, "auto_layout", "Auto-&Layout", edit.auto_layout, ["Ctrl+L"],
            "Arrange the nodes in layers from left to right")
    _action(window, "zoom_in", "Zoom &In", lambda: view.zoom_by(1.25), ["Ctrl++", "Ctrl+="])
    _action(window, "zoom_out", "Zoom &Out", lambda: view.zoom_by(0.8), ["Ctrl+-"])
    _action(window, "zoom_reset", "&Actual Size", view.reset_zoom, ["Ctrl+0"])
    _action(window, "zoom_fit", "Zoom to &Fit", view.zoom_to_fit, ["F"], "Show the whole sequence")
    snap = _action(window, "snap", "&Snap to Grid", window.set_snap, ["Ctrl+'"])
    snap.setCheckable(True)
    themes = QActionGroup(window)
    for name in ("light", "dark"):
        action = _action(window, f"theme_{name}", f"&{name.capitalize()} Theme",
                         lambda _=False, n=name: window.set_theme(n))
        action.setCheckable(True)
        themes.addAction(action)
    for kind in NODE_KINDS:
        action = _action(window, f"insert_{kind}", KIND_LABELS[kind], lambda _=False, k=kind: edit.add_node(k),
                         tip=f"Add a {KIND_LABELS[kind].lower()} node at the centre of the canvas")
        action.setIcon(kind_icon(kind))
    _action(window, "shortcuts", "&Keyboard Shortcuts", window.show_shortcuts, ["F1"])
    _action(window, "about", "&About Nurture Studio", window.show_about)


def build_menus(window: MainWindow) -> None:
    a = window.actions_by_key
    bar = window.menuBar()
    edit = bar.addMenu("&Edit")
    for key in ("undo", "redo", None, "cut", "copy", "paste", "duplicate", "delete", None, "select_all", "find",
                None, "auto_layout"):
        edit.addSeparator() if key is None else edit.addAction(a[key])
    view = bar.addMenu("&View")
    for key in ("zoom_in", "zoom_out", "zoom_reset", "zoom_fit", None, "snap", None, "theme_light",
                "theme_dark", None):
        view.addSeparator() if key is None else view.addAction(a[key])
    panels = view.addMenu("&Panels")
    for dock in window.docks.values():
        panels.addAction(dock.toggleViewAction())
    insert = bar.addMenu("&Insert")
    for kind in NODE_KINDS:
        insert.addAction(a[f"insert_{kind}"])
    for key in sorted({menu for _, _, menu in available()}):
        window.menus[key] = bar.addMenu(MENU_TITLES[key])
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a["shortcuts"])
    help_menu.addAction(a["about"])
    window.menus.update({"edit": edit, "view": view, "insert": insert, "help": help_menu})


def build_toolbar(window: MainWindow) -> None:
    a = window.actions_by_key
    bar = window.addToolBar("Main")
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    files = getattr(window.file_controller, "actions", {}) if window.file_controller else {}
    for key in ("new", "open", "save"):
        if key in files:
            bar.addAction(files[key])
    if files:
        bar.addSeparator()
    stack = window.model.undo_stack
    # The stack's own actions rename themselves after each command: too long for a toolbar button.
    for text, slot, signal, can in (("Undo", stack.undo, stack.canUndoChanged, stack.canUndo),
                                    ("Redo", stack.redo, stack.canRedoChanged, stack.canRedo)):
        button = bar.addAction(text, slot)
        button.setToolTip(f"{text} ({a[text.lower()].shortcut().toString(QKeySequence.NativeText)})")
        button.setEnabled(can())
        signal.connect(button.setEnabled)
    for key in (None, "delete", "duplicate", None, "zoom_out", "zoom_in", "zoom_fit", "auto_layout"):
        bar.addSeparator() if key is None else bar.addAction(a[key])
    bar.addSeparator()
    bar.addWidget(window.find_bar)

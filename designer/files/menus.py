"""The two File submenus whose entries change: New from Template ▸ and Open Recent ▸."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu

from .recent import RecentFiles
from .templates import templates

CLEAR_RECENT = "Clear Recent Files"


def fill_template_menu(menu: QMenu) -> None:
    """One entry per example document; the entry's data is the file's path."""
    menu.clear()
    for title, path in templates():
        menu.addAction(title).setData(str(path))
    if menu.isEmpty():
        menu.addAction("(no templates)").setEnabled(False)


def fill_recent_menu(menu: QMenu, recent: RecentFiles) -> None:
    """Most recent first, numbered for the keyboard, then a way to clear the list."""
    menu.clear()
    for number, path in enumerate(recent.paths(), start=1):
        action = menu.addAction(f"&{number % 10} {path.name}  —  {path.parent}")
        action.setData(str(path))
        action.setStatusTip(str(path))
    if menu.isEmpty():
        menu.addAction("(no recent files)").setEnabled(False)
        return
    menu.addSeparator()
    menu.addAction(CLEAR_RECENT).triggered.connect(recent.clear)


def chosen_path(action) -> Path | None:
    data = action.data()
    return Path(data) if data else None

"""File ▸ menu of a window: New, Open, Save, Revert, recent files, picture export, recovery and locks."""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from sequences import Document, DocumentError, read_document

from ..document import DocumentModel
from .autosave import DELAY_MS, Autosaver
from .dialogs import FileDialogs
from .lock import DocumentLock
from .menus import chosen_path, fill_recent_menu, fill_template_menu
from .picture import ExportError, export_scene, find_scene
from .recent import RecentFiles
from .recovery import discard_orphan, find_orphans, load_orphan, set_aside
from .saving import SaveError, save_document_file
from .state import drop_token, hold_token

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


class FileController(QObject):
    """Owns the file actions of one window and everything that keeps its document from being lost."""

    def __init__(self, window: QMainWindow, model: DocumentModel, autosave_delay_ms: int = DELAY_MS):
        super().__init__(window)
        self.window = window
        self.model = model
        self.dialogs = FileDialogs(window)
        self.recent = RecentFiles(self)
        # Autosaves and locks of this window count as alive exactly as long as the window does.
        self.session = uuid.uuid4().hex
        hold_token(self.session)
        self.destroyed.connect(partial(drop_token, self.session))
        self.autosaver = Autosaver(model, self, autosave_delay_ms, owner=self.session)
        self.autosaver.failed.connect(self._status)
        self.lock: DocumentLock | None = None
        self.actions: dict[str, QAction] = {}
        self._make_actions()
        self.template_menu = QMenu("New from &Template", window)
        self.template_menu.aboutToShow.connect(partial(fill_template_menu, self.template_menu))
        self.template_menu.triggered.connect(self._template_chosen)
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(partial(fill_recent_menu, self.recent_menu, self.recent))
        self.recent_menu.triggered.connect(self._recent_chosen)
        model.cleanChanged.connect(self._update_actions)
        model.pathChanged.connect(self._update_actions)
        model.pathChanged.connect(self._path_changed)
        self._update_actions()

    # -- actions and menu --------------------------------------------------------------------------
    def _action(self, key: str, text: str, slot, shortcut=None, tip: str = "") -> None:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)  # shortcuts work even before the menu is shown
        self.actions[key] = action

    def _make_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self._action("new", "&New", self.new, keys.New, "Start an empty document")
        self._action("open", "&Open…", self.open, keys.Open, "Open a document")
        self._action("save", "&Save", self.save, keys.Save, "Save the document")
        self._action("save_as", "Save &As…", self.save_as, keys.SaveAs, "Save the document under a new name")
        self._action("revert", "Re&vert", self.revert, None, "Reload the document from disk")
        self._action("export_picture", "&Export Picture…", self.export_picture, None,
                     "Export the canvas as PNG, SVG or PDF")
        self._action("quit", "&Quit", self.quit, keys.Quit, "Close every window and quit")

    def populate_file_menu(self, menu: QMenu) -> None:
        menu.addAction(self.actions["new"])
        menu.addMenu(self.template_menu)
        menu.addAction(self.actions["open"])
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        for key in ("save", "save_as", "revert"):
            menu.addAction(self.actions[key])
        menu.addSeparator()
        menu.addAction(self.actions["export_picture"])
        menu.addSeparator()
        menu.addAction(self.actions["quit"])

    def _template_chosen(self, action: QAction) -> None:
        path = chosen_path(action)
        if path is not None:
            self.new_from_template(path)

    def _recent_chosen(self, action: QAction) -> None:
        path = chosen_path(action)
        if path is None:
            return
        if not path.is_file():
            self.dialogs.show_error("Open Recent", f"{path}: the file no longer exists.")
            self.recent.remove(path)
            return
        self.open_path(path)

    def _update_actions(self, *_signal_args) -> None:
        self.actions["revert"].setEnabled(self.model.path is not None and self.model.is_modified())

    def _path_changed(self, path) -> None:
        # A document swapped in by other code (an import) must not keep the old file locked.
        if self.lock is not None and (path is None or Path(path).resolve() != self.lock.path):
            self.lock.release()
            self.lock = None

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)

    # -- the document's life -----------------------------------------------------------------------
    def _settle_changes(self) -> bool:
        """Before the document is replaced: True once unsaved changes are saved or knowingly discarded."""
        if not self.model.is_modified():
            return True
        answer = self.dialogs.ask_save_changes(self.model.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def _install(self, document: Document, path: Path | None, template, lock: DocumentLock | None) -> None:
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock
        read_only = lock is not None and not lock.held and lock.holder is not None
        self.model.set_document(document, path, template, read_only)
        if read_only:
            self._status(f"{path.name} is open in another window by {lock.holder.describe()}: "
                         "opened read-only. Use Save As to keep your changes.")

    def new(self) -> bool:
        if not self._settle_changes():
            return False
        self._install(Document(), None, None, None)
        return True

    def _read_and_install(self, path: Path, title: str, template: bool) -> bool:
        """Reads ``path`` (an error is shown under ``title`` and leaves the current work untouched), settles
        unsaved changes, then installs it: as an untitled copy of a template, or as the open file."""
        try:
            document, tree = read_document(path)
        except DocumentError as exc:
            self.dialogs.show_error(title, exc.message)
            return False
        if not self._settle_changes():
            return False
        if template:
            # No path: the first Save asks where, so the template itself is never written over.
            self._install(document, None, tree, None)
        else:
            self._install(document, path, tree, DocumentLock(path, self.session))
        return True

    def new_from_template(self, path: Path) -> bool:
        return self._read_and_install(path, "New from Template", template=True)

    def open(self) -> bool:
        path = self.dialogs.ask_open_path(self._directory())
        return self.open_path(path) if path is not None else False

    def open_path(self, path: str | Path) -> bool:
        """Open ``path`` in this window; a file that cannot be read leaves the current work untouched."""
        path = Path(path).expanduser().resolve()
        if self.model.path is not None and self.model.path.resolve() == path:
            self._status(f"{path.name} is already open")
            return True
        if not self._read_and_install(path, "Cannot open the document", template=False):
            return False
        self.recent.add(path)
        if not self.model.read_only:  # the read-only notice is the news that matters
            self._status(f"Opened {path}")
        return True

    def save(self) -> bool:
        if self.model.path is None or self.model.read_only:
            return self.save_as()
        return self._save_to(self.model.path)

    def save_as(self) -> bool:
        suggested = self.model.path or self._directory() / f"{self.model.document.name}.nurture.yaml"
        path = self.dialogs.ask_save_path(suggested)
        if path is None:
            return False
        path = path.expanduser().resolve()
        if path.suffix.lower() not in DOCUMENT_SUFFIXES:
            path = path.with_name(path.name + ".nurture.yaml")
        if path == self.model.path and not self.model.read_only:
            return self._save_to(path)
        lock = DocumentLock(path, self.session)
        if not lock.held and lock.holder is not None:
            self.dialogs.show_error("Save As", f"{path}: the file is open in another window by "
                                    f"{lock.holder.describe()}; choose another name.")
            return False
        if not self._save_to(path):
            lock.release()
            return False
        if self.lock is not None:
            self.lock.release()
        self.lock = lock
        self.model.set_read_only(False)
        return True

    def _save_to(self, path: Path) -> bool:
        try:
            template = save_document_file(self.model.document, path, self.model.template)
        except SaveError as exc:
            self.dialogs.show_error("Cannot save the document", str(exc))
            return False
        self.model.mark_saved(path, template)
        self.autosaver.discard()
        self.recent.add(path)
        self._status(f"Saved {path}")
        return True

    def revert(self) -> bool:
        path = self.model.path
        if path is None or (self.model.is_modified() and not self.dialogs.ask_revert(path.name)):
            return False
        try:
            document, tree = read_document(path)
        except DocumentError as exc:
            self.dialogs.show_error("Cannot revert", exc.message)
            return False
        self.model.set_document(document, path, tree, self.model.read_only)
        self._status(f"Reverted to {path}")
        return True

    def confirm_close(self) -> bool:
        """Called by the window's closeEvent: False keeps the window open."""
        if not self._settle_changes():
            return False
        self.autosaver.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        return True

    def quit(self) -> None:
        QApplication.closeAllWindows()  # each window asks about its own unsaved changes

    # -- crash recovery ----------------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """Offer autosaves left by a crash; True if one was restored into this window."""
        for orphan in find_orphans():
            answer = self.dialogs.ask_restore(orphan.describe())
            if answer == "discard":
                discard_orphan(orphan)
            if answer != "restore":
                continue
            try:
                document, tree = load_orphan(orphan)
            except DocumentError as exc:
                kept = set_aside(orphan)
                self.dialogs.show_error("Cannot restore", f"{exc.message}\n\nThe autosave was kept as {kept}.")
                continue
            if not self._settle_changes():
                return False
            original = orphan.original
            self._install(document, original, tree, DocumentLock(original, self.session) if original else None)
            self.model.undo_stack.resetClean()  # unsaved work: modified until the user saves it
            self.autosaver.save_now()  # our own copy first, so a second crash loses nothing
            discard_orphan(orphan)
            self._status(f"Restored unsaved work: {orphan.describe()}")
            return True
        return False

    # -- picture -----------------------------------------------------------------------------------
    def export_picture(self) -> bool:
        scene = find_scene(self.window)
        if scene is None:
            self.dialogs.show_error("Export Picture", "This window has no canvas to export.")
            return False
        stem = self.model.path.name.split(".")[0] if self.model.path else self.model.document.name
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in stem).strip() or "canvas"
        path = self.dialogs.ask_export_path(self._directory() / f"{safe}.png")
        if path is None:
            return False
        try:
            export_scene(scene, path)
        except ExportError as exc:
            self.dialogs.show_error("Export Picture", str(exc))
            return False
        self._status(f"Exported the canvas to {path}")
        return True

    def _directory(self) -> Path:
        if self.model.path is not None:
            return self.model.path.parent
        recent = self.recent.paths()
        return recent[0].parent if recent else Path.home()

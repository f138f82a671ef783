"""File ▸ menu of a window: New, Open, Save, Revert, recent files, picture export, recovery and locks."""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from sequences import Document

from ..actions import bind
from ..document import DocumentModel
from .autosave import DELAY_MS, Autosaver
from .dialogs import FileDialogs
from .loading import DocumentLoader, Loaded, digest_of_bytes
from .lock import DocumentLock
from .menus import chosen_path, fill_recent_menu, fill_template_menu
from .picture import export_window_picture
from .recent import RecentFiles
from .restore import restore_orphan
from .saving import SaveError, save_document_file
from .state import drop_token, hold_token
from .watch import DiskWatcher

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")
# After a document is installed the window draws it before the rest of opening (the recent-files list, a settings
# write of ~25 ms) runs: a real timer, not a zero one, so the event loop turns in between.
AFTER_DRAWING_MS = 1


class FileController(QObject):
    """Owns the file actions of one window and everything that keeps its document from being lost."""

    loadFinished = Signal(bool)  # a background read ended: True if a document was installed

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
        self.loader = DocumentLoader(window)
        self.loader.loaded.connect(self._loaded)
        self.loader.refused.connect(self._refused)
        self.loader.busyChanged.connect(self._update_actions)
        self.watcher = DiskWatcher(self)
        self.watcher.changed.connect(self._changed_on_disk)
        self._asking = False
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
    def _make_actions(self) -> None:
        # Titles, shortcuts and tips are rows of designer.action_table; bind() registers them on the window.
        for key, slot in (("new", self.new), ("open", self.open), ("save", self.save), ("save_as", self.save_as),
                          ("revert", self.revert), ("export_picture", self.export_picture), ("quit", self.quit)):
            self.actions[key] = bind(self.window, key, slot)

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
        idle = not self.loader.is_busy()
        for key in ("new", "open", "revert"):
            self.actions[key].setEnabled(idle)
        self.template_menu.setEnabled(idle)
        self.recent_menu.setEnabled(idle)
        self.actions["revert"].setEnabled(idle and self.model.path is not None and self.model.is_modified())

    def _path_changed(self, path) -> None:
        # A document swapped in by other code (an import) must not keep the old file locked or watched.
        if self.lock is not None and (path is None or Path(path).resolve() != self.lock.path):
            self.lock.release()
            self.lock = None
        if path is None or self.watcher.path != Path(path).resolve():
            self.watcher.follow(None, None)

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

    def _install(self, document: Document, path: Path | None, template, lock: DocumentLock | None,
                 digest: str | None = None) -> None:
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock
        read_only = lock is not None and not lock.held and lock.holder is not None
        self.model.set_document(document, path, template, read_only)
        self.watcher.follow(path, digest)
        if read_only:
            self._status(f"{path.name} is open in another window by {lock.holder.describe()}: "
                         "opened read-only. Use Save As to keep your changes.")

    def new(self) -> bool:
        if not self._settle_changes():
            return False
        self._install(Document(), None, None, None)
        return True

    def _lock_for(self, path: Path) -> DocumentLock:
        # The lock this window already holds on ``path`` is kept: a second one would see ours as taken
        # (read-only) and releasing the first would delete it.
        if self.lock is not None and self.lock.path == path.resolve() and self.lock.held:
            return self.lock
        return DocumentLock(path, self.session)

    def _loaded(self, purpose: str, loaded: Loaded) -> None:
        """A background read finished: install the document as ``purpose`` asked."""
        done = self._settle_changes() if purpose in ("open", "template") else True
        if not done and loaded.lock is not None:
            loaded.lock.release()  # the person kept the current work: the file is not theirs after all
        if done and purpose == "template":
            # No path: the first Save asks where, so the template itself is never written over.
            self._install(loaded.document, None, loaded.tree, None)
        elif done and purpose == "open":
            self._install(loaded.document, loaded.path, loaded.tree, loaded.lock, loaded.digest)
            QTimer.singleShot(AFTER_DRAWING_MS, self, partial(self._opened, loaded.path))
            return
        elif done:  # revert or reload: the same file, the same lock
            self.model.set_document(loaded.document, loaded.path, loaded.tree, self.model.read_only)
            self.watcher.follow(loaded.path, loaded.digest)
            self._status(f"Reloaded {loaded.path}")
        self.loadFinished.emit(done)

    def _opened(self, path: Path) -> None:
        self.recent.add(path)
        if not self.model.read_only:  # the read-only notice is the news that matters
            self._status(f"Opened {path}")
        self.loadFinished.emit(True)

    def _refused(self, purpose: str, message: str) -> None:
        title = {"template": "New from Template", "reload": "Cannot reload", "revert": "Cannot revert"}
        self.dialogs.show_error(title.get(purpose, "Cannot open the document"), message)
        self.loadFinished.emit(False)

    def new_from_template(self, path: Path) -> bool:
        """Starts reading the template; the window stays responsive and ``loadFinished`` tells the end."""
        return self.loader.start("template", Path(path))

    def open(self) -> bool:
        path = self.dialogs.ask_open_path(self._directory())
        return self.open_path(path) if path is not None else False

    def open_path(self, path: str | Path) -> bool:
        """Start opening ``path`` off the GUI thread (False if a load is running); a file that cannot be
        read leaves the current work untouched. ``loadFinished`` says how it ended."""
        path = Path(path).expanduser().resolve()
        if self.model.path is not None and self.model.path.resolve() == path:
            self._status(f"{path.name} is already open")
            return True
        return self.loader.start("open", path, lock_owner=self.session)

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
        if path == self.watcher.path and self.watcher.disk_differs():
            answer = self.dialogs.ask_save_over_changed(path.name)  # never a silent overwrite
            if answer == "save_as":
                return self.save_as()
            if answer == "reload":
                self.loader.start("reload", path)
                return False  # nothing was saved: the other program's version is coming in
            if answer != "overwrite":
                return False
        try:
            saved = save_document_file(self.model.document, path, self.model.template)
        except SaveError as exc:
            self.dialogs.show_error("Cannot save the document", str(exc))
            return False
        self.model.mark_saved(path, saved.tree)
        self.watcher.follow(path, digest_of_bytes(saved.data))
        self.autosaver.discard()
        self.recent.add(path)
        self._status(f"Saved {path}")
        return True

    def revert(self) -> bool:
        path = self.model.path
        if path is None or (self.model.is_modified() and not self.dialogs.ask_revert(path.name)):
            return False
        return self.loader.start("revert", path)

    def _changed_on_disk(self, path: Path) -> None:
        """Another program wrote the open file: offer to reload it or keep this window's version."""
        if self._asking or self.loader.is_busy():
            return
        self._asking = True
        try:
            answer = self.dialogs.ask_changed_on_disk(path.name, self.model.is_modified())
        finally:
            self._asking = False
        if answer == "reload":
            self.loader.start("reload", path)
        elif answer == "save_as":
            self.save_as()
        else:  # later: the next Save asks again before it writes over the other program's work
            self._status(f"{path.name} was changed by another program; Save will ask before writing over it")

    def confirm_close(self) -> bool:
        """Called by the window's closeEvent: False keeps the window open."""
        if not self._settle_changes():
            return False
        self.autosaver.close()
        self.loader.abandon()
        self.watcher.follow(None, None)
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        return True

    def quit(self) -> None:
        QApplication.closeAllWindows()  # each window asks about its own unsaved changes

    # -- crash recovery ----------------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """Offer autosaves left by a crash; True if one was restored into this window. While a file is
        still being opened (``nurture-studio FILE``) the offer waits for it, so it is not replaced after."""
        if self.loader.is_busy():
            self.loadFinished.connect(self._recover_after_load)
            return False
        return restore_orphan(self)

    def _recover_after_load(self, _installed: bool) -> None:
        self.loadFinished.disconnect(self._recover_after_load)
        self.offer_recovery()

    # -- picture -----------------------------------------------------------------------------------
    def export_picture(self) -> bool:
        return export_window_picture(self)

    def _directory(self) -> Path:
        if self.model.path is not None:
            return self.model.path.parent
        recent = self.recent.paths()
        return recent[0].parent if recent else Path.home()

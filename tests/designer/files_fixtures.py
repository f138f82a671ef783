"""Helpers for the file-handling tests: an isolated state dir and settings, scripted dialogs, a window."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QMainWindow, QMenu  # noqa: E402

from designer.commands import AddNodeCommand, ReplaceNodeCommand  # noqa: E402
from designer.document import DocumentModel  # noqa: E402
from designer.files.controller import FileController  # noqa: E402
from sequences import EmailNode  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "assets" / "examples" / "patient_engagement.nurture.yaml"
AUTOSAVE_MS = 40


def isolate(tmp_path: Path, monkeypatch) -> Path:
    """State dir and QSettings inside tmp_path: no test touches the user's real files or settings."""
    state = tmp_path / "state"
    monkeypatch.setenv("NURTURE_STATE_DIR", str(state))
    settings = tmp_path / "settings"
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings))
    return state


class ScriptedDialogs:
    """Answers the controller's questions from a script and records what was asked.

    An unscripted question gets the harmless answer (cancel, no file), so a forgotten answer makes
    the test fail on its assertions instead of hanging on a modal dialog.
    """

    DEFAULTS = {"ask_save_changes": "cancel", "ask_revert": False, "ask_restore": "later",
                "ask_open_path": None, "ask_save_path": None, "ask_export_path": None,
                "ask_changed_on_disk": "ignore", "ask_save_over_changed": "cancel"}

    def __init__(self):
        self.script: dict[str, list] = {}
        self.asked: list[tuple[str, object]] = []
        self.errors: list[tuple[str, str]] = []

    def answer(self, question: str, *answers) -> None:
        self.script.setdefault(question, []).extend(answers)

    def _next(self, question: str, detail: object):
        self.asked.append((question, detail))
        queue = self.script.get(question)
        return queue.pop(0) if queue else self.DEFAULTS[question]

    def ask_save_changes(self, name):
        return self._next("ask_save_changes", name)

    def ask_revert(self, name):
        return self._next("ask_revert", name)

    def ask_restore(self, description):
        return self._next("ask_restore", description)

    def ask_changed_on_disk(self, name, modified):
        return self._next("ask_changed_on_disk", (name, modified))

    def ask_save_over_changed(self, name):
        return self._next("ask_save_over_changed", name)

    def ask_open_path(self, directory):
        return self._next("ask_open_path", directory)

    def ask_save_path(self, suggested):
        return self._next("ask_save_path", suggested)

    def ask_export_path(self, suggested):
        return self._next("ask_export_path", suggested)

    def show_error(self, title, message):
        self.errors.append((title, message))

    def questions(self) -> list[str]:
        return [q for q, _ in self.asked]


class FileWindow(QMainWindow):
    """The smallest window the file handling needs: a model, a scene that draws it, a File menu."""

    def __init__(self, autosave_ms: int = AUTOSAVE_MS):
        super().__init__()
        self.model = DocumentModel(parent=self)
        self.scene = QGraphicsScene(self)
        self.setCentralWidget(QGraphicsView(self.scene))
        self.files = FileController(self, self.model, autosave_delay_ms=autosave_ms)
        self.files.populate_file_menu(self.menuBar().addMenu("&File"))
        self.model.reset.connect(self._draw)
        self.model.changed.connect(self._draw)
        self._draw()

    def _draw(self) -> None:
        self.scene.clear()
        for node_id, (x, y) in self.model.document.layout.items():
            self.scene.addRect(x, y, 160, 60)
            self.scene.addText(node_id).setPos(x + 8, y + 8)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.files.confirm_close():
            event.accept()
        else:
            event.ignore()


def new_window(qtbot, *, show: bool = False, register: bool = True) -> FileWindow:
    """A FileWindow whose questions are answered by a script, registered with qtbot unless asked not to be."""
    window = FileWindow()
    window.files.dialogs = ScriptedDialogs()
    if register:
        qtbot.addWidget(window, before_close_func=forget_changes)
    if show:
        window.show()
    return window


@pytest.fixture
def example(tmp_path) -> Path:
    """A copy of the example document in a folder of its own, free to save over and lock."""
    path = tmp_path / "docs" / "engagement.nurture.yaml"
    path.parent.mkdir()
    shutil.copy(EXAMPLE, path)
    return path


def file_menu_action(window: QMainWindow, text: str) -> QAction:
    """The File-menu entry a person would click, found by its visible text."""
    def plain(label: str) -> str:
        return label.replace("&", "").replace("…", "").replace("...", "").strip()

    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None or plain(top.text()) != "File":
            continue
        for action in menu.actions():
            if plain(action.text()) == plain(text):
                return action
    raise LookupError(f"no File menu entry {text!r}")


def submenu_entries(action: QAction) -> list[QAction]:
    """Open a submenu as a person would (so it fills itself) and return its entries."""
    menu: QMenu = action.menu()
    menu.aboutToShow.emit()
    return [a for a in menu.actions() if not a.isSeparator()]


def add_email(model: DocumentModel, node_id: str, subject: str, at=(400.0, 300.0)) -> None:
    """A user edit as the canvas makes it: one undoable command on the model's stack."""
    node = EmailNode(id=node_id, kind="email", subject=subject, topic="integration")
    model.undo_stack.push(AddNodeCommand(model, node, at))


def set_subject(model: DocumentModel, node_id: str, subject: str) -> None:
    """An inspector edit of an email subject: one undoable command."""
    node = model.node(node_id).model_copy(update={"subject": subject})
    model.undo_stack.push(ReplaceNodeCommand(model, node))


def same_content(a, b) -> bool:
    """Equal apart from the layout (a document opened without one is laid out, which is no edit)."""
    return a.model_dump(exclude={"layout"}) == b.model_dump(exclude={"layout"})


def forget_changes(window) -> None:
    """Before pytest-qt closes a window a test left with changes: no question, so no hang, and the
    window really closes (Quit in a later test must not meet it)."""
    import shiboken6

    if shiboken6.isValid(window):
        window.model.undo_stack.setClean()


def controller(window) -> FileController:
    """The file controller of a FileWindow or of the real main window."""
    return window.files if hasattr(window, "files") else window.file_controller


def wait_loaded(qtbot, window) -> bool | None:
    """Wait for the background read an action just started (Open, Revert, Reload...): True if it
    installed a document, None if no read was running."""
    files = controller(window)
    if not files.loader.is_busy():
        return None
    with qtbot.waitSignal(files.loadFinished, timeout=60000) as blocker:
        pass
    return blocker.args[0]


def open_file(qtbot, window, path) -> bool:
    """Open ``path`` as ``nurture-studio FILE`` does and wait until it is in the window (or refused)."""
    started = controller(window).open_path(path)
    finished = wait_loaded(qtbot, window)
    return started if finished is None else finished

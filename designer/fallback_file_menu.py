"""A minimal File menu (Open, Save, Save As, Quit) for builds without designer.files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from sequences import DocumentError, read_document, save_document

from .document import DocumentModel

FILTER = "Nurture documents (*.nurture.yaml *.yaml *.yml *.json)"


class FallbackFileController(QObject):
    def __init__(self, window: QMainWindow, model: DocumentModel):
        super().__init__(window)
        self.window, self.model = window, model

    def populate_file_menu(self, menu: QMenu) -> None:
        keys = QKeySequence.StandardKey
        for text, slot, key in (("&Open…", self.open, keys.Open), ("&Save", self.save, keys.Save),
                                ("Save &As…", self.save_as, keys.SaveAs), ("&Quit", self.window.close, keys.Quit)):
            action = menu.addAction(text, slot)
            action.setShortcut(QKeySequence(key))

    def open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open", "", FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        try:
            document, tree = read_document(path)
        except DocumentError as exc:
            QMessageBox.critical(self.window, "Cannot open", exc.message)
            return False
        self.model.set_document(document, Path(path), tree)
        return True

    def save(self) -> bool:
        return self._save_to(self.model.path) if self.model.path else self.save_as()

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.window, "Save As", f"{self.model.document.name}.nurture.yaml",
                                              FILTER)
        return bool(path) and self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            template = save_document(self.model.document, path, self.model.template)
        except OSError as exc:
            QMessageBox.critical(self.window, "Cannot save", f"{path}: {exc.strerror or exc}")
            return False
        self.model.mark_saved(path, template)
        return True

    def confirm_close(self) -> bool:
        if not self.model.is_modified():
            return True
        answer = QMessageBox.question(self.window, "Unsaved changes", "Save changes before closing?",
                                      QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def offer_recovery(self) -> bool:
        return False

"""Every question the file handling asks a person, one small method each, so tests can answer them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .picture import FORMATS

DOCUMENT_FILTER = "Nurture documents (*.nurture.yaml *.yaml *.yml *.json);;All files (*)"
SAVE_FILTER = "Nurture document (*.nurture.yaml);;JSON document (*.json)"


class FileDialogs:
    """Modal dialogs over ``parent``; each method returns a plain answer."""

    def __init__(self, parent: QWidget):
        self.parent = parent

    def ask_save_changes(self, name: str) -> str:
        """'save', 'discard' or 'cancel'."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          f"Save the changes to “{name}” before closing it?", parent=self.parent)
        box.setInformativeText("If you don't save, your changes will be lost.")
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                               | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def ask_revert(self, name: str) -> bool:
        answer = QMessageBox.question(
            self.parent, "Revert", f"Throw away your changes to “{name}” and reload it from disk?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def ask_restore(self, description: str) -> str:
        """'restore', 'discard' or 'later' for one autosave left by a crash."""
        box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved work",
                          "Nurture Studio did not close properly last time.", parent=self.parent)
        box.setInformativeText(f"Unsaved work was kept: {description}.\nRestore it now?")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        return "restore" if clicked is restore else "discard" if clicked is discard else "later"

    def ask_changed_on_disk(self, name: str, modified: bool) -> str:
        """'reload', 'save_as' or 'ignore' when another program changed the open file."""
        box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk",
                          f"“{name}” was changed by another program.", parent=self.parent)
        box.setInformativeText("Reload it to see those changes" + (", losing your unsaved edits" if modified else "")
                               + ", or keep yours and save them under a new name.")
        reload = box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep Mine (Save As…)", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Decide Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return "reload" if clicked is reload else "save_as" if clicked is keep else "ignore"

    def ask_save_over_changed(self, name: str) -> str:
        """'reload', 'save_as', 'overwrite' or 'cancel' when Save would write over another program's changes."""
        box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk",
                          f"“{name}” was changed by another program since you opened it.", parent=self.parent)
        box.setInformativeText("Saving now would throw those changes away.")
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        reload = box.addButton("Reload", QMessageBox.ButtonRole.ResetRole)
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        for button, answer in ((save_as, "save_as"), (reload, "reload"), (overwrite, "overwrite")):
            if clicked is button:
                return answer
        return "cancel"

    def ask_open_path(self, directory: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.parent, "Open document", str(directory), DOCUMENT_FILTER)
        return Path(name) if name else None

    def ask_save_path(self, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, "Save document as", str(suggested), SAVE_FILTER)
        return Path(name) if name else None

    def ask_export_path(self, suggested: Path) -> Path | None:
        name, chosen = QFileDialog.getSaveFileName(self.parent, "Export picture", str(suggested),
                                                   ";;".join(FORMATS.values()))
        if not name:
            return None
        path = Path(name)
        if not path.suffix:  # typed without a suffix: use the chosen type (a wrong one gets a message)
            fmt = next((k for k, v in FORMATS.items() if v == chosen), "png")
            path = path.with_name(f"{path.name}.{fmt}")
        return path

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self.parent, title, message)

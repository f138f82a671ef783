"""File > Export to… (target, lint warnings, preview, save) and File > Import… for automation tools."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sequences import DocumentError
from sequences.exchange import EXPORTERS, SOURCES, TARGET_LABELS, TARGETS, export_document, import_file
from sequences.exchange.into import import_into
from sequences.exchange.lint import required_ids
from sequences.exchange.mautic import with_campaign_uuid
from sequences.storage import atomic_write

from .actions import bind
from .commands.document_commands import ReplaceDocumentCommand, SetDocumentFieldCommand

_TARGET_NAMES = {"hubspot": "HubSpot workflow (v4 JSON)", "mautic": "Mautic campaign (REST body)",
                 "mautic-export": "Mautic 7 campaign export file", "dittofeed": "Dittofeed journey definition",
                 "csv": "CSV schedule", "mermaid": "Mermaid flowchart", "blueprint": "Blueprint (Markdown)",
                 "blueprint-pdf": "Blueprint (PDF)"}
_FILTERS = {".json": "JSON (*.json)", ".csv": "CSV (*.csv)", ".mmd": "Mermaid (*.mmd)", ".md": "Markdown (*.md)",
            ".pdf": "PDF (*.pdf)", ".zip": "ZIP for Mautic's campaign import (*.zip)"}
_COLORS = {"error": QColor("#b00020"), "warning": QColor("#8a5a00"), "info": QColor("#555555")}


class ExportDialog(QDialog):
    def __init__(self, model, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.result = None
        self.saved_path: Path | None = None
        self.setWindowTitle("Export to a marketing-automation tool")
        self.resize(760, 560)
        self.target = QComboBox()
        for key in (*TARGETS, "blueprint-pdf"):
            self.target.addItem(_TARGET_NAMES[key], key)
        self.warnings = QListWidget()
        # Long warnings wrap: scrolling sideways to read one is easy to miss.
        self.warnings.setWordWrap(True)
        self.warnings.setResizeMode(QListWidget.Adjust)
        self.warnings.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.warnings.setObjectName("lintWarnings")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setObjectName("exportPreview")
        self.ids = QTableWidget(0, 3)
        self.ids.setObjectName("assetIds")
        self.ids.setHorizontalHeaderLabels(["Step", "Needs", "ID in the tool"])
        self.ids.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.ids.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.apply_ids = QPushButton("Apply IDs")
        self.apply_ids.clicked.connect(self.store_ids)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton("Save…")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        form = QFormLayout()
        form.addRow("Target", self.target)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("What the target cannot carry or changes:"))
        layout.addWidget(self.warnings, 1)
        self.ids_label = QLabel("IDs of emails, forms and segments in the tool (kept with the document):")
        layout.addWidget(self.ids_label)
        layout.addWidget(self.ids, 1)
        layout.addWidget(self.apply_ids)
        layout.addWidget(QLabel("Preview:"))
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.target.currentIndexChanged.connect(self.refresh)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.refresh()

    def key(self) -> str:
        return self.target.currentData()

    def refresh(self) -> None:
        key = self.key()
        self.result = export_document(self.model.document, "blueprint" if key == "blueprint-pdf" else key,
                                      pdf=key == "blueprint-pdf")
        self.warnings.clear()
        for warning in self.result.warnings:
            item = QListWidgetItem(warning.describe())
            item.setForeground(_COLORS[warning.severity])
            item.setData(Qt.ItemDataRole.UserRole, warning.node)
            self.warnings.addItem(item)
        if not self.result.warnings:
            self.warnings.addItem(f"Nothing is lost: {TARGET_LABELS[self.result.target]} carries every step.")
        self.preview.setPlainText(self.result.text)
        self.fill_ids(key)
        errors = sum(w.severity == "error" for w in self.result.warnings)
        self.status.setText("A faithful export is impossible: see the errors above." if errors else "")

    def fill_ids(self, key: str) -> None:
        """One row per id the target needs; the current id (if any) is editable in place."""
        needed = required_ids(self.model.document, EXPORTERS[key]) if key in EXPORTERS else []
        mapping = self.model.document.exports.for_target(key)
        self.ids.setRowCount(0)
        for warning in needed:
            row = self.ids.rowCount()
            self.ids.insertRow(row)
            step = QTableWidgetItem(warning.node or "")
            step.setFlags(step.flags() & ~Qt.ItemFlag.ItemIsEditable)
            step.setData(Qt.ItemDataRole.UserRole, warning.key)
            needs = QTableWidgetItem(warning.message.split(" id for ")[0].removeprefix("no "))
            needs.setFlags(needs.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.ids.setItem(row, 0, step)
            self.ids.setItem(row, 1, needs)
            self.ids.setItem(row, 2, QTableWidgetItem(getattr(mapping, warning.table).get(warning.key, "")))
        visible = bool(needed)
        for widget in (self.ids_label, self.ids, self.apply_ids):
            widget.setVisible(visible)
        self.apply_ids.setEnabled(not self.model.read_only)  # the ids are saved in the document

    def store_ids(self) -> None:
        """The ids typed in the table become one undoable edit of the document's export mapping."""
        if self.model.read_only:
            return
        key = self.key()
        target = "mautic" if key.startswith("mautic") else key
        mapping = self.model.document.exports.for_target(key)
        tables = {"emails": dict(mapping.emails), "segments": dict(mapping.segments)}
        for row in range(self.ids.rowCount()):
            map_key = self.ids.item(row, 0).data(Qt.ItemDataRole.UserRole)
            value = (self.ids.item(row, 2).text() if self.ids.item(row, 2) else "").strip()
            table = tables["segments" if ":" in map_key else "emails"]
            if value:
                table[map_key] = value
            else:
                table.pop(map_key, None)
        updated = mapping.model_copy(update=tables)
        if updated == mapping:
            return
        exports = self.model.document.exports.model_copy(update={target: updated})
        self.model.undo_stack.push(SetDocumentFieldCommand(self.model, "exports", exports, label="export ids"))
        self.refresh()

    def save(self) -> None:
        if self.key() == "mautic-export" and not self.model.read_only:
            # Mautic finds the campaign by uuid: store one (undoably) so later exports update the same one.
            stored = with_campaign_uuid(self.model.document)
            if stored is not None:
                self.model.undo_stack.push(SetDocumentFieldCommand(self.model, "exports", stored.exports,
                                                                   label="Mautic campaign uuid"))
                self.refresh()
        result = self.result
        if result.has_errors:
            answer = QMessageBox.question(self, "Export anyway?", "A faithful export is impossible (see the"
                                          " errors). Save the partial export anyway?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        suggested = (self.model.path.with_suffix("").with_suffix(result.suffix) if self.model.path
                     else Path(f"export{result.suffix}"))
        path, _ = QFileDialog.getSaveFileName(self, "Save export", str(suggested), _FILTERS[result.suffix])
        if not path:
            return
        try:
            # The Mautic export is a ZIP for the import page; a .json path gives the JSON inside it.
            data = result.text.encode("utf-8") if path.lower().endswith(".json") and result.binary is not None \
                and result.suffix == ".zip" else result.data()
            atomic_write(path, data, keep_backup=False)
        except OSError as exc:
            self.status.setText(f"Could not write {path}: {exc.strerror or exc}")
            return
        self.saved_path = Path(path)
        self.status.setText(f"Saved {path}")


class ImportDialog(QDialog):
    """Imports a tool's definition; with ``into`` only the sequence of the open document is replaced."""

    def __init__(self, model, parent: QWidget | None = None, into: bool = False):
        super().__init__(parent)
        self.model, self.into = model, into
        self.warnings: list = []
        self.unresolved: list[str] = []
        self.setWindowTitle("Import into this document" if into else "Import from a marketing-automation tool")
        self.source = QComboBox()
        for key, label in (("hubspot", "HubSpot workflow (v4 flow JSON)"),
                           ("mautic", "Mautic campaign (REST body or Mautic 7 export)"),
                           ("dittofeed", "Dittofeed journey definition")):
            if key in SOURCES:
                self.source.addItem(label, key)
        self.path = QLineEdit()
        self.path.setPlaceholderText("Definition file (.json)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("importError")
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        form = QFormLayout(self)
        form.addRow("Format", self.source)
        form.addRow("File", row)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import definition", "", "JSON (*.json);;All files (*)")
        if path:
            self.path.setText(path)

    def run_import(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.error.setText("Choose a file to import.")
            return
        try:
            result = import_file(text, self.source.currentData())
        except DocumentError as exc:
            self.error.setText(exc.message)
            return
        if self.into and not self.model.read_only:
            merged = import_into(self.model.document, result.document)
            self.warnings, self.unresolved = result.warnings, merged.unresolved
            # One undoable edit of the open document: its scenarios, scoring and ids stay.
            self.model.undo_stack.push(ReplaceDocumentCommand(self.model, merged.document,
                                                              f"Import {Path(text).name} into this document"))
            notes = [w.describe() for w in result.warnings] + [f"No longer resolves: {u}" for u in merged.unresolved]
            if notes:
                QMessageBox.information(self, "Imported with notes", "\n".join(notes))
            self.accept()
            return
        if self.model.read_only:
            # A read-only window may not edit its file's document: the import opens as a new, unsaved one.
            if self.model.is_modified() and QMessageBox.question(
                    self, "Discard changes?", "The open document has unsaved changes. Replace it with the "
                    "imported one?") != QMessageBox.StandardButton.Yes:
                return
            self.warnings = result.warnings
            self.model.set_document(result.document, path=None, template=None)
        else:
            self.warnings = result.warnings
            # One undoable edit: Edit > Undo brings the document back as it was, nothing is discarded.
            self.model.undo_stack.push(ReplaceDocumentCommand(self.model, result.document,
                                                              f"Import {Path(text).name}"))
        if result.warnings:
            QMessageBox.information(self, "Imported with notes", "\n".join(w.describe() for w in result.warnings))
        self.accept()


def _show(dialog: QDialog) -> None:
    """Window-modal but not blocking, and deleted when closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def add_exchange_actions(menu: QMenu, window: QMainWindow, model) -> tuple[QAction, QAction, QAction]:
    """Binds File > Export to…, Import… and Import into This Document… (rows of designer.action_table) and
    puts them above Quit."""
    export_action = bind(window, "export_to", lambda: _show(ExportDialog(model, window)))
    import_action = bind(window, "import", lambda: _show(ImportDialog(model, window)))
    into_action = bind(window, "import_into", lambda: _show(ImportDialog(model, window, into=True)))
    actions = [export_action, import_action, into_action]
    quit_action = next((a for a in menu.actions() if a.objectName() == "action_quit"), None)
    if quit_action is None:
        menu.addActions(actions)
    else:
        menu.insertActions(quit_action, actions)
        menu.insertSeparator(quit_action)
    return export_action, import_action, into_action

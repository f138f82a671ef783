"""File > Export to… and File > Import… driven as a person would, asserting on files and the document."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMainWindow, QMessageBox

from designer.document import DocumentModel
from designer.exchange_dialog import ExportDialog, ImportDialog, add_exchange_actions
from sequences import load_document
from sequences.exchange import export_document

ROOT = Path(__file__).resolve().parents[2]
PATIENT = ROOT / "assets" / "examples" / "patient_engagement.nurture.yaml"
SAMPLES = ROOT / "tests" / "exchange" / "samples"


def make_window(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    model = DocumentModel(parent=window)
    model.set_document(load_document(PATIENT), path=PATIENT)
    menu = window.menuBar().addMenu("&File")
    export_action, import_action, into_action = add_exchange_actions(menu, window, model)
    window.into_action = into_action
    window.show()
    qtbot.waitExposed(window)
    return window, model, menu, export_action, import_action


def open_dialog(qtbot, window, action, kind):
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(kind) is not None and window.findChild(kind).isVisible())
    return window.findChild(kind)


def choose(qtbot, combo, text: str) -> None:
    """Pick an entry the way a keyboard user does: focus the box, Home, then Down until it shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText().startswith(text)


def test_menu_has_both_actions(qtbot):
    _, _, menu, _, _ = make_window(qtbot)
    assert [a.text() for a in menu.actions()] == ["Export &to…", "&Import…", "Import into This &Document…"]


def test_export_shows_lint_and_preview_and_saves(qtbot, tmp_path, monkeypatch):
    window, model, _, export_action, _ = make_window(qtbot)
    dialog = open_dialog(qtbot, window, export_action, ExportDialog)
    choose(qtbot, dialog.target, "Mautic 7")
    lint = [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]
    assert any("the 3-way branch becomes a chain of yes/no conditions" in line for line in lint)
    assert dialog.preview.toPlainText() == export_document(model.document, "mautic-export").text
    out = tmp_path / "campaign.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # ids missing
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # Saving stores the campaign's uuid in the document (one undoable edit) and writes the ZIP Mautic takes.
    stored = model.document.exports.mautic.campaign_uuid
    assert stored
    with zipfile.ZipFile(out) as archive:
        payload = json.loads(archive.read(archive.namelist()[0]))
    assert payload[0]["campaign"][0]["uuid"] == stored
    assert payload[0]["campaign"][0]["name"] == model.document.name
    assert "Saved" in dialog.status.text()
    model.undo_stack.undo()
    assert model.document.exports.mautic.campaign_uuid == ""


def test_export_with_a_lint_error_asks_before_saving(qtbot, tmp_path, monkeypatch):
    window, _, _, export_action, _ = make_window(qtbot)
    dialog = open_dialog(qtbot, window, export_action, ExportDialog)
    choose(qtbot, dialog.target, "Dittofeed")
    assert "impossible" in dialog.status.text()
    first = dialog.warnings.item(0)
    assert first.text().startswith("error: Dittofeed: no Dittofeed ")
    out = tmp_path / "journey.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not out.exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert json.loads(out.read_text())[0]["definition"]["entryNode"]["child"] == "welcome"


def test_blueprint_pdf_is_saved_as_pdf(qtbot, tmp_path, monkeypatch):
    window, _, _, export_action, _ = make_window(qtbot)
    dialog = open_dialog(qtbot, window, export_action, ExportDialog)
    choose(qtbot, dialog.target, "Blueprint (PDF)")
    out = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes().startswith(b"%PDF")


def test_import_opens_the_imported_document(qtbot, monkeypatch):
    window, model, _, _, import_action = make_window(qtbot)
    notes = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: notes.append(text))
    dialog = open_dialog(qtbot, window, import_action, ImportDialog)
    choose(qtbot, dialog.source, "Dittofeed")
    qtbot.keyClicks(dialog.path, str(SAMPLES / "dittofeed" / "random_cohort_journey.json"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    kinds = sorted(n.kind for n in model.document.sequence.nodes)
    assert kinds == ["email", "email", "email", "entry", "exit", "split"]
    assert model.path == PATIENT and model.is_modified()  # an undoable edit of the open document
    assert notes == []  # every step of this journey is modelled; the event entry keeps its event name
    entry = next(n for n in model.document.sequence.nodes if n.kind == "entry")
    assert model.document.exports.dittofeed.segments == {f"event:{entry.id}": "TestEvent"}
    model.undo_stack.undo()
    assert model.document == load_document(PATIENT).model_copy(update={"layout": model.document.layout})


def test_import_of_a_broken_file_shows_the_error_and_keeps_the_document(qtbot, tmp_path):
    window, model, _, _, import_action = make_window(qtbot)
    before = model.document
    bad = tmp_path / "flow.json"
    bad.write_text('{"actions": [{"actionId": "1", "connection": {"nextActionId": "9"}}]}')
    dialog = open_dialog(qtbot, window, import_action, ImportDialog)
    choose(qtbot, dialog.source, "HubSpot")
    qtbot.keyClicks(dialog.path, str(bad))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert str(bad) in dialog.error.text() and "nextActionId" in dialog.error.text()
    assert dialog.isVisible() and model.document is before


def test_missing_ids_are_filled_in_the_dialog_as_one_undoable_edit(qtbot):
    window, model, _, export_action, _ = make_window(qtbot)
    dialog = open_dialog(qtbot, window, export_action, ExportDialog)
    choose(qtbot, dialog.target, "HubSpot")
    rows = {dialog.ids.item(r, 0).data(Qt.ItemDataRole.UserRole): r for r in range(dialog.ids.rowCount())}
    assert {"welcome", "integration", "entry:guide", "entry:webinar"} <= set(rows)
    # Type the id into the cell as a person would: double-click it, type, press Enter.
    row = rows["welcome"]
    cell = dialog.ids.visualItemRect(dialog.ids.item(row, 2)).center()
    qtbot.mouseDClick(dialog.ids.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: dialog.ids.findChild(QLineEdit) is not None)
    editor = dialog.ids.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "113782603056")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ids.item(row, 2).text() == "113782603056")
    qtbot.mouseClick(dialog.apply_ids, Qt.MouseButton.LeftButton)
    assert model.document.exports.hubspot.emails == {"welcome": "113782603056"}
    assert '"content_id": "113782603056"' in dialog.preview.toPlainText()
    lint = [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]
    assert not any("email id for 'welcome'" in line for line in lint)
    assert any("email id for 'integration'" in line for line in lint)
    model.undo_stack.undo()
    assert model.document.exports.hubspot.emails == {}


def test_import_into_this_document_keeps_scenarios_and_is_one_undoable_edit(qtbot, monkeypatch):
    window, model, _, _, _ = make_window(qtbot)
    before = model.document
    notes = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: notes.append(text))
    dialog = open_dialog(qtbot, window, window.into_action, ImportDialog)
    assert dialog.windowTitle() == "Import into this document"
    choose(qtbot, dialog.source, "Dittofeed")
    qtbot.keyClicks(dialog.path, str(SAMPLES / "dittofeed" / "random_cohort_journey.json"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    merged = model.document
    assert sorted(n.kind for n in merged.sequence.nodes) == ["email", "email", "email", "entry", "exit", "split"]
    assert merged.scenarios == before.scenarios and merged.scoring == before.scoring and merged.name == before.name
    # The scenarios' arrivals named the old entries: the notes say which references no longer resolve.
    assert len(notes) == 1 and "No longer resolves: Scenario" in notes[0] and "'guide'" in notes[0]
    model.undo_stack.undo()
    assert model.document == before

"""The document model's contract with the file handling: reset, saved state, layout on open."""

from __future__ import annotations

from designer.commands import AddNodeCommand
from designer.document import DocumentModel
from sequences import EmailNode, read_document

from .files_fixtures import EXAMPLE


def test_opening_a_document_without_layout_lays_it_out_without_marking_it_modified(qtbot):
    document, tree = read_document(EXAMPLE)
    assert document.layout == {}
    model = DocumentModel()
    with qtbot.waitSignal(model.reset):
        model.set_document(document, EXAMPLE, tree)
    assert set(model.document.layout) == {n.id for n in document.sequence.nodes}
    assert model.document.model_copy(update={"layout": {}}) == document
    assert not model.is_modified() and model.path == EXAMPLE and model.template is tree
    # Entries on top, the goal further down than the handoff that leads to it.
    assert model.position("guide")[1] == 0 and model.position("sql")[1] > model.position("handoff")[1]


def test_edits_mark_modified_until_saved_and_a_new_document_clears_history(qtbot, tmp_path):
    model = DocumentModel()
    email = EmailNode(id="hello", kind="email", subject="Hello")
    with qtbot.waitSignal(model.cleanChanged):
        model.undo_stack.push(AddNodeCommand(model, email, (0.0, 0.0)))
    assert model.is_modified()
    with qtbot.waitSignal(model.pathChanged):
        model.mark_saved(tmp_path / "a.nurture.yaml", None)
    assert not model.is_modified() and model.display_name() == "a.nurture.yaml"
    model.set_document(model.document.model_copy(update={"name": "Other"}))
    assert model.undo_stack.count() == 0 and model.path is None and model.display_name() == "Other"

"""The inspector panel: shows the node, edge or document being edited and turns edits into commands."""

from __future__ import annotations

from collections import Counter

from pydantic import ValidationError
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sequences import NODE_CLASSES, Audience, Scoring

from ..canvas.node_facts import KIND_LABELS
from ..canvas.scene import CanvasScene
from ..commands import ReplaceNodeCommand, SetDocumentFieldCommand, connect_command
from ..document import DocumentModel
from ..icons import kind_icon
from .editors import ChoiceEditor, TextEditor
from .factory import Vocabulary
from .id_editor import IdEditor
from .lazy_forms import LazyForms
from .model_form import ModelForm

THRESHOLD_FIELDS = ("mql", "sql", "decay_half_life_days")
RULE_FIELDS = ("fit", "intent", "entry_points")
SECTION_FIELD = {"audience": "audience", "scoring": "scoring", "thresholds": "scoring"}


def _problem(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"] if not str(p).startswith("function"))
    message = first["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


class InspectorPanel(QWidget):
    def __init__(self, model: DocumentModel, scene: CanvasScene, parent: QWidget | None = None):
        super().__init__(parent)
        self.model, self.scene = model, scene
        self.setObjectName("inspector")
        self.subject: tuple = ("document",)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.setContentsMargins(10, 8, 10, 4)
        self.icon = QLabel()
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1.5)
        self.title.setFont(font)
        header.addWidget(self.icon)
        header.addWidget(self.title, 1)
        outer.addLayout(header)
        self.error = QLabel()
        self.error.setObjectName("inspector_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d93a3a; padding: 2px 10px;")
        self.error.hide()
        outer.addWidget(self.error)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.NoFrame)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.scroll)
        outer.addWidget(self.pages, 1)
        self.forms: dict[str, ModelForm] = {}
        # The document's page is large: built once per document and kept while nodes are selected.
        self.document_page: QWidget | None = None
        self.document_forms: dict[str, ModelForm] = {}
        scene.selectionChanged.connect(self.follow_selection)
        model.reset.connect(self._reset)
        model.nodeChanged.connect(self._node_changed)
        model.propertiesChanged.connect(self._refresh_document)
        model.changed.connect(self._update_summary)
        model.edgeAdded.connect(self._edges_changed)
        model.edgeRemoved.connect(self._edges_changed)
        model.readOnlyChanged.connect(lambda _: self.follow_selection())
        self.show_document()

    # -- what is shown -----------------------------------------------------------------------------
    def _reset(self) -> None:
        # A page with no form built from the old document's vocabulary is refilled, not rebuilt (~15 ms).
        if self.document_page is not None and self.document_forms:
            self.pages.removeWidget(self.document_page)
            self.document_page.deleteLater()
            self.document_page = None
        self._refresh_document()
        self.follow_selection()

    def follow_selection(self) -> None:
        if not isValid(self.scene):
            return  # the window is being torn down
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_edge_keys()
        if len(nodes) == 1 and not edges:
            self.show_node(nodes[0])
        elif len(edges) == 1 and not nodes:
            self.show_edge(*edges[0])
        elif nodes or edges:
            self._set_header(None, f"{len(nodes) + len(edges)} items selected")
            self._set_body(QLabel("  Select one node or connection to edit it."))
            self.subject = ("many",)
        else:
            self.show_document()

    def _set_header(self, kind: str | None, text: str) -> None:
        self.icon.setPixmap(kind_icon(kind).pixmap(22, 22) if kind else kind_icon("entry").pixmap(0, 0))
        self.icon.setVisible(kind is not None)
        self.title.setText(text)
        self.error.hide()

    def _set_body(self, widget: QWidget) -> None:
        widget.setEnabled(not self.model.read_only or isinstance(widget, QLabel))
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()  # not at once: the change may come from a signal of one of its fields
        self.scroll.setWidget(widget)
        self.pages.setCurrentWidget(self.scroll)

    def _page(self, form: QWidget) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(10, 6, 10, 10)
        layout.addWidget(form)
        layout.addStretch(1)
        return page

    def show_node(self, node_id: str) -> None:
        node = self.model.node(node_id)
        self.subject = ("node", node_id, node.kind)
        self._set_header(node.kind, f"{KIND_LABELS[node.kind]} · {node_id}")
        form = ModelForm(NODE_CLASSES[node.kind], Vocabulary.of(self.model.document), skip=("kind", "id"))
        form.setObjectName("node_form")
        form.set_value(node)
        form.edited.connect(self._node_edited)
        self.forms = {"node": form}
        self.id_editor = IdEditor(self.model, node_id, self._show_error)
        self.id_editor.renamed.connect(lambda new: self.scene.select_nodes([new]))
        page = self._page(form)
        page.layout().insertWidget(0, self.id_editor)
        self._set_body(page)

    def show_edge(self, from_id: str, port: str) -> None:
        edge = self.model.edge(from_id, port)
        if edge is None:
            self.show_document()
            return
        self.subject = ("edge", from_id, port)
        self._set_header(None, f"Connection from {from_id}")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel(f"From <b>{from_id}</b>, output <b>{port}</b>"))
        layout.addWidget(QLabel("To node:"))
        targets = sorted(self.model.ids() - {from_id})
        self.target = ChoiceEditor(targets, labels={t: t for t in targets})  # ids are shown as written
        self.target.setObjectName("edge_target")
        self.target.set_value(edge.to)
        self.target.edited.connect(self._edge_edited)
        layout.addWidget(self.target)
        layout.addStretch(1)
        self.forms = {}
        self._set_body(body)

    def show_document(self) -> None:
        self.subject = ("document",)
        self._set_header(None, self.model.document.name)
        if self.document_page is None:
            self.document_page = self._build_document_page()
            self.pages.addWidget(self.document_page)
        self.document_page.setEnabled(not self.model.read_only)
        self.pages.setCurrentWidget(self.document_page)

    def _build_document_page(self) -> QWidget:
        tabs = QTabWidget()
        tabs.setObjectName("document_tabs")
        general = QWidget()
        rows = QVBoxLayout(general)
        self.name_edit, self.description_edit = TextEditor(), TextEditor(multiline=True)
        self.name_edit.setObjectName("document_name")
        for label, editor, field in (("Name", self.name_edit, "name"),
                                     ("Description", self.description_edit, "description")):
            rows.addWidget(QLabel(label))
            editor.set_value(getattr(self.model.document, field))
            editor.edited.connect(lambda _p, f=field, e=editor: self._document_edited(f, e.value(), f))
            rows.addWidget(editor)
        self.summary = QLabel()
        self.summary.setObjectName("document_summary")
        self.summary.setWordWrap(True)
        rows.addSpacing(8)
        rows.addWidget(self.summary)
        rows.addStretch(1)
        tabs.addTab(general, "Document")
        self.document_forms = LazyForms(tabs, self._document_form)
        for tab in ("audience", "scoring", "thresholds"):
            self.document_forms.add_tab(tab)
        self.document_page = tabs
        self._update_summary()
        return tabs

    def _document_form(self, tab: str) -> tuple[ModelForm, QWidget]:
        cls, skip = {"audience": (Audience, ()), "scoring": (Scoring, THRESHOLD_FIELDS),
                     "thresholds": (Scoring, RULE_FIELDS)}[tab]
        form = ModelForm(cls, Vocabulary.of(self.model.document), skip=skip)
        form.setObjectName(f"{tab}_form")
        form.set_value(getattr(self.model.document, SECTION_FIELD[tab]))
        form.edited.connect(lambda path, t=tab: self._section_edited(t, path))
        return form, self._page(form)

    def _update_summary(self) -> None:
        if self.document_page is None:
            return
        document = self.model.document
        kinds = Counter(n.kind for n in document.sequence.nodes)
        parts = ", ".join(f"{count} {KIND_LABELS[kind].lower()}" for kind, count in sorted(kinds.items()))
        scenarios = ", ".join(s.name for s in document.scenarios) or "none yet"
        self.summary.setText(
            f"<b>{len(document.sequence.nodes)} nodes</b> ({parts or 'empty'}) and "
            f"<b>{len(document.sequence.edges)} connections</b>.<br><br>"
            f"MQL: fit ≥ {document.scoring.mql.fit_min:g}, total ≥ {document.scoring.mql.total:g}<br>"
            f"SQL: total ≥ {document.scoring.sql.total:g}"
            f"{' with a hand-raise' if document.scoring.sql.require_hand_raise else ''}<br><br>"
            f"Scenarios: {scenarios}<br><br>"
            "<span style='color: gray'>Select a node or connection on the canvas to edit it.</span>")

    # -- edits -> commands -------------------------------------------------------------------------
    def _node_edited(self, path: str) -> None:
        if self.subject[0] != "node" or self.model.read_only:
            return
        node_id, kind = self.subject[1], self.subject[2]
        data = self.forms["node"].value() | {"id": node_id, "kind": kind}
        try:
            new = NODE_CLASSES[kind].model_validate(data)
        except ValidationError as exc:
            self._show_error(_problem(exc))
            return
        self.error.hide()
        if new != self.model.node(node_id):
            field = path.split(".")[0]
            self.model.undo_stack.push(ReplaceNodeCommand(
                self.model, new, f"Edit {field.replace('_', ' ')} of '{node_id}'", merge_key=f"{node_id}.{path}"))

    def _edge_edited(self, _path: str) -> None:
        if self.subject[0] != "edge" or self.model.read_only:
            return
        command = connect_command(self.model, self.subject[1], self.subject[2], self.target.value())
        if command is not None:
            self.model.undo_stack.push(command)

    def _section_edited(self, tab: str, path: str) -> None:
        """A tab's form holds the fields it shows and, hidden, the rest of the section as last set."""
        field = SECTION_FIELD[tab]
        cls = Audience if field == "audience" else Scoring
        try:
            value = cls.model_validate(self.document_forms[tab].value())
        except ValidationError as exc:
            self._show_error(f"{field}.{_problem(exc)}")
            return
        self._document_edited(field, value, f"{field}.{path}")

    def _document_edited(self, field: str, value, merge_key: str) -> None:
        if self.model.read_only:
            return
        if field == "name" and not str(value).strip():
            self._show_error("The document needs a name")
            return
        self.error.hide()
        if value != getattr(self.model.document, field):
            self.model.undo_stack.push(SetDocumentFieldCommand(self.model, field, value, merge_key=merge_key))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # -- model -> editors --------------------------------------------------------------------------
    def _node_changed(self, node_id: str) -> None:
        if self.subject[0] == "node" and self.subject[1] == node_id and "node" in self.forms:
            self.forms["node"].set_value(self.model.node(node_id))
            self.error.hide()

    def _edges_changed(self, from_id: str, port: str, _to: str) -> None:
        if self.subject[0] == "edge" and self.subject[1:] == (from_id, port):
            edge = self.model.edge(from_id, port)
            if edge is not None:
                self.target.set_value(edge.to)

    def _refresh_document(self) -> None:
        if self.document_page is None:
            return
        document = self.model.document
        if self.subject[0] == "document":
            self.title.setText(document.name)
        self.name_edit.set_value(document.name)
        self.description_edit.set_value(document.description)
        self._update_summary()
        for tab, form in self.document_forms.items():
            form.set_value(getattr(document, SECTION_FIELD[tab]))

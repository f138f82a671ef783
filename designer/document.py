"""The one owner of the open document and its undo stack; views follow its signals.

Contract (for the canvas, the inspector and the file handling):

- ``model.document`` is a frozen ``sequences.Document``; every change replaces it. ``model.path`` is
  where it lives (``None`` for a new document), ``model.template`` the ruamel tree it was read from
  (pass it to ``sequences.save_document`` so comments survive), ``model.read_only`` whether it may be
  saved over, ``model.undo_stack`` the ``QUndoStack`` of every user edit (it takes none while read-only).
- ``set_document(document, path, template, read_only)`` is for New/Open/Revert/Restore: it replaces
  everything, clears the undo stack, marks it clean and emits ``reset``. A document without a layout
  gets one (layered auto-layout) before ``reset``; that is not an edit, the model stays unmodified.
- ``mark_saved(path, template)`` after a successful save: sets path and template and marks the undo
  stack clean. ``is_modified()`` is "the undo stack is not clean".
- Signals: ``reset`` (whole document replaced), ``changed`` (after every edit, for autosave and
  re-validation), ``nodeAdded/nodeRemoved/nodeChanged(id)``, ``edgeAdded/edgeRemoved(from, port, to)``,
  ``layoutChanged(ids)``, ``propertiesChanged`` (name, audience, scoring, scenarios...),
  ``pathChanged(path)``, ``readOnlyChanged(bool)`` and ``cleanChanged(bool)`` (the undo stack's).
- The edit methods below apply one change and emit signals. They never push commands: every user edit
  is a ``QUndoCommand`` in ``designer/commands`` whose ``redo``/``undo`` call them. To replace the whole
  document as one undoable edit (an import), push ``commands.ReplaceDocumentCommand``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from sequences import Document, Edge
from sequences.nodes import NodeBase

from .layout_model import with_layout

Point = tuple[float, float]


class _EditStack(QUndoStack):
    """The undo stack, which takes no edit while the document is read-only, whichever panel offers one:
    the window disables its editing actions, and this is the one place no dialog can forget."""

    def __init__(self, model: DocumentModel):
        super().__init__(model)
        self._model = model

    def push(self, command) -> None:
        if not self._model.read_only:
            super().push(command)


class DocumentModel(QObject):
    reset = Signal()
    changed = Signal()
    nodeAdded = Signal(str)
    nodeRemoved = Signal(str)
    nodeChanged = Signal(str)
    edgeAdded = Signal(str, str, str)
    edgeRemoved = Signal(str, str, str)
    layoutChanged = Signal(list)
    propertiesChanged = Signal()
    pathChanged = Signal(object)
    readOnlyChanged = Signal(bool)
    cleanChanged = Signal(bool)

    def __init__(self, document: Document | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.direction = "down"  # how auto-layout and the cards run: "down" or "right" (a view preference)
        self._document = document or Document()
        self._path: Path | None = None
        self._template: Any = None
        self._read_only = False
        self.undo_stack: QUndoStack = _EditStack(self)
        self.undo_stack.cleanChanged.connect(self.cleanChanged)

    # -- state -------------------------------------------------------------------------------------
    @property
    def document(self) -> Document:
        return self._document

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def template(self) -> Any:
        return self._template

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self._read_only:
            self._read_only = read_only
            self.readOnlyChanged.emit(read_only)

    def set_document(self, document: Document, path: str | Path | None = None, template: Any = None,
                     read_only: bool = False) -> None:
        self._document = with_layout(document, self.direction)
        self._template = template
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._set_path(path)
        self.set_read_only(read_only)
        self.reset.emit()
        self.changed.emit()

    def mark_saved(self, path: str | Path, template: Any) -> None:
        self._template = template
        self._set_path(path)
        self.undo_stack.setClean()

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def display_name(self) -> str:
        return self._path.name if self._path else self._document.name

    def _set_path(self, path: str | Path | None) -> None:
        new = Path(path) if path is not None else None
        if new != self._path:
            self._path = new
            self.pathChanged.emit(new)

    # -- queries -----------------------------------------------------------------------------------
    def node(self, node_id: str) -> NodeBase:
        return self._document.sequence.node(node_id)

    def node_index(self, node_id: str) -> int:
        return next(i for i, n in enumerate(self._document.sequence.nodes) if n.id == node_id)

    def edge(self, from_id: str, port: str) -> Edge | None:
        return next((e for e in self._document.sequence.edges if e.key == (from_id, port)), None)

    def edge_index(self, from_id: str, port: str) -> int:
        return next(i for i, e in enumerate(self._document.sequence.edges) if e.key == (from_id, port))

    def edges_of(self, node_id: str) -> list[Edge]:
        return [e for e in self._document.sequence.edges if node_id in (e.from_, e.to)]

    def position(self, node_id: str) -> Point:
        return self._document.layout.get(node_id, (0.0, 0.0))

    def ids(self) -> set[str]:
        return {n.id for n in self._document.sequence.nodes}

    # -- edits (called by commands only) -----------------------------------------------------------
    def _replace_sequence(self, nodes: tuple | None = None, edges: tuple | None = None,
                          layout: dict[str, Point] | None = None) -> None:
        # model_copy skips validation; the methods keep the sequence's integrity themselves.
        sequence = self._document.sequence
        update: dict[str, Any] = {}
        if nodes is not None or edges is not None:
            update["sequence"] = sequence.model_copy(update={
                "nodes": sequence.nodes if nodes is None else nodes,
                "edges": sequence.edges if edges is None else edges,
            })
        if layout is not None:
            update["layout"] = layout
        self._document = self._document.model_copy(update=update)

    def add_node(self, node: NodeBase, position: Point, index: int | None = None) -> None:
        if node.id in self.ids():
            raise ValueError(f"node id '{node.id}' is already used")
        nodes = list(self._document.sequence.nodes)
        nodes.insert(len(nodes) if index is None else index, node)
        layout = dict(self._document.layout)
        layout[node.id] = (float(position[0]), float(position[1]))
        self._replace_sequence(nodes=tuple(nodes), layout=layout)
        self.nodeAdded.emit(node.id)
        self.changed.emit()

    def remove_node(self, node_id: str) -> None:
        """Removes a node that has no edges left (commands remove its edges first, to restore them)."""
        if self.edges_of(node_id):
            raise ValueError(f"node '{node_id}' still has edges")
        nodes = tuple(n for n in self._document.sequence.nodes if n.id != node_id)
        layout = {k: v for k, v in self._document.layout.items() if k != node_id}
        self._replace_sequence(nodes=nodes, layout=layout)
        self.nodeRemoved.emit(node_id)
        self.changed.emit()

    def replace_node(self, node: NodeBase) -> None:
        """Same id, new content. Edges on ports the node no longer has must be removed first."""
        nodes = tuple(node if n.id == node.id else n for n in self._document.sequence.nodes)
        self._replace_sequence(nodes=nodes)
        self.nodeChanged.emit(node.id)
        self.changed.emit()

    def add_edge(self, edge: Edge, index: int | None = None) -> None:
        if self.edge(edge.from_, edge.port) is not None:
            raise ValueError(f"port '{edge.port}' of '{edge.from_}' already has an edge")
        if edge.port not in self.node(edge.from_).ports() or edge.to not in self.ids():
            raise ValueError(f"cannot connect {edge.from_}.{edge.port} to {edge.to}")
        edges = list(self._document.sequence.edges)
        edges.insert(len(edges) if index is None else index, edge)
        self._replace_sequence(edges=tuple(edges))
        self.edgeAdded.emit(edge.from_, edge.port, edge.to)
        self.changed.emit()

    def remove_edge(self, from_id: str, port: str) -> None:
        edge = self.edge(from_id, port)
        if edge is None:
            raise KeyError(f"{from_id}.{port}")
        self._replace_sequence(edges=tuple(e for e in self._document.sequence.edges if e.key != edge.key))
        self.edgeRemoved.emit(edge.from_, edge.port, edge.to)
        self.changed.emit()

    def move_nodes(self, positions: dict[str, Point]) -> None:
        layout = dict(self._document.layout)
        layout.update({k: (float(x), float(y)) for k, (x, y) in positions.items()})
        self._replace_sequence(layout=layout)
        self.layoutChanged.emit(list(positions))
        self.changed.emit()

    def set_field(self, name: str, value: Any) -> None:
        """A top-level document field other than the sequence and layout (name, audience, scoring...)."""
        if name in ("sequence", "layout") or name not in Document.model_fields:
            raise ValueError(f"set_field cannot change {name!r}")
        self._document = self._document.model_copy(update={name: value})
        self.propertiesChanged.emit()
        self.changed.emit()

    def replace_scenario(self, index: int, scenario: Any) -> None:
        scenarios = list(self._document.scenarios)
        scenarios[index] = scenario
        self.set_field("scenarios", tuple(scenarios))

    def replace_document(self, document: Document) -> None:
        """Swaps in a whole document as one edit (imports, bulk changes); views rebuild as on reset.
        Nodes without a position are laid out, as on open."""
        self._document = with_layout(document, self.direction)
        self.reset.emit()
        self.changed.emit()

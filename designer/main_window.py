"""The main window: canvas in the centre, palette, inspector, findings and history around it."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QPoint, QPointF, QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QUndoView
from shiboken6 import isValid

from .action_table import FRONT_DOCKS, menu_entries
from .actions import bind_window_actions, build_menus, build_toolbar, update_enabled
from .canvas.node_item import NodeItem
from .canvas.scene import CanvasScene
from .canvas.view import CanvasView
from .canvas_menus import announce_removals, insert_on_edge_menu
from .chart_style import restyle_charts
from .docks import add_dock
from .document import DocumentModel
from .editing import EditController
from .exchange_dialog import add_exchange_actions
from .extensions import default_sizes, fit_palette, install_extensions
from .files.controller import FileController
from .find_bar import FindBar
from .findings_panel import FindingsPanel
from .inspector import InspectorPanel
from .palette import PalettePanel
from .shortcuts_help import shortcuts_html
from .theme import apply_theme, colours


class MainWindow(QMainWindow):
    def __init__(self, model: DocumentModel | None = None, settings: QSettings | None = None):
        super().__init__()
        self.setObjectName("main_window")
        self.settings = settings or QSettings()
        self.model = model or DocumentModel(parent=self)
        self.scene = CanvasScene(self.model, self)
        self.view = CanvasView(self.scene)
        self.editing = EditController(self.model, self.scene, self.view, self)
        self.find_bar = FindBar(self)
        self.actions_by_key: dict[str, QAction] = {}  # every action of the window by its id (action_table)
        self.bound_actions: set[str] = set()  # the ids with a command connected
        self.menus: dict[str, QMenu] = {}
        self.docks: dict[str, QDockWidget] = {}
        self.setCentralWidget(self.view)
        build_menus(self)
        self._build_docks()
        self.file_controller = FileController(self, self.model)
        self.file_controller.populate_file_menu(self.menus["file"])
        add_exchange_actions(self.menus["file"], self, self.model)
        bind_window_actions(self)
        self._build_status_bar()
        install_extensions(self)
        build_toolbar(self)
        self._connect()
        self.theme = "light"
        self._restore_settings()
        self._update_title()
        self._selection_changed()

    # -- construction ------------------------------------------------------------------------------
    def _build_docks(self) -> None:
        self.palette = PalettePanel()
        self.inspector = InspectorPanel(self.model, self.scene)
        self.findings = FindingsPanel(self.model)
        self.history = QUndoView(self.model.undo_stack)
        self.history.setObjectName("history")
        self.history.setEmptyLabel("Opened document")
        for dock_id, panel in (("palette", self.palette), ("history", self.history), ("inspector", self.inspector),
                               ("findings", self.findings)):
            add_dock(self, dock_id, panel)
        for dock_id in FRONT_DOCKS:
            self.docks[dock_id].raise_()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label, self.findings_label, self.zoom_label = QLabel(), QLabel(), QLabel()
        self.read_only_label = QLabel("Read-only")
        self.read_only_label.setStyleSheet("color: #d93a3a; font-weight: bold;")
        for label in (self.read_only_label, self.findings_label, self.counts_label, self.zoom_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def _connect(self) -> None:
        m = self.model
        m.cleanChanged.connect(self._update_title)
        m.pathChanged.connect(self._update_title)
        m.propertiesChanged.connect(self._update_title)
        m.readOnlyChanged.connect(self._update_title)
        m.readOnlyChanged.connect(self._update_enabled)
        m.changed.connect(self._update_counts)
        m.reset.connect(self._document_reset)
        m.undo_stack.indexChanged.connect(partial(announce_removals, self))
        self.scene.selectionChanged.connect(self._selection_changed)
        self.findings.updated.connect(self._findings_updated)
        self.findings.nodeActivated.connect(self.reveal_node)
        self.palette.dragMoved.connect(self._palette_drag)
        self.palette.dropped.connect(self._palette_drop)
        self.palette.clicked.connect(self.editing.add_node)
        self.view.zoomChanged.connect(self._zoom_changed)
        self.view.addRequested.connect(self._add_menu)
        self.view.contextRequested.connect(self._context_menu)
        self.view.nudgeRequested.connect(self.editing.nudge)
        self.scene.connectToNewRequested.connect(self._connect_to_new)
        self.scene.insertOnEdgeRequested.connect(partial(insert_on_edge_menu, self))
        self._update_counts()
        self._findings_updated(self.findings.findings)
        self._zoom_changed(self.view.zoom())

    # -- model -> window ---------------------------------------------------------------------------
    def _update_title(self, *_args) -> None:
        name = self.model.display_name()
        suffix = " (read-only)" if self.model.read_only else ""
        self.setWindowTitle(f"{name}[*]{suffix} — Nurture Studio")
        self.setWindowModified(self.model.is_modified())
        self.read_only_label.setVisible(self.model.read_only)

    def _update_counts(self) -> None:
        sequence = self.model.document.sequence
        self.counts_label.setText(f"{len(sequence.nodes)} nodes · {len(sequence.edges)} connections")

    def _document_reset(self) -> None:
        self.findings.revalidate_now()
        self.view.show_start()

    def _findings_updated(self, findings: list) -> None:
        self.scene.set_findings(self.findings.by_node())
        counts = self.findings.counts()
        self.findings_label.setText(f"{counts['error']} errors · {counts['warning']} warnings")

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f}%")

    def _selection_changed(self) -> None:
        if not isValid(self.scene):
            return  # the window is being torn down
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_edge_keys()
        if nodes or edges:
            parts = [f"{len(nodes)} node{'s' * (len(nodes) != 1)}"] if nodes else []
            parts += [f"{len(edges)} connection{'s' * (len(edges) != 1)}"] if edges else []
            self.statusBar().showMessage(" and ".join(parts) + " selected", 3000)
        update_enabled(self)

    def _update_enabled(self, *_args) -> None:
        if isValid(self.scene):
            update_enabled(self)

    def reveal_node(self, node_id: str) -> None:
        """Select a node and centre the canvas on it (findings, Find)."""
        self.scene.select_nodes([node_id])
        self.view.centre_on_node(node_id)

    # -- gestures that need the window -------------------------------------------------------------
    def _palette_drag(self, _kind: str, global_pos: QPoint) -> None:
        self.view.show_ghost(self.view.drop_point(global_pos))

    def _palette_drop(self, kind: str, global_pos: QPoint) -> None:
        self.view.hide_ghost()
        point = self.view.drop_point(global_pos)
        if point is None:
            return
        edge = self.scene.edge_at(point) if kind != "entry" else None
        if edge is not None:
            self.editing.insert_on_edge(kind, *edge.key)  # dropped onto a connection: spliced into it
        else:
            self.editing.add_node(kind, point)

    def _kind_entries(self, menu: QMenu, skip: str = ""):
        """(kind, popup entry) for each Insert action in table order; each entry is named ``insert_<kind>``."""
        for spec in menu_entries("insert"):
            if spec is None or spec.id == f"insert_{skip}":
                continue
            action = self.actions_by_key[spec.id]
            item = menu.addAction(action.icon(), action.text())
            item.setObjectName(spec.id)
            yield spec.id.removeprefix("insert_"), item

    def _insert_menu(self, pos: QPointF) -> QMenu:
        menu = QMenu("Add node", self)
        for kind, item in self._kind_entries(menu):
            item.triggered.connect(lambda _=False, k=kind, p=QPointF(pos): self.editing.add_node(k, p))
        return menu

    def _connect_to_new(self, from_id: str, port: str, pos: QPointF) -> None:
        menu = QMenu("Add connected node", self)
        for kind, item in self._kind_entries(menu, skip="entry"):
            item.triggered.connect(
                lambda _=False, k=kind: self.editing.add_connected(k, from_id, port, QPointF(pos)))
        where = self.view.viewport().mapToGlobal(self.view.mapFromScene(pos))
        # After the mouse release has finished: a menu opened inside the release handler would nest.
        QTimer.singleShot(0, lambda: self._run_menu(menu, where))

    @staticmethod
    def _run_menu(menu: QMenu, where: QPoint) -> None:
        menu.exec(where)
        menu.deleteLater()

    def _add_menu(self, pos: QPointF, global_pos: QPoint) -> None:
        if not self.model.read_only:
            self._insert_menu(pos).exec(global_pos)

    def _context_menu(self, pos: QPointF, global_pos: QPoint, item) -> None:
        menu = QMenu(self)
        a = self.actions_by_key
        if isinstance(item, NodeItem):
            for key in ("cut", "copy", "duplicate", "delete"):
                menu.addAction(a[key])
            if item.node.kind in ("branch", "split"):
                menu.addSeparator()
                fold = menu.addAction("Expand Branch" if item.folded is not None else "Collapse Branch")
                fold.setObjectName("toggle_collapsed")
                fold.triggered.connect(lambda _=False, n=item.node_id: self.scene.toggle_collapsed(n))
        elif item is not None:
            menu.addAction(a["delete"])
        else:
            if not self.model.read_only:
                menu.addMenu(self._insert_menu(pos))
            menu.addAction(a["paste"])
            menu.addSeparator()
            for key in ("select_all", "auto_layout", "zoom_fit"):
                menu.addAction(a[key])
        menu.exec(global_pos)

    # -- commands the action table binds -------------------------------------------------------------
    def insert_kind(self, kind: str, _checked: bool = False) -> None:
        self.editing.add_node(kind)

    def zoom_in(self) -> None:
        self.view.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.view.zoom_by(0.8)

    def set_light_theme(self) -> None:
        self.set_theme("light")

    def set_dark_theme(self) -> None:
        self.set_theme("dark")

    # -- preferences -------------------------------------------------------------------------------
    def set_theme(self, theme: str) -> None:
        self.theme = theme
        apply_theme(theme)
        restyle_charts(self, theme == "dark")
        self.scene.set_colours(colours(theme))
        self.view.resetCachedContent()
        self.actions_by_key[f"theme_{theme}"].setChecked(True)
        self.settings.setValue("view/theme", theme)

    def set_snap(self, on: bool) -> None:
        self.scene.snap_to_grid = bool(on)
        self.actions_by_key["snap"].setChecked(bool(on))
        self.settings.setValue("view/snap", bool(on))

    def set_left_to_right(self, on: bool) -> None:
        """Cards flow left to right (ports on the sides) or top to bottom; the drawing is re-arranged."""
        self.actions_by_key["left_to_right"].setChecked(bool(on))
        self.settings.setValue("view/direction", "right" if on else "down")
        self.editing.set_direction("right" if on else "down")

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        # Dock sizes set before the window has its size are scaled up with it: set them again once shown.
        self._default_layout_pending = state is None
        self.set_theme(str(self.settings.value("view/theme", "light")))
        self.set_snap(str(self.settings.value("view/snap", "true")).lower() == "true")
        right = self.settings.value("view/direction", "down") == "right"
        self.actions_by_key["left_to_right"].setChecked(right)
        self.actions_by_key["minimap"].setChecked(True)
        self.scene.set_direction("right" if right else "down")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._default_layout_pending:
            self._default_layout_pending = False
            default_sizes(self)
            self.view.show_start()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if "palette" in self.docks:
            fit_palette(self)

    def closeEvent(self, event) -> None:
        if not self.file_controller.confirm_close():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        event.accept()

    # -- help --------------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", shortcuts_html(self.actions_by_key))

    def show_about(self) -> None:
        QMessageBox.about(self, "About Nurture Studio",
                          "<b>Nurture Studio</b><p>Draw role-based nurture sequences and forecast how leads "
                          "move from MQL to SQL.</p>")

"""Every menu, action, toolbar entry and panel of the main window, declared once by id (plain data, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from sequences import NODE_KINDS

from .canvas.node_facts import KIND_LABELS

# Context keys an action's ``enabled_when`` may name; the window computes them (designer.actions.context).
CONTEXT_KEYS = ("editable", "nodes_selected", "anything_selected")


@dataclass(frozen=True)
class MenuSpec:
    id: str
    title: str
    parent: str = ""  # a submenu's menu; top-level menus appear in the bar in table order


@dataclass(frozen=True)
class ActionSpec:
    """One command. ``shortcuts`` are portable strings ("Ctrl+L") or a Qt standard key ("std:Copy").

    ``menus`` are the menu ids it appears in, in table order; a separator goes between different ``group``s.
    ``enabled_when`` names context keys that must all hold; without it the owner decides (e.g. Simulate).
    """

    id: str
    title: str
    menus: tuple[str, ...] = ()
    group: str = ""
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    enabled_when: tuple[str, ...] = ()
    checkable: bool = False
    radio: str = ""  # actions sharing a radio name are mutually exclusive (themes)


@dataclass(frozen=True)
class DockSpec:
    """A panel: where it docks first and which panel it becomes a tab of (``beside``, declared before it)."""

    id: str
    title: str
    area: str  # "left", "right" or "bottom"
    beside: str = ""


MENUS = (
    MenuSpec("file", "&File"),
    MenuSpec("edit", "&Edit"),
    MenuSpec("view", "&View"),
    MenuSpec("panels", "&Panels", parent="view"),
    MenuSpec("insert", "&Insert"),
    MenuSpec("forecast", "F&orecast"),
    MenuSpec("tools", "&Tools"),
    MenuSpec("help", "&Help"),
)

_EDIT, _NODES, _ANY = ("editable",), ("nodes_selected",), ("anything_selected",)

ACTIONS = (
    # File (designer.files.controller binds them and lays out its menu, which has submenus that fill themselves)
    ActionSpec("new", "&New", (), "file", ("std:New",), "Start an empty document"),
    ActionSpec("open", "&Open…", (), "file", ("std:Open",), "Open a document"),
    ActionSpec("save", "&Save", (), "file", ("std:Save",), "Save the document"),
    ActionSpec("save_as", "Save &As…", (), "file", ("std:SaveAs",), "Save the document under a new name"),
    ActionSpec("revert", "Re&vert", (), "file", (), "Reload the document from disk"),
    ActionSpec("export_picture", "&Export Picture…", (), "file", (), "Export the canvas as PNG, SVG or PDF"),
    # designer.exchange_dialog binds these two and places them above Quit
    ActionSpec("export_to", "Export &to…", (), "exchange", (), "Export the sequence to HubSpot, Mautic, Dittofeed…"),
    # Import stays enabled on a read-only document: it then opens the import as a new, unsaved document.
    ActionSpec("import", "&Import…", (), "exchange", (), "Replace the document with a definition from an automation "
               "tool (undoable)"),
    ActionSpec("import_into", "Import into This &Document…", (), "exchange", (), "Replace only the sequence with an "
               "automation tool's definition, keeping scenarios, scoring and export ids (undoable)", _EDIT),
    ActionSpec("quit", "&Quit", (), "file", ("std:Quit",), "Close every window and quit"),
    # Edit
    ActionSpec("undo", "&Undo", ("edit",), "undo", ("std:Undo",)),
    ActionSpec("redo", "&Redo", ("edit",), "undo", ("std:Redo", "Ctrl+Y", "Ctrl+Shift+Z")),
    ActionSpec("cut", "Cu&t", ("edit",), "clipboard", ("std:Cut",), "Cut the selected nodes", _EDIT + _NODES),
    ActionSpec("copy", "&Copy", ("edit",), "clipboard", ("std:Copy",), "Copy the selected nodes", _NODES),
    ActionSpec("paste", "&Paste", ("edit",), "clipboard", ("std:Paste",), "Paste nodes", _EDIT),
    ActionSpec("duplicate", "D&uplicate", ("edit",), "clipboard", ("Ctrl+D",), "Duplicate the selected nodes",
               _EDIT + _NODES),
    ActionSpec("delete", "&Delete", ("edit",), "clipboard", ("Delete", "Backspace"),
               "Delete the selected nodes and connections", _EDIT + _ANY),
    ActionSpec("select_all", "Select &All", ("edit",), "select", ("std:SelectAll",)),
    ActionSpec("find", "&Find Node…", ("edit",), "select", ("std:Find",), "Find a node by id, title or subject"),
    ActionSpec("auto_layout", "Auto-&Layout", ("edit",), "layout", ("Ctrl+L",),
               "Arrange the nodes in layers from the entries down (or left to right)", _EDIT),
    # View
    ActionSpec("zoom_in", "Zoom &In", ("view",), "zoom", ("Ctrl++", "Ctrl+=")),
    ActionSpec("zoom_out", "Zoom &Out", ("view",), "zoom", ("Ctrl+-",)),
    ActionSpec("zoom_reset", "&Actual Size", ("view",), "zoom", ("Ctrl+0",)),
    ActionSpec("zoom_fit", "Zoom to &Fit", ("view",), "zoom", ("F",), "Show the whole sequence"),
    ActionSpec("snap", "&Snap to Grid", ("view",), "snap", ("Ctrl+'",), checkable=True),
    ActionSpec("minimap", "&Minimap", ("view",), "snap", ("Ctrl+M",), "Show the whole sequence in a corner",
               checkable=True),
    ActionSpec("left_to_right", "Lay Out Left to &Right", ("view",), "snap", (),
               "Cards flow from left to right instead of top to bottom (re-arranges them)", checkable=True),
    ActionSpec("theme_light", "&Light Theme", ("view",), "theme", checkable=True, radio="theme"),
    ActionSpec("theme_dark", "&Dark Theme", ("view",), "theme", checkable=True, radio="theme"),
    # Insert: one per node kind
    *(ActionSpec(f"insert_{kind}", KIND_LABELS[kind], ("insert",), "kinds",
                 tip=f"Add a {KIND_LABELS[kind].lower()} node at the centre of the canvas", enabled_when=_EDIT)
      for kind in NODE_KINDS),
    # Forecast (designer.forecast, designer.scenarios, designer.lead_test, designer.sweeps)
    ActionSpec("simulate", "&Simulate", ("forecast",), "run", ("F5",),
               "Run the scenario chosen in the Forecast panel (off the GUI thread)"),
    ActionSpec("cancel_simulation", "&Cancel Simulation", ("forecast",), "run", ("Shift+F5",),
               "Stop the running simulation"),
    ActionSpec("compare_scenarios", "C&ompare Scenarios…", ("forecast",), "compare",
               tip="Tick scenarios in the Forecast panel and compare them on common random numbers"),
    ActionSpec("export_run_report", "Export Run &Report…", ("forecast",), "report",
               tip="Write the last run as an HTML or PDF report"),
    ActionSpec("export_comparison_report", "Export Co&mparison Report…", ("forecast",), "report",
               tip="Write the last comparison as a report"),
    ActionSpec("forecast_overlay", "Show Forecast O&verlay", ("forecast", "view"), "overlay",
               tip="Colour the canvas with the last run's traffic, stalls and flows", checkable=True),
    ActionSpec("scenarios", "Sc&enarios", ("forecast",), "panels", ("Ctrl+Shift+E",),
               "Edit the scenarios: cohort, mix, behaviour, thresholds, sales team and SLA"),
    ActionSpec("lead_test", "&Test a Lead…", ("forecast",), "panels", ("Ctrl+Shift+T",),
               "Walk one persona through the sequence step by step, with scores, dates and sales outcome"),
    ActionSpec("sweep", "S&weep Thresholds…", ("forecast",), "sweep",
               tip="Explore MQL/SQL thresholds, decay and team size, and get a recommended setting"),
    # Tools (designer.calibration_wizard)
    ActionSpec("calibrate", "&Calibrate Scenario from CRM History…", ("tools",), "history",
               tip="Estimate a new scenario from a CRM export of leads and their engagement", enabled_when=_EDIT),
    ActionSpec("backtest", "&Backtest Scenario Against History…", ("tools",), "history",
               tip="Simulate the historical weeks and compare with what happened"),
    # Help
    ActionSpec("shortcuts", "&Keyboard Shortcuts", ("help",), "help", ("F1",)),
    ActionSpec("about", "&About Nurture Studio", ("help",), "help"),
)

# The main toolbar, left to right; None is a separator. File entries come from the File controller.
TOOLBAR = ("new", "open", "save", None, "undo", "redo", None, "delete", "duplicate", None, "zoom_out", "zoom_in",
           "zoom_fit", "auto_layout", None, "find_bar", None, "simulate", "cancel_simulation")

DOCKS = (
    DockSpec("palette", "Nodes", "left"),
    DockSpec("history", "History", "right"),
    DockSpec("inspector", "Inspector", "right", beside="history"),
    DockSpec("findings", "Findings", "bottom"),
    DockSpec("scenarios", "Scenarios", "right", beside="inspector"),
    DockSpec("forecast", "Forecast", "bottom", beside="findings"),
    DockSpec("lead_test", "Test a Lead", "bottom", beside="findings"),
)
# The panels that stay in front of their tab groups when the window first opens.
FRONT_DOCKS = ("inspector", "findings")

ACTIONS_BY_ID = {spec.id: spec for spec in ACTIONS}
DOCKS_BY_ID = {spec.id: spec for spec in DOCKS}


def menu_entries(menu: str) -> list[ActionSpec | None]:
    """The actions of ``menu`` in table order, with None where a separator goes between two groups."""
    entries: list[ActionSpec | None] = []
    group = None
    for spec in ACTIONS:
        if menu not in spec.menus:
            continue
        if group is not None and spec.group != group:
            entries.append(None)
        entries.append(spec)
        group = spec.group
    return entries

"""The text of Help ▸ Keyboard Shortcuts."""

SHORTCUTS = (
    ("Drag a palette entry onto the canvas", "Add a node"),
    ("Double-click the canvas / right-click", "Add a node there"),
    ("Drag from an output port to a node", "Connect (to empty canvas: add a connected node)"),
    ("Click, Ctrl+click, drag on empty canvas", "Select, add to selection, rubber-band"),
    ("Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z)", "Undo / Redo"),
    ("Ctrl+X / Ctrl+C / Ctrl+V / Ctrl+D", "Cut / Copy / Paste / Duplicate"),
    ("Delete or Backspace", "Delete the selection"),
    ("Arrow keys (Shift: ×5)", "Nudge the selected nodes"),
    ("Ctrl+A", "Select all"),
    ("Ctrl+F", "Find a node"),
    ("Ctrl+L", "Auto-layout"),
    ("Wheel, Ctrl++ / Ctrl+- / Ctrl+0", "Zoom in / out / actual size"),
    ("F", "Zoom to fit"),
    ("Middle-drag or Space+drag", "Pan"),
    ("Ctrl+'", "Snap to grid on/off"),
)

SHORTCUTS_HTML = "<table>" + "".join(
    f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{what}</td></tr>" for keys, what in SHORTCUTS
) + "</table>"

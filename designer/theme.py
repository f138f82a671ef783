"""Light and dark themes: the application palette and the canvas colours, chosen in one place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle
from shiboken6 import isValid

KIND_COLOURS: dict[str, str] = {
    "entry": "#2e9e5b", "email": "#2f7fd8", "wait": "#d9962b", "branch": "#8a5cd0", "split": "#c2549b",
    "score": "#1f9aa8", "handoff": "#e0663a", "goal": "#3f9c35", "exit": "#7d8794",
}
SEVERITY_COLOURS = {"error": "#d93a3a", "warning": "#e6a117", "info": "#3b82c4"}


@dataclass(frozen=True)
class CanvasColours:
    background: QColor
    grid: QColor
    card: QColor
    card_border: QColor
    text: QColor
    muted: QColor
    edge: QColor
    selection: QColor
    badge: QColor


LIGHT = CanvasColours(QColor("#f4f6f9"), QColor("#dde2ea"), QColor("#ffffff"), QColor("#c9d1dc"),
                      QColor("#1d2430"), QColor("#5f6b7a"), QColor("#7b8797"), QColor("#2f7fd8"),
                      QColor("#e8edf4"))
DARK = CanvasColours(QColor("#1e2228"), QColor("#2b3038"), QColor("#2c323b"), QColor("#414954"),
                     QColor("#e6e9ee"), QColor("#a0a9b5"), QColor("#8893a2"), QColor("#5aa2ef"),
                     QColor("#3a414c"))


class ThemeStyle(QProxyStyle):
    """Fusion, with check boxes and radio buttons outlined on dark palettes: Fusion draws them in the base
    colour with an outline darker than the window, which vanishes on a dark background (tables above all)."""

    OUTLINED = (QStyle.PE_IndicatorCheckBox, QStyle.PE_IndicatorItemViewItemCheck, QStyle.PE_IndicatorRadioButton)

    def __init__(self):
        super().__init__("Fusion")

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in self.OUTLINED or option.palette.color(QPalette.Window).lightness() >= 128:
            return
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing, element == QStyle.PE_IndicatorRadioButton)
        painter.setPen(QPen(QColor("#7b8593"), 1))
        painter.setBrush(Qt.NoBrush)
        rect = option.rect.adjusted(0, 0, -1, -1)
        if element == QStyle.PE_IndicatorRadioButton:
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        else:
            painter.drawRect(rect)
        painter.restore()


_STYLE: list[ThemeStyle] = []  # the dark theme's style; the application deletes it when replaced


def colours(theme: str) -> CanvasColours:
    return DARK if theme == "dark" else LIGHT


def apply_theme(theme: str) -> None:
    """Fusion style with a matching palette, so both themes look the same on every platform."""
    app = QApplication.instance()
    if app is None:
        return
    # The light theme draws with plain Fusion: a style written in Python is called for every primitive the
    # window paints (hundreds a frame), and while a job thread holds the interpreter each call waits for it.
    outlined = bool(_STYLE) and isValid(_STYLE[0]) and app.style() is _STYLE[0]
    if theme == "dark" and not outlined:
        _STYLE[:] = [ThemeStyle()]
        app.setStyle(_STYLE[0])
    elif theme != "dark" and (outlined or app.style().name().lower() != "fusion"):
        _STYLE.clear()
        app.setStyle("Fusion")
    palette = QPalette()
    if theme == "dark":
        roles = {
            QPalette.Window: "#262a31", QPalette.WindowText: "#e6e9ee", QPalette.Base: "#1e2228",
            QPalette.AlternateBase: "#2b3038", QPalette.Text: "#e6e9ee", QPalette.Button: "#2f353e",
            QPalette.ButtonText: "#e6e9ee", QPalette.Highlight: "#3d7fcc", QPalette.HighlightedText: "#ffffff",
            QPalette.ToolTipBase: "#2f353e", QPalette.ToolTipText: "#e6e9ee", QPalette.PlaceholderText: "#8893a2",
            QPalette.Link: "#5aa2ef", QPalette.Mid: "#3a414c", QPalette.Dark: "#15181c",
        }
    else:
        roles = {
            QPalette.Window: "#eef1f5", QPalette.WindowText: "#1d2430", QPalette.Base: "#ffffff",
            QPalette.AlternateBase: "#f4f6f9", QPalette.Text: "#1d2430", QPalette.Button: "#f7f8fa",
            QPalette.ButtonText: "#1d2430", QPalette.Highlight: "#2f7fd8", QPalette.HighlightedText: "#ffffff",
            QPalette.ToolTipBase: "#ffffff", QPalette.ToolTipText: "#1d2430", QPalette.PlaceholderText: "#8a95a3",
            QPalette.Link: "#2f7fd8", QPalette.Mid: "#c9d1dc",
        }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#6b7380" if theme == "dark" else "#a3acb8")
    for role in (QPalette.Text, QPalette.ButtonText, QPalette.WindowText):
        palette.setColor(QPalette.Disabled, role, disabled)
    app.setPalette(palette)

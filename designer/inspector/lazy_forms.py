"""Document-page forms made the first time their tab is shown or they are asked for, not on every open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QScrollArea, QTabWidget, QWidget


class LazyForms(dict):
    """tab -> form; a form missing from the dict is built (and put in its tab) when first looked up.

    Why: building the Audience, Scoring and Thresholds forms took the GUI thread 0.1–0.6 s on every file
    opened, while a person sees at most one of them, and only after choosing its tab.
    """

    def __init__(self, tabs: QTabWidget, build: Callable[[str], QWidget]):
        super().__init__()
        self.tabs = tabs
        self.build = build
        self.scrolls: dict[str, QScrollArea] = {}
        tabs.currentChanged.connect(self._shown)

    def add_tab(self, tab: str) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        self.scrolls[tab] = scroll
        self.tabs.addTab(scroll, tab.capitalize())

    def __missing__(self, tab: str):
        if tab not in self.scrolls:
            raise KeyError(tab)
        form, page = self.build(tab)
        self[tab] = form
        self.scrolls[tab].setWidget(page)
        return form

    def _shown(self, index: int) -> None:
        for tab, scroll in self.scrolls.items():
            if self.tabs.widget(index) is scroll:
                self[tab]  # noqa: B018 - looking it up builds it

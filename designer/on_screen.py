"""A panel whose refresh is costly refreshes only while a person can see it (its dock tab in front)."""

from __future__ import annotations


class RefreshWhenSeen:
    """Mixin for a QWidget panel with a ``refresh()``: while off screen, ``skip_refresh()`` notes the change
    and the panel refreshes once when it comes back.

    Why: the Scenarios panel, a tab behind the inspector, rebuilt its forms on every file opened and edit
    (0.1–0.6 s of the GUI thread) with nobody looking. Connect the dock's ``visibilityChanged`` to
    ``set_on_screen``: Qt emits it when the tab comes to the front or goes back (``isVisible`` stays True).
    """

    _on_screen: bool | None = None  # None: not in a dock, visibility alone decides
    _changed_unseen = False

    def skip_refresh(self) -> bool:
        """True (and the change noted) while the panel is off screen: the caller returns at once."""
        self._changed_unseen = not self.isVisible() or self._on_screen is False
        return self._changed_unseen

    def set_on_screen(self, on_screen: bool) -> None:
        self._on_screen = on_screen
        if on_screen and self._changed_unseen:
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._changed_unseen:
            self.refresh()

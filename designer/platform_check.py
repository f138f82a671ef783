"""Before Qt starts: say plainly when the Linux desktop lacks the one system library Qt's xcb plugin needs."""

from __future__ import annotations

import ctypes.util
import os
import sys

HINT = (
    "Nurture Studio needs the system library libxcb-cursor0 to open a window on this Linux desktop.\n"
    "Install it (Debian/Ubuntu: sudo apt install libxcb-cursor0) or run headless: make demo"
)


def missing_display_library() -> str | None:
    """The message to show when Qt's xcb plugin would abort for want of libxcb-cursor, else None."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if os.environ.get("WAYLAND_DISPLAY") and not platform:
        return None
    if not os.environ.get("DISPLAY"):
        return None
    return None if ctypes.util.find_library("xcb-cursor") else HINT

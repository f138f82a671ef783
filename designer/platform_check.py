"""Before Qt starts: say plainly which system libraries Qt's xcb plugin lacks on this Linux desktop, read
from the plugin itself with ldd, and the command that installs them."""

from __future__ import annotations

import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Sonames whose Debian package name does not follow the lib<name><version> rule.
PACKAGES = {"libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0"}


def debian_package(soname: str) -> str:
    """``libxcb-icccm.so.4`` -> ``libxcb-icccm4``; ``libxkbcommon-x11.so.0`` -> ``libxkbcommon-x11-0``."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    match = re.match(r"(lib[\w+.-]*?)\.so\.(\d+)", soname)
    if not match:
        return soname
    name, version = match.groups()
    return (f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}").lower()


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin inside the installed PySide6 (Qt loads it only when the application starts)."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def missing_libraries(plugin: Path | None = None) -> list[str]:
    """Sonames the plugin (and the Qt libraries it loads) need but the system lacks, as ldd reports them."""
    plugin = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line})


def message(sonames: list[str]) -> str:
    packages = sorted({debian_package(s) for s in sonames})
    return ("Nurture Studio cannot open a window on this Linux desktop: Qt's display plugin needs "
            f"{', '.join(sonames)}, which this system lacks.\n"
            f"Install them (Debian/Ubuntu): sudo apt install {' '.join(packages)}\n"
            "or run headless: make demo")


def missing_display_library() -> str | None:
    """The message to show when Qt's xcb plugin would abort for want of system libraries, else None."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if os.environ.get("WAYLAND_DISPLAY") and not platform:
        return None
    if not os.environ.get("DISPLAY"):
        return None
    missing = missing_libraries()
    # Qt opens libxcb-cursor at run time on some builds: ldd of the plugin does not always list it.
    if not ctypes.util.find_library("xcb-cursor") and "libxcb-cursor.so.0" not in missing:
        missing.append("libxcb-cursor.so.0")
    return message(sorted(missing)) if missing else None

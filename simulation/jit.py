"""numba's ``njit`` as the engine's kernels use it: compiled on first use, then cached on disk."""

from __future__ import annotations

import sys
from typing import Literal

from numba import njit

# numba keys its disk cache on the source file, which a frozen app (PyInstaller) does not ship: there the
# kernels compile once per start instead (a few seconds) rather than failing to import.
CACHE = not getattr(sys, "frozen", False)


def kernel(function=None, *, inline: Literal["never", "always"] = "never"):
    """``@kernel`` or ``@kernel(inline="always")``: ``njit`` with the engine's cache setting."""
    if function is not None:
        return njit(function, cache=CACHE, error_model="numpy")
    return njit(cache=CACHE, inline=inline, error_model="numpy")

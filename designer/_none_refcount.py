"""Keeps None, True and False alive under PySide6 6.12 on Python 3.11 (void C++ calls drop references).

Measured: ``QObject().setObjectName("x")`` 1,000 times lowers ``sys.getrefcount(None)`` by 1,000; painting
a large canvas makes tens of thousands of such calls and CPython aborts with "deallocating None".
Python 3.12+ makes None immortal, which is exactly what this does for 3.11.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40


def immortalise_none() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    # True and False too: a test run with every window of the product aborted once on "deallocating False".
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt is a PyObject's first field
        if count.value < _RESERVE:
            count.value += _RESERVE

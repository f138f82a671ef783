"""Guards the PySide6 pin: the pinned release must not drop references to None, True or False."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject

CALLS = 1000


def _lost(singleton: object, call) -> int:
    before = sys.getrefcount(singleton)
    for _ in range(CALLS):
        call()
    return before - sys.getrefcount(singleton)


def test_void_calls_keep_none_true_and_false_alive(qapp):
    # PySide6 6.12.0 on Python 3.11 loses one reference to None per void call (1,000 here); painting a
    # canvas makes tens of thousands and CPython aborts with "deallocating None". 6.11.3 loses none.
    item = QObject()
    assert _lost(None, lambda: item.setObjectName("x")) == 0
    assert _lost(False, lambda: item.blockSignals(False)) == 0
    assert _lost(True, lambda: item.setProperty("p", True)) == 0

"""Cancelling a calibration anywhere in it: while the history is read, and between the fit's trial runs.

The fits are many small simulations several calls deep (behaviour, lags, fading, acceptance); each asks
``stop_point()`` before it runs rather than taking a ``cancel`` argument down every level. The cancel is kept
in a context variable, so it is the calling thread's own: two calibrations on two threads never see each
other's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..runner import Cancelled

_CANCEL: ContextVar[Callable[[], bool] | None] = ContextVar("calibration_cancel", default=None)


class CalibrationCancelled(Cancelled):
    """The caller's ``cancel()`` returned True while the calibration ran; it produced nothing."""


@contextmanager
def cancellable(cancel: Callable[[], bool] | None) -> Iterator[None]:
    """Within the block, ``stop_point()`` raises ``CalibrationCancelled`` once ``cancel()`` returns True."""
    token = _CANCEL.set(cancel if cancel is not None else _CANCEL.get())
    try:
        yield
    finally:
        _CANCEL.reset(token)


def stop_point() -> None:
    cancel = _CANCEL.get()
    if cancel is not None and cancel():
        raise CalibrationCancelled("the calibration was cancelled")

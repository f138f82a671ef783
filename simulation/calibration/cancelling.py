"""Cancelling a calibration anywhere in it, and hearing where it is: while the history is read, and between
the fit's trial runs.

The fits are many small simulations several calls deep (behaviour, lags, fading, acceptance); each asks
``stop_point()`` before it runs rather than taking ``cancel`` and ``progress`` arguments down every level. Both
are kept in context variables, so they are the calling thread's own: two calibrations on two threads never see
each other's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..runner import Cancelled

_CANCEL: ContextVar[Callable[[], bool] | None] = ContextVar("calibration_cancel", default=None)
_PROGRESS: ContextVar[Callable[..., None] | None] = ContextVar("calibration_progress", default=None)
_TRIALS: ContextVar[list[int] | None] = ContextVar("calibration_trials", default=None)


class CalibrationCancelled(Cancelled):
    """The caller's ``cancel()`` returned True while the calibration ran; it produced nothing."""


@contextmanager
def cancellable(cancel: Callable[[], bool] | None,
                progress: Callable[..., None] | None = None) -> Iterator[None]:
    """Within the block, ``stop_point()`` raises ``CalibrationCancelled`` once ``cancel()`` returns True, and
    ``report(message)`` calls ``progress(message)`` (an outer block's, when this one is given none)."""
    tokens = (_CANCEL.set(cancel if cancel is not None else _CANCEL.get()),
              _PROGRESS.set(progress if progress is not None else _PROGRESS.get()),
              _TRIALS.set([0] if progress is not None else _TRIALS.get()))
    try:
        yield
    finally:
        for var, token in zip((_CANCEL, _PROGRESS, _TRIALS), tokens, strict=True):
            var.reset(token)  # type: ignore[attr-defined]


def stop_point() -> None:
    cancel = _CANCEL.get()
    if cancel is not None and cancel():
        raise CalibrationCancelled("the calibration was cancelled")


def report(message: str) -> None:
    """Tell the caller where the calibration is (a job's status line); nothing when nobody listens."""
    progress = _PROGRESS.get()
    if progress is not None:
        progress(message)


def trial_run() -> None:
    """A trial simulation of the fit is about to run: a stop point, and the count of them so far reported."""
    stop_point()
    trials = _TRIALS.get()
    if trials is not None:
        trials[0] += 1
        report(f"fitting the behaviour by simulation: trial run {trials[0]}")

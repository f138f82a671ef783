"""Send windows (when an email may go out) and response lags (when a lead answers), as array arithmetic."""

from __future__ import annotations

import math

import numpy as np

from sequences.timing import WEEKDAYS, Lag, ResponseLags, SendWindow

from .keyed_random import KeyedRandom

TWO_PI = 2.0 * math.pi


class SendClock:
    """The earliest moment at or after ``t`` (days from a Monday midnight) inside a send window."""

    def __init__(self, window: SendWindow):
        self.start, self.end = window.hours.start / 24.0, window.hours.end / 24.0
        open_days = {WEEKDAYS.index(d) for d in window.days}
        self.open = np.array([d in open_days for d in range(7)], dtype=bool)
        # Days from each weekday to the next open day strictly after it.
        self.next_day = np.array([next(k for k in range(1, 8) if (d + k) % 7 in open_days) for d in range(7)],
                                 dtype=np.float64)
        self.always = len(open_days) == 7 and self.start == 0.0 and self.end == 1.0

    def next_open(self, t: np.ndarray) -> np.ndarray:
        if self.always:
            return t
        day = np.floor(t)
        weekday = day.astype(np.int64) % 7
        frac = t - day
        is_open = self.open[weekday]
        inside = is_open & (frac >= self.start) & (frac < self.end)
        if inside.all():
            # A copy: the engine reads "the very same array" as "nobody spent time here", and a batch sent
            # at once must count its zero waits like any other batch (batching never changes a figure).
            return t.copy()
        early = is_open & (frac < self.start)
        later = day + self.next_day[weekday] + self.start
        return np.where(inside, t, np.where(early, day + self.start, later))


def lognormal_days(lag: Lag, u1: np.ndarray, u2: np.ndarray) -> np.ndarray:
    """Lags in days from two uniforms per lead (Box-Muller): median and 90th percentile as the lag says."""
    z = np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(TWO_PI * u2)
    return (lag.median / 24.0) * np.exp(lag.sigma() * z)


class Lags:
    """Each response's lag: one draw per lead and email, from the lag of its furthest response."""

    def __init__(self, lags: ResponseLags):
        self.by_outcome = (lags.open, lags.click, lags.hand_raise)

    def draw(self, rng: KeyedRandom, stream: int, idx: np.ndarray, rounds: np.ndarray | None,
             clicked: np.ndarray, raised: np.ndarray) -> np.ndarray:
        """Days from delivery to the lead's visit: its open, click and hand-raise happen in that one visit,
        at the lag of the furthest of them (a hand-raise takes longer to decide than a click)."""
        u1, u2 = rng.pair(stream, idx, rounds)
        z = np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(TWO_PI * u2)
        which = np.where(raised, 2, np.where(clicked, 1, 0))
        median = np.array([lag.median / 24.0 for lag in self.by_outcome]).take(which)
        sigma = np.array([lag.sigma() for lag in self.by_outcome]).take(which)
        return median * np.exp(sigma * z)

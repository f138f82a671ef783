"""Send windows (when an email may go out) and response lags (when a lead answers), as array arithmetic."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from sequences.timing import WEEKDAYS, ResponseLags, SendWindow

from .keyed_random import KeyedRandom


class SendClock:
    """The earliest moment at or after ``t`` (days from a Monday midnight) inside a send window."""

    def __init__(self, window: SendWindow):
        start, end = window.hours.start / 24.0, window.hours.end / 24.0
        days = sorted(WEEKDAYS.index(d) for d in window.days)
        self.always = len(days) == 7 and start == 0.0 and end == 1.0
        # The week's open spells as [opens, closes) in days from Monday midnight, plus next week's first.
        self.opens = np.array([d + start for d in days] + [days[0] + 7 + start])
        self.closes = np.array([d + end for d in days])

    def next_open(self, t: np.ndarray) -> np.ndarray:
        if self.always:
            return t
        week = np.floor(t * (1.0 / 7.0)) * 7.0
        pos = t - week
        # Spells still to close at ``pos``: a comparison per spell is cheaper than a binary search per lead.
        k = (pos >= self.closes[0]).view(np.uint8).astype(np.intp)
        for close in self.closes[1:]:
            k += pos >= close
        # Always a new array: the engine reads "the very same array" as "nobody spent time here", and a
        # batch sent at once must count its zero waits like any other batch (batching never changes a figure).
        wait = self.opens.take(k)
        wait -= pos
        np.maximum(wait, 0.0, out=wait)
        wait += t
        return wait


# Acklam's rational approximation of the normal quantile (relative error below 1.2e-9).
_A = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
      -3.066479806614716e01, 2.506628277459239e00)
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
      -1.328068155288572e01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
      4.374664141464968e00, 2.938163982698783e00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)


def _poly(coefs: tuple[float, ...], x: np.ndarray) -> np.ndarray:
    out = np.full_like(x, coefs[0])
    for c in coefs[1:]:
        out = out * x + c
    return out


def normal_quantiles(p: np.ndarray) -> np.ndarray:
    """The standard normal's quantiles at probabilities ``p`` (0 < p < 1), vectorised."""
    low = np.minimum(p, 1.0 - p)
    q = np.sqrt(-2.0 * np.log(np.maximum(low, 1e-300)))
    tail = _poly(_C, q) / (_poly(_D, q) * q + 1.0)
    r = (p - 0.5) ** 2
    centre = (p - 0.5) * _poly(_A, r) / (_poly(_B, r) * r + 1.0)
    z = np.where(low < 0.02425, np.where(p < 0.5, tail, -tail), centre)
    return z


class Lags:
    """Each response's lag: one draw per lead and email, from the lag of its furthest response."""

    BINS = 65_535  # odd: the middle bin's midpoint is the median itself

    def __init__(self, lags: ResponseLags):
        self.table = _lag_table(lags)

    def draw(self, rng: KeyedRandom, stream: int, idx: np.ndarray, rounds: np.ndarray | None,
             clicked: np.ndarray, raised: np.ndarray) -> np.ndarray:
        """Days from delivery to the lead's visit: its open, click and hand-raise happen in that one visit,
        at the lag of the furthest of them (a hand-raise takes longer to decide than a click)."""
        u = rng.uniform(stream, idx, rounds)
        which = (clicked.view(np.uint8) | (raised.view(np.uint8) << np.uint8(1))).astype(np.intp)
        which *= self.BINS
        which += (u * self.BINS).astype(np.intp)
        return self.table.take(which)


@lru_cache(maxsize=32)
def _lag_table(lags: ResponseLags) -> np.ndarray:
    """By outcome bits (1 clicked, 2 raised a hand; 3 both, where the hand-raise is the furthest), each
    lag's quantiles at the midpoints of 65,535 equal bins: a draw is then one lookup, not four
    transcendental functions per lead, and its quantiles are exact to 1/65,535. Built once per setting
    (every replication of a run, every point of a sweep reads the same table) and read-only."""
    order = (lags.open, lags.click, lags.hand_raise, lags.hand_raise)
    z = normal_quantiles((np.arange(Lags.BINS) + 0.5) / Lags.BINS)
    table = np.concatenate([(lag.median / 24.0) * np.exp(lag.sigma() * z) for lag in order])
    table.flags.writeable = False
    return table

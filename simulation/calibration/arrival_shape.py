"""The shape of arrivals: weekday pattern, week-to-week factors and Poisson variability, from created dates."""

from __future__ import annotations

import math
from datetime import date

from sequences.scenario import WEEKDAYS

from .counts import HistoryCounts
from .stats import Z95, Estimate, wilson

_MONDAY = date(2001, 1, 1).toordinal()


def _full_weeks(counts: HistoryCounts) -> dict[int, list[int]]:
    """Leads per weekday for every week wholly inside the created span (partial weeks would skew the shape)."""
    if counts.first_created is None or counts.last_created is None:
        return {}
    first, last = counts.first_created.toordinal(), counts.last_created.toordinal()
    weeks: dict[int, list[int]] = {}
    for day, n in counts.created_days.items():
        week = (day - _MONDAY) // 7
        start = _MONDAY + 7 * week
        if start >= first and start + 6 <= last:
            weeks.setdefault(week, [0] * 7)[(day - _MONDAY) % 7] += n
    for week in range((first - _MONDAY) // 7, (last - _MONDAY) // 7 + 1):
        start = _MONDAY + 7 * week
        if start >= first and start + 6 <= last:
            weeks.setdefault(week, [0] * 7)
    return weeks


def whole_weeks(counts: HistoryCounts) -> list[int]:
    """The weeks (``week_of`` numbers) wholly inside the span of the created dates."""
    return sorted(_full_weeks(counts))


def shape_estimates(counts: HistoryCounts, min_n: int) -> tuple[list[Estimate], dict, list[str]]:
    """Weekday factors (share x 7: 1 is an average day), the dispersion of weekly totals, weekly factors.
    Returns the estimates, the values in the form issue 13's fields take, and flags."""
    weeks = _full_weeks(counts)
    flags: list[str] = []
    if len(weeks) < 2:
        return [], {}, ["arrival shape: fewer than two whole weeks of created dates; no weekday pattern"]
    per_day = [sum(w[d] for w in weeks.values()) for d in range(7)]
    total = sum(per_day)
    estimates = []
    pattern: dict[str, float] = {}
    for d, name in enumerate(WEEKDAYS):
        low, high = wilson(per_day[d], total)
        value = 7 * per_day[d] / total if total else float("nan")
        est = Estimate(f"arrivals.pattern.weekdays.{name}", value, 7 * low, 7 * high, total,
                       "Wilson 95% of the day's share, x 7", f"created dates, {len(weeks)} whole weeks", "x average")
        if total < min_n:
            est.flags.append(f"thin: n={total} < {min_n}")
        estimates.append(est)
        pattern[name] = round(value, 4)
    totals = [sum(w) for _, w in sorted(weeks.items())]
    mean = sum(totals) / len(totals)
    var = sum((t - mean) ** 2 for t in totals) / (len(totals) - 1)
    dispersion = var / mean if mean else float("nan")
    half = Z95 * math.sqrt(2 / (len(totals) - 1))  # the index of dispersion of Poisson counts: about 1 +- this
    estimates.append(Estimate("arrivals.dispersion", dispersion, max(0.0, dispersion * (1 - half)),
                              dispersion * (1 + half), len(totals), "variance/mean of weekly totals, normal 95%",
                              "created dates, whole weeks", "x Poisson"))
    variability = "poisson" if dispersion <= 1 + 2 * half else "overdispersed"
    if variability != "poisson":
        flags.append(f"arrivals vary more from week to week than Poisson (variance {dispersion:.1f}x the mean): "
                     "campaign bursts or seasonality; the 4-week blocks keep part of it")
    values = {"pattern": {"weekdays": pattern}, "variability": variability,
              "weekly_factors": [round(t / mean, 3) if mean else 1.0 for t in totals]}
    return estimates, values, flags

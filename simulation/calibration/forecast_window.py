"""What a rolling forecast feeds the engine and how wide its band is: arrivals at the cut, level, uncertainty."""

from __future__ import annotations

import math

import numpy as np

from sequences import Document
from sequences.scenario import Arrival
from sequences.timing import ArrivalPattern

from .arrival_shape import whole_weeks
from .counts import HistoryCounts
from .entries import weekly_by_entry
from .stats import Z95, Estimate

MIN_LEVEL_WEEKS = 12
SHIFT_Z = 2.0  # an older stretch whose mean differs from the recent weeks' by more than this is a level shift


def level_weeks(totals: list[int], recent: int = MIN_LEVEL_WEEKS) -> int:
    """How many of the last weeks ``totals`` to take the arrival level from: the last ``recent`` at least, and
    every older week as long as the older stretch's mean stays within ``SHIFT_Z`` standard errors of the
    recent one (a stationary history then gives a level from all its weeks, with a smaller error)."""
    if len(totals) <= recent:
        return len(totals)
    tail = np.asarray(totals[-recent:], float)
    mean = tail.mean()
    # Weekly totals vary at least as much as Poisson counts; more when campaigns come and go.
    spread = max(float(tail.var(ddof=1)), mean, 1.0)
    best = recent
    for older in range(1, len(totals) - recent + 1):
        head = np.asarray(totals[-recent - older:-recent], float)
        error = math.sqrt(spread / older + spread / recent)
        if abs(head.mean() - mean) > SHIFT_Z * error:
            break
        best = recent + older
    return best


def forecast_arrivals(counts: HistoryCounts, document: Document, cut: int, weeks: int,
                      weekdays: dict[str, float] | None) -> tuple[list[Arrival], int, int]:
    """The arrivals of a forecast made at week ``cut`` (from the first week): before it, the leads that were
    created, as exact weekly counts per entry (they are history, not a draw); after it, each entry's level
    over the weeks ``level_weeks`` chooses, drawn Poisson. Both spread over the week by ``weekdays``.
    Returns the rules, the number of weeks behind the level and the leads they hold."""
    pattern = (ArrivalPattern.model_validate({"weekdays": weekdays}) if weekdays and sum(weekdays.values()) > 0
               else None)
    first = counts.first_week or 0
    per_week = weekly_by_entry(counts, document)
    observed = [Arrival(entry=e, leads_per_week=n, weeks=1, start_day=7.0 * w, pattern=pattern, variability="exact")
                for (e, w), n in sorted(per_week.items(), key=lambda kv: (kv[0][1], kv[0][0])) if w < cut]
    whole = [w - first for w in whole_weeks(counts) if w - first < cut]
    totals = [sum(n for (_, w), n in per_week.items() if w == week) for week in whole]
    used = set(whole[len(whole) - level_weeks(totals):])
    per_entry: dict[str, int] = {}
    for (entry, week), n in per_week.items():
        if week in used:
            per_entry[entry] = per_entry.get(entry, 0) + n
    future = [Arrival(entry=e, leads_per_week=n / max(len(used), 1), weeks=weeks - cut, start_day=7.0 * cut,
                      pattern=pattern) for e, n in sorted(per_entry.items()) if n]
    return observed + future, len(used), sum(per_entry.values())


def level_uncertainty(estimates: list[Estimate], level_leads: int, dispersion: float) -> dict[str, float]:
    """Relative variance of the forecast level of each metric from the rates it is built on: the arrival
    level (``level_leads`` leads, inflated by the weekly dispersion), lead -> MQL, MQL -> SQL and acceptance
    (binomial, each over the cohorts it was estimated from), and the behaviour fit's own simulation noise.
    Products of independent estimates: the relative variances add."""
    found = {e.name: e for e in estimates}

    def binomial(name: str) -> float:
        e = found.get(name)
        if e is None or not e.n or not 0 < e.value < 1:
            return 0.0
        return (1 - e.value) / (e.n * e.value)

    def both(rate: str) -> float:
        # The history's estimate, and the fit's: the levers match ONE simulated cohort's rate, whose own
        # binomial noise the engine's expected rate then differs by.
        return binomial(f"funnel.{rate}") + binomial(f"simulated.{rate}")

    arrivals = max(dispersion, 1.0) / level_leads if level_leads else 0.0
    mql = arrivals + both("lead_to_mql")
    sql = mql + both("mql_to_sql")
    return {"mql": mql, "sql": sql, "accepted": sql + binomial("sales.accept") + binomial("simulated.accept")}


def fit_noise(estimates: list[Estimate]) -> dict[str, float]:
    """The part of ``level_uncertainty`` that is the behaviour fit's own simulation noise: each calibration
    fits its levers to its own trial cohort, so unlike the history's part (a later cut's history holds an
    earlier one's) this part is apart from one cut to the next."""
    found = {e.name: e for e in estimates}

    def binomial(name: str) -> float:
        e = found.get(name)
        return (1 - e.value) / (e.n * e.value) if e is not None and e.n and 0 < e.value < 1 else 0.0

    mql = binomial("simulated.lead_to_mql")
    sql = mql + binomial("simulated.mql_to_sql")
    return {"mql": mql, "sql": sql, "accepted": sql + binomial("simulated.accept")}


def week_dispersion(weekly: np.ndarray) -> float:
    """The variance-to-mean ratio of one forecast week over replications (axis 0), pooled over the weeks
    (axis 1): 20 replications give a noisy variance per week."""
    mean = weekly.mean(axis=0)
    if weekly.shape[0] < 2 or float(mean.sum()) <= 0:
        return 0.0
    return float(weekly.var(axis=0, ddof=1).sum()) / float(mean.sum())


def forecast_band(weekly: np.ndarray, rel_var: float, dispersion: float | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 95% band for ONE future week, over replications (axis 0) of the forecast weeks (axis 1).
    The engine draws the arrivals after the cut and every lead's path, so the replications' spread is the
    week's own randomness; its variance-to-mean ratio is pooled over the weeks (20 replications give a
    noisy variance per week; ``dispersion``: that ratio, when the caller has it already). ``rel_var`` adds
    the uncertainty of the level the rates were estimated with."""
    reps = weekly.shape[0]
    mean = weekly.mean(axis=0)
    phi = week_dispersion(weekly) if dispersion is None else dispersion
    spread = phi * mean * (1 + 1 / max(reps, 1)) + rel_var * mean**2
    half = Z95 * np.sqrt(spread)
    return mean, np.maximum(mean - half, 0.0), mean + half

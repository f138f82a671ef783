"""When leads arrive: weekly counts (exact or Poisson), spread over the week's pattern, cut at the horizon."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sequences.scenario import Arrival

from .keyed_random import KeyedRandom, stream_key

WEEK = 7.0


@dataclass
class Block:
    """One week (or part of one) of one arrival rule: its span in days from ``start`` and expected leads."""

    rule: int
    start: float
    span: float
    expected: float


def _pattern_cdf(rule: Arrival, start: float) -> tuple[np.ndarray, float, float]:
    """Cumulative share of a week's leads by day from ``start`` (8 values), and the daily hours window.

    The weekday weights follow the calendar (day 0 is a Monday), so a rule starting on a Thursday still
    puts Monday's weight on Mondays.
    """
    pattern = rule.pattern
    if pattern is None:
        return np.linspace(0.0, 1.0, 8), 0.0, 24.0
    weights = np.array(pattern.day_weights())
    weights = np.roll(weights, -(int(math.floor(start)) % 7))
    cdf = np.concatenate([[0.0], np.cumsum(weights)]) / weights.sum()
    return cdf, pattern.hours.start, pattern.hours.end


def _share(cdf: np.ndarray, span: float, lo: float, hi: float) -> float:
    """Share of a week's leads that arrive in its first ``span`` days."""
    day = int(span)
    if day >= 7:
        return 1.0
    hour = (span - day) * 24.0
    within = min(max(hour - lo, 0.0), hi - lo) / (hi - lo)
    return float(cdf[day] + within * (cdf[day + 1] - cdf[day]))


def blocks(arrivals: tuple[Arrival, ...], horizon: float) -> list[Block]:
    """Every rule's weeks that start before the horizon, each cut at the horizon and at the rule's end."""
    out = []
    for r, rule in enumerate(arrivals):
        if rule.leads is not None:
            if rule.start_day < horizon:
                out.append(Block(r, rule.start_day, 0.0, float(rule.leads)))
            continue
        weeks = float(rule.weeks or 0)
        cdf, lo, hi = _pattern_cdf(rule, rule.start_day)
        for k in range(math.ceil(weeks)):
            start = rule.start_day + WEEK * k
            if start >= horizon:
                break
            span = min(WEEK, WEEK * weeks - WEEK * k, horizon - start)
            share = _share(cdf, span, lo, hi)
            out.append(Block(r, start, span, float(rule.leads_per_week or 0) * rule.week_factor(k) * share))
    return out


def counts(arrivals: tuple[Arrival, ...], parts: list[Block], rng: KeyedRandom, leads: int | None) -> np.ndarray:
    """Leads per block: exact rules round their running total, Poisson rules draw each week's count;
    ``leads`` fixes the grand total within the horizon (then Poisson weeks share it multinomially)."""
    expected = np.array([b.expected for b in parts])
    poisson = np.array([arrivals[b.rule].variability == "poisson" and arrivals[b.rule].leads is None
                        for b in parts], dtype=bool)
    gen = np.random.default_rng([rng.base & 0xFFFFFFFF, rng.base >> 32, stream_key("<arrivals>") & 0xFFFFFFFF])
    if leads is not None:
        total = expected.sum()
        if total <= 0:
            return np.zeros(len(parts), dtype=np.int64)
        expected = expected * (leads / total)
        exact = _rounded(expected, ~poisson, int(round(expected[~poisson].sum())))
        rest = leads - int(exact.sum())
        if poisson.any():
            share = expected[poisson] / expected[poisson].sum()
            exact[poisson] = gen.multinomial(rest, share)
        elif rest:
            exact = _rounded(expected, ~poisson, leads)
        return exact
    out = _rounded(expected, ~poisson, None)
    out[poisson] = gen.poisson(expected[poisson])
    return out


def _rounded(expected: np.ndarray, mask: np.ndarray, total: int | None) -> np.ndarray:
    """Whole counts for the masked blocks whose running total is the rounded running expectation (so a rule
    of 10,000 a week gives exactly 10,000 each week); ``total`` forces the sum by largest remainders."""
    out = np.zeros(len(expected), dtype=np.int64)
    if not mask.any():
        return out
    sub = expected[mask]
    if total is None:
        cum = np.round(np.cumsum(sub)).astype(np.int64)
        out[mask] = np.diff(np.concatenate([[0], cum]))
        return out
    floor = np.floor(sub).astype(np.int64)
    order = np.argsort(-(sub - floor), kind="stable")
    floor[order[: max(0, total - int(floor.sum()))]] += 1
    out[mask] = floor
    return out


def arrival_times(arrivals: tuple[Arrival, ...], parts: list[Block], n: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Arrival times of every lead, block after block (sorted within each rule).

    ``u`` holds one uniform per lead. Exact rules put one lead in each equal share of the week's pattern,
    jittered inside it; Poisson rules place leads independently (sorted uniforms), as a Poisson process does.
    """
    times = np.empty(int(n.sum()), dtype=np.float64)
    at = 0
    for block, count in zip(parts, n.tolist(), strict=True):
        if not count:
            continue
        rule = arrivals[block.rule]
        span = slice(at, at + count)
        at += count
        if rule.leads is not None:
            times[span] = block.start
            continue
        q = u[span]
        if rule.variability == "poisson":
            q = np.sort(q)
        else:
            q = (np.arange(count) + q) / count
        cdf, lo, hi = _pattern_cdf(rule, block.start)
        q *= _share(cdf, block.span, lo, hi)
        day = np.clip(np.searchsorted(cdf, q, side="right") - 1, 0, 6)
        width = cdf[day + 1] - cdf[day]
        frac = np.divide(q - cdf[day], width, out=np.zeros_like(q), where=width > 0)
        times[span] = block.start + day + (lo + frac * (hi - lo)) / 24.0
    return times

"""Arrivals per entry from created dates: a headline rate over whole weeks, and 4-week blocks for the scenario."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sequences.scenario import Arrival

from .arrival_shape import whole_weeks
from .counts import HistoryCounts, monday, week_of
from .entries import EntryMatcher
from .estimates import arrival_estimate
from .stats import Estimate


def arrival_blocks(counts: HistoryCounts, matcher: EntryMatcher, block_weeks: int, min_n: int, source: str
              ) -> tuple[list[Arrival], list[Estimate]]:
    """Weekly arrivals per entry, kept as blocks of ``block_weeks`` so seasonality survives. Only the weeks
    in which leads were created count: an export's stage dates go on after lead creation stops."""
    first = counts.first_week or 0
    weeks = week_of(counts.last_created) - first + 1 if counts.last_created else counts.weeks
    per_entry: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    totals: dict[tuple[str | None, str | None], int] = defaultdict(int)
    for (offer, src, _week), n in counts.arrivals.items():
        totals[(offer, src)] += n
    entry_of = {key: matcher(key[0], key[1], n) for key, n in sorted(totals.items(), key=lambda kv: str(kv[0]))}
    for (offer, src, week), n in counts.arrivals.items():
        entry = entry_of[(offer, src)]
        if entry is not None:
            per_entry[entry][week - first] += n
    # Days of each week inside the created span: a first or last week only partly covered counts as part.
    span = (counts.first_created, counts.last_created)
    cover = [_covered(monday(first + w), span) for w in range(weeks)]
    # The headline rate counts whole weeks only: a first or last week only partly exported would pull it down.
    whole = [w - first for w in whole_weeks(counts)]
    arrivals: list[Arrival] = []
    estimates: list[Estimate] = []
    for entry in sorted(per_entry):
        weekly = per_entry[entry]
        total, length = ((sum(weekly[w] for w in whole), float(len(whole))) if len(whole) >= 2
                         else (sum(weekly), counts.created_weeks))
        estimates.append(arrival_estimate(entry, total, length, f"{source}: created dates by offer, whole weeks",
                                          min_n))
        for start in range(0, weeks, block_weeks):
            block = weekly[start:start + block_weeks]
            length = sum(cover[start:start + block_weeks]) or len(block)
            if sum(block):
                arrivals.append(Arrival(entry=entry, leads_per_week=round(sum(block) / length, 3),
                                        weeks=len(block), start_day=7.0 * start))
    return arrivals, estimates


def _covered(week_start: datetime, span: tuple[datetime | None, datetime | None]) -> float:
    """The share of the week starting ``week_start`` that lies between the first and last created dates."""
    first, last = span
    if first is None or last is None:
        return 1.0
    lo, hi = max(week_start, first), min(week_start + timedelta(days=7), last)
    return max(0.0, min(1.0, (hi - lo) / timedelta(days=7)))

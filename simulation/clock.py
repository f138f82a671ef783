"""Calendar arithmetic in days from a Monday midnight: business days and the sales team's working clock."""

from __future__ import annotations

import numpy as np

from sequences.sales_model import WEEKDAYS, TeamFields

from .jit import kernel


def business_day_offsets(days: float) -> np.ndarray:
    """Calendar days to add, by weekday of the start (Mon=0), for ``int(days)`` business days."""
    whole = int(days)
    weeks, extra = divmod(whole, 5)
    offsets = np.zeros(7)
    for weekday in range(7):
        # Saturday and Sunday count as Friday, so one business day after a weekend lands on Monday.
        back = max(weekday - 4, 0)
        offsets[weekday] = weeks * 7 + extra + (2 if weekday - back + extra >= 5 else 0) - back
    return offsets


def add_business_days(t: np.ndarray, days: float) -> np.ndarray:
    """``days`` business days (Mon-Fri) after ``t``, at the same time of day; a weekend start counts from
    Friday; a fractional part is added as calendar time."""
    offsets = _OFFSETS.get(days)
    if offsets is None:
        # The same few wait lengths come back batch after batch: build each one's table once.
        offsets = _OFFSETS[days] = business_day_offsets(days)
    return _shift_by_weekday(t, offsets, float(days) - int(days))


_OFFSETS: dict[float, np.ndarray] = {}


@kernel
def _shift_by_weekday(t, offsets, fraction):
    # One pass instead of six array operations; the same arithmetic in the same order, so the same times.
    out = np.empty(len(t))
    for i in range(len(t)):
        out[i] = t[i] + (offsets[np.int64(np.floor(t[i])) % 7] + fraction)
    return out


class WorkingClock:
    """Maps calendar days to cumulative working hours and back (the sales team works in this clock).

    ``holidays`` are day numbers on which nobody works; those on closed weekdays change nothing.
    """

    def __init__(self, sales: TeamFields, holidays: tuple[int, ...] = ()):
        self.start = sales.working_hours.start
        self.end = sales.working_hours.end
        self.day_hours = self.end - self.start
        self.open_days = np.array(sorted({WEEKDAYS.index(d) for d in sales.working_days}), dtype=np.int64)
        self.week_hours = self.day_hours * len(self.open_days)
        works = np.zeros(7, dtype=bool)
        works[self.open_days] = True
        self.works = works
        self.before = np.concatenate([[0.0], np.cumsum(works * self.day_hours)[:-1]])
        self.open_before = np.arange(len(self.open_days)) * self.day_hours
        self.holidays = np.array(sorted(h for h in set(holidays) if works[h % 7]), dtype=np.float64)

    def to_work(self, t: np.ndarray) -> np.ndarray:
        """Working hours elapsed from day 0 to calendar time ``t`` (days)."""
        t = np.ascontiguousarray(t, dtype=np.float64)
        work = _weekly_work(t, self.works, self.before, float(self.start), float(self.end), float(self.week_hours))
        if not len(self.holidays):
            return work
        day = np.floor(t)
        within = _within(t, self.works, float(self.start), float(self.end))
        # Each holiday before the day takes a whole day's hours; the holiday itself takes its hours so far.
        past = np.searchsorted(self.holidays, day, side="left")
        today = (past < len(self.holidays)) & (self.holidays[np.minimum(past, len(self.holidays) - 1)] == day)
        return work - past * self.day_hours - np.where(today, within, 0.0)

    def to_calendar(self, w: np.ndarray) -> np.ndarray:
        """The earliest calendar time (days) at which ``w`` working hours have elapsed; a day's closing
        moment maps to the next working day's opening, when the next touch can actually happen."""
        w = np.asarray(w, dtype=np.float64)
        if not len(self.holidays):
            return self._weekly_calendar(w)
        # Skip a day's hours for every holiday up to the answer; more holidays can only push it later.
        skipped = np.zeros(w.shape, dtype=np.int64)
        while True:
            t = self._weekly_calendar(w + skipped * self.day_hours)
            now = np.searchsorted(self.holidays, np.floor(t), side="right")
            if np.array_equal(now, skipped):
                return t
            skipped = now

    def _weekly_calendar(self, w: np.ndarray) -> np.ndarray:
        return _weekly_calendar(np.ascontiguousarray(w, dtype=np.float64), float(self.week_hours),
                                self.open_before, self.open_days, float(self.start))


# The clock's arithmetic, one pass per time (a sales slice is a handful of leads: a dozen numpy calls each
# would cost more than the work). The same operations in the same order as numpy would do them.
@kernel(inline="always")
def _hours_within(t, day, works, start, end):
    weekday = np.int64(day) % 7
    if not works[weekday]:
        return 0.0
    # Rounded to a microsecond-ish so 17:00 computed in floating point is 17:00, not 16:59:59.999
    # (numpy's round to 9 decimals: times 1e9, to the nearest integer, divided by 1e9).
    hour = np.rint((t - day) * 24.0 * 1e9) / 1e9
    return min(max(hour, start), end) - start


@kernel
def _within(t, works, start, end):
    out = np.empty(len(t))
    for i in range(len(t)):
        out[i] = _hours_within(t[i], np.floor(t[i]), works, start, end)
    return out


@kernel(inline="always")
def work_at(t, works, before, start, end, week_hours):
    """Working hours from day 0 to calendar time ``t`` (no holidays), for one time."""
    day = np.floor(t)
    within = _hours_within(t, day, works, start, end)
    return np.floor(day / 7) * week_hours + before[np.int64(day) % 7] + within


@kernel(inline="always")
def calendar_at(w, week_hours, open_before, open_days, start):
    """The earliest calendar time at which ``w`` working hours have elapsed (no holidays), for one time."""
    weeks = np.floor(w / week_hours)
    rest = w - weeks * week_hours
    j = np.searchsorted(open_before, rest, side="right") - 1
    j = min(max(j, 0), len(open_days) - 1)
    hours = start + (rest - open_before[j])
    return weeks * 7 + open_days[j] + hours / 24.0


@kernel
def _weekly_work(t, works, before, start, end, week_hours):
    out = np.empty(len(t))
    for i in range(len(t)):
        out[i] = work_at(t[i], works, before, start, end, week_hours)
    return out


@kernel
def _weekly_calendar(w, week_hours, open_before, open_days, start):
    out = np.empty(len(w))
    for i in range(len(w)):
        out[i] = calendar_at(w[i], week_hours, open_before, open_days, start)
    return out

"""Dates as CRMs export them (ISO, US month/day, day/month, epoch milliseconds) read into naive UTC.

A slashed date alone cannot say whether 05/03/2025 is May 3 or 5 March: an export from a UK or EU account
writes day/month throughout, so the order is settled per file (``HistoryImport``) from the dates that prove it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_SLASHED = re.compile(
    r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_YMD_SLASHED = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_EPOCH_MS = re.compile(r"^\d{12,13}$")


class DateFormatError(ValueError):
    pass


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def slashed_order(text: str) -> str | None:
    """What one slashed date proves about its file's order: "dmy" when its first number cannot be a month
    (31/01/2025), "mdy" when its second cannot (01/31/2025); None when it proves nothing (05/03/2025, or not
    slashed)."""
    match = _SLASHED.match(text.strip())
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None


def parse_date(text: str, order: str | None = None) -> datetime:
    """Read one date or date-time. Slashed dates are month/day, or day/month with ``order="dmy"`` (the file's
    order, see ``slashed_order``); without an order, month/day unless the first number cannot be a month."""
    text = text.strip()
    try:
        return _naive_utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    match = _SLASHED.match(text)
    if match:
        first, second, year, hour, minute, sec, half = match.groups()
        month, day = int(first), int(second)
        if order == "dmy" or (order is None and month > 12):
            month, day = day, month
        year_n = int(year) + (2000 if len(year) == 2 else 0)
        h = int(hour or 0)
        if half:
            if not 1 <= h <= 12:
                raise DateFormatError(f"{text!r} has hour {h} with {half.upper()}")
            h = h % 12 + (12 if half.lower() == "pm" else 0)
        try:
            return datetime(year_n, month, day, h, int(minute or 0), int(sec or 0))
        except ValueError as exc:
            raise DateFormatError(f"{text!r} is not a real date ({exc})") from None
    match = _YMD_SLASHED.match(text)
    if match:
        ymd = match.groups()
        try:
            return datetime(int(ymd[0]), int(ymd[1]), int(ymd[2]), int(ymd[3] or 0), int(ymd[4] or 0),
                            int(ymd[5] or 0))
        except ValueError as exc:
            raise DateFormatError(f"{text!r} is not a real date ({exc})") from None
    if _EPOCH_MS.match(text):
        return datetime.fromtimestamp(int(text) / 1000, UTC).replace(tzinfo=None)
    raise DateFormatError(f"cannot read {text[:40]!r} as a date (use e.g. 2024-03-05 or 03/05/2024 14:30)")

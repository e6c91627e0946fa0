"""The dates this package returns (DateInfo, PartialDate) and the checks every one passes: a real calendar
day, not before MIN_YEAR, not in the future."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MIN_YEAR = 1800


@dataclass(frozen=True)
class DateInfo:
    """A publication date, how precisely it is known and where it came from."""

    date: dt.date
    precision: str
    source: str
    tz: str | None = None
    time: str | None = None  # time of day as the source gives it, "HH:MM" or "HH:MM:SS" (in `tz` if known)

    def iso(self) -> str:
        """ "YYYY-MM-DD"; month and year precision give the first day of the period."""
        d = self.date
        if self.precision == "year":
            d = d.replace(month=1, day=1)
        elif self.precision == "month":
            d = d.replace(day=1)
        return d.isoformat()


@dataclass(frozen=True)
class PartialDate:
    """A month (and maybe day) stated without a year, kept for later inference."""

    month: int
    day: int | None
    source: str


def mk_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _today_limit() -> dt.date:
    # A publication date cannot lie in the future (a day of slack for time zones).
    return dt.date.today() + dt.timedelta(days=1)


def plausible(d: dt.date) -> bool:
    return MIN_YEAR <= d.year and d <= _today_limit()


def norm_tz(t: str | None) -> str | None:
    """'Z' -> '+00:00', '+0530' -> '+05:30'; None stays None."""
    if not t:
        return None
    if t.upper() == "Z":
        return "+00:00"
    m = re.fullmatch(r"([+-])(\d\d):?(\d\d)?", t)
    if not m:
        return None
    return f"{m.group(1)}{m.group(2)}:{m.group(3) or '00'}"


def full_or_partial(
    year: int | None, month: int, day: int | None, source: str, tz: str | None = None
) -> tuple[DateInfo | None, PartialDate | None]:
    if year is not None:
        d = mk_date(year, month, day or 1)
        if d is not None and plausible(d):
            return DateInfo(d, "day" if day else "month", source, tz), None
        return None, None
    if day is not None and mk_date(2000, month, day) is None:  # 2000 is a leap year
        return None, None
    return None, PartialDate(month, day, source)

"""Calendar arithmetic both sides share: dates as day numbers (how the facet arrays keep them) and month ends."""

from __future__ import annotations

import calendar
from datetime import date

EPOCH = date(1970, 1, 1).toordinal()


def day_number(d: date) -> int:
    """Days since 1970-01-01."""
    return d.toordinal() - EPOCH


def from_day_number(n: int) -> date:
    return date.fromordinal(int(n) + EPOCH)


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])

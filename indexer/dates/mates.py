"""A year for a partial date from its story-mates: reports of one event published within a few days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from archive.days import month_end

from .values import DateInfo, PartialDate, mk_date, plausible

# Story-mates are reports of one event: published within a few days of each other.
MATE_WINDOW_DAYS = 3


def infer_from_mates(partial: PartialDate, mates: Iterable[DateInfo]) -> DateInfo | None:
    """A year from story-mates: a day-precision mate within MATE_WINDOW_DAYS of the month/day.

    All fitting mates must agree on one date; disagreement leaves the date unknown.
    """
    found: set[dt.date] = set()
    for mate in mates:
        if not isinstance(mate, DateInfo) or mate.precision != "day":
            continue
        for y in (mate.date.year - 1, mate.date.year, mate.date.year + 1):
            if partial.day is None:
                start = mk_date(y, partial.month, 1)
                if start is None:
                    continue
                lo, hi = (
                    start - dt.timedelta(days=MATE_WINDOW_DAYS),
                    month_end(y, partial.month) + dt.timedelta(days=MATE_WINDOW_DAYS),
                )
                if lo <= mate.date <= hi:
                    found.add(start)
            else:
                d = mk_date(y, partial.month, partial.day)
                if d and abs((d - mate.date).days) <= MATE_WINDOW_DAYS:
                    found.add(d)
    if len(found) != 1:
        return None
    d = found.pop()
    if not plausible(d):
        return None
    return DateInfo(d, "day" if partial.day else "month", "inferred: story-mate")

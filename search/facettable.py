"""Every facet value and the date of each article in one table, so that a search counts all its facets and its
years and months with one row gather and one `np.bincount`.

Counting facet by facet reads each facet's entries (one per article and value, `archive.facetarrays`) and tests
them against the matches: about five passes over 11 million entries at a million articles, most of a plain
query's time. Here each article's values (every facet's value ids shifted into one numbering) and its date slot
fill one row of a fixed width; the few articles with more values than fit keep the rest as separate entries.
A search gathers its matches' rows; one that matches most of the archive counts the articles it does not match
and takes them from the totals, which is the same count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from archive.facetarrays import FACETS, UNKNOWN

from .generation import Generation

ROW_PERCENTILE = 75  # rows as wide as this percentile of the articles' value counts; the rest overflow


@dataclass
class DateKeys:
    """Per ord: date known, year and month numbers (from their minimum), and whether the month is known."""

    known: np.ndarray
    years: np.ndarray
    first_year: int
    months: np.ndarray
    first_month: int
    has_month: np.ndarray
    year_labels: list[str]  # per year number: "YYYY"
    month_labels: list[str]  # per month number: "YYYY-MM"


def date_keys(gen: Generation) -> DateKeys:
    """The generation's `DateKeys`, computed once."""
    def make() -> DateKeys:
        a = gen.arrays
        known = a.start != UNKNOWN
        days = np.where(known, a.start, 0).astype("datetime64[D]")
        years = days.astype("datetime64[Y]").astype(np.int64)
        months = days.astype("datetime64[M]").astype(np.int64)
        y0 = int(years[known].min()) if known.any() else 0
        m0 = int(months[known].min()) if known.any() else 0
        top_y = int(years[known].max()) - y0 + 1 if known.any() else 0
        top_m = int(months[known].max()) - m0 + 1 if known.any() else 0
        return DateKeys(known, years - y0, y0, months - m0, m0, a.precision <= 1,  # day or month precision
                        [f"{y + y0 + 1970:04d}" for y in range(top_y)],
                        [f"{1970 + (m + m0) // 12:04d}-{(m + m0) % 12 + 1:02d}" for m in range(top_m)])
    return gen.derived("date-keys", make)


@dataclass
class FacetTable:
    """Per ord a row of slots (`size` pads a row), the slots that did not fit (their ords and slots), where each
    facet's slots start (`offsets`, with "date": month slots, then year-only slots, then one for unknown
    dates), and the count of every slot over all ords."""

    rows: np.ndarray
    over_ords: np.ndarray
    over_slots: np.ndarray
    offsets: dict[str, int]
    size: int
    totals: np.ndarray

    def counts(self, mask: np.ndarray, ords: np.ndarray) -> np.ndarray:
        """Articles of `mask` (whose ords are `ords`) per slot."""
        if ords.size * 2 <= mask.size:
            return self._count(mask, ords)
        rest = ~mask  # most of the archive matches: count the articles that do not
        return self.totals - self._count(rest, np.flatnonzero(rest))

    def _count(self, mask: np.ndarray, ords: np.ndarray) -> np.ndarray:
        counts = np.bincount(self.rows[ords].ravel(), minlength=self.size + 1)
        if self.over_ords.size:
            counts += np.bincount(self.over_slots[mask[self.over_ords]], minlength=self.size + 1)
        return counts

    def facet(self, counts: np.ndarray, facet: str, values: int) -> np.ndarray:
        """The counts of one facet's `values` value ids."""
        return counts[self.offsets[facet]:self.offsets[facet] + values]


def facet_table(gen: Generation) -> FacetTable:
    """The generation's table, built once (a fraction of a second at a million articles)."""
    return gen.derived("facet-table", lambda: _build(gen))


def _build(gen: Generation) -> FacetTable:
    a = gen.arrays
    n = a.live.size
    keys = date_keys(gen)
    offsets, size = {}, 0
    for facet in FACETS:
        offsets[facet], size = size, size + len(a.values[facet])
    offsets["date"] = size
    size += len(keys.month_labels) + len(keys.year_labels) + 1
    per_ord = [np.bincount(a.doc[facet], minlength=n) for facet in FACETS]
    width = 1 + int(np.percentile(sum(per_ord), ROW_PERCENTILE)) if n else 1
    dtype = np.int16 if size < np.iinfo(np.int16).max else np.int32
    rows = np.full((n, width), size, dtype=dtype)
    rows[:, 0] = offsets["date"] + date_slots(keys)
    filled = np.ones(n, dtype=np.int64)
    over_ords, over_slots = [], []
    for facet, count in zip(FACETS, per_ord):
        order = np.argsort(a.doc[facet], kind="stable")  # already in ord order when written by facetarrays.build
        ords = a.doc[facet][order].astype(np.intp)
        starts = np.cumsum(count) - count
        column = filled[ords] + (np.arange(ords.size) - starts[ords])
        slots = a.val[facet][order] + offsets[facet]
        fits = column < width
        rows[ords[fits], column[fits]] = slots[fits]
        over_ords.append(ords[~fits])
        over_slots.append(slots[~fits])
        filled += count
    over = np.concatenate(over_ords)
    over_s = np.concatenate(over_slots)
    totals = np.bincount(rows.ravel(), minlength=size + 1) + np.bincount(over_s, minlength=size + 1)
    return FacetTable(rows, over, over_s, offsets, size, totals)


def date_slots(keys: DateKeys) -> np.ndarray:
    """Per ord its date slot: the month's number, else (year known only) the months' count plus the year's
    number, else (no date) the last slot."""
    months, years = len(keys.month_labels), len(keys.year_labels)
    return np.where(keys.known, np.where(keys.has_month, keys.months, months + keys.years), months + years)

"""Facet counts of a search: each facet's values by count (over every matching article, not only the collapsed
hits, so a name found only in a folded-away version is still counted), years and months, and the days of a
short date range for the chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from archive.days import day_number, from_day_number
from archive.facetarrays import FACETS, UNKNOWN

from .generation import Generation

DAY_SPAN = 92  # a date chart of at most this many days shows days
SPARSE_RATIO = 16  # matches under 1/16 of a facet's entries: count from the matches' entries


def facet_counts(gen: Generation, mask: np.ndarray, limit: int, full: str | None = None,
                 facet_masks: dict[str, np.ndarray] | None = None) -> dict[str, list[dict]]:
    """Every facet's values with their counts, most first (`limit` of them, all for the facet `full`); a facet
    with its own mask in `facet_masks` (its alternatives left out) is counted over that."""
    ords: dict[int, np.ndarray] = {}  # the matching ords of each mask, found once
    out = {}
    for facet in FACETS:
        m = (facet_masks or {}).get(facet, mask)
        if id(m) not in ords:
            ords[id(m)] = np.flatnonzero(m)
        out[facet] = _values(gen, facet, m, ords[id(m)], 0 if facet == full else limit)
    out["year"], out["month"] = _date_facets(gen, mask)
    return out


def _values(gen: Generation, facet: str, mask: np.ndarray, ords: np.ndarray, limit: int) -> list[dict]:
    return value_entries(gen, facet, _counts(gen, facet, mask, ords), limit)


def value_entries(gen: Generation, facet: str, counts: np.ndarray, limit: int) -> list[dict]:
    """A facet's list from its counts per value id: most first, then by name, `limit` of them (0: all)."""
    a = gen.arrays
    nz = np.flatnonzero(counts)
    if limit and nz.size > limit:  # only values counted at least as often as the limit-th can be shown
        c = counts[nz]
        nz = nz[c >= np.partition(c, nz.size - limit)[nz.size - limit]]
    names = a.values[facet]
    # By count, then name ignoring case (a stable sort: equal names keep value-id order), in numpy.
    order = nz[np.lexsort((_casefold_rank(gen, facet)[nz], -counts[nz]))].tolist()
    if limit:
        order = order[:limit]
    entries = []
    for i in order:
        entry = {"value": names[i], "count": int(counts[i])}
        if facet == "resolution" and names[i] in a.resolution_labels:
            entry["label"] = a.resolution_labels[names[i]]
        entries.append(entry)
    return entries


def _counts(gen: Generation, facet: str, mask: np.ndarray, ords: np.ndarray) -> np.ndarray:
    """Matching articles per value id. For few matches, only their entries are read (the entries are in ord
    order: each article's start where the next ord's begin) rather than testing every entry of the facet."""
    a = gen.arrays
    doc = a.doc[facet]
    starts = None if ords.size * SPARSE_RATIO >= doc.size else _entry_starts(gen, facet, mask.size)
    if starts is None:
        return a.counts(facet, mask)
    lo, hi = starts[ords], starts[ords + 1]
    n = hi - lo
    picked = np.repeat(lo - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))
    return np.bincount(a.val[facet][picked], minlength=len(a.values[facet]))


def _entry_starts(gen: Generation, facet: str, size: int) -> np.ndarray | None:
    """Per ord (of `size`), where its entries start among the facet's entries, and one past the last; computed
    once per generation. None when the entries are not in ord order."""
    def make() -> np.ndarray | None:
        doc = gen.arrays.doc[facet]
        if doc.size > 1 and (np.diff(doc) < 0).any():
            return None
        return np.searchsorted(doc, np.arange(size + 1))
    return gen.derived(f"entry-starts:{facet}", make)


def _casefold_rank(gen: Generation, facet: str) -> np.ndarray:
    """Per value id, the rank of its case-folded name (equal names, equal rank); computed once per generation."""
    def make() -> np.ndarray:
        keys = [v.casefold() for v in gen.arrays.values[facet]]
        rank = np.zeros(len(keys), dtype=np.int64)
        prev, r = None, -1
        for i in sorted(range(len(keys)), key=keys.__getitem__):
            if keys[i] != prev:
                prev, r = keys[i], r + 1
            rank[i] = r
        return rank
    return gen.derived(f"casefold-rank:{facet}", make)


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


def _date_facets(gen: Generation, mask: np.ndarray) -> tuple[list[dict], list[dict]]:
    k = date_keys(gen)
    known_m = mask & k.known
    unknown = int(np.count_nonzero(mask) - np.count_nonzero(known_m))
    ycounts = np.bincount(k.years[known_m])
    ys = np.flatnonzero(ycounts)
    year = [{"value": k.year_labels[y], "count": c} for y, c in zip(ys.tolist(), ycounts[ys].tolist())]
    mcounts = np.bincount(k.months[known_m & k.has_month])
    ms = np.flatnonzero(mcounts)
    month = [{"value": k.month_labels[m], "count": c} for m, c in zip(ms.tolist(), mcounts[ms].tolist())]
    if unknown:
        year.append({"value": "unknown", "count": unknown})
        month.append({"value": "unknown", "count": unknown})
    return year, month


def span(gen: Generation, mask: np.ndarray) -> tuple[date, date] | None:
    """First and last day the matching articles' known dates cover."""
    a = gen.arrays
    known = mask & (a.start != UNKNOWN)
    if not known.any():
        return None
    return from_day_number(int(a.start[known].min())), from_day_number(int(a.end[known].max()))


def day_counts(gen: Generation, mask: np.ndarray, first: date, last: date) -> dict[str, int] | None:
    """Articles per day ("YYYY-MM-DD" -> count, day-precise dates only) from `first` to `last`; None when that
    is DAY_SPAN days or more."""
    if (last - first).days >= DAY_SPAN:
        return None
    a = gen.arrays
    exact = mask & date_keys(gen).known & (a.precision == 0)
    starts = a.start[exact].astype(np.int64)
    lo = day_number(first)
    starts = starts[(starts >= lo) & (starts <= day_number(last))] - lo
    counts = np.bincount(starts, minlength=(last - first).days + 1)
    return {from_day_number(lo + int(i)).isoformat(): int(counts[i]) for i in np.flatnonzero(counts).tolist()}

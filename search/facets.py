"""Facet counts of a search: each facet's values by count (over every matching article, not only the collapsed
hits, so a name found only in a folded-away version is still counted), years and months, and the days of a
short date range for the chart."""

from __future__ import annotations

from datetime import date

import numpy as np

from archive.days import day_number, from_day_number
from archive.facetarrays import FACETS, UNKNOWN

from .facettable import FacetTable, date_keys, facet_table
from .generation import Generation

DAY_SPAN = 92  # a date chart of at most this many days shows days


def facet_counts(gen: Generation, mask: np.ndarray, limit: int, full: str | None = None,
                 facet_masks: dict[str, np.ndarray] | None = None,
                 ords: np.ndarray | None = None) -> dict[str, list[dict]]:
    """Every facet's values with their counts, most first (`limit` of them, all for the facet `full`), and the
    years and months; a facet with its own mask in `facet_masks` (its alternatives left out) is counted over
    that. `ords`: the ords of `mask`, when the caller has them."""
    table = facet_table(gen)
    counts = table.counts(mask, np.flatnonzero(mask) if ords is None else ords)
    out = {}
    for facet in FACETS:
        own = (facet_masks or {}).get(facet)
        values = table.facet(counts if own is None else table.counts(own, np.flatnonzero(own)), facet,
                             len(gen.arrays.values[facet]))
        out[facet] = value_entries(gen, facet, values, 0 if facet == full else limit)
    out["year"], out["month"] = _date_facets(gen, table, counts)
    return out


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


def _date_facets(gen: Generation, table: FacetTable, counts: np.ndarray) -> tuple[list[dict], list[dict]]:
    """Years and months with their counts (a year counts its months' articles and those dated by year only),
    ascending, then the undated ones."""
    k = date_keys(gen)
    months, years = len(k.month_labels), len(k.year_labels)
    slots = counts[table.offsets["date"]:table.offsets["date"] + months + years + 1]
    mcounts = slots[:months]
    ycounts = slots[months:months + years].copy()
    np.add.at(ycounts, (np.arange(months) + k.first_month) // 12 - k.first_year, mcounts)
    unknown = int(slots[months + years])
    ys = np.flatnonzero(ycounts)
    year = [{"value": k.year_labels[y], "count": c} for y, c in zip(ys.tolist(), ycounts[ys].tolist())]
    ms = np.flatnonzero(mcounts)
    month = [{"value": k.month_labels[m], "count": c} for m, c in zip(ms.tolist(), mcounts[ms].tolist())]
    if unknown:
        year.append({"value": "unknown", "count": unknown})
        month.append({"value": "unknown", "count": unknown})
    return year, month


def span(gen: Generation, ords: np.ndarray) -> tuple[date, date] | None:
    """First and last day the known dates of the articles `ords` cover."""
    a = gen.arrays
    starts = a.start[ords]
    known = starts != UNKNOWN
    if not known.any():
        return None
    return from_day_number(int(starts[known].min())), from_day_number(int(a.end[ords][known].max()))


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

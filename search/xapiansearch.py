"""A whole search request answered on the Xapian shards: the query's words, the facet and date filters as
Xapian filters, story collapse, the page, and the counts made where the documents are.

The shards count (`ValueCountMatchSpy` over the value slots `indexer/xapianshards.py` writes): each facet's
values over every matching article (stories not folded, as the app counts), years and months, and the days
the date chart and the span need. Only the counts and one page of document ids come back to the app, not
the match set. A story's articles share a shard, so Xapian's collapsed count (the number of groups) is exact.
What the app adds is display: value names, the order of the facet lists, the page's records and snippets.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import xapian

from archive.days import from_day_number
from archive.facetarrays import FACETS

from . import facets, filters, records, suggest
from .engine import SearchResult
from .generation import Generation
from .params import SearchRequest
from .query import parse_query
from .xapianfulltext import Connection, to_xapian

if TYPE_CHECKING:
    from .xapianfulltext import XapianFullText

DATE_SLOTS = ("year", "month", "start", "end", "day")


def search(backend: XapianFullText, gen: Generation, req: SearchRequest, full_facet: str | None
           ) -> SearchResult | None:
    """The answer to `req`; None when its query has no words (the facet arrays answer those alone)."""
    q = parse_query(gen, req.q)
    if q is None:
        return None
    resolved = filters.resolve(gen, req)
    collapse = req.versions == "collapse"
    start = (req.page - 1) * req.per_page

    def work(conn: Connection) -> tuple:
        text = to_xapian(q, conn.prefixes)
        ids = resolved.ids
        query = _filtered(conn, req, text, ids)
        main = [f for f in FACETS if f not in ids["any_of"]]
        everything = conn.db.get_doccount()
        # The counts: no page, stories collapsed for the number of groups; a spy sees every match before
        # stories are folded. (Spies are kept off the page's query: with a value sort over remote shards,
        # Xapian 1.4's spies count some of the page's documents twice.)
        enquire, spies = _enquire(conn, query, main, dates=True)
        enquire.set_weighting_scheme(xapian.BoolWeight())
        enquire.set_collapse_key(conn.layout["story"])
        groups = enquire.get_mset(0, 0, everything).get_matches_estimated()
        total = spies["year"][0].get_total()
        counts = {f: _facet_counts(gen, f, spies[f]) for f in main}
        for facet in ids["any_of"]:  # counted without the facet's own alternatives (multi-select)
            others = {**ids, "any_of": {f: v for f, v in ids["any_of"].items() if f != facet}}
            e, own = _enquire(conn, _filtered(conn, req, text, others), [facet], dates=False)
            e.set_weighting_scheme(xapian.BoolWeight())
            e.get_mset(0, 0, everything)
            counts[facet] = _facet_counts(gen, facet, own[facet])
        dated = {k: _terms(spies[k][0]) for k in DATE_SLOTS}
        return total, groups, _page(conn, query, req, start if start < (groups if collapse else total) else None),\
            counts, dated

    total, groups, page, counts, dated = backend.run(work)
    pages = max(1, math.ceil((groups if collapse else total) / req.per_page))
    hits = records.page_hits(gen, page, q)
    out = {f: facets.value_entries(gen, f, counts[f], 0 if f == full_facet else req.facet_limit)
           for f in FACETS}
    out["year"], out["month"] = _date_lists(dated, total)
    span = _span(dated)
    days = None
    if span:
        first, last = (req.date_from.first, req.date_to.last) if req.date_from and req.date_to else span
        days = _days(dated["day"], first, last)
    suggestion = suggest.for_query(gen, req.q) if total == 0 else None
    return SearchResult(req, resolved.canonical, total, groups, pages, hits, out, gen.info(), suggestion, days, span)


def _page(conn: Connection, query: xapian.Query, req: SearchRequest, start: int | None) -> np.ndarray:
    """The ords of the request's page, in its order, stories folded unless `versions=all`."""
    if start is None:
        return np.zeros(0, dtype=np.int64)
    enquire = xapian.Enquire(conn.db)
    enquire.set_query(query)
    if req.sort != "relevance":
        enquire.set_weighting_scheme(xapian.BoolWeight())
        enquire.set_sort_by_value(conn.layout["newest" if req.sort == "newest" else "oldest"], False)
    if req.versions == "collapse":
        enquire.set_collapse_key(conn.layout["story"])
    mset = enquire.get_mset(start, req.per_page)
    return conn.ords(np.fromiter((item.docid for item in mset), dtype=np.int64, count=mset.size()))


def _filtered(conn: Connection, req: SearchRequest, text: xapian.Query, ids: dict) -> xapian.Query:
    """The query's words with every facet and date filter of `req` (filters.filter_mask, on the shards)."""
    term = conn.layout["facet_term"]
    need: list[xapian.Query] = []
    avoid: list[xapian.Query] = []
    for facet, alternatives in ids["any_of"].items():
        need.append(_any(term, facet, alternatives))
    for facet, vids in ids["include"].items():
        need.extend(_any(term, facet, [vid]) for vid in vids)
    for facet, vids in ids["exclude"].items():
        avoid.extend(xapian.Query(term.format(facet=facet, id=vid)) for vid in vids if vid is not None)
    if req.unknown_date:
        need.append(xapian.Query(conn.layout["unknown_date"]))
    if req.date_from:  # a range needs a known date: only dated articles have these values
        need.append(xapian.Query(xapian.Query.OP_VALUE_GE, conn.layout["end"], _day(req.date_from.first)))
    if req.date_to:
        need.append(xapian.Query(xapian.Query.OP_VALUE_LE, conn.layout["start"], _day(req.date_to.last)))
    out = xapian.Query(xapian.Query.OP_FILTER, text, xapian.Query(xapian.Query.OP_AND, need)) if need else text
    if avoid:
        out = xapian.Query(xapian.Query.OP_AND_NOT, out, xapian.Query(xapian.Query.OP_OR, avoid))
    return out


def _any(term: str, facet: str, vids: list[int | None]) -> xapian.Query:
    """Articles with any of these value ids (an unknown value, None, matches nothing)."""
    known = [xapian.Query(term.format(facet=facet, id=vid)) for vid in vids if vid is not None]
    return xapian.Query(xapian.Query.OP_OR, known) if known else xapian.Query.MatchNothing


def _day(d: date) -> str:
    return xapian.sortable_serialise((d - date(1970, 1, 1)).days)


def _enquire(conn: Connection, query: xapian.Query, facet_names: list[str], dates: bool
             ) -> tuple[xapian.Enquire, dict[str, list[xapian.ValueCountMatchSpy]]]:
    """An Enquire with a spy on each slot of these facets (position slots, then the `rest` slot), and on the
    date slots when `dates`."""
    enquire = xapian.Enquire(conn.db)
    enquire.set_query(query)
    spies: dict[str, list[xapian.ValueCountMatchSpy]] = {}
    for facet in facet_names:
        layout = conn.layout["facets"][facet]
        slots = layout["slots"] + ([layout["rest"]] if layout["rest"] is not None else [])
        spies[facet] = [xapian.ValueCountMatchSpy(slot) for slot in slots]
    if dates:
        spies |= {k: [xapian.ValueCountMatchSpy(conn.layout[k])] for k in DATE_SLOTS}
    for spy in (s for group in spies.values() for s in group):
        enquire.add_matchspy(spy)
    return enquire, spies


def _terms(spy: xapian.ValueCountMatchSpy) -> dict[bytes, int]:
    return {item.term: item.termfreq for item in spy.values()}


def _facet_counts(gen: Generation, facet: str, spies: list[xapian.ValueCountMatchSpy]) -> np.ndarray:
    """Matching articles per value id, from the spies of the facet's slots (the last may be the `rest` one,
    whose values are comma-joined ids)."""
    counts = np.zeros(len(gen.arrays.values[facet]), dtype=np.int64)
    for spy in spies:
        for value, n in _terms(spy).items():
            for vid in value.split(b","):
                counts[int(vid)] += n
    return counts


def _date_lists(dated: dict[str, dict[bytes, int]], total: int) -> tuple[list[dict], list[dict]]:
    """Years and months as facets._date_facets lists them: ascending, then the undated ones."""
    year = [{"value": k.decode(), "count": n} for k, n in sorted(dated["year"].items())]
    month = [{"value": k.decode(), "count": n} for k, n in sorted(dated["month"].items())]
    unknown = total - sum(dated["year"].values())
    if unknown:
        year.append({"value": "unknown", "count": unknown})
        month.append({"value": "unknown", "count": unknown})
    return year, month


def _span(dated: dict[str, dict[bytes, int]]) -> tuple[date, date] | None:
    if not dated["start"]:
        return None
    return (from_day_number(int(xapian.sortable_unserialise(min(dated["start"])))),
            from_day_number(int(xapian.sortable_unserialise(max(dated["end"])))))


def _days(day_counts: dict[bytes, int], first: date, last: date) -> dict[str, int] | None:
    """facets.day_counts from the shards' count of day-precise articles per day."""
    if (last - first).days >= facets.DAY_SPAN:
        return None
    days = sorted((from_day_number(int(xapian.sortable_unserialise(k))), n) for k, n in day_counts.items())
    return {d.isoformat(): n for d, n in days if first <= d <= last}

"""Run a search: parse the query (query.py), filter (filters.py), match and rank (ranking.py, with the numpy fast
path), count facets (facets.py) and build the page's hits (records.py).

`match` and `ranked_ords` are also what the exports and the article page's result trail start from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from whoosh import query as wq

from . import budget, facets, filters, ranking, records, suggest
from .fastpath import FastMatches
from .generation import Generation
from .params import SearchRequest
from .query import parse_query


@dataclass
class SearchResult:
    request: SearchRequest
    canonical: SearchRequest  # the request with facet values under their canonical names
    total: int
    groups: int
    pages: int
    hits: list[dict]
    facets: dict[str, list[dict]]
    index: dict
    suggestion: str | None = None
    # Articles per day ("YYYY-MM-DD" -> count, day-precise dates only) when the matches or the date range span at
    # most DAY_SPAN days, for the date chart; the span of the matches' known dates. Not part of the JSON.
    days: dict[str, int] | None = None
    span: tuple[date, date] | None = None

    def as_json(self) -> dict:
        return {
            "total": self.total,
            "groups": self.groups,
            "page": self.request.page,
            "pages": self.pages,
            "hits": self.hits,
            "facets": self.facets,
            "index": self.index,
            "suggestion": self.suggestion,
        }


@dataclass
class Matches:
    """The articles a request matches: its query, the mask over ords, and the fast path's scores if any."""

    q: wq.Query | None
    canonical: SearchRequest
    mask: np.ndarray
    fast: FastMatches | None
    deadline: float  # one time budget for the whole request: matching and ranking (of a page or an export)
    # For a facet with alternatives (`any_person=...`): the matches without that facet's own alternatives, so
    # its list offers every value one could add (as multi-select facets do); its counts come from this mask.
    facet_masks: dict[str, np.ndarray] = field(default_factory=dict)
    order: np.ndarray | None = None  # another backend's matches, best first for relevance order


def match(gen: Generation, req: SearchRequest) -> Matches:
    """Parse, resolve facet names, filter and run the query: everything a page or an export starts from."""
    deadline = budget.deadline()
    q = parse_query(gen, req.q)
    resolved = filters.resolve(gen, req)
    ids = resolved.ids
    mask = filters.filter_mask(gen, req, ids)
    fast = order = None
    if q is not None and gen.backend is not None:  # another backend finds the matches (search/backends.py)
        order = gen.backend.match(q, ranked=req.sort == "relevance")
        query_mask = np.zeros(mask.size, dtype=bool)
        query_mask[order[order < mask.size]] = True
    elif q is not None:
        fast = ranking.fast_matches(gen, q)
        query_mask = ranking.query_mask(gen, q, mask.size, fast, deadline)
    else:
        query_mask = None
    if query_mask is not None:
        mask &= query_mask
    facet_masks = {}
    for facet in ids["any_of"]:
        others = filters.filter_mask(gen, req, {**ids, "any_of": {f: v for f, v in ids["any_of"].items()
                                                                  if f != facet}})
        facet_masks[facet] = others & query_mask if query_mask is not None else others
    return Matches(q, resolved.canonical, mask, fast, deadline, facet_masks, order)


def ranked_ords(gen: Generation, req: SearchRequest, m: Matches, need: int, collapse: bool,
                matched: np.ndarray | None = None) -> np.ndarray:
    """Matching ords in the request's order, at least `need` of them (stories when collapsing) where there are
    (`matched`: the ords of `m.mask`, when the caller has them)."""
    matched = np.flatnonzero(m.mask) if matched is None else matched
    if m.order is not None and req.sort == "relevance":
        ranked = m.order[m.mask[m.order]]
        return ranking.collapse(gen, ranked, need) if collapse else ranked
    if m.q is not None and req.sort == "relevance":
        if not matched.size:
            return matched
        return ranking.relevance_order(gen, m.q, m.mask, need, collapse, m.fast, m.deadline)
    ranked = ranking.date_order(gen, matched, req.sort != "oldest", m.mask)
    return ranking.collapse(gen, ranked, need) if collapse else ranked


def story_count(gen: Generation, ords: np.ndarray) -> int:
    """How many stories the articles of `ords` belong to: marks in an array as long as the stories instead of
    sorting the stories of every match (np.unique). An article without a story (-1) counts as one, as there."""
    if not ords.size:
        return 0
    story = gen.arrays.story
    seen = np.zeros(gen.derived("story-slots", lambda: int(story.max(initial=-1)) + 2), dtype=bool)
    seen[story[ords] + 1] = True
    return int(np.count_nonzero(seen))


def search(gen: Generation, req: SearchRequest, full_facet: str | None = None) -> SearchResult:
    """Answer one search request against one generation; `full_facet` lists every value of that facet."""
    if gen.backend is not None and (found := gen.backend.search(gen, req, full_facet)) is not None:
        return found  # another backend answered the whole request, counting the facets itself
    m = match(gen, req)
    matched = np.flatnonzero(m.mask)
    total = int(matched.size)
    groups = story_count(gen, matched)
    collapse = req.versions == "collapse"
    pages = max(1, math.ceil((groups if collapse else total) / req.per_page))
    start = (req.page - 1) * req.per_page
    need = start + req.per_page
    shown = start < (groups if collapse else total)
    ranked = ranked_ords(gen, req, m, need, collapse, matched) if shown else matched[:0]
    hits = records.page_hits(gen, ranked[start:need], m.q)
    counts = facets.facet_counts(gen, m.mask, req.facet_limit, full_facet, m.facet_masks, matched)
    suggestion = suggest.for_query(gen, req.q) if total == 0 and m.q is not None else None
    span = facets.span(gen, matched)
    days = None
    if span:
        # The chart's window: the selected range if short, else the matches' span if short.
        first, last = (req.date_from.first, req.date_to.last) if req.date_from and req.date_to else span
        days = facets.day_counts(gen, m.mask, first, last)
    return SearchResult(req, m.canonical, total, groups, pages, hits, counts, gen.info(), suggestion, days, span)

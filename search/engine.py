"""Run a search: Whoosh finds and ranks, numpy arrays filter, count facets and collapse stories.

Facet counts are computed over every matching article (not only the collapsed hits), so a name found
only in a folded-away version is still counted.

Size: parsing, filtering, ranking, facets and records of one request; the split by job (issue 12) is not done
yet.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.collectors import FilterCollector
from whoosh.qparser import MultifieldParser
from whoosh.searching import TimeLimit

from archive.facetarrays import FACETS, UNKNOWN
from archive.schema import DEFAULT_FIELDS

from . import fastpath, querytext, suggest
from .generation import Generation
from .params import BadRequest, SearchRequest
from .snippets import snippet

FIELD_NAMES = ("title", "body", "names", "person", "org", "resolution", "source", "dateline")
SNIPPET_SCAN_CHARS = 200_000
SEARCH_SECONDS = 3.0  # a query that needs longer (a pattern such as "a*" on a large archive) is refused
DAY_SPAN = 92  # a date chart of at most this many days shows days
MAX_PATTERN_WORDS = 1000  # a prefix or wildcard standing for more words is refused (Whoosh: 1,024 per Or)
TOO_SLOW = (f"the search took longer than {SEARCH_SECONDS:g} s and was stopped: phrases and NOT of very common words, "
            "or word patterns, are the slow kinds; add words or filters, or put more letters before * or ?")


_clock = time.monotonic  # the clock a request's time budget is read from


def _within_time(docs, deadline: float):
    """`docs`, stopped with a 400 and a clear message once the search has used its time."""
    for i, doc in enumerate(docs):
        if not i & 1023 and _clock() > deadline:
            raise BadRequest(TOO_SLOW)
        yield doc


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
    unknown_values: list[tuple[str, str]] = field(default_factory=list)
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


def parse_query(gen: Generation, text: str) -> wq.Query | None:
    """Whoosh query for `text`; None when empty. Raises BadRequest for what Whoosh cannot use."""
    if not text.strip():
        return None
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema=gen.schema)
    try:
        parsed = parser.parse(querytext.rewrite(text, FIELD_NAMES))
    except BadRequest:
        raise
    except Exception as exc:  # the parser's own errors come in many types
        raise BadRequest(f"the query could not be understood: {exc}") from None
    if "names:" not in text:
        parsed = parsed.accept(_drop_common_word).normalize()
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        raise BadRequest(f"the query {text[:80]!r} has no searchable words: only operators, punctuation or very common"
                         " words (the, of, and...), which the archive does not search for; add a more specific word")
    _check_fields(parsed)
    parsed = parsed.accept(lambda node: _canonical_names(gen, node))
    return parsed.accept(lambda node: _expand_pattern(gen, node)).normalize()


def _drop_common_word(node: wq.Query) -> wq.Query:
    """A very common word left only in `names` (titles and text drop it): not searched at all.

    Otherwise `the oil` would ask for articles naming someone with "the" in the name."""
    if isinstance(node, wq.Term) and node.fieldname == "names" and (node.text in STOP_WORDS or len(node.text) < 2):
        return wq.NullQuery
    return node


def _canonical_names(gen: Generation, node: wq.Query) -> wq.Query:
    """`org:OPEC` also finds the articles the `org=OPEC` filter finds: the value's canonical name as a phrase."""
    field_name = getattr(node, "fieldname", None)
    if field_name not in ("person", "org") or not isinstance(node, (wq.Term, wq.Phrase)):
        return node
    words = [node.text] if isinstance(node, wq.Term) else list(node.words)
    name = _canonical_value(gen.arrays, gen.canon, field_name, " ".join(str(w) for w in words))
    if name is None:
        return node
    tokens = [t.text for t in gen.schema[field_name].analyzer(name)]
    if tokens == words or not tokens:
        return node
    exact = wq.Term(field_name, tokens[0]) if len(tokens) == 1 else wq.Phrase(field_name, tokens)
    return wq.Or([node, exact])


def _expand_pattern(gen: Generation, node: wq.Query) -> wq.Query:
    """A prefix or wildcard as the `Or` of the words it stands for in this index.

    Whoosh scores a pattern by its words' scores in large segments but not in small ones (a preloaded,
    unscored matcher), so one article could rank differently before and after an update; expanded, a
    pattern is scored like the words typed out, everywhere, and the numpy fast path can answer it."""
    if type(node) not in (wq.Prefix, wq.Wildcard):
        return node
    expanded = node.simplify(gen.searcher().reader())  # Whoosh's own expansion: Term, Or of Terms or NullQuery
    if isinstance(expanded, wq.Or) and len(expanded.subqueries) > MAX_PATTERN_WORDS:
        raise BadRequest(f"{node} stands for more than {MAX_PATTERN_WORDS:,} different words in the archive;"
                         " give more letters before the * or ?")
    return expanded


def _check_fields(q: wq.Query) -> None:
    for node in q.leaves():
        name = getattr(node, "fieldname", None)
        if name and name not in FIELD_NAMES:
            raise BadRequest(f"unknown field {name!r} in the query; fields are {', '.join(FIELD_NAMES)}")
        # A leading wildcard walks the whole vocabulary of the archive: too slow to offer.
        if isinstance(node, wq.Wildcard) and str(node.text)[:1] in "*?":
            raise BadRequest(f"a word cannot start with a wildcard ({node.text!r}); put letters before * or ?")


def _resolve(gen: Generation, req: SearchRequest) -> tuple[SearchRequest, dict, list]:
    """Facet values as value ids (by kind: include, exclude, any_of); unknown values are kept (they match nothing)."""
    arrays, canon = gen.arrays, gen.canon
    ids: dict[str, dict[str, list[int | None]]] = {"include": {}, "exclude": {}, "any_of": {}}
    unknown = []
    canonical: dict[str, dict[str, tuple[str, ...]]] = {"include": {}, "exclude": {}, "any_of": {}}
    for which, target in ids.items():
        for facet, values in getattr(req, which).items():
            names = []
            for value in values:
                name = _canonical_value(arrays, canon, facet, value)
                if name is None:
                    unknown.append((facet, value))
                    names.append(value)
                    target.setdefault(facet, []).append(None)
                else:
                    names.append(name)
                    target.setdefault(facet, []).append(arrays.value_ids[facet][name])
            canonical[which][facet] = tuple(dict.fromkeys(names))
    resolved = replace(req, include=canonical["include"], exclude=canonical["exclude"], any_of=canonical["any_of"])
    return resolved, ids, unknown


def _canonical_value(arrays, canon, facet: str, value: str) -> str | None:
    ids = arrays.value_ids[facet]
    if value in ids:
        return value
    if facet in ("person", "org"):
        name = canon.lookup(facet, value)
        if name in ids:
            return name
    folded = value.casefold()
    same = next((v for v in ids if v.casefold() == folded), None)
    if same is None and facet == "place" and arrays.place_forms.get(folded) in ids:
        return arrays.place_forms[folded]  # "U.S." -> United States: a spelling the articles give it
    return same


def _filter_mask(gen: Generation, req: SearchRequest, value_ids: dict[str, dict]) -> np.ndarray:
    a = gen.arrays
    mask = a.live.copy()
    ids_in, ids_out = value_ids["include"], value_ids["exclude"]
    for facet, alternatives in value_ids["any_of"].items():
        keep = np.zeros_like(mask)
        for vid in alternatives:
            if vid is not None:
                keep[a.docs_with(facet, vid)] = True
        mask &= keep
    for facet, ids in ids_in.items():
        for vid in ids:
            keep = np.zeros_like(mask)
            if vid is not None:
                keep[a.docs_with(facet, vid)] = True
            mask &= keep
    for facet, ids in ids_out.items():
        for vid in ids:
            if vid is not None:
                mask[a.docs_with(facet, vid)] = False
    if req.unknown_date:
        mask &= a.start == UNKNOWN
    if req.date_from or req.date_to:
        mask &= a.start != UNKNOWN
        if req.date_from:
            mask &= a.end >= _day(req.date_from.first)
        if req.date_to:
            mask &= a.start <= _day(req.date_to.last)
    return mask


def _day(d) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def _fast_matches(gen: Generation, q: wq.Query) -> fastpath.FastMatches | None:
    """Matching docnums and approximate scores from the numpy fast path; None when it does not apply."""
    searcher = gen.searcher()
    if not fastpath.supported(q, searcher):
        return None
    found = fastpath.matches(q, searcher, gen.lengths, gen.postings)
    return found.only(gen.docnum_ord[found.docs] >= 0)  # deleted documents have no ord


def _query_mask(gen: Generation, q: wq.Query, size: int, fast: fastpath.FastMatches | None,
                deadline: float) -> np.ndarray:
    searcher = gen.searcher()
    if fast is not None:
        docnums = fast.docs
    else:
        docnums = np.fromiter(_within_time(searcher.docs_for_query(q), deadline), dtype=np.int64)
    mask = np.zeros(size, dtype=bool)
    if docnums.size:
        ords = gen.docnum_ord[docnums]
        mask[ords[(ords >= 0) & (ords < size)]] = True
    return mask


def _date_order(gen: Generation, ords: np.ndarray, newest: bool) -> np.ndarray:
    start = gen.arrays.start[ords].astype(np.int64)
    unknown = start == UNKNOWN
    key = -start if newest else start
    tie = -ords if newest else ords
    return ords[np.lexsort((tie, key, unknown))]  # unknown dates last


def _collapse(gen: Generation, ranked: np.ndarray) -> np.ndarray:
    if ranked.size == 0:
        return ranked
    stories = gen.arrays.story[ranked]
    _, first = np.unique(stories, return_index=True)
    return ranked[np.sort(first)]


class _FilterWithDeadline(FilterCollector):
    """Whoosh's FilterCollector that also gives up at a deadline.

    Wrapping a FilterCollector in Whoosh's TimeLimitCollector would bypass the filter (its loop calls the
    inner collector directly), so the time check lives in the filtering loop itself.
    """

    def __init__(self, child, allow: set[int], deadline: float) -> None:
        super().__init__(child, allow=allow)
        self.deadline = deadline

    def collect_matches(self) -> None:
        child, allow, offset, deadline = self.child, self._allow, self.offset, self.deadline
        for n, sub_docnum in enumerate(child.matches()):
            if not n & 1023 and _clock() > deadline:
                raise TimeLimit
            if offset + sub_docnum in allow:
                child.collect(sub_docnum)


def _relevance_order(gen: Generation, q: wq.Query, mask: np.ndarray, need: int, collapse: bool,
                     fast: fastpath.FastMatches | None, deadline: float) -> np.ndarray:
    """Best-scored matching ords, enough to fill `need` hits (stories when collapsing), by the request's
    deadline."""
    searcher = gen.searcher()
    if fast is not None:
        return _fast_relevance_order(gen, q, mask, need, collapse, fast)
    allowed = np.flatnonzero(mask[np.clip(gen.docnum_ord, 0, mask.size - 1)] & (gen.docnum_ord >= 0))
    allowed_set = set(allowed.tolist())
    limit = max(need * 3, 50)
    while True:
        timed = _FilterWithDeadline(searcher.collector(limit=limit), allowed_set, deadline)
        try:
            searcher.search_with_collector(q, timed)
        except TimeLimit:
            raise BadRequest(TOO_SLOW) from None
        results = timed.results()
        ords = gen.docnum_ord[np.fromiter((hit.docnum for hit in results), dtype=np.int64)]
        ranked = _collapse(gen, ords) if collapse else ords
        if ranked.size >= need or len(results) < limit or limit >= len(allowed_set):
            return ranked
        limit *= 4


def _fast_relevance_order(gen: Generation, q: wq.Query, mask: np.ndarray, need: int, collapse: bool,
                          fast: fastpath.FastMatches) -> np.ndarray:
    """As `_relevance_order`, with the top N taken by fastpath.top (the same order Whoosh gives)."""
    found = fast.only(mask[gen.docnum_ord[fast.docs]])
    limit = max(need * 3, 50)
    while True:
        top = fastpath.top(q, gen.searcher(), found, limit)
        ords = gen.docnum_ord[top]
        ranked = _collapse(gen, ords) if collapse else ords
        if ranked.size >= need or top.size < limit or limit >= found.docs.size:
            return ranked
        limit *= 4


@dataclass
class Matches:
    """The articles a request matches: its query, the mask over ords, and the fast path's scores if any."""

    q: wq.Query | None
    canonical: SearchRequest
    mask: np.ndarray
    fast: fastpath.FastMatches | None
    unknown: list
    deadline: float  # one time budget for the whole request: matching and ranking (of a page or an export)
    # For a facet with alternatives (`any_person=...`): the matches without that facet's own alternatives, so
    # its list offers every value one could add (as multi-select facets do); its counts come from this mask.
    facet_masks: dict[str, np.ndarray] = field(default_factory=dict)
    order: np.ndarray | None = None  # another backend's matches, best first for relevance order


def match(gen: Generation, req: SearchRequest) -> Matches:
    """Parse, resolve facet names, filter and run the query: everything a page or an export starts from."""
    deadline = _clock() + SEARCH_SECONDS
    q = parse_query(gen, req.q)
    canonical, ids, unknown = _resolve(gen, req)
    mask = _filter_mask(gen, req, ids)
    fast = order = None
    if q is not None and gen.backend is not None:  # another backend finds the matches (search/backends.py)
        order = gen.backend.match(q, ranked=req.sort == "relevance")
        query_mask = np.zeros(mask.size, dtype=bool)
        query_mask[order[order < mask.size]] = True
    elif q is not None:
        fast = _fast_matches(gen, q)
        query_mask = _query_mask(gen, q, mask.size, fast, deadline)
    else:
        query_mask = None
    if query_mask is not None:
        mask &= query_mask
    facet_masks = {}
    for facet in ids["any_of"]:
        others = _filter_mask(gen, req, {**ids, "any_of": {f: v for f, v in ids["any_of"].items() if f != facet}})
        facet_masks[facet] = others & query_mask if query_mask is not None else others
    return Matches(q, canonical, mask, fast, unknown, deadline, facet_masks, order)


def ranked_ords(gen: Generation, req: SearchRequest, m: Matches, need: int, collapse: bool) -> np.ndarray:
    """Matching ords in the request's order, at least `need` of them (stories when collapsing) where there are."""
    matched = np.flatnonzero(m.mask)
    if m.order is not None and req.sort == "relevance":
        ranked = m.order[m.mask[m.order]]
        return _collapse(gen, ranked) if collapse else ranked
    if m.q is not None and req.sort == "relevance":
        return _relevance_order(gen, m.q, m.mask, need, collapse, m.fast, m.deadline) if matched.size else matched
    ranked = _date_order(gen, matched, newest=req.sort != "oldest")
    return _collapse(gen, ranked) if collapse else ranked


def search(gen: Generation, req: SearchRequest, full_facet: str | None = None) -> SearchResult:
    """Answer one search request against one generation; `full_facet` lists every value of that facet."""
    m = match(gen, req)
    q, canonical, mask, unknown = m.q, m.canonical, m.mask, m.unknown
    matched = np.flatnonzero(mask)
    total = int(matched.size)
    groups = int(np.unique(gen.arrays.story[matched]).size) if total else 0
    collapse = req.versions == "collapse"
    count = groups if collapse else total
    pages = max(1, math.ceil(count / req.per_page))
    start = (req.page - 1) * req.per_page
    need = start + req.per_page
    ranked = ranked_ords(gen, req, m, need, collapse) if start < count else matched[:0]
    page_ords = ranked[start:need]
    hits = _hits(gen, page_ords, q)
    facets = _facets(gen, mask, req.facet_limit, full_facet, m.facet_masks)
    suggestion = _suggest(gen, req.q) if total == 0 and q is not None else None
    span = _span(gen, mask)
    days = _day_counts(gen, mask, span, req) if span else None
    return SearchResult(req, canonical, total, groups, pages, hits, facets, gen.info(), suggestion, unknown, days, span)


def _span(gen: Generation, mask: np.ndarray) -> tuple[date, date] | None:
    """First and last day the matching articles' known dates cover."""
    a = gen.arrays
    known = mask & (a.start != UNKNOWN)
    if not known.any():
        return None
    return _from_day(int(a.start[known].min())), _from_day(int(a.end[known].max()))


def _from_day(n: int) -> date:
    return date.fromordinal(date(1970, 1, 1).toordinal() + n)


def _day_counts(gen: Generation, mask: np.ndarray, span: tuple[date, date], req: SearchRequest) -> dict | None:
    """Articles per day in the chart's window: the selected range if short, else the matches' span if short."""
    first, last = (req.date_from.first, req.date_to.last) if req.date_from and req.date_to else span
    if (last - first).days >= DAY_SPAN:
        return None
    known = _date_keys(gen)[0]
    a = gen.arrays
    exact = mask & known & (a.precision == 0)
    starts = a.start[exact].astype(np.int64)
    lo = _day(first)
    starts = starts[(starts >= lo) & (starts <= _day(last))] - lo
    counts = np.bincount(starts, minlength=(last - first).days + 1)
    return {_from_day(lo + int(i)).isoformat(): int(counts[i]) for i in np.flatnonzero(counts).tolist()}


def record_hit(rec: dict, members: list[str]) -> dict:
    """The fields an API hit and an article share."""
    return {
        "id": rec["id"],
        "title": rec["title"],
        "date": rec.get("date"),
        "date_precision": rec.get("date_precision"),
        "url": f"/article/{rec['id']}",
        "persons": rec.get("persons", []),
        "orgs": rec.get("orgs", []),
        "resolutions": rec.get("resolutions", []),
        "source": rec.get("source"),
        "story": rec.get("story") or rec["id"],
        "versions": [m for m in members if m != rec["id"]],
    }


def _hits(gen: Generation, ords: np.ndarray, q: wq.Query | None) -> list[dict]:
    store = gen.store()
    recs = store.get_many(ords.tolist())
    stories = store.story_members_many([rec.get("story") or rec["id"] for rec in recs.values()])
    out = []
    for o in ords.tolist():
        rec = recs.get(o)
        if rec is None:
            continue
        members = stories.get(rec.get("story") or rec["id"], [])
        hit = record_hit(rec, members)
        # Snippets come from the body's start: a 50 MB article must not cost seconds on every results page.
        hit["snippet"] = snippet(gen.snippet_analyzer, rec["body"][:SNIPPET_SCAN_CHARS], q)
        hit["dateline"] = rec.get("dateline")
        hit["date_source"] = rec.get("date_source")
        out.append(hit)
    return out


def _facets(gen: Generation, mask: np.ndarray, limit: int, full: str | None = None,
            facet_masks: dict[str, np.ndarray] | None = None) -> dict[str, list[dict]]:
    a = gen.arrays
    out: dict[str, list[dict]] = {}
    for facet in FACETS:
        counts = a.counts(facet, (facet_masks or {}).get(facet, mask))
        nz = np.flatnonzero(counts)
        names = a.values[facet]
        # By count, then name ignoring case (a stable sort: equal names keep value-id order), in numpy.
        order = nz[np.lexsort((_casefold_rank(gen, facet)[nz], -counts[nz]))].tolist()
        if limit and facet != full:
            order = order[:limit]
        entries = []
        for i in order:
            entry = {"value": names[i], "count": int(counts[i])}
            if facet == "resolution" and names[i] in a.resolution_labels:
                entry["label"] = a.resolution_labels[names[i]]
            entries.append(entry)
        out[facet] = entries
    out["year"], out["month"] = _date_facets(gen, mask)
    return out


def _casefold_rank(gen: Generation, facet: str) -> np.ndarray:
    """Per value id, the rank of its case-folded name (equal names, equal rank); computed once per generation."""
    cache = gen.__dict__.setdefault("_casefold_ranks", {})
    rank = cache.get(facet)
    if rank is None:
        keys = [v.casefold() for v in gen.arrays.values[facet]]
        rank = np.zeros(len(keys), dtype=np.int64)
        prev, r = None, -1
        for i in sorted(range(len(keys)), key=keys.__getitem__):
            if keys[i] != prev:
                prev, r = keys[i], r + 1
            rank[i] = r
        cache[facet] = rank
    return rank


def _date_keys(gen: Generation) -> tuple:
    """Per ord: date known, year and month numbers (from their minimum), month shown; once per generation."""
    keys = gen.__dict__.get("_date_keys")
    if keys is None:
        a = gen.arrays
        known = a.start != UNKNOWN
        days = np.where(known, a.start, 0).astype("datetime64[D]")
        years = days.astype("datetime64[Y]").astype(np.int64)
        months = days.astype("datetime64[M]").astype(np.int64)
        y0 = int(years[known].min()) if known.any() else 0
        m0 = int(months[known].min()) if known.any() else 0
        precise = a.precision <= 1  # day or month precision have a month
        keys = gen.__dict__["_date_keys"] = (known, years - y0, y0, months - m0, m0, precise)
    return keys


def _date_facets(gen: Generation, mask: np.ndarray) -> tuple[list[dict], list[dict]]:
    known, years, y0, months, m0, precise = _date_keys(gen)
    known_m = mask & known
    unknown = int(np.count_nonzero(mask) - np.count_nonzero(known_m))
    ycounts = np.bincount(years[known_m])
    ys = np.flatnonzero(ycounts)
    year = [{"value": f"{y + y0 + 1970:04d}", "count": int(c)} for y, c in zip(ys.tolist(), ycounts[ys].tolist())]
    mcounts = np.bincount(months[known_m & precise])
    ms = np.flatnonzero(mcounts)
    month = [{"value": f"{1970 + (m + m0) // 12:04d}-{(m + m0) % 12 + 1:02d}", "count": int(c)}
             for m, c in zip(ms.tolist(), mcounts[ms].tolist())]
    if unknown:
        year.append({"value": "unknown", "count": unknown})
        month.append({"value": "unknown", "count": unknown})
    return year, month


def _suggest(gen: Generation, text: str) -> str | None:
    """A spelling of the query in the archive's own words, for a query that found nothing."""
    vocab = gen.__dict__.get("_vocabulary", False)
    if vocab is False:
        vocab = gen.__dict__["_vocabulary"] = suggest.Vocabulary.load(gen.path)
    return suggest.suggest(vocab, text)


def article_record(gen: Generation, art_id: str) -> dict | None:
    """An article's full record with API fields, or None."""
    store = gen.store()
    rec = store.get(art_id)
    if rec is None:
        return None
    members = store.story_members(rec.get("story") or rec["id"])
    out = record_hit(rec, members)
    out.update(
        body=rec["body"],
        sources=rec["sources"],
        dateline=rec.get("dateline"),
        title_derived=rec.get("title_derived", False),
        body_missing=rec.get("body_missing", False),
        date_source=rec.get("date_source"),
        date_unknown_because=rec.get("date_unknown_because"),
        date_tz=rec.get("date_tz"),
        time=rec.get("time"),
        original_url=rec.get("original_url"),
        authors=rec.get("authors", []),
        related=rec.get("related", []),
        resolution_labels=rec.get("resolution_labels", {}),
    )
    return out


def period_label(iso: str | None, precision: str | None) -> str:
    """A date for display: "12 March 2019", "March 2019", "2019" or "date unknown"."""
    if not iso:
        return "date unknown"
    d = date.fromisoformat(iso)
    if precision == "year":
        return f"{d.year}"
    if precision == "month":
        return d.strftime("%B %Y")
    return f"{d.day} {d.strftime('%B %Y')}"

"""Which articles a query matches and in what order: the numpy fast path where it applies, Whoosh otherwise;
by relevance or date; one article per story when collapsing.

bench/equality.py replaces `relevance_order` and `fast_matches` (by module attribute) to compare the fast path
with Whoosh's exhaustive ranking, so callers here use them through the module.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from whoosh import query as wq
from whoosh.searching import TimeLimit

from archive.facetarrays import UNKNOWN

from . import budget, fastpath
from .generation import Generation
from .memo import Recent
from .params import BadRequest

MIN_FETCH = 50  # the fewest best hits asked for at once
WHOLE_ORDER_RATIO = 16  # matches at least 1/16 of the archive: in date order from the archive's whole order


def fast_matches(gen: Generation, q: wq.Query) -> fastpath.FastMatches | None:
    """Matching docnums and approximate scores from the numpy fast path; None when it does not apply."""
    searcher = gen.searcher()
    if not fastpath.supported(q, searcher):
        return None
    found = fastpath.matches(q, searcher, gen.lengths, gen.postings)
    return found.only(gen.docnum_ord[found.docs] >= 0)  # deleted documents have no ord


def query_mask(gen: Generation, q: wq.Query, size: int, fast: fastpath.FastMatches | None,
               deadline: float) -> np.ndarray:
    """The articles (ords) the query matches, as a mask of `size`."""
    if fast is not None:
        docnums = fast.docs
    else:
        docnums = np.fromiter(budget.within_time(gen.searcher().docs_for_query(q), deadline), dtype=np.int64)
    mask = np.zeros(size, dtype=bool)
    if docnums.size:
        ords = gen.docnum_ord[docnums]
        mask[ords[(ords >= 0) & (ords < size)]] = True
    return mask


def date_order(gen: Generation, ords: np.ndarray, newest: bool, mask: np.ndarray | None = None) -> np.ndarray:
    """`ords` by date (newest or oldest first; the same day: the later ord first when newest), unknown dates
    last. With their `mask`, many matches are taken from the archive's whole order instead of sorted."""
    if mask is not None and ords.size * WHOLE_ORDER_RATIO >= mask.size:
        order = gen.derived(f"date-order:{newest}", lambda: _date_sorted(gen, np.arange(mask.size), newest))
        return order[mask[order]]
    return _date_sorted(gen, ords, newest)


def _date_sorted(gen: Generation, ords: np.ndarray, newest: bool) -> np.ndarray:
    start = gen.arrays.start[ords].astype(np.int64)
    unknown = start == UNKNOWN
    key = -start if newest else start
    tie = -ords if newest else ords
    return ords[np.lexsort((tie, key, unknown))]  # unknown dates last


def collapse(gen: Generation, ranked: np.ndarray, need: int | None = None) -> np.ndarray:
    """The first article of each story, in the given order; with `need`, only the first stories, at least
    `need` of them where there are (the stories that first appear in a prefix of `ranked` are the first
    stories of all of it, in the same order)."""
    if need is not None:
        limit = max(3 * need, MIN_FETCH)
        while limit < ranked.size:
            first = _first_of_stories(gen, ranked[:limit])
            if first.size >= need:
                return first
            limit *= 4
    return _first_of_stories(gen, ranked)


def _first_of_stories(gen: Generation, ranked: np.ndarray) -> np.ndarray:
    if ranked.size == 0:
        return ranked
    stories = gen.arrays.story[ranked]
    _, first = np.unique(stories, return_index=True)
    return ranked[np.sort(first)]


SCORE_TREES = 512  # (query, segment) matcher trees kept per generation (a tree of a 1,000-word prefix: ~1 MB)


def score_trees(gen: Generation) -> Recent:
    """The scoring trees kept for this generation's queries (see `exactscores.exact_scores`)."""
    return gen.derived("score-trees", lambda: Recent[tuple](SCORE_TREES))


def relevance_order(gen: Generation, q: wq.Query, mask: np.ndarray, need: int, collapsing: bool,
                    fast: fastpath.FastMatches | None, deadline: float) -> np.ndarray:
    """Best-scored matching ords, enough to fill `need` hits (stories when collapsing), by the request's
    deadline."""
    if fast is not None:
        found = fast.only(mask[gen.docnum_ord[fast.docs]])
        def fast_top(limit: int) -> tuple[np.ndarray, bool]:
            docnums = fastpath.top(q, gen.searcher(), found, limit, score_trees(gen))  # the order Whoosh gives
            return docnums, docnums.size < limit
        return _widening(gen, need, collapsing, found.docs.size, fast_top)
    allowed = np.flatnonzero(mask[np.clip(gen.docnum_ord, 0, mask.size - 1)] & (gen.docnum_ord >= 0))
    allowed_set = set(allowed.tolist())
    return _widening(gen, need, collapsing, len(allowed_set),
                     lambda limit: _whoosh_top(gen, q, allowed_set, limit, deadline))


def _whoosh_top(gen: Generation, q: wq.Query, allowed: set[int], limit: int,
                deadline: float) -> tuple[np.ndarray, bool]:
    """Whoosh's best `limit` docnums among `allowed`, and whether they are all it matched."""
    timed = budget.FilterWithDeadline(gen.searcher().collector(limit=limit), allowed, deadline)
    try:
        gen.searcher().search_with_collector(q, timed)
    except TimeLimit:
        raise BadRequest(budget.TOO_SLOW) from None
    results = timed.results()
    return np.fromiter((hit.docnum for hit in results), dtype=np.int64), len(results) < limit


def _widening(gen: Generation, need: int, collapsing: bool, available: int,
              top: Callable[[int], tuple[np.ndarray, bool]]) -> np.ndarray:
    """Ask `top` for more docnums (three times the need, then four times more each round) until the ranked ords
    fill `need` hits (stories when collapsing) or every match has been given."""
    limit = max(need * 3, MIN_FETCH)
    while True:
        docnums, all_found = top(limit)
        ords = gen.docnum_ord[docnums]
        ranked = collapse(gen, ords) if collapsing else ords
        if ranked.size >= need or all_found or limit >= available:
            return ranked
        limit *= 4

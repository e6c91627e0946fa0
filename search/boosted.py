"""Boosted ORs of words and phrases (the "more like this" query) answered with numpy: Whoosh's own top N.

"More like this" searches an `Or` of about twenty body words, each boosted by its Bo1 weight, and the
article's people and organisations. Whoosh scores such a query one document at a time through a tree of
union matchers: 0.5-6 CPU s per article page at 100,000 articles. Here each part is matched and scored by
the numpy fast path (`search/fastpath.py`) without its boost, the parts' scores are multiplied by their
boosts and added up, and the few candidates that can reach the top N are scored again by replaying
Whoosh's own matcher tree (boost wrappers included), so the order (score, then document number) is the
one `Searcher.search(q, limit=N, mask=...)` gives.
"""

from __future__ import annotations

import copy

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from . import fastpath
from .fieldlengths import FieldLengths
from .postingcache import PostingsCache


def supported(q: wq.Query, searcher: Searcher) -> bool:
    """True for an unboosted, unscaled `Or` whose parts are words or phrases the fast path answers, each
    with a positive boost."""
    if type(q) is not wq.Or or q.boost != 1.0 or q.scale is not None or q.minmatch or not q.subqueries:
        return False
    return all(type(s) in (wq.Term, wq.Phrase) and s.boost > 0
               and fastpath.supported(_unboosted(s), searcher) for s in q.subqueries)


def _unboosted(q: wq.Query) -> wq.Query:
    plain = copy.copy(q)
    plain.boost = 1.0
    return plain


def matches(q: wq.Or, searcher: Searcher, lengths: FieldLengths,
            postings: PostingsCache) -> fastpath.FastMatches:
    """Every document the `Or` matches, with its approximate score (each part's BM25F times its boost), and
    the parts' own scores for the exact replay."""
    leaves: dict = {}
    docs, scores = [], []
    for sub in q.subqueries:
        found = fastpath.matches(_unboosted(sub), searcher, lengths, postings)
        leaves.update(found.leaves)
        docs.append(found.docs)
        scores.append(found.scores * sub.boost)
    alldocs = np.concatenate(docs)
    if not alldocs.size:
        return fastpath.FastMatches(np.zeros(0, dtype=np.int64), np.zeros(0), leaves)
    uniq, inv = np.unique(alldocs, return_inverse=True)
    return fastpath.FastMatches(uniq, np.bincount(inv, weights=np.concatenate(scores), minlength=uniq.size),
                                leaves)


def top(q: wq.Or, searcher: Searcher, lengths: FieldLengths, postings: PostingsCache,
        allowed: np.ndarray, limit: int) -> np.ndarray:
    """Document numbers of the best `limit` matches among those `allowed` (a boolean array over document
    numbers), in Whoosh's order; as `searcher.search(q, limit=limit, mask=<the others>)`."""
    found = matches(q, searcher, lengths, postings)
    return fastpath.top(q, searcher, found.only(allowed[found.docs]), limit)

"""Check the numpy fast path against Whoosh itself on the query bench's requests.

    python -m bench.equality --index DIR [--queries 200]

Answers (totals, groups, hit ids, versions, snippets, facets) of the engine as shipped are compared with
the engine with the fast path switched off and Whoosh asked for every match (`limit=None`: Whoosh's
exhaustive ranking). Whoosh's limited top-N collector can score a document lower than its own exhaustive
search does (it replaces sub-matchers at block boundaries), so the old engine's page could depend on
the limit it asked for; the fast path always gives the exhaustive order.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from whoosh.searching import Searcher

from bench.query_bench import _extra_requests, pick_queries
from search import engine, ranking
from search.generation import IndexHandle
from search.params import SearchRequest


def reference_order(gen, q, mask, need, collapse, fast=None, deadline=None):
    """The engine's Whoosh ranking as first written: search(filter=set), here with limit=None."""
    allowed = np.flatnonzero(mask[np.clip(gen.docnum_ord, 0, mask.size - 1)] & (gen.docnum_ord >= 0))
    results = gen.searcher().search(q, filter=set(allowed.tolist()), limit=None)
    ords = gen.docnum_ord[np.fromiter((hit.docnum for hit in results), dtype=np.int64)]
    return ranking.collapse(gen, ords) if collapse else ords


def answers(gen, reqs):
    out = []
    for label, req in reqs:
        res = engine.search(gen, req)
        out.append({"q": label, "total": res.total, "groups": res.groups,
                    "hits": [(h["id"], h["versions"], h["snippet"]) for h in res.hits], "facets": res.facets})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--queries", type=int, default=200)
    a = ap.parse_args()
    gen = IndexHandle(Path(a.index)).current()
    reqs = [(q, SearchRequest(q=q)) for q in pick_queries(gen.path / "articles.sqlite", a.queries)]
    reqs += [(q, SearchRequest(q=q, versions="all", page=2)) for q, _ in reqs[::10]]
    reqs += _extra_requests(gen)
    fast = answers(gen, reqs)
    orig_search, orig_order, orig_fast = Searcher.search, ranking.relevance_order, ranking.fast_matches
    Searcher.search = lambda self, q, **kw: orig_search(self, q, **{**kw, "limit": None})
    ranking.relevance_order = reference_order
    ranking.fast_matches = lambda gen, q: None
    try:
        slow = answers(gen, reqs)
    finally:
        Searcher.search, ranking.relevance_order, ranking.fast_matches = orig_search, orig_order, orig_fast
    diffs = [f["q"] for f, s in zip(fast, slow) if f != s]
    print(json.dumps({"requests": len(reqs), "different": len(diffs), "which": diffs[:10]}))


if __name__ == "__main__":
    main()

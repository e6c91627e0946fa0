""""More like this" (the article page's related list) at scale: the numpy path against Whoosh's own search.

    python -m bench.similar_bench --index DIR [--articles 20] [--seed 1]

For `--articles` sampled articles of the index's current generation, in one process: the article page's
`more_like_this` as served (numpy path, search/boosted.py), first view and a second view of the same article,
then Whoosh's own `searcher.search(q, limit, mask={the article})` on the very query the page built. Prints
one JSON object: CPU seconds per article (p50 / p95 / max / mean) for each, and how many of the articles got
a different list (must be 0).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import numpy as np

from search import boosted, similar
from search.generation import IndexHandle


def _stats(xs: list[float]) -> dict:
    a = np.sort(np.asarray(xs))
    return {"p50": round(float(np.median(a)), 4), "p95": round(float(a[int(0.95 * (a.size - 1))]), 4),
            "max": round(float(a[-1]), 4), "mean": round(float(a.mean()), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    gen = IndexHandle(Path(a.index)).current()
    searcher = gen.searcher()
    rng = random.Random(a.seed)
    live = np.flatnonzero(gen.docnum_ord >= 0)
    ids = [searcher.stored_fields(int(d))["id"] for d in rng.sample(live.tolist(), a.articles)]
    built: dict = {}
    serve = similar._similar_docnums

    def spy(gen_, q, docnum, limit):  # keeps the query the page built, to hand the same one to Whoosh
        built["q"] = (q, docnum, limit)
        return serve(gen_, q, docnum, limit)

    similar._similar_docnums = spy
    first, second, whoosh, different = [], [], [], 0
    for art_id in ids:
        t = time.process_time()
        similar.more_like_this(gen, art_id)
        first.append(time.process_time() - t)
        t = time.process_time()
        similar.more_like_this(gen, art_id)
        second.append(time.process_time() - t)
        q, docnum, limit = built["q"]
        allowed = gen.docnum_ord >= 0
        allowed[docnum] = False
        ours = boosted.top(q, searcher, gen.lengths, gen.postings, allowed, limit).tolist()
        t = time.process_time()
        theirs = [h.docnum for h in searcher.search(q, limit=limit, mask={docnum})]
        whoosh.append(time.process_time() - t)
        different += ours != theirs
    print(json.dumps({"index": a.index, "articles": len(ids), "live": int(live.size),
                      "numpy_first_view_cpu_s": _stats(first), "numpy_second_view_cpu_s": _stats(second),
                      "whoosh_search_only_cpu_s": _stats(whoosh), "different_lists": different,
                      "load_average": os.getloadavg()}))


if __name__ == "__main__":
    main()

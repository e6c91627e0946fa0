"""Growth of the steps that need neither the entity model nor the Whoosh writer, at several sizes.

    python -m bench.scaling --corpus bench/out/corpus-100k --index bench/out/idx-100k --sizes 10000 100000

- read: corpus files to raw documents (indexer.read), the first N lines of the generated corpus;
- normalize: raw documents to articles (indexer.article: decoding, cleaning, dateline, dates, key);
- facet counting: every facet and the date facets over a mask of a third of the articles
  (search.engine._facets), on the arrays of `--index`, tiled to 1,000,000 articles for the largest size.
Times are CPU seconds of this process (the machine is shared) and wall seconds; ratios per article.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from indexer.article import article_from
from indexer.read import RawDoc, Skipped, corpus_files, read_file


def _clock():
    return time.perf_counter(), time.process_time()


def _since(t):
    return round(time.perf_counter() - t[0], 3), round(time.process_time() - t[1], 3)


def read_normalize(corpus: Path, n: int) -> dict:
    docs = []
    t = _clock()
    for item in corpus_files(corpus):
        if isinstance(item, Skipped):
            continue
        for doc in read_file(*item):
            if isinstance(doc, RawDoc):
                docs.append(doc)
                if len(docs) >= n:
                    break
        if len(docs) >= n:
            break
    read = _since(t)
    t = _clock()
    arts = sum(1 for d in docs if article_from(d) is not None)
    norm = _since(t)
    return {"n": len(docs), "articles": arts, "read_wall_cpu_s": read, "normalize_wall_cpu_s": norm}


def facet_counting(index: Path, n: int, reps: int = 20) -> dict:
    from search.engine import _facets
    from search.generation import IndexHandle

    gen = IndexHandle(index).current()
    a = gen.arrays
    base = a.live.size
    k = max(1, round(n / base))
    if k > 1:  # tile the arrays: k copies of the archive, ords shifted
        for f in a.doc:
            a.doc[f] = np.concatenate([a.doc[f] + i * base for i in range(k)]).astype(np.int32)
            a.val[f] = np.tile(a.val[f], k)
        for name in ("live", "start", "end", "precision", "story"):
            setattr(a, name, np.tile(getattr(a, name), k))
    size = a.live.size
    rng = np.random.default_rng(1)
    masks = [(rng.random(size) < 0.33) & a.live for _ in range(reps)]
    t = _clock()
    for m in masks:
        _facets(gen, m, 10)
    wall, cpu = _since(t)
    return {"n": int(a.live.sum()), "ms_per_count_wall": round(wall / reps * 1000, 2),
            "ms_per_count_cpu": round(cpu / reps * 1000, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--facet-sizes", type=int, nargs="+", default=[10000, 100000, 1000000])
    a = ap.parse_args()
    out = {"read_normalize": [read_normalize(Path(a.corpus), n) for n in a.sizes]}
    out["facet_counting"] = []
    for n in a.facet_sizes:
        index = Path(a.index)
        out["facet_counting"].append(facet_counting(index, n))
    print(json.dumps(out))


if __name__ == "__main__":
    main()

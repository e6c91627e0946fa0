"""Positions of frequent words read from the posting blocks' bytes (search/postingbytes.py) against unpickling.

    python -m bench.positions_bench --index DIR [--words 60] [--repeat 3]

For each of the archive's most frequent body words (bench.mixed's list, the words of its slow phrases), the
word's positions are read twice in the same process, alternately: by `postingcache.read_positions` (numpy over the
blocks' bytes) and by the previous way (every block unpickled, then the positions lists spliced into one
`pickle.loads`), and compared value for value. Prints one JSON object: CPU ms per word (median of
--repeat) for both, their ratio, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import time
from itertools import chain
from pathlib import Path

import numpy as np
from whoosh.matching.wrappers import FilterMatcher

from bench.mixed import _frequent_words
from search import postingbytes, postingcache
from search.generation import IndexHandle


def unpickled(searcher, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(positions per document, positions) as before: each block unpickled, the lists spliced and unpickled."""
    values: list[bytes] = []
    for sub, _offset in searcher.leaf_searchers():
        if (fieldname, text) not in sub.reader():
            continue
        m = sub.reader().postings(fieldname, text)
        m = m.child if isinstance(m, FilterMatcher) else m
        while m.is_active():
            if m._values is None:
                m._read_values()
            values.extend(m._values[m._i:m._blocklength])
            m._next_block()
    lists = pickle.loads(b"\x80\x02(" + b"".join([v[6:-1] for v in values]) + b"l.")
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    deltas = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    running = np.cumsum(deltas)
    before = np.concatenate(([0], running))[np.cumsum(counts) - counts]
    return counts.astype(np.int32), (running - np.repeat(before, counts)).astype(np.int32)


def _cpu_ms(fn) -> tuple[float, tuple]:
    t = time.process_time()
    out = fn()
    return (time.process_time() - t) * 1000, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--words", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    gen = IndexHandle(Path(a.index)).current()
    analyzer = gen.schema["body"].analyzer
    words = [next(iter(analyzer(w))).text for w in _frequent_words(gen.path / "articles.sqlite", a.words)]
    searcher = gen.searcher()
    rows, load = [], os.getloadavg()[0]
    for w in words:
        new_ms, old_ms = [], []
        for _ in range(a.repeat):
            ms, old = _cpu_ms(lambda: unpickled(searcher, "body", w))  # noqa: B023 (called at once)
            old_ms.append(ms)
            ms, new = _cpu_ms(lambda: postingcache.read_positions(searcher, "body", w)[2:])  # noqa: B023
            new_ms.append(ms)
            if not (np.array_equal(old[0], new[0]) and np.array_equal(old[1], new[1])):
                raise SystemExit(f"different positions for {w!r}")
        rows.append({"word": w, "positions": int(new[1].size), "unpickled_ms": round(statistics.median(old_ms), 1),
                     "bytes_ms": round(statistics.median(new_ms), 1)})
    total_old = sum(r["unpickled_ms"] for r in rows)
    total_new = sum(r["bytes_ms"] for r in rows)
    print(json.dumps({"words": len(rows), "different": 0, "unpickled_ms_total": round(total_old, 1),
                      "bytes_ms_total": round(total_new, 1), "ratio": round(total_new / total_old, 3),
                      "slowest": sorted(rows, key=lambda r: -r["unpickled_ms"])[:5],
                      "reader": postingbytes.__name__, "load_start": load, "load_end": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()

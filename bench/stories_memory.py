"""What the build's process holds for the story index once every article is fingerprinted (the stories step's
memory): a generation's saved story index added again article by article, as the build adds the fingerprints its
workers send (`StoryIndex.add_fingerprint`: arrays of their own per article), under tracemalloc.

    python -m bench.stories_memory GENERATION_DIR [--articles N]

Prints, per article: the arrays' data bytes (shingle hashes, sentence starts, the fact arrays, the pending keys of
the inverted table) and all the memory the index holds (the arrays' headers, the Facts objects, the id, lists).
"""

from __future__ import annotations

import argparse
import json
import tracemalloc
from pathlib import Path

import numpy as np

from archive.layout import STORIES_FILE
from indexer.dedupe import StoryIndex, persist
from indexer.fingerprints import Facts, Fingerprint


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("generation", type=Path)
    ap.add_argument("--articles", type=int, default=0, help="the first N saved articles (default: all)")
    args = ap.parse_args()
    saved = persist.read(args.generation / STORIES_FILE)
    if args.articles:
        saved = saved[:args.articles]
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    index = StoryIndex()
    for art_id, sh, starts, _day, f in saved:
        facts = Facts(*(np.array(a) for a in (f.slots, f.values, f.row_keys, f.row_of, f.lead)))
        index.add_fingerprint(art_id, Fingerprint(sh.astype(np.uint64), starts.copy(), facts))
    held = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    n = len(saved)
    arrays = sum(sh.nbytes + st.nbytes + sum(a.nbytes for a in (f.slots, f.values, f.row_keys, f.row_of, f.lead))
                 for _i, sh, st, _d, f in saved)
    pending = sum(k.nbytes + s.nbytes for k, s in index._pending)
    print(json.dumps({"articles": n, "held_mb": round(held / 2**20), "held_bytes_an_article": round(held / n),
                      "fingerprint_data_bytes_an_article": round(arrays / n),
                      "pending_keys_bytes_an_article": round(pending / n),
                      "shingles_an_article": round(float(np.mean([len(s[1]) for s in saved])), 1)}))


if __name__ == "__main__":
    main()

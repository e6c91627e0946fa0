"""The story fingerprint (`indexer.fingerprints.fingerprint`) alone: CPU per article and a digest of every array it
gives, so two revisions can be compared for speed and sameness.

    PYTHONPATH=CODE python bench/fingerprint_speed.py --corpus DIR [--n 2000] [--reps 3]

CODE is the checkout whose `indexer` is imported (this worktree, or a `git archive` snapshot of another
revision). The texts are the first N bodies of the corpus's JSON Lines files, read as the build reads them
(`indexer.article.article_from`). Each repetition starts with empty caches (the token-hash cache, the paragraph
cache), as a freshly forked worker does. Prints one JSON object: ms per article for each repetition, and the
SHA-256 of all the fingerprints' arrays in order.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path


def _texts(corpus: Path, n: int) -> list[str]:
    from indexer.article import article_from
    from indexer.read import RawDoc, Skipped, corpus_files, read_file

    out: list[str] = []
    for item in corpus_files(corpus):
        if isinstance(item, Skipped):
            continue
        for doc in read_file(*item):
            if isinstance(doc, RawDoc):
                art = article_from(doc)
                if art is not None:
                    out.append(art.body)
                    if len(out) >= n:
                        return out
    return out


def _clear_caches() -> None:
    from archive import sentences
    from indexer import fingerprints

    fingerprints._TOKEN_CACHE.clear()
    for name in ("_FACT_VALUES", "_FACT_VALUE_CACHE"):  # caches a revision may have (the first from 0230c9b)
        cache = getattr(fingerprints, name, None)
        if cache is not None:
            cache.clear()
    sentences.paragraph_sentences.cache_clear()


def _digest(fps: list) -> str:
    h = hashlib.sha256()
    for fp in fps:
        for arr in (fp.shingles, fp.sentence_starts, fp.facts.slots, fp.facts.values, fp.facts.row_keys,
                    fp.facts.row_of):
            h.update(str(arr.dtype).encode())
            h.update(len(arr).to_bytes(8, "little"))
            h.update(arr.tobytes())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    from indexer.fingerprints import fingerprint

    texts = _texts(args.corpus, args.n)
    ms, digests = [], set()
    for _ in range(args.reps):
        _clear_caches()
        c = time.process_time()
        fps = [fingerprint(t) for t in texts]
        ms.append(round((time.process_time() - c) * 1000 / len(texts), 3))
        digests.add(_digest(fps))
    print(json.dumps({"texts": len(texts), "ms_per_article": ms, "digest": sorted(digests)}))


if __name__ == "__main__":
    main()

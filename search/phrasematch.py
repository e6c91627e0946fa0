"""Which documents a phrase matches, from its words' positions with numpy: Whoosh's own rule (`Phrase` as
SpanNear2, ordered: each word 1 to `slop` positions after the previous one), without walking documents one
by one as Whoosh's phrase matcher does.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from .postingcache import PostingsCache, WordPositions


def phrase_key(fieldname: str, words: tuple[bytes, ...], slop: int) -> tuple:
    """How a phrase's documents and scores are found among a query's leaves (see `exactscores`)."""
    return ("phrase", fieldname, words, slop)


def phrase_docs(q: wq.Phrase, searcher: Searcher, postings: PostingsCache) -> np.ndarray:
    """Sorted document numbers (int64) where Whoosh's `Phrase` matches: positions p0 < p1 < ... of its
    words with 1 <= p(i+1) - p(i) <= slop (Whoosh's SpanNear2, ordered, mindist 1)."""
    occ = [postings.positions(searcher, q.fieldname, w) for w in q.words]
    cand = occ[0].docs
    for o in occ[1:]:
        cand = np.intersect1d(cand, o.docs, assume_unique=True)
    ends = None  # (document << 32 | position) where a match of the words so far ends
    for o in occ:
        if not cand.size:
            break
        keys = _keys_in(o, cand)
        if ends is not None:
            reach = np.zeros(keys.size, dtype=bool)
            for gap in range(1, q.slop + 1):
                reach |= in_sorted(ends, keys - gap)
            keys = keys[reach]
            docs = keys >> 32  # sorted, as the keys are: their distinct values without np.unique's sort
            cand = docs[np.r_[True, docs[1:] != docs[:-1]]] if docs.size else docs
        ends = keys
    if not cand.size:
        return np.zeros(0, dtype=np.int64)
    return cand.astype(np.int64)


def _keys_in(o: WordPositions, docs: np.ndarray) -> np.ndarray:
    """Sorted (document << 32 | position) keys of the word's positions in `docs` (sorted)."""
    keep = in_sorted(docs, o.docs)
    per_pos = np.repeat(keep, o.counts)
    return (np.repeat(o.docs[keep].astype(np.int64), o.counts[keep]) << 32) | o.positions[per_pos].astype(np.int64)


def in_sorted(hay: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """Which of `needles` are in the sorted array `hay`."""
    if not hay.size:
        return np.zeros(needles.size, dtype=bool)
    k = np.minimum(np.searchsorted(hay, needles), hay.size - 1)
    return hay[k] == needles



"""A word's positions read only from the posting blocks that hold given documents.

A phrase with a rarer word can only match in that word's documents; a common word's positions elsewhere are
never compared. Whoosh 3 writes a word's postings as blocks of up to 128 documents, each with a small pickled
info (its posting count and last document number) before its compressed data, so the blocks holding the
candidates are found from the infos alone and only those are decompressed and decoded (`postingbytes`). The
positions read are exactly the word's in those blocks' documents.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from .postingbytes import decode_blocks, term_blocks
from .postingcache import WordPositions

# Read only the candidates' blocks when they are at most this share of the word's blocks (else all are read,
# and kept in the postings cache for the next phrase).
MAX_SHARE = 0.5


def positions_in(searcher: Searcher, fieldname: str, text: str, docs: np.ndarray) -> WordPositions | None:
    """The word's documents, positions per document and positions, in the blocks holding any of `docs` (sorted
    global document numbers); None when those are more than `MAX_SHARE` of its blocks or a segment's postings
    are not laid out as `postingbytes` reads them."""
    plans = []
    total = chosen = 0
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        try:
            m = reader.postings(fieldname, text)
        except TermNotFound:
            continue
        if isinstance(m, FilterMatcher):  # deletions: their ord is -1, the caller drops them
            m = m.child
        if type(m) is not W3LeafMatcher or m._byteids or m._fixedsize is not None:
            return None
        raw, spans = term_blocks(m)
        lo, hi = np.searchsorted(docs, [offset, offset + reader.doc_count_all()])
        last = np.asarray([s[3] for s in spans], dtype=np.int64)
        which = np.unique(np.searchsorted(last, docs[lo:hi] - offset))  # a block holds ids up to its last
        which = which[which < len(spans)]
        total += len(spans)
        chosen += which.size
        plans.append((raw, [spans[i] for i in which.tolist()], offset))
    if chosen > MAX_SHARE * total:
        return None
    ids: list[np.ndarray] = []
    found: list[tuple[np.ndarray, np.ndarray]] = []
    for raw, spans, offset in plans:
        if spans:
            ids += decode_blocks(raw, spans, offset, found)[0]
    if not ids:
        empty = np.zeros(0, dtype=np.int32)
        return WordPositions(empty, empty, empty)
    return WordPositions(np.concatenate(ids).astype(np.int32), np.concatenate([c for c, _ in found]),
                         np.concatenate([p for _, p in found]))

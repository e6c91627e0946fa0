"""A word's positions read only from the posting blocks that hold given documents.

A phrase with a rarer word can only match in that word's documents; a common word's positions elsewhere are
never compared. Whoosh 3 writes a word's postings as blocks of up to 128 documents, each with a small pickled
info (its posting count and last document number) before its compressed data, so the blocks holding the
candidates are found from the infos alone and only those are decompressed and decoded (`postingbytes`'
readers, block by block). The positions read are exactly the word's in those blocks' documents.
"""

from __future__ import annotations

import io
import pickle
import zlib
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from .postingbytes import _INT, _block_values, decode_values, ids_weights
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
        raw, spans = _spans(m)
        lo, hi = np.searchsorted(docs, [offset, offset + reader.doc_count_all()])
        last = np.asarray([s[3] for s in spans], dtype=np.int64)
        which = np.unique(np.searchsorted(last, docs[lo:hi] - offset))  # a block holds ids up to its last
        which = which[which < len(spans)]
        total += len(spans)
        chosen += which.size
        plans.append((raw, [spans[i] for i in which.tolist()], offset))
    if chosen > MAX_SHARE * total:
        return None
    parts = [_decode(raw, spans, offset) for raw, spans, offset in plans if spans]
    if not parts:
        empty = np.zeros(0, dtype=np.int32)
        return WordPositions(empty, empty, empty)
    return WordPositions(*(np.concatenate([p[k] for p in parts]) for k in range(3)))


def _spans(m: W3LeafMatcher) -> tuple[bytes, list[tuple[int, int, int, int, int]]]:
    """The term's postings bytes and, per block, (data start, data end, posting count, last document, compression),
    as `postingbytes.read_blocks` walks them."""
    length: Any = m._length
    raw = m._postfile.get(m._startoffset, length[0] if isinstance(length, tuple) else length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("unexpected postings header")
    buf = io.BytesIO(raw)
    pos = 4
    spans = []
    while True:
        (length,) = _INT.unpack_from(raw, pos)
        buf.seek(pos + _INT.size)
        count, maxid, _maxweight, compression, _mn, _mx = pickle.load(buf)
        end = pos + _INT.size + abs(length)
        spans.append((buf.tell(), end, count, maxid, compression))
        if length < 0:
            return raw, spans
        pos = end


def _decode(raw: bytes, spans: list[tuple[int, int, int, int, int]],
            offset: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Global document numbers, positions per document and positions of the given blocks."""
    ids: list[np.ndarray] = []
    blocks: list[tuple] = []  # as `postingbytes._block_values` takes them
    for start, end, count, _last, compression in spans:
        data = raw[start:end]
        if compression:
            data = zlib.decompress(data)
        quick = ids_weights(data, count)
        if quick is None:
            deltas, _w, vs = pickle.loads(data)
            blocks.append((data, count, None, vs))
        else:
            deltas = quick[0]
            blocks.append((data, count, quick[2], None))
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)) + offset)  # the first is whole, then deltas
    counts, positions = decode_values(*_block_values(blocks))
    return np.concatenate(ids).astype(np.int32), counts, positions

"""A word's postings (document numbers, weights) and positions over every segment, as numpy arrays, and the
per-generation cache that keeps the recently used ones.

The blocks are read from their bytes where `postingbytes` knows the layout, through Whoosh's matcher
otherwise; either way the arrays hold exactly what Whoosh's matchers give.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from .postingbytes import decode_values, read_blocks
from .sharedfiles import SharedFiles


@dataclass
class WordPositions:
    """One word's occurrences: sorted global document numbers, the number of positions in each, and all
    positions document after document (ascending within each)."""

    docs: np.ndarray
    counts: np.ndarray
    positions: np.ndarray


class PostingsCache:
    """Decoded postings (document numbers, weights) and positions of recently used words, per generation,
    bounded in bytes.

    Decoding a common word's posting blocks (pickle + zlib per block of 128) is most of what a plain-word
    query costs once its matches are counted in numpy; the words people search for repeat, so the arrays
    are kept, least recently used dropped first. Generations never change, so entries never go stale.
    With `shared`, a word decoded by one process is mapped by the others (search/sharedfiles.py).
    """

    def __init__(self, max_bytes: int, shared: SharedFiles | None = None) -> None:
        self.max_bytes = max_bytes
        self.shared = shared
        self.bytes = 0
        self._items: OrderedDict[tuple[str, str, str], tuple[np.ndarray, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, searcher: Searcher, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, weights (float64)) of one word."""
        docs, weights = self._cached(("postings", fieldname, text),
                                     lambda: compact(*read_postings(searcher, fieldname, text)))
        return docs, weights.astype(np.float64)

    def positions(self, searcher: Searcher, fieldname: str, text: str) -> WordPositions:
        """Where one word occurs: document numbers and, per document, its positions. The same blocks give
        the word's postings, kept too (a phrase's words are scored next)."""
        def load() -> tuple[np.ndarray, ...]:
            docs, weights, counts, positions = read_positions(searcher, fieldname, text)
            pair = compact(docs, weights)
            self._store(("postings", fieldname, text), pair)
            if self.shared is not None:
                self.shared.write_arrays(("postings", fieldname, text), pair)
            return docs, counts, positions

        return WordPositions(*self._cached(("positions", fieldname, text), load))

    def peek(self, key: tuple[str, str, str]) -> tuple[np.ndarray, ...] | None:
        """What is kept under `key` in this process, if anything (never read): ("positions", field, word) is a
        word's (documents, positions per document, positions); phrasematch keeps a word's positions in some of
        its blocks too (`keep`)."""
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        return hit

    def keep(self, key: tuple[str, str, str], value: tuple[np.ndarray, ...]) -> None:
        """Keep `value` under `key` in this process only (not shared: such keys are made per phrase)."""
        self._store(key, value)

    def _cached(self, key: tuple[str, str, str], load) -> tuple[np.ndarray, ...]:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
        value = load() if self.shared is None else self.shared.arrays(key, load)
        self._store(key, value)
        return value

    def _store(self, key: tuple[str, str, str], value: tuple[np.ndarray, ...]) -> None:
        size = sum(a.nbytes for a in value)
        if size <= self.max_bytes:
            with self._lock:
                if key not in self._items:
                    self._items[key] = value
                    self.bytes += size
                while self.bytes > self.max_bytes:
                    _, old = self._items.popitem(last=False)
                    self.bytes -= sum(a.nbytes for a in old)


def compact(docs: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The postings as kept: the weights in the smallest of uint8, uint16 and float32 that holds each of them
    exactly (term frequencies are whole numbers), else as they are. A million articles' common words then take
    5 bytes a posting instead of 12, so that the cache holds twice as many; `get` gives them back as float64,
    the very values."""
    for dtype in (np.uint8, np.uint16, np.float32):
        small = weights.astype(dtype)
        if np.array_equal(small.astype(np.float64), weights):
            return docs, small
    return docs, weights


def read_postings(searcher: Searcher, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Global document numbers (int32) and weights (float64) of one term, over every segment (deleted ones
    included)."""
    docs, weights, _ = _read(searcher, fieldname, text, with_positions=False)
    return docs, weights


def read_positions(searcher: Searcher, fieldname: str,
               text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Document numbers, weights, number of positions per document and the positions of one term."""
    docs, weights, found = _read(searcher, fieldname, text, with_positions=True)
    if not found:
        empty = np.zeros(0, dtype=np.int32)
        return docs, weights, empty, empty
    return docs, weights, np.concatenate([c for c, _ in found]), np.concatenate([p for _, p in found])


def _read(searcher: Searcher, fieldname: str, text: str,
          with_positions: bool) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """A term's document numbers, weights and (if asked) positions (per segment: positions per document,
    positions), block by block over every segment."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    found: list[tuple[np.ndarray, np.ndarray]] = []
    for sub, offset in searcher.leaf_searchers():
        try:
            m = sub.reader().postings(fieldname, text)
        except TermNotFound:
            continue
        if isinstance(m, FilterMatcher):  # deletions: dropped by the caller (their ord is -1)
            m = m.child
        if type(m) is W3LeafMatcher and not m._byteids and m._fixedsize is None:
            bids, bweights = read_blocks(m, offset, found if with_positions else None)
            ids += bids
            weights += bweights
            continue
        values: list[bytes] = []
        if isinstance(m, W3LeafMatcher):
            while m.is_active():
                if m._ids is None:
                    m._read_ids()
                if m._weights is None:
                    m._read_weights()
                ids.append(np.asarray(m._ids[m._i:m._blocklength], dtype=np.int64) + offset)
                w: Any = m._weights  # one weight for the block, or one per posting
                block = m._blocklength - m._i
                weights.append(np.full(block, float(w), dtype=np.float64) if _is_scalar(w)
                               else np.asarray(w[m._i:m._blocklength], dtype=np.float64))
                if with_positions:
                    if m._values is None:
                        m._read_values()
                    values.extend(m._values[m._i:m._blocklength])
                m._next_block()
        else:
            i, w = [], []
            while m.is_active():
                i.append(m.id())
                w.append(m.weight())
                if with_positions:
                    values.append(m.value())
                m.next()
            ids.append(np.asarray(i, dtype=np.int64) + offset)
            weights.append(np.asarray(w, dtype=np.float64))
        if values:
            found.append(decode_values(b"".join(values), np.fromiter(map(len, values), dtype=np.int64)))
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0), found
    return np.concatenate(ids).astype(np.int32), np.concatenate(weights), found


def _is_scalar(w: Any) -> bool:
    """`np.isscalar`, without narrowing the type of what it tests (Whoosh's weights are untyped)."""
    return bool(np.isscalar(w))

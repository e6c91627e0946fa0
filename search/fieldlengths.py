"""Per field, the length BM25F scores each document with, read once per generation as a numpy array."""

from __future__ import annotations

import threading

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

_BYTE_LENGTH = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
_lengths_lock = threading.Lock()


class FieldLengths:
    """Per field, the length Whoosh scores with for every document number (read once per generation)."""

    def __init__(self) -> None:
        self._cache: dict[str, np.ndarray] = {}

    def get(self, searcher: Searcher, fieldname: str) -> np.ndarray:
        arr = self._cache.get(fieldname)
        if arr is None:
            with _lengths_lock:
                arr = self._cache.get(fieldname)
                if arr is None:
                    arr = self._cache[fieldname] = _read_lengths(searcher, fieldname)
        return arr


def _read_lengths(searcher: Searcher, fieldname: str) -> np.ndarray:
    parts = []
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        n = reader.doc_count_all()
        if not n:
            continue
        raw = np.zeros(n, dtype=np.uint8)
        perdoc = getattr(reader, "_perdoc", None)
        col = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
        if col is not None:
            count = min(col._count, n)
            raw[:count] = np.frombuffer(col._dbfile.get(col._basepos, count), dtype=np.uint8)
        parts.append(_BYTE_LENGTH[raw])
    return np.concatenate(parts) if parts else np.zeros(0)

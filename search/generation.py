"""Open the serving generation and follow the pointer when a rebuild switches it.

Each request takes one `Generation` and uses it throughout, so an answer comes wholly from the old
or wholly from the new index. Whoosh searchers and SQLite connections are kept per thread.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
from whoosh.searching import Searcher

from indexer import fulltext, layout
from indexer.canon import Canon
from indexer.facetarrays import FacetArrays
from indexer.store import STORE_FILE, Store


class NoIndex(Exception):
    """There is no built index to search yet."""


class Generation:
    """One published generation, opened for reading."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.name = self.path.name
        info = json.loads((self.path / "info.json").read_text(encoding="utf-8"))
        self.built_at: str = info["built_at"]
        self.articles: int = int(info["articles"])
        self.ix = fulltext.open_index(self.path)
        self.arrays = FacetArrays.load(self.path)
        self.canon = Canon.from_json(json.loads((self.path / "canon.json").read_text(encoding="utf-8")))
        self._local = threading.local()
        with self.ix.searcher() as searcher:
            self.docnum_ord = _docnum_to_ord(searcher)

    def info(self) -> dict:
        return {"generation": self.name, "built_at": self.built_at, "articles": self.articles}

    def searcher(self) -> Searcher:
        """This thread's searcher (Whoosh searchers are not shared between threads)."""
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._local.searcher = self.ix.searcher()
        return s

    def store(self) -> Store:
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = Store(self.path / STORE_FILE, readonly=True)
        return st


def _docnum_to_ord(searcher: Searcher) -> np.ndarray:
    reader = searcher.reader()
    out = np.full(reader.doc_count_all(), -1, dtype=np.int64)
    if reader.doc_count_all():
        out[:] = np.fromiter(reader.column_reader("ord"), dtype=np.int64, count=reader.doc_count_all())
    return out


class IndexHandle:
    """The app's view of an index folder: the current generation, reopened when the pointer moves."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._current: Generation | None = None

    def current(self) -> Generation:
        """The serving generation; raises NoIndex when none has been built."""
        name = layout.current_name(self.index_dir)
        cur = self._current
        if cur is not None and cur.name == name:
            return cur
        with self._lock:
            cur = self._current
            if cur is not None and cur.name == name:
                return cur
            path = layout.current_path(self.index_dir)
            if path is None:
                raise NoIndex(f"no index has been built in {self.index_dir} yet")
            self._current = Generation(path)
            return self._current

"""Open the serving generation and follow the pointer when a rebuild switches it.

Each request takes one `Generation` and uses it throughout, so an answer comes wholly from the old
or wholly from the new index. Whoosh searchers and SQLite connections are kept per thread; a generation the
pointer has left is closed (its files released) as soon as no request uses it.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
from whoosh.searching import Searcher

from archive import layout, schema
from archive.facetarrays import FacetArrays
from archive.names import Canon
from archive.store import STORE_FILE, Store

from .backends import FullText, FullTextFactory
from .fieldlengths import FieldLengths
from .postingcache import PostingsCache
from .sharedfiles import SharedFiles
from .snippets import SnippetAnalyzer

# Decoded postings kept per generation for the fast path (see postingcache.PostingsCache), in each process:
# 640 bytes an article, at least 256 MB (about 600 common words at 100,000 articles) and at most 640 MB (at a
# million articles, the plain and mixed benchmarks' words but the phrases' positions; the server's two workers
# and the parent stay under 4 GB: bench/README.md, issue 18, twelfth round). Also what the warm step reads.
POSTINGS_CACHE_BYTES = 256 * 1024 * 1024
POSTINGS_CACHE_MAX_BYTES = 640 * 1024 * 1024
POSTINGS_CACHE_PER_ARTICLE = 640


def postings_cache_bytes(articles: int) -> int:
    """The postings cache's size for a generation of `articles`."""
    return min(max(POSTINGS_CACHE_BYTES, articles * POSTINGS_CACHE_PER_ARTICLE), POSTINGS_CACHE_MAX_BYTES)
# Files one server process writes for the others (search/sharedfiles.py), per generation: at most this much, and
# only values of at least the second size (a rarer word decodes faster than its file is written and mapped).
SHARED_FILES_BYTES = 1024 * 1024 * 1024
SHARED_MIN_BYTES = 32 * 1024


T = TypeVar("T")


class NoIndex(Exception):
    """There is no built index to search yet."""


class Generation:
    """One published generation, opened for reading."""

    def __init__(self, path: Path, backend: FullTextFactory | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.name
        # Another engine for the full text (search/backends.py); None: this generation's Whoosh index.
        self.backend: FullText | None = backend(self.name) if backend else None
        info = layout.read_info(self.path)
        self.built_at: str = info["built_at"]
        self.articles: int = int(info["articles"])
        self.ix = schema.open_index(self.path)
        self.arrays = FacetArrays.load(self.path)
        self.canon = Canon.from_json(json.loads((self.path / layout.CANON_FILE).read_text(encoding="utf-8")))
        self._local = threading.local()
        self._opened: list[Searcher | Store] = []  # every thread's, so that `close` reaches them all
        self._opened_lock = threading.Lock()
        self.users = 0  # requests using this generation (IndexHandle.acquire / release)
        self.closed = False
        # `ix.schema` unpickles the table of contents on every access: read it once, with a shared stem cache.
        self.schema = _fast_schema(self.ix.schema)
        self.snippet_analyzer = SnippetAnalyzer(self.schema["body"].analyzer)
        self.lengths = FieldLengths()  # per-field document lengths for the numpy fast path, read on first use
        self.shared: SharedFiles | None = None  # see `share_in`
        self.postings = PostingsCache(postings_cache_bytes(self.articles))
        with self.ix.searcher() as searcher:
            self.docnum_ord = _docnum_to_ord(searcher)
        self._derived: dict[str, Any] = {}  # see `derived`

    def share_in(self, root: Path) -> None:
        """Write what this generation's readers decode and compute under `root` (its own folder there), and
        read what the server's other processes wrote (search/sharedfiles.py)."""
        self.shared = SharedFiles(root / self.name, SHARED_FILES_BYTES, SHARED_MIN_BYTES)
        self.postings.shared = self.shared

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """A value computed once per generation from its files (facet orders, date keys, the did-you-mean words);
        two threads may both compute it the first time, and either result is the same."""
        if key not in self._derived:
            self._derived[key] = make()
        return cast(T, self._derived[key])

    def info(self) -> dict:
        return {"generation": self.name, "built_at": self.built_at, "articles": self.articles}

    def searcher(self) -> Searcher:
        """This thread's searcher (Whoosh searchers are not shared between threads)."""
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._local.searcher = self._keep(self.ix.searcher())
        return s

    def store(self) -> Store:
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = self._keep(Store(self.path / STORE_FILE, readonly=True))
        return st

    def _keep(self, opened):  # noqa: ANN001, ANN202 - a Searcher or a Store
        with self._opened_lock:
            self._opened.append(opened)
        return opened

    def close_thread(self) -> None:
        """Close this thread's searcher and store connection (a process about to fork its workers keeps none)."""
        for name in ("searcher", "store"):
            item = getattr(self._local, name, None)
            if item is not None:
                delattr(self._local, name)
                with self._opened_lock:
                    self._opened.remove(item)
                item.close()

    def close(self) -> None:
        """Close every thread's searcher and store connection: the generation's files are let go."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
            self.closed = True
        for item in opened:
            item.close()
        if self.backend is not None:
            self.backend.close()
        self.ix.close()
        self.postings = PostingsCache(postings_cache_bytes(self.articles))
        if self.shared is not None:
            self.shared.remove()  # the server serves another generation now (a worker still on it writes anew)


def _fast_schema(schema):
    """The schema with the stemmer's cache made a C-level LRU cache (Whoosh's own is pure Python)."""
    for name in schema.names():
        analyzer = getattr(schema[name], "analyzer", None)
        for item in getattr(analyzer, "items", ()):
            if hasattr(item, "_stem") and hasattr(item, "stemfn") and not getattr(item, "lang", None):
                item._stem = functools.lru_cache(maxsize=100_000)(item.stemfn)
    return schema


def _docnum_to_ord(searcher: Searcher) -> np.ndarray:
    """Store ord of every Whoosh document number; -1 for deleted documents."""
    out = []
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        n = reader.doc_count_all()
        if not n:
            continue
        ords = _read_ord_column(reader, n)
        if reader.has_deletions():
            # An update that replaces an article deletes its old document; the segment keeps it until a merge.
            ords[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = -1
        out.append(ords)
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _read_ord_column(reader, n: int) -> np.ndarray:
    col = reader.column_reader("ord")
    raw: Any = getattr(col, "_reader", None)  # Whoosh internals: the column's file reader
    if n and getattr(raw, "_typecode", None) == "Q" and raw._count == n:
        # The column holds sortable unsigned values (value + 2**63), big-endian: one read, no Python loop.
        data = np.frombuffer(raw._dbfile.get(raw._basepos, 8 * n), dtype=">u8")
        return (data.astype(np.uint64) - np.uint64(1 << 63)).astype(np.int64)
    return np.fromiter(col, dtype=np.int64, count=n)


class IndexHandle:
    """The app's view of an index folder: the current generation, reopened when the pointer moves.

    A server takes a generation per request with `acquire` and gives it back with `release`; a generation the
    pointer has left is closed when its last request gives it back, so old generations' files never pile up.
    `current` is for one-off use (scripts, tests): what it returns is not counted."""

    def __init__(self, index_dir: Path, backend: FullTextFactory | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.backend = backend
        self.shared_root: Path | None = None  # see `share_in`
        self._lock = threading.Lock()
        self._current: Generation | None = None

    def current(self) -> Generation:
        """The serving generation; raises NoIndex when none has been built."""
        name = layout.current_name(self.index_dir)
        cur = self._current
        if cur is not None and cur.name == name:
            return cur
        with self._lock:
            return self._follow(name)

    def share_in(self, root: Path) -> None:
        """Let every generation served from now on (and the one open) share its decoded values under `root`
        with the other processes given the same folder (web/serve.py: the workers)."""
        with self._lock:
            self.shared_root = Path(root)
            if self._current is not None:
                self._current.share_in(self.shared_root)

    def acquire(self) -> Generation:
        """The serving generation, counted as in use until `release`."""
        name = layout.current_name(self.index_dir)
        with self._lock:
            gen = self._follow(name)
            gen.users += 1
            return gen

    def release(self, gen: Generation) -> None:
        with self._lock:
            gen.users -= 1
            retired = gen.users == 0 and gen is not self._current
        if retired:
            gen.close()

    def _follow(self, name: str | None) -> Generation:
        # Called with the lock held.
        cur = self._current
        if cur is not None and cur.name == name:
            return cur
        path = layout.current_path(self.index_dir)
        if path is None:
            raise NoIndex(f"no index has been built in {self.index_dir} yet")
        self._current = Generation(path, self.backend)
        if self.shared_root is not None:
            self._current.share_in(self.shared_root)
        if cur is not None and cur.users == 0:
            cur.close()  # no request uses the old one
        return self._current

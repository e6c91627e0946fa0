"""A pure function over a stream of items in forked worker processes, the results in the items' order: the
build's per-article work (story fingerprints, places) on every core, with the answers one process gives.

Items go to the workers in batches, and only a few batches are in flight at a time, so a corpus is never
held in memory whole (multiprocessing's `imap` reads its whole input ahead). The workers are forked (they
inherit the function and its module's caches, nothing to import again) while the indexer holds its lock:
`indexer.forks` makes them drop the lock and die with the indexer.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from . import forks as _forks  # noqa: F401  # its fork hook must be installed before any worker is forked

T = TypeVar("T")
R = TypeVar("R")

# Items per batch sent to a worker: large enough that passing a batch costs little beside its work (an
# article's fingerprint is about 1 ms), small enough that the workers share the tail of the stream.
BATCH = 64
# Batches in flight per worker: the workers never wait for the feeding process, and memory stays bounded.
IN_FLIGHT = 4


_SHARED: list[Any] = []  # the running `ordered_map`'s `shared` values: its forked workers inherit them


def ordered_map(fn: Callable[[T], R], items: Iterable[T], procs: int, batch: int = BATCH,
                shared: tuple = ()) -> Iterator[R]:
    """`map(fn, items)` computed by `procs` forked workers (in this process when `procs` is 1 or the items are
    fewer than a batch). `fn` must be a module-level function without side effects that matter: each worker has
    its own copy of the process. `shared`: large values `fn` reads with `shared()` (the canon, a story index),
    inherited by the workers when they fork instead of pickled with every batch."""
    _SHARED[:] = shared
    try:
        with Workers(procs) as pool:
            yield from pool.map(fn, items, batch)
    finally:
        _SHARED.clear()


def shared() -> list[Any]:
    """The `shared` values of the `ordered_map` running `fn` (in a worker: those it was forked with)."""
    return _SHARED


class Workers:
    """Forked worker processes kept for several `map`s (one per corpus file, say). They are started by the first
    `map` given more than one batch of items: a small corpus is read without forking."""

    def __init__(self, procs: int) -> None:
        self.procs = procs
        self._pool: Any = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()  # what a map left unread is not needed: the workers end now
            self._pool.join()
            self._pool = None

    def map(self, fn: Callable[[T], R], items: Iterable[T], batch: int = BATCH) -> Iterator[R]:
        """`map(fn, items)` in order, a few batches in flight at a time (see `ordered_map`)."""
        it = iter(items)
        first = list(islice(it, batch))
        if self.procs <= 1 or len(first) < batch:  # all of them in this process
            yield from map(fn, first)
            yield from map(fn, it)
            return
        if self._pool is None:
            self._pool = multiprocessing.get_context("fork").Pool(self.procs)
        pending: deque = deque()
        chunk = first
        while chunk:
            pending.append(self._pool.apply_async(_apply, (fn, chunk)))
            if len(pending) >= IN_FLIGHT * self.procs:
                yield from pending.popleft().get()
            chunk = list(islice(it, batch))
        while pending:
            yield from pending.popleft().get()


def _apply(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(x) for x in chunk]

"""The entity model on a Dask cluster (`python -m indexer rebuild|update --scheduler ADDRESS|local:N`).

Only the model stage leaves the machine: the build still reads, deduplicates and writes here, and the
extraction cache stays the one source of truth. The texts the cache does not know are sent to the cluster
in batches; each worker loads the model once (`ModelPlugin`) and answers with the same `ArticleEntities`
the local extractor gives, in the order the texts were sent, so the build stores them exactly as a local
run would. A worker lost mid-batch is Dask's to retry elsewhere; a cluster lost altogether fails the run
(the previous index keeps serving), and what the cache received meanwhile is not asked for again.

The cluster is reached only when there is something to extract: a run whose texts are all cached starts
no LocalCluster and opens no connection.
"""

from __future__ import annotations

import logging
import math
import os
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .entities import EXTRACTOR_VERSION, ArticleEntities

log = logging.getLogger("indexer")
MAX_BATCH = 64  # texts per task: two of spaCy's batches of 32
IN_FLIGHT_PER_THREAD = 2  # batches queued per worker thread: the next one is there when a batch ends
CONNECT_SECONDS = 5
ENV_SCHEDULER = "ARCHIVE_DASK_SCHEDULER"
_LOCAL = re.compile(r"^local:(\d+)$")
_ADDRESS = re.compile(r"^(?:[a-z]+://)?[\w.\-\[\]:]+:\d+$")


class ClusterError(Exception):
    """The cluster could not be reached or did not answer; the run fails and the old index keeps serving."""


@dataclass(frozen=True)
class Scheduler:
    """Where the model stage runs: a scheduler's address, or a LocalCluster of `local_workers` processes."""

    address: str | None = None
    local_workers: int = 0

    @classmethod
    def parse(cls, value: str) -> Scheduler:
        local = _LOCAL.match(value.strip())
        if local:
            workers = int(local.group(1))
            if workers < 1:
                raise ValueError("local:N needs at least 1 worker")
            return cls(local_workers=workers)
        if _ADDRESS.match(value.strip()):
            return cls(address=value.strip())
        raise ValueError(f"not a scheduler address: {value!r} (use tcp://HOST:PORT, HOST:PORT or local:N)")

    @classmethod
    def from_setting(cls, value: str | None = None) -> Scheduler | None:
        """Where the entity model runs: option, else ARCHIVE_DASK_SCHEDULER, else here (None)."""
        value = value or os.environ.get(ENV_SCHEDULER) or None
        return cls.parse(value) if value else None

    def describe(self) -> str:
        return f"a LocalCluster of {self.local_workers} workers" if self.address is None else self.address


class ClusterModel:
    """The connection to a cluster, opened at the first use and closed by `close()`."""

    def __init__(self, scheduler: Scheduler) -> None:
        self.scheduler = scheduler
        self._client: Any = None
        self._cluster: Any = None

    def client(self) -> Any:
        if self._client is None:
            self._connect()
        return self._client

    def _connect(self) -> None:
        import dask
        from distributed import Client, LocalCluster

        from .clusterworker import ModelPlugin

        logging.getLogger("distributed").setLevel(logging.WARNING)  # its INFO lines would drown the summary
        started = time.monotonic()
        try:
            if self.scheduler.address is None:
                # The workers' sampling profiler (every 10 ms, for the dashboard) costs CPU the model needs.
                with dask.config.set({"distributed.worker.profile.enabled": False}):
                    self._cluster = LocalCluster(n_workers=self.scheduler.local_workers, threads_per_worker=1,
                                                 processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.scheduler.address, timeout=f"{CONNECT_SECONDS}s")
            self._client.register_plugin(ModelPlugin())
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ClusterError(f"could not reach the Dask scheduler at {self.scheduler.describe()}: {exc}") from exc
        workers = self._client.nthreads()
        if not workers:
            self.close()
            raise ClusterError(f"the Dask scheduler at {self.scheduler.describe()} has no workers")
        log.info("entity model on %s: %d workers ready, the model loaded on each, in %.1fs",
                 self.scheduler.describe(), len(workers), time.monotonic() - started)

    def threads(self) -> int:
        return max(1, sum(self.client().nthreads().values()))

    def extractor(self, count: int) -> ClusterExtractor:
        """An extractor for `count` texts: batches small enough that every worker gets some."""
        threads = self.threads()
        size = max(1, min(MAX_BATCH, math.ceil(count / (IN_FLIGHT_PER_THREAD * threads))))
        return ClusterExtractor(self.client(), size, IN_FLIGHT_PER_THREAD * threads)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None


class ClusterExtractor:
    """`extract_many` on the cluster: the same answers as `EntityExtractor.extract_many`, in order."""

    def __init__(self, client: Any, batch_size: int, in_flight: int) -> None:
        self.client = client
        self.batch_size = batch_size
        self.in_flight = in_flight
        self.workers_used: set[str] = set()
        self.batches = 0

    def extract_many(self, texts: Iterable[str]) -> Iterator[ArticleEntities]:
        from .clusterworker import extract_batch

        pending: deque[Any] = deque()
        for batch in _batches(texts, self.batch_size):
            pending.append(self.client.submit(extract_batch, batch, pure=False))
            if len(pending) >= self.in_flight:
                yield from self._collect(pending.popleft())
        while pending:
            yield from self._collect(pending.popleft())
        log.info("entity model: %d batches of up to %d texts on %d workers",
                 self.batches, self.batch_size, len(self.workers_used))

    def _collect(self, future: Any) -> Iterator[ArticleEntities]:
        try:
            result = future.result()
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"the Dask cluster stopped answering: {exc}") from exc
        except Exception as exc:  # a worker's own error (its model missing, a worker killed too often)
            raise ClusterError(f"a Dask worker failed on the entity model: {type(exc).__name__}: {exc}") from exc
        if result.version != EXTRACTOR_VERSION:
            raise ClusterError(f"worker {result.worker} runs extractor {result.version}, this indexer "
                               f"{EXTRACTOR_VERSION}: install the same requirements on every worker")
        self.batches += 1
        self.workers_used.add(result.worker)
        for data in result.entities:
            yield ArticleEntities.from_json(data)


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


_active: ContextVar[ClusterModel | None] = ContextVar("archive_cluster_model", default=None)


@contextmanager
def model_on(scheduler: Scheduler | None) -> Iterator[None]:
    """Within this block the build sends its model stage to `scheduler` (None: runs it here)."""
    if scheduler is None:
        yield
        return
    model = ClusterModel(scheduler)
    token = _active.set(model)
    try:
        yield
    finally:
        _active.reset(token)
        model.close()


def active_extractor(count: int) -> ClusterExtractor | None:
    """The cluster's extractor for `count` texts inside `model_on`; None when the model runs here."""
    model = _active.get()
    return model.extractor(count) if model is not None else None

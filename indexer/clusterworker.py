"""What runs on a Dask worker for the model stage (`indexer/cluster.py` is the indexer's side).

Imported by the workers and, lazily, by the indexer when it uses a cluster: it needs `distributed`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from distributed import Worker, WorkerPlugin, get_worker

from .entities import EXTRACTOR_VERSION, EntityExtractor

PLUGIN_NAME = "archive-entity-model"


class ModelPlugin(WorkerPlugin):
    """Loads the entity model once per worker process, when the worker joins (not per batch)."""

    name = PLUGIN_NAME

    def __init__(self) -> None:
        self.extractor: EntityExtractor | None = None  # made on the worker: the plugin travels pickled

    def setup(self, worker: Worker) -> None:
        self.lock = threading.Lock()  # a worker with several threads still runs one batch through spaCy at a time
        self.extractor = EntityExtractor(n_process=1)
        self.extractor.nlp  # noqa: B018 - load it now, as the worker joins, not inside its first batch

    def teardown(self, worker: Worker) -> None:
        self.extractor = None


@dataclass
class BatchResult:
    """One batch's answer: which extractor made it (the cache must not mix versions) and the entities."""

    version: str
    worker: str
    entities: list[dict]


def extract_batch(texts: list[str]) -> BatchResult:
    """The texts' entities, with the model this worker's plugin loaded."""
    worker = get_worker()
    plugin = worker.plugins[PLUGIN_NAME]
    assert isinstance(plugin, ModelPlugin) and plugin.extractor is not None
    with plugin.lock:
        found = [e.to_json() for e in plugin.extractor.extract_many(texts)]
    return BatchResult(EXTRACTOR_VERSION, worker.address, found)

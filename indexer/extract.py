"""Stage extract: entities (the model, through the extraction cache) and the resolutions each text cites."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from archive.record import ArticleRecord
from archive.store import Store, decode, encode

from . import cluster, layout, workers
from .cache import ExtractionCache, text_hash
from .entities import EXTRACTOR_VERSION, ArticleEntities, EntityExtractor
from .resolutions import find_resolutions
from .summary import Summary, progress

EXTRACT_BATCH = 64  # cache commits every this many extractions


# Fewer new texts than this per process and the entity model runs in this process only: each extra spaCy
# process costs about a second to start and its share of a small batch would not repay it.
MIN_TEXTS_PER_MODEL_PROCESS = 200


def extraction_text(rec: ArticleRecord) -> str:
    # The headline last: a surname in a headline ("Gokhale, Pompeo in meeting") then folds into the
    # full name the body gave earlier.
    return rec.body + "\n\n" + ("" if rec.title_derived else rec.title)


def extract(store: Store, ids: list[str], cache: ExtractionCache, summary: Summary, procs: int = 1) -> None:
    """Entities and resolutions of new articles; the entity model runs only on cache misses.

    Every miss goes through one streaming `extract_many` call, so spaCy keeps its batches (and, with
    `procs` > 1, its worker processes) for the whole run instead of starting over per flush."""
    misses: list[str] = []
    ord_of = store.ids()
    missing = [art_id for art_id in ids if art_id not in ord_of]
    if missing:
        raise KeyError(f"article {missing[0]} is not in the store")
    # The workers decode each record, find its resolutions (and empty entities when its names are given) and
    # encode it again; this process reads and writes the store and asks the cache.
    rows = store.raw_in_order([ord_of[art_id] for art_id in ids])
    for ord_, art_id, key, story, data, hashed in progress(workers.ordered_map(_resolved, rows, procs), "cache",
                                                            total=len(ids), unit="article"):
        if hashed is None:
            summary.extraction_given += 1
        else:
            hit = cache.get(hashed, EXTRACTOR_VERSION)
            if hit is not None:
                rec = decode(data)
                rec.entities = hit
                data = encode(rec)
                summary.extraction_cached += 1
            else:
                misses.append(art_id)
        store.put_raw(ord_, key, story, data)
    store.commit()
    if not misses:
        return
    n_process = procs if len(misses) >= MIN_TEXTS_PER_MODEL_PROCESS * procs else 1
    # Under --scheduler the model stage runs on a Dask cluster (indexer/cluster.py).
    extractor = cluster.active_extractor(len(misses)) or EntityExtractor(n_process=n_process)
    # Records travel beside their texts: spaCy reads ahead by a few batches, so this queue stays short.
    waiting: deque[tuple[ArticleRecord, str]] = deque()

    def texts() -> Iterator[str]:
        for art_id in misses:
            rec = store.need(art_id)
            text = extraction_text(rec)
            waiting.append((rec, text))
            yield text

    results = extractor.extract_many(texts())
    for ents in progress(results, "extracting", total=len(misses), unit="article"):
        rec, text = waiting.popleft()
        data = ents.to_json()
        cache.put(text_hash(text), EXTRACTOR_VERSION, data)
        rec.entities = data
        store.put(rec)
        summary.extracted += 1
        layout.checkpoint("entity")
        if summary.extracted % EXTRACT_BATCH == 0:
            cache.commit()
            layout.checkpoint("cache-commit")
    cache.commit()
    store.commit()


def _resolved(row: tuple[int, str]) -> tuple[int, str, str, str | None, str, str | None]:
    """One stored record with its cited resolutions, and empty entities when its persons and orgs are given: its
    ord, id, key, story, new stored JSON and the hash of its text for the cache (None: names given, the model is
    not needed)."""
    ord_, data = row
    rec = decode(data)
    rec.resolution_list = [[r.number, r.year] for r in find_resolutions(rec.title + "\n\n" + rec.body)]
    hashed = None
    if names_given(rec):
        # Given persons and orgs win over the model's (`entities_of`): running it would be thrown away.
        rec.entities = ArticleEntities().to_json()
    else:
        hashed = text_hash(extraction_text(rec))
    return ord_, rec.id, rec.key, rec.story, encode(rec), hashed


def names_given(rec: ArticleRecord) -> bool:
    """True when the article's metadata lists both its persons and its orgs (an empty list counts)."""
    given = rec.given or {}
    return "persons" in given and "orgs" in given

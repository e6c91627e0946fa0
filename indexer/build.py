"""Build a generation and publish it: the indexer's stages in order, over the generation's article store.

    read → parse → normalize   ingest.py       new and changed corpus files into article records
    extract                    extract.py      entities (the model, cached) and cited resolutions
    canonicalise               canon.py        the canonical-name table; canonicalise.py: names, resolutions, places
    relate                     relate.py       near-duplicates and stories (dedupe/)
    date                       dating.py       years from story-mates
    write                      write.py        Whoosh (fulltext.py), Xapian shards, facet arrays, did-you-mean words

`rebuild` starts from nothing; `update` starts from a copy of the serving generation and touches only
new, changed and deleted files (plus the articles whose canonical names or stories they change).
Either way the new generation is built beside the serving one and published atomically, so a failed
or interrupted run leaves the old index serving.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from archive import config, facetarrays, schema
from archive.layout import CANON_FILE, INFO_FILE, STORIES_FILE
from archive.store import STORE_FILE, Store

from . import layout, xapianshards
from .aliases import aliases_fingerprint, load_aliases
from .cache import ExtractionCache
from .canon import build_canon
from .canonicalise import all_entities, apply_canon
from .dedupe import StoryIndex
from .extract import extract
from .ingest import ingest
from .read import ALIAS_FILE
from .relate import group_stories, load_stories
from .summary import Summary
from .write import finish_whoosh, start_whoosh, write_whoosh, write_words, write_xapian


class BuildError(Exception):
    """The index could not be built; the old one keeps serving."""


def rebuild(corpus: Path, index_dir: Path, procs: int | None = None) -> Summary:
    """Build a new generation from the whole corpus and publish it.

    `procs` processes run the entity model and the Whoosh writer (default: `config.procs()`)."""
    return _run(Path(corpus), Path(index_dir), "rebuild", config.procs(procs))


def update(corpus: Path, index_dir: Path, procs: int | None = None) -> Summary:
    """Bring the serving generation up to date with the corpus (a full rebuild when there is none)."""
    return _run(Path(corpus), Path(index_dir), "update", config.procs(procs))


def _run(corpus: Path, index_dir: Path, mode: str, procs: int = 1) -> Summary:
    if not corpus.is_dir():
        raise BuildError(f"corpus folder not found: {corpus}")
    started = time.monotonic()
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        with layout.IndexLock(index_dir):
            layout.clean_leftovers(index_dir)
            layout.checkpoint("locked")
            previous = layout.current_path(index_dir) if mode == "update" else None
            summary = Summary(mode="update" if previous else "rebuild")
            name, tmp = layout.new_generation(index_dir)
            layout.checkpoint("started")
            try:
                _build(corpus, index_dir, tmp, previous, summary, procs)
                write_xapian(tmp, name, xapianshards.configured_shards())
                summary.generation = name
                summary.seconds = round(time.monotonic() - started, 3)
                _write_info(tmp, name, summary)
                layout.checkpoint("info")
                layout.publish(index_dir, name, tmp)
                xapianshards.link_current(index_dir, name)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            layout.clean_leftovers(index_dir)
            layout.checkpoint("cleaned")
    except OSError as exc:
        raise BuildError(f"could not write the index in {index_dir}: {exc.strerror or exc}") from exc
    except sqlite3.Error as exc:
        raise BuildError(f"could not write the article store: {exc}") from exc
    return summary


def _write_info(gen: Path, name: str, summary: Summary) -> None:
    info = {
        "generation": name,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": summary.articles,
        "summary": summary.as_dict(),
    }
    (gen / INFO_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")


def _copy_previous(previous: Path, tmp: Path) -> None:
    """Start an update from the serving generation: Whoosh files are immutable, so hard links suffice."""
    src_store = sqlite3.connect(f"file:{previous / STORE_FILE}?mode=ro", uri=True)
    dst_store = sqlite3.connect(tmp / STORE_FILE)
    src_store.backup(dst_store)
    src_store.close()
    dst_store.close()
    shutil.copytree(previous / schema.WHOOSH_DIR, tmp / schema.WHOOSH_DIR, copy_function=_link_or_copy)
    for name in os.listdir(previous):
        if name.startswith(STORIES_FILE):
            shutil.copy2(previous / name, tmp / name)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _build(corpus: Path, index_dir: Path, tmp: Path, previous: Path | None, summary: Summary,
           procs: int = 1) -> None:
    if previous:
        _copy_previous(previous, tmp)
        layout.checkpoint("copied")
    store = Store(tmp / STORE_FILE)
    try:
        changes = ingest(corpus, store, summary, incremental=previous is not None, procs=procs)
        layout.checkpoint("ingested")
        aliases = load_aliases(corpus / ALIAS_FILE)
        cache = ExtractionCache(index_dir)
        try:
            extract(store, changes.added, cache, summary, procs)
        finally:
            cache.close()
        layout.checkpoint("extracted")
        canon = build_canon(all_entities(store), aliases)
        summary.entity_merges = canon.merges
        reindex = apply_canon(store, canon, changes.added, procs)
        (tmp / CANON_FILE).write_text(json.dumps(canon.to_json(), ensure_ascii=False), encoding="utf-8")
        beside = None if previous else start_whoosh(tmp, store, canon, procs)  # writes while stories are related
        try:
            stories = load_stories(tmp / STORIES_FILE) if previous else None
            if stories is None:  # a rebuild, or an index from an older version: fingerprint every article
                stories = StoryIndex()
                group_stories(store, stories, changes, summary, incremental=False, add=sorted(store.ids()),
                              procs=procs)
            else:
                group_stories(store, stories, changes, summary, incremental=True, add=changes.added, procs=procs)
            stories.save(tmp / STORIES_FILE)
            layout.checkpoint("stories")
            store.set_meta("aliases", aliases_fingerprint(aliases))
            store.commit()
            if beside is None:
                write_whoosh(tmp, store, canon, changes, reindex, incremental=previous is not None, procs=procs)
            else:
                finish_whoosh(beside)
        except BaseException:
            if beside is not None:
                beside.stop()
            raise
        layout.checkpoint("indexed")
        summary.articles = facetarrays.build(store, tmp)
        if beside is None:  # else the writers beside the stories wrote the word list too
            write_words(store, tmp, previous, changes, procs)
        store.commit()
        layout.checkpoint("facets")
    finally:
        store.close()

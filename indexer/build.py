"""Build a generation: read, normalize, extract, dedupe, write; then switch the pointer to it.

`rebuild` starts from nothing; `update` starts from a copy of the serving generation and touches only
new, changed and deleted files (plus the articles whose canonical names or stories they change).
Either way the new generation is built beside the serving one and published atomically, so a failed
or interrupted run leaves the old index serving.

Size: the orchestrator and its stages over the SQLite store; the split into named stage modules (issue 12) is
not done yet.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from tqdm import tqdm

from archive import config, facetarrays, schema
from archive.layout import CANON_FILE, INFO_FILE, STORIES_FILE
from archive.names import Canon
from archive.record import ArticleRecord
from archive.store import STORE_FILE, Store

from . import cluster, fulltext, layout, places, wordlist, xapianshards
from .aliases import aliases_fingerprint, load_aliases
from .article import Article, article_from
from .cache import ExtractionCache, text_hash
from .canon import build_canon
from .dates import DateInfo, PartialDate, infer_from_mates
from .dedupe import Relation, StoryIndex, story_groups
from .entities import EXTRACTOR_VERSION, ArticleEntities, EntityExtractor
from .read import ALIAS_FILE, RawDoc, Skipped, corpus_files, read_file
from .resolutions import find_resolutions

log = logging.getLogger("indexer")
EXTRACT_BATCH = 64  # cache commits every this many extractions
# Fewer new texts than this per process and the entity model runs in this process only: each extra spaCy
# process costs about a second to start and its share of a small batch would not repay it.
MIN_TEXTS_PER_MODEL_PROCESS = 200
# The same for the Whoosh writers: below this many documents per writer a fork costs more than it saves,
# and a small index stays one segment.
MIN_DOCS_PER_WRITER = 1000


class BuildError(Exception):
    """The index could not be built; the old one keeps serving."""


@dataclass
class Summary:
    """What a run did; printed at the end and, with --json, as one JSON object."""

    mode: str
    files_read: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    articles: int = 0
    articles_added: int = 0
    articles_removed: int = 0
    duplicates_merged: int = 0
    pages_without_body: int = 0  # pages indexed by headline and description: no article text found
    pages_read_flat: list[dict] = field(default_factory=list)  # pages lxml could not read: their flat text, why
    story_groups: int = 0
    duplicate_groups: int = 0
    same_story_groups: int = 0
    extracted: int = 0
    extraction_cached: int = 0
    extraction_given: int = 0  # articles whose given persons and orgs made the entity model needless
    skipped: list[dict] = field(default_factory=list)
    entity_merges: list[dict] = field(default_factory=list)
    generation: str | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _progress(iterable: Iterable, desc: str, total: int | None = None, unit: str = "it") -> Iterable:
    # A bar only on a terminal: logs and CI output stay clean.
    return tqdm(iterable, desc=desc, total=total, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty(),
                leave=False, dynamic_ncols=True)


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
                _write_xapian(tmp, name, xapianshards.configured_shards())
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


def _load_stories(path: Path) -> StoryIndex | None:
    """The previous generation's story index; None when absent or written by an older version."""
    try:
        return StoryIndex.load(path) if path.exists() else None
    except (ValueError, KeyError):
        return None


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
        changes = _ingest(corpus, store, summary, incremental=previous is not None)
        layout.checkpoint("ingested")
        aliases = load_aliases(corpus / ALIAS_FILE)
        cache = ExtractionCache(index_dir)
        try:
            _extract(store, changes.added, cache, summary, procs)
        finally:
            cache.close()
        layout.checkpoint("extracted")
        canon = build_canon(_all_entities(store), aliases)
        summary.entity_merges = canon.merges
        reindex = _apply_canon(store, canon, changes.added)
        (tmp / CANON_FILE).write_text(json.dumps(canon.to_json(), ensure_ascii=False), encoding="utf-8")
        stories = _load_stories(tmp / STORIES_FILE) if previous else None
        if stories is None:  # a rebuild, or an index from an older version: fingerprint every article
            stories = StoryIndex()
            _group_stories(store, stories, changes, summary, incremental=False, add=sorted(store.ids()))
        else:
            _group_stories(store, stories, changes, summary, incremental=True, add=changes.added)
        stories.save(tmp / STORIES_FILE)
        layout.checkpoint("stories")
        store.set_meta("aliases", aliases_fingerprint(aliases))
        store.commit()
        _write_whoosh(tmp, store, canon, changes, reindex, incremental=previous is not None, procs=procs)
        layout.checkpoint("indexed")
        summary.articles = facetarrays.build(store, tmp)
        _write_words(store, tmp, previous, changes)
        store.commit()
        layout.checkpoint("facets")
    finally:
        store.close()


def _write_words(store: Store, tmp: Path, previous: Path | None, changes: Changes) -> None:
    """The did-you-mean word list: an update changes the previous generation's by the changed articles' words."""
    if previous is not None:
        old = Store(previous / STORE_FILE, readonly=True)
        try:
            if wordlist.update(previous, old, store, tmp, changes.added, changes.removed) is not None:
                return
        finally:
            old.close()
    wordlist.build(store, tmp)


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)  # ids of new articles
    removed: list[str] = field(default_factory=list)  # ids of articles whose every source is gone
    touched: set[str] = field(default_factory=set)  # ids whose record changed (sources)


def _count_files(corpus: Path) -> int:
    return sum(1 for item in corpus_files(corpus) if not isinstance(item, Skipped))


def _ingest(corpus: Path, store: Store, summary: Summary, incremental: bool) -> Changes:
    """Read new and changed files into the store; identical texts become one article."""
    changes = Changes()
    known_files = store.files() if incremental else {}
    seen: set[str] = set()
    total = _count_files(corpus) if sys.stderr.isatty() else None
    for item in _progress(corpus_files(corpus), "reading", total=total, unit="file"):
        if isinstance(item, Skipped):
            summary.skipped.append({"file": item.file, "reason": item.reason})
            continue
        path, rel = item
        if rel == ALIAS_FILE:
            continue
        seen.add(rel)
        try:
            st = path.stat()
        except OSError as exc:
            summary.skipped.append({"file": rel, "reason": f"not readable: {exc.strerror or exc}"})
            continue
        old = known_files.get(rel)
        if old and old[0] == st.st_mtime and old[1] == st.st_size:
            summary.files_unchanged += 1
            continue
        if old:
            _detach(store, old[2], changes)
        pairs = []
        whole_file_skipped = False
        for doc in read_file(path, rel):
            if isinstance(doc, Skipped):
                summary.skipped.append({"file": doc.file, "reason": doc.reason})
                whole_file_skipped |= doc.file == rel
                continue
            key = _add_doc(store, doc, summary, changes)
            if key:
                pairs.append((doc.source, key))
        if whole_file_skipped:
            store.drop_file(rel)  # not remembered: tried (and reported) again by the next update
            continue
        summary.files_read += 1
        store.set_file(rel, st.st_mtime, st.st_size, pairs)
        layout.checkpoint("file")
    for rel, old in known_files.items():
        if rel not in seen:
            summary.files_removed += 1
            _detach(store, old[2], changes)
            store.drop_file(rel)
    for art_id in list(changes.touched):
        rec = store.get(art_id)
        if rec is not None and not rec.sources:
            store.delete(art_id)
            changes.removed.append(art_id)
            changes.touched.discard(art_id)
    changes.added = [a for a in changes.added if a not in set(changes.removed)]
    summary.articles_added = len(changes.added)
    summary.articles_removed = len([a for a in changes.removed if a not in changes.added])
    store.commit()
    return changes


def _detach(store: Store, pairs: list[list[str]], changes: Changes) -> None:
    """Forget the sources a changed or deleted file gave; articles left without any are removed later."""
    for source, key in pairs:
        rec = store.get_by_key(key)
        if rec and source in rec.sources:
            rec.sources.remove(source)
            store.put(rec)
            changes.touched.add(rec.id)


def _add_doc(store: Store, doc: RawDoc, summary: Summary, changes: Changes) -> str | None:
    try:
        art = article_from(doc)
    except RecursionError:
        summary.skipped.append({"file": doc.source, "reason": "too deeply nested to read"})
        return None
    except Exception as exc:  # a bug of the reader, not of the file: said as such, and the run goes on
        log.exception("reading %s failed", doc.source)
        summary.skipped.append({"file": doc.source, "reason": f"reader error (a bug): {type(exc).__name__}: {exc}"})
        return None
    if art is None:
        summary.skipped.append({"file": doc.source, "reason": "no article text found"})
        return None
    if art.problem:
        summary.pages_read_flat.append({"file": doc.source, "reason": art.problem})
    summary.pages_without_body += art.body_missing
    existing = store.get_by_key(art.key)
    if existing:
        if doc.source not in existing.sources:
            existing.sources.append(doc.source)
            if len(existing.sources) > 1:
                summary.duplicates_merged += 1
            store.put(existing)
            changes.touched.add(existing.id)
        return art.key
    if store.get(art.id) is not None:
        art.id = art.key[:16]  # a given id already taken by another text
    store.put(_record(art))
    changes.added.append(art.id)
    return art.key


def _record(art: Article) -> ArticleRecord:
    rec = ArticleRecord(
        id=art.id, key=art.key, title=art.title, title_derived=art.title_derived, body=art.body, sources=art.sources,
        dateline=art.dateline, partial_date=art.partial_date.__dict__ if art.partial_date else None,
        original_url=art.original_url, source=art.publisher, authors=art.authors, given=art.given,
        body_missing=art.body_missing,
    )
    _set_date(rec, art.date)
    return rec


def _set_date(rec: ArticleRecord, info: DateInfo | None) -> None:
    rec.date = info.iso() if info else None
    rec.date_precision = info.precision if info else None
    rec.date_source = info.source if info else None
    rec.date_tz = info.tz if info else None
    rec.time = info.time if info else None


def _extraction_text(rec: ArticleRecord) -> str:
    # The headline last: a surname in a headline ("Gokhale, Pompeo in meeting") then folds into the
    # full name the body gave earlier.
    return rec.body + "\n\n" + ("" if rec.title_derived else rec.title)


def _extract(store: Store, ids: list[str], cache: ExtractionCache, summary: Summary, procs: int = 1) -> None:
    """Entities and resolutions of new articles; the entity model runs only on cache misses.

    Every miss goes through one streaming `extract_many` call, so spaCy keeps its batches (and, with
    `procs` > 1, its worker processes) for the whole run instead of starting over per flush."""
    misses: list[str] = []
    for art_id in _progress(ids, "cache", total=len(ids), unit="article"):
        rec = store.need(art_id)
        rec.resolution_list = [[r.number, r.year] for r in find_resolutions(rec.title + "\n\n" + rec.body)]
        if _names_given(rec):
            # Given persons and orgs win over the model's (`_entities_of`): running it would be thrown away.
            rec.entities = ArticleEntities().to_json()
            summary.extraction_given += 1
            store.put(rec)
            continue
        text = _extraction_text(rec)
        hit = cache.get(text_hash(text), EXTRACTOR_VERSION)
        if hit is not None:
            rec.entities = hit
            summary.extraction_cached += 1
        else:
            misses.append(art_id)
        store.put(rec)
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
            text = _extraction_text(rec)
            waiting.append((rec, text))
            yield text

    results = extractor.extract_many(texts())
    for ents in _progress(results, "extracting", total=len(misses), unit="article"):
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


def _names_given(rec: ArticleRecord) -> bool:
    """True when the article's metadata lists both its persons and its orgs (an empty list counts)."""
    given = rec.given or {}
    return "persons" in given and "orgs" in given


def _entities_of(rec: ArticleRecord) -> ArticleEntities:
    ents = ArticleEntities.from_json(rec.entities or {"persons": [], "orgs": [], "acronyms": {}})
    given = rec.given or {}
    # Given metadata wins over what the model read from the text.
    if "persons" in given:
        ents.persons = list(given["persons"])
    if "orgs" in given:
        ents.orgs = list(given["orgs"])
    return ents


def _all_entities(store: Store) -> Iterator[ArticleEntities]:
    for _o, rec in store.records():
        yield _entities_of(rec)


def _resolutions_of(rec: ArticleRecord) -> tuple[list[str], dict[str, str]]:
    given = (rec.given or {}).get("resolutions")
    if given:
        nums = [n for n in ("".join(ch for ch in str(g) if ch.isdigit()) for g in given) if n]
        return list(dict.fromkeys(nums)), {}
    found = rec.resolution_list or []
    labels = {num: f"{num} ({year})" for num, year in found if year}
    return list(dict.fromkeys(num for num, _ in found)), labels


def _apply_canon(store: Store, canon: Canon, added: list[str]) -> set[str]:
    """Canonical names on every record; returns the ids of old articles whose names changed."""
    new = set(added)
    changed: set[str] = set()
    for _o, rec in store.in_order(sorted(store.ids().values())):  # in chunks: memory stays bounded
        ents = _entities_of(rec)
        persons, orgs = canon.persons(ents), canon.orgs(ents)
        resolutions, labels = _resolutions_of(rec)
        dirty = rec.id in new or rec.places is None  # places depend on the article alone: found once
        if dirty:
            rec.places, rec.place_forms = _places_of(rec, ents)
        if (persons, orgs, resolutions) != (rec.persons, rec.orgs, rec.resolutions):
            if rec.id not in new:
                changed.add(rec.id)
            rec.persons, rec.orgs, rec.resolutions, rec.resolution_labels = persons, orgs, resolutions, labels
            dirty = True
        if dirty:
            store.put(rec)
    store.commit()
    return changed


def _places_of(rec: ArticleRecord, ents: ArticleEntities) -> tuple[list[str], dict[str, str]]:
    """The place facet's values (the dateline's city, then the places the model found in the text; the gazetteer
    looks for them where the model never read it, names given, or read it before places were kept) and the
    spellings the article gives them ("U.S." -> "United States")."""
    if _names_given(rec) or "places" not in (rec.entities or {}):
        found = places.text_forms(_extraction_text(rec), [*ents.persons, *ents.orgs])
    else:
        found = places.model_forms(ents.places, ents.persons)
    forms = places.article_forms(facetarrays.dateline_place(rec.dateline), found)
    return list(dict.fromkeys(forms.values())), {k: v for k, v in forms.items() if k != v}


def _parse_date(rec: ArticleRecord) -> date | None:
    return date.fromisoformat(rec.date) if rec.date and rec.date_precision == "day" else None


def _group_stories(
    store: Store, stories: StoryIndex, changes: Changes, summary: Summary, incremental: bool, add: list[str]
) -> None:
    """Near-duplicates and same-story reports: relations, story ids, and dates inferred from story-mates.
    `add`: the articles to fingerprint (the new ones, or all of them when the story index starts empty)."""
    for art_id in changes.removed:
        stories.remove(art_id)
    for art_id in _progress(add, "grouping", total=len(add), unit="article"):
        rec = store.need(art_id)
        stories.add(art_id, rec.body, _parse_date(rec))
    relations: list[Relation]
    if incremental:
        removed = set(changes.removed)
        old = [Relation(**r) for r in store.get_meta("relations", [])]  # type: ignore[attr-defined]  # a JSON list
        relations = [r for r in old if r.a not in removed and r.b not in removed]
        seen = {(r.a, r.b) for r in relations}
        relations += [r for r in stories.relations(ids=changes.added) if (r.a, r.b) not in seen]
    else:
        relations = stories.relations()
    store.set_meta("relations", [r.__dict__ for r in relations])
    ids = store.ids()
    dates = {}
    for _o, rec in store.records():
        dates[rec.id] = _parse_date(rec)
    story_of = story_groups(ids, relations, dates)
    related: dict[str, list[dict]] = {}
    for r in relations:
        related.setdefault(r.a, []).append({"id": r.b, "kind": r.kind, "similarity": round(r.similarity, 3)})
        related.setdefault(r.b, []).append({"id": r.a, "kind": r.kind, "similarity": round(r.similarity, 3)})
    members: dict[str, list[str]] = {}
    for art_id, story in story_of.items():
        members.setdefault(story, []).append(art_id)
    for _o, rec in store.in_order(sorted(store.ids().values())):  # in chunks: memory stays bounded
        before = (rec.story, rec.related, rec.date)
        rec.story = story_of.get(rec.id, rec.id)
        rec.related = sorted(related.get(rec.id, []), key=lambda x: (-x["similarity"], x["id"]))
        if not rec.date and rec.partial_date:
            mates = [_date_info(store, m) for m in members[rec.story] if m != rec.id]
            inferred = infer_from_mates(PartialDate(**rec.partial_date), [m for m in mates if m])
            if inferred:
                _set_date(rec, inferred)
        if (rec.story, rec.related, rec.date) != before:
            store.put(rec)
    groups = [m for m in members.values() if len(m) > 1]
    kinds: dict[str, set[str]] = {}
    for r in relations:
        kinds.setdefault(story_of[r.a], set()).add(r.kind)
    summary.story_groups = len(groups)
    summary.duplicate_groups = sum(1 for s, k in kinds.items() if "duplicate" in k)
    summary.same_story_groups = sum(1 for s, k in kinds.items() if k == {"same-story"})
    store.commit()


def _date_info(store: Store, art_id: str) -> DateInfo | None:
    rec = store.get(art_id)
    if not rec or not rec.date or rec.date_precision != "day":
        return None
    return DateInfo(date.fromisoformat(rec.date), "day", rec.date_source or "given", rec.date_tz, rec.time)


def _write_whoosh(tmp: Path, store: Store, canon: Canon, changes: Changes, reindex: set[str],
                  incremental: bool, procs: int = 1) -> None:
    """Write new and changed documents; a rebuild writes them all, with `procs` writers if it is big enough."""
    if not incremental:
        ords = sorted(store.ids().values())
        n = max(1, min(procs, len(ords) // MIN_DOCS_PER_WRITER))
        # Contiguous runs of ords, so document numbers keep the single writer's order.
        parts = [ords[len(ords) * k // n:len(ords) * (k + 1) // n] for k in range(n)]
        chunks = [_whoosh_docs(tmp / STORE_FILE, canon, parts[0], main=True)]
        chunks += [_whoosh_docs(tmp / STORE_FILE, canon, part, main=False) for part in parts[1:]]
        ix = schema.create(tmp)
        try:
            fulltext.write_docs(ix, chunks)
        finally:
            ix.close()
        for _ in range(len(ords) - len(parts[0])):
            layout.checkpoint("doc")  # the other writers' documents: the kill hook counts every document
        return
    ix = schema.open_index(tmp)
    writer = ix.writer(limitmb=fulltext.POOL_MB)
    try:
        for art_id in [*changes.removed, *reindex]:
            writer.delete_by_term("id", art_id)
        todo = set(changes.added) | reindex
        # Only the records to (re)write, by primary key in ord order: no pass over the whole store.
        ord_of = store.ids()
        rows = store.in_order(sorted(ord_of[i] for i in todo if i in ord_of))
        for o, rec in _progress(rows, "indexing", total=len(todo), unit="article"):
            writer.add_document(**schema.document(o, rec, _variants(canon, rec)))
            layout.checkpoint("doc")
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()


def _write_xapian(tmp: Path, name: str, shards: int) -> None:
    """The generation's full text also as Xapian shards (ARCHIVE_XAPIAN_SHARDS; none by default)."""
    if not shards:
        return
    canon = Canon.from_json(json.loads((tmp / CANON_FILE).read_text(encoding="utf-8")))
    store = Store(tmp / STORE_FILE, readonly=True)
    try:
        ords = sorted(store.ids().values())
    finally:
        store.close()
    written = xapianshards.write(tmp, _whoosh_docs(tmp / STORE_FILE, canon, ords, main=False)(), shards, name)
    log.info("xapian: %d articles in %d shards", written, shards)
    layout.checkpoint("xapian")


def _whoosh_docs(store_path: Path, canon: Canon, ords: list[int], main: bool) -> fulltext.DocSource:
    """The Whoosh documents of some ords, read through a store connection of the process that runs it
    (an SQLite connection must not cross a fork)."""
    def docs() -> Iterator[dict]:
        store = Store(store_path, readonly=True)
        try:
            rows: Iterable[tuple[int, ArticleRecord]] = store.in_order(ords)
            if main:
                rows = _progress(rows, "indexing", total=len(ords), unit="article")
            for o, rec in rows:
                yield schema.document(o, rec, _variants(canon, rec))
                if main:  # the test kill hook must fire in this process, not in a forked writer
                    layout.checkpoint("doc")
        finally:
            store.close()
    return docs


def _variants(canon: Canon, rec: ArticleRecord) -> list[str]:
    names: list[str] = []
    for kind, values in (("person", rec.persons or []), ("org", rec.orgs or [])):
        for value in values:
            names.append(value)
            names.extend(canon.variants(kind, value))
    return list(dict.fromkeys(names))

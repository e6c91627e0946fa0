"""Stages read → parse → normalize: new and changed corpus files into article records in the store.

Identical texts become one article with several sources; a file that changed or went away gives back its sources,
and an article left with none is removed."""

from __future__ import annotations

import logging
import sys
from itertools import tee
from pathlib import Path

from archive.record import ArticleRecord
from archive.store import Store

from . import layout, workers
from .article import Article, article_from
from .dating import set_date
from .read import ALIAS_FILE, RawDoc, Skipped, corpus_files, read_file
from .summary import Changes, Summary, progress

log = logging.getLogger("indexer")


def _count_files(corpus: Path) -> int:
    return sum(1 for item in corpus_files(corpus) if not isinstance(item, Skipped))


def ingest(corpus: Path, store: Store, summary: Summary, incremental: bool, procs: int = 1) -> Changes:
    """Read new and changed files into the store; identical texts become one article. `procs` processes parse
    and normalize the articles; this one stores them, in the corpus's order."""
    with workers.Workers(procs) as pool:
        return _ingest(corpus, store, summary, incremental, pool)


def _ingest(corpus: Path, store: Store, summary: Summary, incremental: bool, pool: workers.Workers) -> Changes:
    changes = Changes()
    known_files = store.files() if incremental else {}
    seen: set[str] = set()
    total = _count_files(corpus) if sys.stderr.isatty() else None
    for item in progress(corpus_files(corpus), "reading", total=total, unit="file"):
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
        docs, to_parse = tee(read_file(path, rel))  # the workers send back only the articles
        for doc, parsed in zip(docs, pool.map(_parse, to_parse), strict=True):
            if isinstance(doc, Skipped):
                summary.skipped.append({"file": doc.file, "reason": doc.reason})
                whole_file_skipped |= doc.file == rel
                continue
            key = _add_doc(store, doc, parsed, summary, changes)
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


def _parse(doc: RawDoc | Skipped) -> Article | str | None:
    """The document's article (None: no text found), or why it could not be read (run by a worker)."""
    if isinstance(doc, Skipped):
        return None
    try:
        return article_from(doc)
    except RecursionError:
        return "too deeply nested to read"
    except Exception as exc:  # a bug of the reader, not of the file: said as such, and the run goes on
        log.exception("reading %s failed", doc.source)
        return f"reader error (a bug): {type(exc).__name__}: {exc}"


def _add_doc(store: Store, doc: RawDoc, art: Article | str | None, summary: Summary, changes: Changes) -> str | None:
    if isinstance(art, str):
        summary.skipped.append({"file": doc.source, "reason": art})
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
    store.put(record_of(art))
    changes.added.append(art.id)
    return art.key


def record_of(art: Article) -> ArticleRecord:
    rec = ArticleRecord(
        id=art.id, key=art.key, title=art.title, title_derived=art.title_derived, body=art.body, sources=art.sources,
        dateline=art.dateline, partial_date=art.partial_date.__dict__ if art.partial_date else None,
        original_url=art.original_url, source=art.publisher, authors=art.authors, given=art.given,
        body_missing=art.body_missing, date_unknown_because=art.date_unknown_because,
    )
    set_date(rec, art.date)
    return rec

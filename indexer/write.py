"""Stage write: the generation's full text (Whoosh, and Xapian shards if configured) and its did-you-mean words."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from archive import schema
from archive.layout import CANON_FILE
from archive.names import Canon
from archive.record import ArticleRecord
from archive.store import STORE_FILE, Store

from . import fulltext, layout, wordlist, xapianshards
from .canonicalise import variants
from .summary import Changes, progress

log = logging.getLogger("indexer")


# The same for the Whoosh writers: below this many documents per writer a fork costs more than it saves,
# and a small index stays one segment.
MIN_DOCS_PER_WRITER = 1000


def write_whoosh(tmp: Path, store: Store, canon: Canon, changes: Changes, reindex: set[str],
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
        for o, rec in progress(rows, "indexing", total=len(todo), unit="article"):
            writer.add_document(**schema.document(o, rec, variants(canon, rec)))
            layout.checkpoint("doc")
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()


def write_xapian(tmp: Path, name: str, shards: int) -> None:
    """The generation's full text also as Xapian shards (ARCHIVE_XAPIAN_SHARDS; none by default)."""
    if not shards:
        return
    written = xapianshards.write(tmp, generation_docs(tmp), shards, name)
    log.info("xapian: %d articles in %d shards", written, shards)
    layout.checkpoint("xapian")


def generation_docs(gen: Path) -> Iterable[dict]:
    """Every article of the generation folder `gen` as a full-text document, read from its store."""
    canon = Canon.from_json(json.loads((gen / CANON_FILE).read_text(encoding="utf-8")))
    store = Store(gen / STORE_FILE, readonly=True)
    try:
        ords = sorted(store.ids().values())
    finally:
        store.close()
    return _whoosh_docs(gen / STORE_FILE, canon, ords, main=False)()


def _whoosh_docs(store_path: Path, canon: Canon, ords: list[int], main: bool) -> fulltext.DocSource:
    """The Whoosh documents of some ords, read through a store connection of the process that runs it
    (an SQLite connection must not cross a fork)."""
    def docs() -> Iterator[dict]:
        store = Store(store_path, readonly=True)
        try:
            rows: Iterable[tuple[int, ArticleRecord]] = store.in_order(ords)
            if main:
                rows = progress(rows, "indexing", total=len(ords), unit="article")
            for o, rec in rows:
                yield schema.document(o, rec, variants(canon, rec))
                if main:  # the test kill hook must fire in this process, not in a forked writer
                    layout.checkpoint("doc")
        finally:
            store.close()
    return docs


def write_words(store: Store, tmp: Path, previous: Path | None, changes: Changes, procs: int = 1) -> None:
    """The did-you-mean word list: an update changes the previous generation's by the changed articles' words; a
    rebuild counts every article's in `procs` processes."""
    if previous is not None:
        old = Store(previous / STORE_FILE, readonly=True)
        try:
            if wordlist.update(previous, old, store, tmp, changes.added, changes.removed) is not None:
                return
        finally:
            old.close()
    wordlist.build(store, tmp, procs)

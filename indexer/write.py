"""Stage write: the generation's full text (Whoosh, and Xapian shards if configured) and its did-you-mean words."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive import schema
from archive.layout import CANON_FILE
from archive.names import Canon
from archive.record import ArticleRecord
from archive.store import STORE_FILE, Store

from . import forks, fulltext, fusedpairs, layout, wordlist, xapianshards
from .canonicalise import variants
from .summary import Changes, progress

log = logging.getLogger("indexer")


# The same for the Whoosh writers: below this many documents per writer a fork costs more than it saves,
# and a small index stays one segment.
MIN_DOCS_PER_WRITER = 1000


# A rebuild's writers read this copy of the store (made once the canonical names are applied) while the story
# step writes the store itself.
BESIDE_STORE = "whoosh-source.sqlite"


def _parts(ords: list[int], procs: int) -> list[list[int]]:
    """The writers' documents: contiguous runs of ords, so document numbers keep the single writer's order."""
    n = max(1, min(procs, len(ords) // MIN_DOCS_PER_WRITER))
    return [ords[len(ords) * k // n:len(ords) * (k + 1) // n] for k in range(n)]


def _write_parts(tmp: Path, store_path: Path, canon: Canon, parts: list[list[int]], checkpoints: bool) -> None:
    """A new Whoosh index in `tmp`: one segment per part, the first written in this process."""
    chunks = [_whoosh_docs(store_path, canon, parts[0], main=True, checkpoints=checkpoints)]
    chunks += [_whoosh_docs(store_path, canon, part, main=False) for part in parts[1:]]
    ix = schema.create(tmp, fusedpairs.sampled_common_words(store_path, parts[0]))
    try:
        fulltext.write_docs(ix, chunks)
    finally:
        ix.close()


@dataclass
class Beside:
    """A rebuild's Whoosh writers running in a forked process beside the story step (`start_whoosh`)."""

    proc: Any  # multiprocessing's Process
    recv: Any  # the end of its pipe this process reads
    source: Path  # the store copy it reads
    docs: int

    def wait(self) -> None:
        """Wait for the index to be written; RuntimeError if the writer failed."""
        try:
            status, payload = self.recv.recv()
        except EOFError:
            self.proc.join()
            raise RuntimeError(f"index writer process ended with status {self.proc.exitcode}") from None
        finally:
            self.recv.close()
        self.proc.join()
        self.source.unlink(missing_ok=True)
        if status != "ok":
            raise RuntimeError(f"index writer process failed:\n{payload}")
        for _ in range(self.docs):
            layout.checkpoint("doc")  # the kill hook counts every document, in this process

    def stop(self) -> None:
        """End the writers of a failed or interrupted build (its writers' own writers die with it)."""
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join()
        self.recv.close()
        self.source.unlink(missing_ok=True)


def start_whoosh(tmp: Path, store: Store, canon: Canon, procs: int) -> Beside | None:
    """A rebuild's Whoosh index and did-you-mean words, started in a forked process while this one relates the
    stories; None when the rebuild is too small for more than one writer (then `write_whoosh` and `write_words`
    write them after the stories).

    The Whoosh documents are final once the canonical names are applied (story ids, related lists and dates
    from story-mates are not in them), so they are read from a copy of the store as it is now. The stories step
    leaves cores idle (the last relation chunks, grouping in one process): the writers fill them."""
    ords = sorted(store.ids().values())
    parts = _parts(ords, procs)
    if len(parts) < 2:
        return None
    store.commit()
    source = tmp / BESIDE_STORE
    shutil.copyfile(tmp / STORE_FILE, source)
    # Forked (the child inherits the canon and the ords: nothing to pickle), and not a daemon: it forks its
    # own second writer. It dies with this process (`forks`) and `Beside.stop` ends it on failure.
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_beside, args=(tmp, source, canon, parts, send, os.getpid()))
    proc.start()
    send.close()
    return Beside(proc, recv, source, len(ords))


def finish_whoosh(beside: Beside) -> None:
    """Wait for the Whoosh index and the word list `start_whoosh` started."""
    beside.wait()


def _beside(tmp: Path, source: Path, canon: Canon, parts: list[list[int]], send: Any, parent: int) -> None:
    """In the forked process: write the index (its writers' test checkpoints stay in the indexer's process), then
    the did-you-mean words (titles, datelines and bodies: the stories do not change them either)."""
    forks.die_with_parent(parent)
    try:
        _write_parts(tmp, source, canon, parts, checkpoints=False)
        store = Store(source, readonly=True)
        try:
            wordlist.build(store, tmp, len(parts))
        finally:
            store.close()
        send.send(("ok", ""))
    except BaseException:
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()


def write_whoosh(tmp: Path, store: Store, canon: Canon, changes: Changes, reindex: set[str],
                  incremental: bool, procs: int = 1) -> None:
    """Write new and changed documents; a rebuild writes them all, with `procs` writers if it is big enough."""
    if not incremental:
        ords = sorted(store.ids().values())
        parts = _parts(ords, procs)
        _write_parts(tmp, tmp / STORE_FILE, canon, parts, checkpoints=True)
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
            # The index's own schema: a generation written before the pairs fields gets none (see archive/schema)
            writer.add_document(**schema.document(o, rec, variants(canon, rec), writer.schema))
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


def _whoosh_docs(store_path: Path, canon: Canon, ords: list[int], main: bool,
                 checkpoints: bool = True) -> fulltext.DocSource:
    """The Whoosh documents of some ords, read through a store connection of the process that runs it
    (an SQLite connection must not cross a fork); `main`: with the progress bar (and the test checkpoints)."""
    def docs() -> Iterator[dict]:
        store = Store(store_path, readonly=True)
        try:
            rows: Iterable[tuple[int, ArticleRecord]] = store.in_order(ords)
            if main:
                rows = progress(rows, "indexing", total=len(ords), unit="article")
            for o, rec in rows:
                yield schema.document(o, rec, variants(canon, rec))
                if main and checkpoints:  # the test kill hook must fire in the indexer, not in a forked writer
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

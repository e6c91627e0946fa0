"""Writing the Whoosh side of a generation (its schema is `archive.schema`): one writer, or one process per
chunk of documents, each writing one segment in order.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterable

from whoosh import index
from whoosh.multiproc import MpWriter
from whoosh.writing import SegmentWriter

from . import forks, fusedindex, fusedpool

# Memory (MB) each writer's posting pool fills before it spills a sorted run to disk; every spill pickles its
# postings out and back in. The fused pool (`fusedpool`) counts what its postings and terms take in resident memory
# (measured; see bench/README.md "Issue 18, twelfth round: build"): a writer of a 100,000 build (about 48,000
# articles, 15 million postings, ~0.6 GB) never spills; at 1,000,000 each writer spills a run about every 1 GB.
POOL_MB = 1024

DocSource = Callable[[], Iterable[dict]]


def write_docs(ix: index.Index, chunks: list[DocSource], limitmb: int = POOL_MB) -> None:
    """Add the documents of `chunks`, in order, to a new, empty index.

    With one chunk this is Whoosh's single writer. With more, chunk 0 is analyzed and written in this
    process and every other chunk in a forked process of its own, all at once; each writes one segment and
    the segments are listed in chunk order, so document numbers follow the chunks' order exactly as the
    single writer gives them, and every segment's field-length totals are exact: the same scores, the same
    ties, the same answers (see bench/README.md, "Ingest").
    Merging the other processes' sorted postings into one segment, as Whoosh's `writer(procs=N)` does, was
    measured slower than one writer at 10,000 articles and changes scores slightly (merged field-length
    totals are summed from Whoosh's one-byte approximations); Whoosh's own `writer(procs=N)` is not used: it
    hands batches to whichever process is free, which reorders documents (and so equally scored hits).
    Each chunk is a callable run in the process that analyzes it (a forked child opens its own store).
    """
    if len(chunks) <= 1:
        _write_one(ix, chunks, limitmb)
        return
    ctx = multiprocessing.get_context("fork")  # children inherit the chunk callables: nothing to pickle
    children = []
    for chunk in chunks[1:]:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child_writer, args=(ix, chunk, limitmb, send), daemon=True)
        proc.start()
        send.close()
        children.append((proc, recv))
    writer = MpWriter(ix, procs=len(chunks), limitmb=limitmb)
    fusedpool.install(writer)
    fused = fusedindex.FusedSchema(writer.schema)
    try:
        for doc in chunks[0]():
            fusedindex.add_document(writer, fused, doc)  # SegmentWriter's, bypassing MpWriter's job files
        own = writer._finalize_segment()  # this process's segment, while the others finish theirs
        results = []
        for proc, recv in children:
            try:
                status, payload = recv.recv()
            except EOFError:
                proc.join()
                raise RuntimeError(f"index writer process ended with status {proc.exitcode}") from None
            if status != "ok":
                raise RuntimeError(f"index writer process failed:\n{payload}")
            results.append(payload)
            proc.join()
        segments = writer._merge_segments(None, None, None)
        segments.append(own)
        segments += results  # one segment per chunk, in chunk order
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        _stop(children)
        writer.cancel()
        raise


def _write_one(ix: index.Index, chunks: list[DocSource], limitmb: int) -> None:
    """Whoosh's single writer (with the fused analysis and posting pool)."""
    writer = ix.writer(limitmb=limitmb)
    fusedpool.install(writer)
    fused = fusedindex.FusedSchema(writer.schema)
    try:
        for chunk in chunks:
            for doc in chunk():
                fusedindex.add_document(writer, fused, doc)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _stop(children: list) -> None:
    """End the writer processes of a failed or interrupted write."""
    for proc, _recv in children:
        if proc.is_alive():
            proc.terminate()
        proc.join()


def _child_writer(ix: index.Index, chunk: DocSource, limitmb: int, send) -> None:  # noqa: ANN001
    """In a forked process: analyze one chunk and write it as a segment."""
    forks.die_with_parent()
    try:
        writer = SegmentWriter(ix, _lk=False, limitmb=limitmb)  # the parent holds the index lock
        fusedpool.install(writer)
        fused = fusedindex.FusedSchema(writer.schema)
        for doc in chunk():
            fusedindex.add_document(writer, fused, doc)
        send.send(("ok", writer._finalize_segment()))
    except BaseException:
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()

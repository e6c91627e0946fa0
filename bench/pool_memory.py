"""The resident memory of one Whoosh writer (the fused analysis and `indexer.fusedpool`'s pool) against what the
pool counts: how many bytes a held posting and a held term really take, and the writer's peak with a pool limit.

    python -m bench.pool_memory GENERATION_DIR [--docs N] [--limit-mb MB] [--every K]

GENERATION_DIR is a built generation (its `articles.sqlite` and `canon.json`): its first N documents, exactly as a
rebuild's writer gets them (`indexer.write.generation_docs`), into one writer, as a rebuild's writer adds them.
Every K documents: the process's resident memory, the postings and the terms the pool holds and what it counts
(`currentsize`). The growth of resident memory is fitted (least squares) as bytes a posting + bytes a term; the
peak (VmHWM) is read after the segment is written. Run it in a process of its own. Another revision's tree runs it
too (its pool may not count postings and terms: then they read 0).
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from pathlib import Path

import numpy as np

from archive import schema
from indexer import fusedindex, fusedpool
from indexer.write import generation_docs


def _status(key: str) -> int:
    """A /proc/self/status figure in bytes (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("generation", type=Path)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--limit-mb", type=int, default=1 << 20, help="the pool's limit (default: never spill)")
    ap.add_argument("--every", type=int, default=500)
    args = ap.parse_args()
    docs = itertools.islice(generation_docs(args.generation), args.docs)
    with tempfile.TemporaryDirectory(prefix="pool-memory-") as tmp:
        ix = schema.create(Path(tmp))
        writer = ix.writer(limitmb=args.limit_mb)
        fusedpool.install(writer)
        pool, fused = writer.pool, fusedindex.FusedSchema(writer.schema)
        rss0 = _status("VmRSS")
        rows = []
        for n, doc in enumerate(docs, 1):
            fusedindex.add_document(writer, fused, doc)
            if n % args.every == 0:
                held = getattr(pool, "postings", 0), getattr(pool, "nterms", 0)
                rows.append((n, *held, pool.currentsize, _status("VmRSS") - rss0))
        adding = _status("VmHWM") - rss0
        runs = len(pool.runs)
        writer.commit()
        ix.close()
    print(json.dumps(_report(rows, rss0, adding, _status("VmHWM") - rss0, runs, args.limit_mb)))


def _report(rows: list[tuple[int, int, int, int, int]], rss0: int, adding: int, peak: int, runs: int,
            limit_mb: int) -> dict:
    data = np.array(rows, dtype=float)
    out: dict = {"documents": int(data[-1, 0]), "limit_mb": limit_mb, "runs_spilled": runs,
                 "rss_at_start_mb": round(rss0 / 2**20), "peak_adding_mb": round(adding / 2**20),
                 "peak_with_commit_mb": round(peak / 2**20),
                 "last": {"postings": int(data[-1, 1]), "terms": int(data[-1, 2]),
                          "counted_mb": round(data[-1, 3] / 2**20), "rss_growth_mb": round(data[-1, 4] / 2**20)}}
    if not runs:  # nothing was freed by a spill: the growth is what the pool and the writer hold
        coef, *_ = np.linalg.lstsq(data[:, 1:3], data[:, 4], rcond=None)
        out["bytes_a_posting"], out["bytes_a_term"] = (round(float(c)) for c in coef)
        out["rss_over_counted"] = round(float(data[-1, 4] / data[-1, 3]), 2)
    return out


if __name__ == "__main__":
    main()

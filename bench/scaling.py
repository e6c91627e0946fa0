"""Growth of the steps that need neither the entity model nor the Whoosh writer, at several sizes.

    python -m bench.scaling --corpus bench/out/corpus-1m --index bench/out/idx-10k \\
        --sizes 10000 100000 1000000 [--out bench/out/scaling.json] [--profile-relations 200000]

Per size, in a fresh process (so that its peak memory is its own), streaming the first N documents of
the generated corpus one file at a time (no more than one file's bodies are held at once):

- read: corpus files to raw documents (indexer.read);
- normalize: raw documents to articles (indexer.article: decoding, cleaning, dateline, dates, key);
  identical texts (same key) are then folded as the pipeline does, before dedupe;
- dedupe: StoryIndex.add(id, body, day-precision date) for every distinct article, then relations()
  (indexer.dedupe), timed apart; candidate pairs verified per article; bytes of the index arrays
  (fingerprints, sentence starts, postings) and the process's peak RSS after relations();
- facet counting: every facet and the date facets over a mask of a third of the articles
  (search.facets.facet_counts), on the arrays of `--index` tiled to each size (in this process).

Times are CPU seconds of the measuring process (time.process_time; the machine is shared) and wall
seconds, and CPU / wall ms per 1,000 articles.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from indexer.article import article_from
from indexer.read import RawDoc, Skipped, corpus_files, read_file


class _Clock:
    """Accumulates wall and CPU seconds over several timed stretches."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> _Clock:
        self._t = (time.perf_counter(), time.process_time())
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._t[0]
        self.cpu += time.process_time() - self._t[1]

    def report(self, n: int) -> dict:
        per = 1_000_000 / max(1, n)  # seconds -> ms per 1,000 articles
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 3),
            "wall_ms_per_1000": round(self.wall * per, 1),
            "cpu_ms_per_1000": round(self.cpu * per, 1),
        }


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss where /proc is absent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def index_bytes(idx) -> int:
    """Bytes held in the StoryIndex's numpy arrays (not the Python list / object overhead)."""
    n = sum(a.nbytes for a in idx.sh if a is not None) + sum(a.nbytes for a in idx.starts if a is not None)
    n += sum(k.nbytes + s.nbytes for k, s in idx.segments)
    return n + sum(k.nbytes + s.nbytes for k, s in idx._pending)


def pipeline(corpus: Path, n: int, dedupe: bool = True, profile: Path | None = None) -> dict:
    """read -> normalize -> (fold identical texts) -> StoryIndex.add, then relations(), streamed."""
    from indexer.dedupe import StoryIndex

    read, norm, add = _Clock(), _Clock(), _Clock()
    idx = StoryIndex() if dedupe else None
    seen: set[bytes] = set()  # keys of the distinct texts (16 bytes each), as the pipeline folds them
    n_docs = n_arts = 0
    files = iter(corpus_files(corpus))
    while n_docs < n:
        with read:
            item = next(files, None)
            if item is None:
                break
            if isinstance(item, Skipped):
                continue
            docs = []
            for doc in read_file(*item):
                if isinstance(doc, RawDoc):
                    docs.append(doc)
                    if n_docs + len(docs) >= n:
                        break
        n_docs += len(docs)
        with norm:
            arts = [a for a in map(article_from, docs) if a is not None]
        del docs
        distinct = []
        for a in arts:
            k = bytes.fromhex(a.key)
            if k not in seen:
                seen.add(k)
                distinct.append(a)
        n_arts += len(arts)
        del arts
        if idx is not None:
            with add:
                for a in distinct:
                    d = a.date.date if a.date is not None and a.date.precision == "day" else None
                    idx.add(a.id, a.body, d)
        del distinct
    out: dict = {
        "n": n_docs,
        "articles": n_arts,
        "distinct": len(seen),
        "read": read.report(n_docs),
        "normalize": norm.report(n_docs),
    }
    if idx is None:
        return out
    out["dedupe_add"] = add.report(len(idx))
    print(json.dumps({"partial": out}), file=sys.stderr, flush=True)  # in case relations() is stopped
    pairs = [0]
    candidates = idx._candidates
    t0 = time.process_time()

    def counting(*args, **kw):  # count the candidate pairs that go on to be verified; log each chunk
        print(
            f"relations: chunk of {len(args[0])} queried at {time.process_time() - t0:.1f} CPU s, "
            f"{pairs[0]} pairs so far",
            file=sys.stderr,
            flush=True,
        )
        r = candidates(*args, **kw)
        pairs[0] += len(r)
        return r

    idx._candidates = counting  # type: ignore[method-assign]
    prof = cProfile.Profile() if profile else None
    rel = _Clock()
    with rel:
        if prof:
            prof.enable()
        rels = idx.relations()
        if prof:
            prof.disable()
    if prof and profile:
        prof.dump_stats(str(profile))
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(12)
        print(buf.getvalue(), file=sys.stderr)
    kinds: dict[str, int] = {}
    for r in rels:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    out["dedupe_relations"] = rel.report(len(idx))
    out["dedupe_total_cpu_ms_per_1000"] = round(
        out["dedupe_add"]["cpu_ms_per_1000"] + out["dedupe_relations"]["cpu_ms_per_1000"], 1
    )
    out["verified_pairs_per_article"] = round(pairs[0] / max(1, len(idx)), 3)
    out["relations"] = kinds
    out["index_arrays_mb"] = round(index_bytes(idx) / 2**20, 1)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def facet_counting(index: Path, n: int, reps: int = 20) -> dict:
    from search.facets import facet_counts
    from search.facettable import facet_table
    from search.generation import IndexHandle

    gen = IndexHandle(index).current()
    a = gen.arrays
    base = a.live.size
    k = max(1, round(n / base))
    if k > 1:  # tile the arrays: k copies of the archive, ords shifted
        for f in a.doc:
            a.doc[f] = np.concatenate([a.doc[f] + i * base for i in range(k)]).astype(np.int32)
            a.val[f] = np.tile(a.val[f], k)
        for name in ("live", "start", "end", "precision", "story"):
            setattr(a, name, np.tile(getattr(a, name), k))
    size = a.live.size
    rng = np.random.default_rng(1)
    masks = [(rng.random(size) < 0.33) & a.live for _ in range(reps)]
    facet_table(gen)  # built once per generation (before the server forks its workers), not per count
    t = _Clock()
    with t:
        for m in masks:
            facet_counts(gen, m, 10)
    return {
        "n": int(a.live.sum()),
        "ms_per_count_wall": round(t.wall / reps * 1000, 2),
        "ms_per_count_cpu": round(t.cpu / reps * 1000, 2),
    }


def _ratios(rows: list[dict], path: tuple[str, ...]) -> list[float | None]:
    """Per-article time ratio of each size to the previous one (1.0 = linear)."""

    def get(r: dict) -> float | None:
        for p in path:
            r = r.get(p) if isinstance(r, dict) else None  # type: ignore[assignment]
        return r  # type: ignore[return-value]

    out: list[float | None] = []
    for prev, cur in zip(rows, rows[1:]):
        a, b = get(prev), get(cur)
        out.append(round(b / a, 2) if a and b is not None else None)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True, help="generated corpus (bench.generate), at least max(--sizes)")
    ap.add_argument("--index", help="a built index whose facet arrays are tiled (omit: no facet counting)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--facet-sizes", type=int, nargs="+", help="default: --sizes")
    ap.add_argument("--no-dedupe", action="store_true", help="read and normalize only")
    ap.add_argument(
        "--profile-relations",
        type=int,
        nargs="*",
        default=[],
        metavar="N",
        help="cProfile relations() at these sizes (bench/out/scaling-relations-N.prof)",
    )
    ap.add_argument("--out", help="write the results as JSON here too")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # child process: one size
    a = ap.parse_args()
    out_dir = Path(__file__).resolve().parent / "out"
    if a.one:
        n = a.sizes[0]
        prof = out_dir / f"scaling-relations-{n}.prof" if n in a.profile_relations else None
        print(json.dumps(pipeline(Path(a.corpus), n, not a.no_dedupe, prof)))
        return
    rows = []
    for n in a.sizes:
        cmd = [sys.executable, "-m", "bench.scaling", "--one", "--corpus", a.corpus, "--sizes", str(n)]
        cmd += ["--no-dedupe"] if a.no_dedupe else []
        cmd += ["--profile-relations", *map(str, a.profile_relations)] if a.profile_relations else []
        res = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, cwd=out_dir.parent.parent).stdout
        rows.append(json.loads(res.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    out: dict = {
        "pipeline": rows,
        "ratios_per_article": {
            step: _ratios(rows, (step, "cpu_ms_per_1000"))
            for step in ("read", "normalize", "dedupe_add", "dedupe_relations")
            if rows and step in rows[0]
        },
    }
    if a.index:
        out["facet_counting"] = [facet_counting(Path(a.index), n) for n in (a.facet_sizes or a.sizes)]
    text = json.dumps(out, indent=1)
    print(text)
    if a.out:
        Path(a.out).write_text(text)


if __name__ == "__main__":
    main()

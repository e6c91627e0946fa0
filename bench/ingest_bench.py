"""Ingest benchmark: time every build step, with or without the entity model, and peak memory.

    python -m bench.ingest_bench build  --corpus DIR --index DIR [--procs N] [--model-alone] [--no-model]
                                        [--mode rebuild|update] [--cores]
    python -m bench.ingest_bench model  --corpus DIR [--n-process 1]     # the model alone over the same texts
    python -m bench.ingest_bench whoosh --index DIR --out DIR [--procs N]   # the Whoosh writer alone
    python -m bench.ingest_bench compare --index DIR --other DIR [--queries 200]     # same answers?

`--no-model` replaces the entity model with one that finds nothing (the corpora of bench.generate carry
`persons`/`orgs`/`resolutions` as given metadata, which win over the model anyway): big indexes are built
this way. `--model-alone` runs, after the build and in the same process, the model alone (same pipes,
batch size and number of processes, model load included as in the build) over the texts the build
extracted. Each run prints one JSON object: wall and CPU seconds per step, total, the model's share, peak
RSS (MB), article count. CPU includes child processes (spaCy's workers, the second Whoosh writer), counted
when they end. `--cores`: each step's line on stderr also says how many cores it used and wanted (`bench.cores`):
on a shared machine the wanted cores, not the wall time, tell whether a step would keep two idle cores busy.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from archive import facetarrays
from bench import cores
from indexer import build, relate, write
from indexer import extract as extract_stage
from indexer.entities import ArticleEntities
from indexer.summary import Changes

STEPS = {
    "ingest": (build, "ingest"),
    "extract": (build, "extract"),
    "canon": (build, "build_canon"),
    "apply_canon": (build, "apply_canon"),
    "stories": (build, "group_stories"),
    "whoosh": (build, "write_whoosh"),  # an update, or a rebuild too small for two writers
    "whoosh_start": (build, "start_whoosh"),  # a rebuild's writers forked beside the stories step ...
    "whoosh_wait": (build, "finish_whoosh"),  # ... and waited for after it (their CPU is counted here)
    "facets": (facetarrays, "build"),
}


class NullExtractor:
    """Stands in for the entity model: no names found (given metadata supplies them)."""

    def __init__(self, *a, **k) -> None:
        pass

    def extract_many(self, texts):
        for _ in texts:
            yield ArticleEntities(persons=[], orgs=[], acronyms={})


def _timed(items: Iterable, acc: list[float]) -> Iterator:
    """Yield from `items`, adding the wall and CPU time spent inside next() to acc[0] and acc[1]."""
    it = iter(items)
    while True:
        t, c = time.perf_counter(), time.process_time()
        try:
            item = next(it)
        except StopIteration:
            return
        finally:
            acc[0] += time.perf_counter() - t
            acc[1] += time.process_time() - c
        yield item


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_children_mb() -> float:
    """Peak RSS of the largest child process that has ended (spaCy worker, second Whoosh writer)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def children_cpu() -> float:
    """CPU seconds of every child process that has ended and been waited for."""
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ch.ru_utime + ch.ru_stime


def cpu_all() -> float:
    """CPU seconds of this process plus every ended child process."""
    return time.process_time() + children_cpu()


def timed_build(corpus: Path, index: Path, mode: str, no_model: bool, no_relations: bool = False,
                procs: int = 1, with_cores: bool = False) -> dict:
    """One build with every step timed (wall, CPU with children) and the model's own time inside it; `with_cores`:
    each step's cores used and wanted too (`bench.cores`, on stderr as the step ends)."""
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    model_time = [0.0, 0.0]  # wall, CPU
    fed_texts: list[str] = []  # exactly what the build gave the model, for the model-alone run
    model_setup: dict = {}

    sampler = cores.Sampler().start() if with_cores else None

    def wrap(name, fn):
        def inner(*a, **k):
            t, c = time.perf_counter(), cpu_all()
            try:
                return fn(*a, **k)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - t
                cpu[name] = cpu.get(name, 0.0) + cpu_all() - c
                used = sampler.between(t, time.perf_counter()) if sampler else {}
                # each step as it ends, on stderr: a run stopped by a time limit still leaves its figures
                print(json.dumps({"step": name, "s": round(times[name], 2), "cpu_s": round(cpu[name], 2),
                                  **used, "at": time.strftime("%H:%M:%S")}), file=sys.stderr, flush=True)
        return inner

    for name, (mod, attr) in STEPS.items():
        setattr(mod, attr, wrap(name, getattr(mod, attr)))
    if no_relations:  # fallback for a machine too slow for dedupe at this size: every article its own story
        relate._relations = lambda *a, **k: []  # no fingerprints either: nothing would use them
    if no_model:
        extract_stage.EntityExtractor = NullExtractor
    else:
        real = extract_stage.EntityExtractor

        class TimedExtractor(real):  # the model's own time inside the extract step
            def extract_many(self, texts: Iterable[str]) -> Iterator:
                feeding = [0.0, 0.0]  # time spent producing the input texts (store reads), not the model's

                def fed() -> Iterator[str]:
                    for text in _timed(texts, feeding):
                        fed_texts.append(text)
                        yield text

                model_setup.update(n_process=self.n_process, batch_size=self.batch_size)

                it = super().extract_many(fed())
                children_start = children_cpu()
                spent = [0.0, 0.0]  # wall and CPU of this process inside next()
                yield from _timed(it, spent)
                model_time[0] += spent[0] - feeding[0]
                # spaCy's workers have ended (and been waited for) when the pipe is exhausted
                model_time[1] += spent[1] - feeding[1] + children_cpu() - children_start

        extract_stage.EntityExtractor = TimedExtractor
    t0, c0 = time.perf_counter(), cpu_all()
    summary = (build.update if mode == "update" else build.rebuild)(corpus, index, procs=procs)
    total, total_cpu = time.perf_counter() - t0, cpu_all() - c0
    out = {"mode": summary.mode, "procs": procs, "articles": summary.articles, "added": summary.articles_added,
           "extracted": summary.extracted, "cached": summary.extraction_cached,
           "total_s": round(total, 2), "total_cpu_s": round(total_cpu, 2), "model_s": round(model_time[0], 2),
           "model_cpu_s": round(model_time[1], 2),
           "else_s": round(total - model_time[0], 2), "else_cpu_s": round(total_cpu - model_time[1], 2),
           "steps_s": {k: round(v, 2) for k, v in times.items()},
           "steps_cpu_s": {k: round(v, 2) for k, v in cpu.items()}, "peak_mb": round(peak_mb()),
           "peak_child_mb": round(peak_children_mb()), "model_setup": model_setup}
    if model_time[0]:
        out["else_over_model"] = [round(out["else_s"] / model_time[0], 4),
                                  round(out["else_cpu_s"] / model_time[1], 4) if model_time[1] else None]
    out["_texts"] = fed_texts
    return out


def _run_model(texts: list[str], n_process: int, batch_size: int = 32) -> dict:
    """The build's extractor over `texts`, model load (and worker start) included as in the build."""
    from indexer.entities import EntityExtractor

    t, c = time.perf_counter(), cpu_all()
    ex = EntityExtractor(batch_size=batch_size, n_process=n_process)
    n = sum(1 for _ in ex.extract_many(texts))
    return {"texts": n, "n_process": n_process, "batch_size": batch_size,
            "model_s": round(time.perf_counter() - t, 2), "model_cpu_s": round(cpu_all() - c, 2),
            "peak_mb": round(peak_mb())}


def model_alone(corpus: Path, n_process: int) -> dict:
    """The same spaCy pipes, batch size and processes over the texts a rebuild of `corpus` extracts."""
    from indexer.article import article_from
    from indexer.read import RawDoc, Skipped, corpus_files, read_file

    texts, seen = [], set()
    for item in corpus_files(corpus):
        if isinstance(item, Skipped):
            continue
        for doc in read_file(*item):
            if isinstance(doc, RawDoc):
                art = article_from(doc)
                if art and art.key not in seen:
                    seen.add(art.key)
                    texts.append(art.body + "\n\n" + ("" if art.title_derived else art.title))
    return _run_model(texts, n_process)


def whoosh_alone(index: Path, out: Path, procs: int) -> dict:
    """The rebuild's Whoosh step alone, from the serving generation of `index` into a scratch folder."""
    from archive.names import Canon
    from archive.store import STORE_FILE, Store
    from indexer import fulltext, layout

    gen = layout.current_path(index)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copy2(gen / STORE_FILE, out / STORE_FILE)
    canon = Canon.from_json(json.loads((gen / build.CANON_FILE).read_text(encoding="utf-8")))
    store = Store(out / STORE_FILE)
    t, c = time.perf_counter(), cpu_all()
    try:
        write.write_whoosh(out, store, canon, Changes(), set(), incremental=False, procs=procs)
    finally:
        store.close()
    return {"articles": store_count(out / STORE_FILE), "procs": procs,
            "whoosh_s": round(time.perf_counter() - t, 2), "whoosh_cpu_s": round(cpu_all() - c, 2),
            "segments": _segments(out), "pool_mb": fulltext.POOL_MB, "peak_mb": round(peak_mb()),
            "peak_child_mb": round(peak_children_mb())}


def _segments(gen: Path) -> int:
    from archive import schema as fulltext

    ix = fulltext.open_index(gen)
    try:
        with ix.searcher() as s:
            return len(s.leaf_searchers())
    finally:
        ix.close()


def store_count(path: Path) -> int:
    from archive.store import Store

    st = Store(path, readonly=True)
    try:
        return st.count()
    finally:
        st.close()


def compare(index: Path, other: Path, queries: int) -> dict:
    """Search answers of two indexes (the equality check's requests): totals, groups, hits, snippets, facets."""
    from bench.equality import answers
    from bench.query_bench import _extra_requests, pick_queries
    from search.generation import IndexHandle
    from search.params import SearchRequest

    a, b = IndexHandle(index).current(), IndexHandle(other).current()
    reqs = [(q, SearchRequest(q=q)) for q in pick_queries(a.path / "articles.sqlite", queries)]
    reqs += [(q, SearchRequest(q=q, versions="all", page=2)) for q, _ in reqs[::10]]
    reqs += _extra_requests(a)
    diffs = [x["q"] for x, y in zip(answers(a, reqs), answers(b, reqs)) if x != y]
    stores = [_records(g.path / "articles.sqlite") for g in (a, b)]
    fields = ("id", "title", "body", "persons", "orgs", "resolutions", "story", "related", "date", "entities")
    rec_diffs = [k for k in stores[0] if {f: stores[0][k].get(f) for f in fields}
                 != {f: (stores[1].get(k) or {}).get(f) for f in fields}]
    rec_diffs += sorted(set(stores[1]) - set(stores[0]))
    return {"requests": len(reqs), "different": len(diffs), "which": diffs[:10],
            "articles": [len(s) for s in stores], "records_different": len(rec_diffs), "which_records": rec_diffs[:10]}


def _records(path: Path) -> dict[str, dict]:
    from archive.store import Store

    st = Store(path, readonly=True)
    try:
        return {rec.id: rec.to_json() for _o, rec in st.records()}
    finally:
        st.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["build", "model", "whoosh", "compare"])
    ap.add_argument("--corpus")
    ap.add_argument("--index")
    ap.add_argument("--other", help="compare: the second index folder")
    ap.add_argument("--out", help="whoosh: scratch folder (emptied)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--mode", default="rebuild")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--no-relations", action="store_true")
    ap.add_argument("--cores", action="store_true", help="build: cores used and wanted per step (Linux)")
    ap.add_argument("--extractor-version", help="read/write the extraction cache under this version (pin it)")
    ap.add_argument("--procs", type=int, default=1, help="processes for the model and the Whoosh writer")
    ap.add_argument("--model-alone", action="store_true",
                    help="build: then run the model alone over the texts the build extracted, same settings")
    ap.add_argument("--n-process", type=int, default=1)
    a = ap.parse_args()
    if a.what == "build":
        if a.extractor_version:  # another session may raise EXTRACTOR_VERSION between a cold and a cached run
            extract_stage.EXTRACTOR_VERSION = a.extractor_version
        out = timed_build(Path(a.corpus), Path(a.index), a.mode, a.no_model, a.no_relations, a.procs,
                          with_cores=a.cores)
        texts = out.pop("_texts")
        if a.model_alone and texts:
            setup = out["model_setup"]
            alone = _run_model(texts, setup["n_process"], setup["batch_size"])
            out["model_alone"] = alone
            out["else_over_model_alone"] = [round(out["else_s"] / alone["model_s"], 4),
                                            round(out["else_cpu_s"] / alone["model_cpu_s"], 4)]
    elif a.what == "model":
        out = model_alone(Path(a.corpus), a.n_process)
    elif a.what == "whoosh":
        out = whoosh_alone(Path(a.index), Path(a.out), a.procs)
    else:
        out = compare(Path(a.index), Path(a.other), a.queries)
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()

"""Ingest benchmark: time every build step, with or without the entity model, and peak memory.

    python -m bench.ingest_bench build  --corpus DIR --index DIR [--no-model] [--mode rebuild|update]
    python -m bench.ingest_bench model  --corpus DIR [--n-process 1]     # the model alone over the same texts

`--no-model` replaces the entity model with one that finds nothing (the corpora of bench.generate carry
`persons`/`orgs`/`resolutions` as given metadata, which win over the model anyway): big indexes are built
this way. Each run prints one JSON object: seconds per step, total, peak RSS (MB), article count.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from indexer import build, facetarrays
from indexer.entities import ArticleEntities

STEPS = {
    "ingest": (build, "_ingest"),
    "extract": (build, "_extract"),
    "canon": (build, "build_canon"),
    "apply_canon": (build, "_apply_canon"),
    "stories": (build, "_group_stories"),
    "whoosh": (build, "_write_whoosh"),
    "facets": (facetarrays, "build"),
}


class NullExtractor:
    """Stands in for the entity model: no names found (given metadata supplies them)."""

    def __init__(self, *a, **k) -> None:
        pass

    def extract_many(self, texts):
        for _ in texts:
            yield ArticleEntities(persons=[], orgs=[], acronyms={})


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_build(corpus: Path, index: Path, mode: str, no_model: bool, no_relations: bool = False) -> dict:
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    model_time = [0.0, 0.0]  # wall, CPU

    def wrap(name, fn):
        def inner(*a, **k):
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **k)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - t
                cpu[name] = cpu.get(name, 0.0) + time.process_time() - c
        return inner

    for name, (mod, attr) in STEPS.items():
        setattr(mod, attr, wrap(name, getattr(mod, attr)))
    if no_relations:  # fallback for a machine too slow for dedupe at this size: every article its own story
        build.StoryIndex.relations = lambda self, ids=None: []
    if no_model:
        build.EntityExtractor = NullExtractor
    else:
        real = build.EntityExtractor

        class TimedExtractor(real):  # the model's own time inside the extract step
            def extract_many(self, texts):
                it = super().extract_many(texts)
                while True:
                    t, c = time.perf_counter(), time.process_time()
                    try:
                        item = next(it)
                    except StopIteration:
                        return
                    finally:
                        model_time[0] += time.perf_counter() - t
                        model_time[1] += time.process_time() - c
                    yield item
        build.EntityExtractor = TimedExtractor
    t0, c0 = time.perf_counter(), time.process_time()
    summary = (build.update if mode == "update" else build.rebuild)(corpus, index)
    total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"mode": summary.mode, "articles": summary.articles, "added": summary.articles_added,
            "extracted": summary.extracted, "cached": summary.extraction_cached,
            "total_s": round(total, 2), "total_cpu_s": round(total_cpu, 2), "model_s": round(model_time[0], 2),
            "model_cpu_s": round(model_time[1], 2),
            "steps_s": {k: round(v, 2) for k, v in times.items()},
            "steps_cpu_s": {k: round(v, 2) for k, v in cpu.items()}, "peak_mb": round(peak_mb())}


def model_alone(corpus: Path, n_process: int) -> dict:
    """The same spaCy pipes, batch size and processes over the same texts the build extracts."""
    from indexer.article import article_from
    from indexer.entities import EntityExtractor
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
    ex = EntityExtractor(n_process=n_process)
    _ = ex.nlp  # load outside the timing, as the build's first batch would
    t = time.perf_counter()
    n = sum(1 for _ in ex.extract_many(texts))
    return {"texts": n, "model_s": round(time.perf_counter() - t, 2), "peak_mb": round(peak_mb())}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["build", "model"])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--index")
    ap.add_argument("--mode", default="rebuild")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--no-relations", action="store_true")
    ap.add_argument("--extractor-version", help="read/write the extraction cache under this version (pin it)")
    ap.add_argument("--n-process", type=int, default=1)
    a = ap.parse_args()
    if a.what == "build":
        if a.extractor_version:  # another session may raise EXTRACTOR_VERSION between a cold and a cached run
            build.EXTRACTOR_VERSION = a.extractor_version
        out = timed_build(Path(a.corpus), Path(a.index), a.mode, a.no_model, a.no_relations)
    else:
        out = model_alone(Path(a.corpus), a.n_process)
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()

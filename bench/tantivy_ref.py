"""tantivy reference for the query benchmark; runs in a bench-only venv (never a product dependency).

    python3 -m venv bench/out/refvenv && bench/out/refvenv/bin/pip install tantivy numpy
    bench/out/refvenv/bin/python bench/tantivy_ref.py --store GEN/articles.sqlite --queries Q.json --out DIR

Same documents as the generation's store (title, body; person, org, resolution, source as facet fields;
year; story), same queries; per query: top 20 by BM25 and the count of every facet value over all matches
(tantivy's terms aggregation), plus years and distinct stories. Prints p50/p95 in ms, median of runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import time
from pathlib import Path

import numpy as np
import tantivy


def build(store: Path, out: Path) -> float:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("title", stored=False, tokenizer_name="en_stem")
    sb.add_text_field("body", stored=False, tokenizer_name="en_stem")
    for f in ("person", "org", "resolution", "source", "story"):
        sb.add_text_field(f, stored=False, tokenizer_name="raw", fast=True)
    sb.add_integer_field("year", fast=True)
    sb.add_integer_field("ord", stored=True, fast=True)
    schema = sb.build()
    index = tantivy.Index(schema, path=str(out))
    t = time.perf_counter()
    writer = index.writer(heap_size=500_000_000, num_threads=2)
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    for o, data in db.execute("SELECT ord, data FROM articles"):
        rec = json.loads(data)
        doc = tantivy.Document()
        doc.add_text("title", rec["title"])
        doc.add_text("body", rec["body"])
        for f, key in (("person", "persons"), ("org", "orgs"), ("resolution", "resolutions")):
            for v in rec.get(key) or []:
                doc.add_text(f, v)
        if rec.get("source"):
            doc.add_text("source", rec["source"])
        doc.add_text("story", rec.get("story") or rec["id"])
        doc.add_integer("year", int(rec["date"][:4]) if rec.get("date") else 0)
        doc.add_integer("ord", o)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    return time.perf_counter() - t


def bench(out: Path, queries: list[str], runs: int) -> dict:
    index = tantivy.Index.open(str(out))
    index.reload()
    searcher = index.searcher()
    aggs = {f: {"terms": {"field": f, "size": 10}} for f in ("person", "org", "resolution", "source")}
    aggs["year"] = {"terms": {"field": "year", "size": 1000}}
    aggs["stories"] = {"cardinality": {"field": "story"}}

    def one(q: str) -> None:
        query = index.parse_query(" AND ".join(q.split()), ["title", "body"])
        searcher.search(query, 20)
        searcher.aggregate(query, aggs)

    for q in queries[:5]:
        one(q)
    stats = []
    for _ in range(runs):
        ms = []
        for q in queries:
            t = time.perf_counter()
            one(q)
            ms.append((time.perf_counter() - t) * 1000)
        a = np.asarray(ms)
        stats.append({"p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)), "mean": float(a.mean())})
    return {"engine": "tantivy " + tantivy.__version__ if hasattr(tantivy, "__version__") else "tantivy",
            "wall_ms": {k: round(statistics.median(s[k] for s in stats), 2) for k in stats[0]}, "runs": stats}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    build_s = build(Path(a.store), Path(a.out))
    res = bench(Path(a.out), json.loads(Path(a.queries).read_text()), a.runs)
    res["build_s"] = round(build_s, 1)
    print(json.dumps(res))


if __name__ == "__main__":
    main()

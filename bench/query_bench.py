"""Query benchmark: search + every facet counted + stories collapsed, beside SQLite FTS5 and tantivy.

    python -m bench.query_bench engine --index DIR [--queries 200] [--runs 3] [--dump FILE]
    python -m bench.query_bench fts5   --index DIR [--queries 200] [--runs 3]      # reference
    python -m bench.query_bench queries --index DIR                                # print the queries

The queries (seeded): 100 of one and 100 of two common words (body words in 2% to 40% of a sample of
articles, stop words left out). `engine` runs `search.engine.search` as the web app does (first page of
20 hits with snippets, all facets, stories collapsed) on an opened generation, after 5 warm-up queries;
`--dump` writes each answer (total, groups, hit ids, facets) for comparing engine versions. FTS5 gets the
same documents from the generation's store (title, body; facet values in side tables): MATCH, top 20 by
bm25, and one GROUP BY count per facet plus years. tantivy (bench/tantivy_ref.py) runs in its own venv.
Each run prints p50/p95/mean in ms; the median of runs is reported.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np

STOP = set("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only
or other our out over own same she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
said mln dlrs pct reuter cts vs shr net revs""".split())


def common_words(store_path: Path) -> list[str]:
    """The 300 most frequent body words found in 2% to 40% of the first 3,000 articles (no stop words)."""
    db = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    rows = db.execute("SELECT data FROM articles ORDER BY ord LIMIT 3000").fetchall()
    db.close()
    df: dict[str, int] = {}
    for (data,) in rows:
        for w in set(re.findall(r"[a-z]{4,}", json.loads(data)["body"].lower())):
            df[w] = df.get(w, 0) + 1
    lo, hi = 0.02 * len(rows), 0.40 * len(rows)
    return sorted((w for w, c in df.items() if lo <= c <= hi and w not in STOP), key=lambda w: (-df[w], w))[:300]


def pick_queries(store_path: Path, n: int = 200, seed: int = 7) -> list[str]:
    words = common_words(store_path)
    rng = np.random.default_rng(seed)
    one = [words[int(i)] for i in rng.integers(len(words), size=n // 2)]
    two = [f"{words[int(i)]} {words[int(j)]}" for i, j in rng.integers(len(words), size=(n - n // 2, 2))]
    return one + two


def _stats(ms: list[float]) -> dict:
    a = np.asarray(ms)
    return {"p50": round(float(np.percentile(a, 50)), 2), "p95": round(float(np.percentile(a, 95)), 2),
            "mean": round(float(a.mean()), 2), "max": round(float(a.max()), 2)}


def median_runs(runs: list[dict]) -> dict:
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}


def bench_engine(index: Path, queries: list[str], runs: int, dump: Path | None, postings_cache: bool = True) -> dict:
    from search.engine import search
    from search.generation import IndexHandle
    from search.params import SearchRequest

    t = time.perf_counter()
    gen = IndexHandle(index).current()
    open_s = time.perf_counter() - t
    if not postings_cache:  # every word's postings decoded on every query, as on a server's first queries
        gen.postings.max_bytes = 0
    for q in queries[:5]:
        search(gen, SearchRequest(q=q))
    out_runs, cpu_runs = [], []
    answers = []
    for r in range(runs):
        ms, cpu = [], []
        for q in queries:
            t, c = time.perf_counter(), time.process_time()
            res = search(gen, SearchRequest(q=q))
            ms.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            if r == 0 and dump:
                answers.append({"q": q, "total": res.total, "groups": res.groups,
                                "hits": [(h["id"], h["versions"], h["snippet"]) for h in res.hits],
                                "facets": res.facets})
        out_runs.append(_stats(ms))
        cpu_runs.append(_stats(cpu))
    if dump:
        extra = _extra_requests(gen)
        for label, req in extra:
            res = search(gen, req)
            answers.append({"q": label, "total": res.total, "groups": res.groups,
                            "hits": [(h["id"], h["versions"], h["snippet"]) for h in res.hits],
                            "facets": res.facets})
        Path(dump).write_text(json.dumps(answers, ensure_ascii=False, indent=0), encoding="utf-8")
    return {"engine": "archive (Whoosh + numpy)", "articles": gen.articles, "open_s": round(open_s, 3),
            "wall_ms": median_runs(out_runs), "cpu_ms": median_runs(cpu_runs), "runs": out_runs,
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def _extra_requests(gen):
    """Filtered, sorted, paged and uncollapsed requests, only for the equality check."""
    from search.params import parse_params

    a = gen.arrays
    person = a.values["person"][0] if a.values["person"] else "x"
    org = a.values["org"][0] if a.values["org"] else "x"
    cases = [
        {"q": "bank", "person": person}, {"q": "oil prices", "not_org": org}, {"q": "trade", "sort": "newest"},
        {"q": "market", "versions": "all", "page": "3"}, {"q": "company", "from": "2000", "to": "2010-06"},
        {"q": "\"interest rates\""}, {"q": "stock*"}, {"person": person, "sort": "oldest"}, {},
        {"q": "xqzzyvv"}, {"q": "market", "page": "40", "per_page": "100"}, {"q": "bank", "date": "unknown"},
    ]
    out = []
    for c in cases:
        params = _MultiDict(c)
        out.append((json.dumps(c), parse_params(params)))
    return out


class _MultiDict(dict):
    def getlist(self, k):
        return [self[k]] if k in self else []


def build_fts5(store: Path, db_path: Path) -> float:
    """The same documents in SQLite FTS5 with facet side tables; returns seconds."""
    if db_path.exists():
        db_path.unlink()
    t = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.executescript("""
        CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61');
        CREATE TABLE meta (rowid INTEGER PRIMARY KEY, year INTEGER, story TEXT);
        CREATE TABLE facet (rowid INTEGER, kind TEXT, value TEXT);
    """)
    src = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    for o, data in src.execute("SELECT ord, data FROM articles"):
        rec = json.loads(data)
        db.execute("INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)", (o, rec["title"], rec["body"]))
        db.execute("INSERT INTO meta VALUES (?, ?, ?)", (o, int(rec["date"][:4]) if rec.get("date") else None,
                                                         rec.get("story")))
        vals = [("person", v) for v in rec.get("persons", [])] + [("org", v) for v in rec.get("orgs", [])]
        vals += [("resolution", v) for v in rec.get("resolutions", [])]
        vals += [("source", rec["source"])] if rec.get("source") else []
        db.executemany("INSERT INTO facet VALUES (?, ?, ?)", [(o, k, v) for k, v in vals])
    db.execute("CREATE INDEX facet_row ON facet(rowid)")
    db.commit()
    db.close()
    return time.perf_counter() - t


def bench_fts5(db_path: Path, queries: list[str], runs: int) -> dict:
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA cache_size=-200000")

    def one(q: str) -> None:
        match = " AND ".join(f'"{w}"' for w in q.split())
        db.execute("CREATE TEMP TABLE IF NOT EXISTS hit (rowid INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM hit")
        db.execute("INSERT INTO hit SELECT rowid FROM docs WHERE docs MATCH ?", (match,))
        db.execute("SELECT rowid, bm25(docs, 2.0, 1.0) AS s FROM docs WHERE docs MATCH ? ORDER BY s LIMIT 20",
                   (match,)).fetchall()
        db.execute("SELECT f.kind, f.value, COUNT(*) c FROM facet f JOIN hit h ON f.rowid=h.rowid "
                   "GROUP BY f.kind, f.value").fetchall()
        db.execute("SELECT m.year, COUNT(*) FROM meta m JOIN hit h ON m.rowid=h.rowid GROUP BY m.year").fetchall()
        db.execute("SELECT COUNT(DISTINCT m.story) FROM meta m JOIN hit h ON m.rowid=h.rowid").fetchall()

    for q in queries[:5]:
        one(q)
    out_runs = []
    for _ in range(runs):
        ms = []
        for q in queries:
            t = time.perf_counter()
            one(q)
            ms.append((time.perf_counter() - t) * 1000)
        out_runs.append(_stats(ms))
    return {"engine": "SQLite FTS5 + GROUP BY", "wall_ms": median_runs(out_runs), "runs": out_runs}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["engine", "fts5", "queries"])
    ap.add_argument("--index", required=True)
    ap.add_argument("--store", help="the article store to read (default: the index's serving generation)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dump")
    ap.add_argument("--no-postings-cache", action="store_true",
                    help="decode every word's postings on every query (the first queries a server answers)")
    ap.add_argument("--fts-db")
    ap.add_argument("--reuse", action="store_true", help="query an FTS5 database built by an earlier run")
    a = ap.parse_args()
    index = Path(a.index)
    store = Path(a.store) if a.store else None
    if store is None:
        store = index / "generations" / (index / "CURRENT").read_text().strip() / "articles.sqlite"
    queries = pick_queries(store, a.queries)
    if a.what == "queries":
        json.dump(queries, sys.stdout)
        return
    if a.what == "engine":
        out = bench_engine(index, queries, a.runs, Path(a.dump) if a.dump else None, not a.no_postings_cache)
    else:
        db_path = Path(a.fts_db or index.parent / f"{index.name}-fts5.sqlite")
        build_s = 0.0 if a.reuse and db_path.exists() else build_fts5(store, db_path)
        out = bench_fts5(db_path, queries, a.runs)
        out["build_s"] = round(build_s, 1)
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()

"""The Xapian backend against Whoosh on one index, and a shard replica lost under load.

    ARCHIVE_XAPIAN_SHARDS=2 python -m bench.ingest_bench build --corpus DIR --index DIR --no-model
    python -m bench.xapian_bench write --index DIR --shards-dir OUT [--shards 2]   # shards of a built index
    python -m bench.xapian_bench queries --index DIR [--shards-dir OUT] [--queries 200] [--runs 3] [--sample 50]
    python -m bench.xapian_bench failover --index DIR [--clients 16] [--seconds 30] [--kill-at 10]

`write`: the Xapian shards of an index built without them (read-only), written by the build's own write stage
(`indexer.write`'s documents into `indexer.xapianshards.write`) into OUT, with the generation's name.

`queries`: the query benchmark's 200 seeded queries (bench/query_bench.py) through `search.engine.search`
as the web app runs it (first page of 20 with snippets, every facet, stories collapsed), with the
generation's Whoosh index, with the Xapian backend (2 shard servers on loopback, started here; facets
counted on the shards, `XAPIAN_FACETS=shards`) and with the Xapian backend returning the whole match set
for the app to count (`xapian_matchset`, `XAPIAN_FACETS=app`): p50/p95 ms of each (median of runs), and per query
whether totals, groups and every facet count are equal and whether the first page has the same articles in
the same order; then, untimed, a sample of the queries date-sorted, filtered and paged on both.

`failover`: the app under waitress (8 threads, as `make run`) with the Xapian backend, shard 1 served by its
writer's server and by a replica (`xapian-replicate`); N closed-loop clients (each sends its next request when
the last one is answered: bounded load) for S seconds, a mix of the 200 queries with filters, pages and
sorts; at K seconds the writer's server of shard 1 is killed (SIGKILL, with its connections). Reported:
requests, failed requests (anything but 200, or no answer in 10 s), latency p50/p95/p99 before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

from archive.store import STORE_FILE
from bench.query_bench import pick_queries
from indexer import write as write_stage
from indexer import xapianserve, xapianshards
from search import engine, xapianfulltext
from search.backends import from_config
from search.generation import Generation, IndexHandle
from search.params import SearchRequest, parse_date_bound

REPO = Path(__file__).resolve().parent.parent


class Shards:
    """Shard 0 on one server; shard 1 on its writer's server and on a replica's."""

    def __init__(self, shards_dir: Path, replica_dir: Path) -> None:
        self.servers = [xapianserve.serve_shard(shards_dir / f"shard-{k}") for k in range(2)]
        try:
            repl = xapianserve.serve_replication(shards_dir)
            try:
                xapianserve.replicate_once(repl.port, "shard-1", replica_dir / "shard-1")
            finally:
                repl.stop()
            self.replica = xapianserve.serve_shard(replica_dir / "shard-1")
        except BaseException:  # no server left running when the replica cannot be made
            for server in self.servers:
                server.stop()
            raise

    def spec(self) -> str:
        s0, s1 = self.servers
        return f"127.0.0.1:{s0.port};127.0.0.1:{s1.port},127.0.0.1:{self.replica.port}"

    def stop(self) -> None:
        for server in [*self.servers, self.replica]:
            server.stop()


def _pct(ms: list[float], p: float) -> float:
    return round(float(np.percentile(ms, p)), 2) if ms else 0.0


def _answer(res) -> tuple:
    return res.total, res.groups, res.facets


def write_shards(index: Path, out: Path, shards: int) -> dict:
    """The shards of `index`'s serving generation, through the build's own write stage, into `out`."""
    gen = IndexHandle(index).current().path
    t = time.perf_counter()
    count = xapianshards.write(gen, write_stage.generation_docs(gen), shards, gen.name, out_dir=out)
    return {"articles": count, "shards": shards, "generation": gen.name, "out": str(out),
            "seconds": round(time.perf_counter() - t, 1), "load_average": [round(x, 2) for x in os.getloadavg()]}


def _dirs(index: Path, shards_dir: Path | None) -> tuple[Path, Path]:
    """The shard folder (the index's own unless given) and a replica folder beside it."""
    shards_dir = shards_dir or index / "xapian"
    return shards_dir, shards_dir.parent / (shards_dir.name + "-replica")


def queries(index: Path, n: int, runs: int, shards_dir: Path | None = None, sample: int = 50) -> dict:
    xapianfulltext.TIMEOUT_MS = 60_000  # a slow answer is measured here, not turned into a server failure
    gen_path = IndexHandle(index).current().path
    qs = pick_queries(gen_path / STORE_FILE, n)
    shards = Shards(*_dirs(index, shards_dir))
    try:
        whoosh = IndexHandle(index).current()
        config = {"SEARCH_BACKEND": "xapian", "XAPIAN_SERVERS": shards.spec()}
        xap = IndexHandle(index, from_config(config | {"XAPIAN_FACETS": "shards"})).current()
        matchset = IndexHandle(index, from_config(config | {"XAPIAN_FACETS": "app"})).current()
        out: dict = {"queries": len(qs), "articles": whoosh.articles}
        answers = {}
        for name, gen in (("whoosh", whoosh), ("xapian", xap), ("xapian_matchset", matchset)):
            for q in qs[:5]:
                engine.search(gen, SearchRequest(q=q))  # warm-up
            per_run = []
            for _ in range(runs):
                ms, got = [], []
                for q in qs:
                    t = time.perf_counter()
                    res = engine.search(gen, SearchRequest(q=q))
                    ms.append((time.perf_counter() - t) * 1000)
                    got.append((_answer(res), [h["id"] for h in res.hits]))
                per_run.append((_pct(ms, 50), _pct(ms, 95)))
                answers[name] = got
            out[name] = {"p50_ms": statistics.median(r[0] for r in per_run),
                         "p95_ms": statistics.median(r[1] for r in per_run), "runs": per_run}
        for name in ("xapian", "xapian_matchset"):
            pairs = list(zip(answers["whoosh"], answers[name], strict=True))
            out[name] |= {"same_totals_groups_facets": sum(w[0] == x[0] for w, x in pairs),
                          "same_first_page_set": sum(set(w[1]) == set(x[1]) for w, x in pairs),
                          "same_first_page_order": sum(w[1] == x[1] for w, x in pairs)}
        out["load_average"] = [round(x, 2) for x in os.getloadavg()]
        out["filtered_sample"] = {name: _filtered_sample(whoosh, gen, qs[:sample])
                                  for name, gen in (("xapian", xap), ("xapian_matchset", matchset))}
        return out
    finally:
        shards.stop()


def _filtered_sample(whoosh: Generation, xap: Generation, qs: list[str]) -> dict:
    """Untimed: each query newest first (the whole answer must be equal, page included) and then filtered by
    its first answer's organisation, excluding its first person, from its first answer's year on, page 2."""
    same = compared = 0
    differ = []
    for q in qs:
        first = engine.search(whoosh, SearchRequest(q=q, sort="newest"))
        top = first.facets
        org = [e["value"] for e in top["org"][:1]]
        person = [e["value"] for e in top["person"][:1]]
        year = next((e["value"] for e in top["year"] if e["value"] != "unknown"), None)
        variants = [SearchRequest(q=q, sort="newest"),
                            SearchRequest(q=q, sort="oldest", versions="all", page=2,
                                  any_of={"org": tuple(org)} if org else {},
                                  exclude={"person": tuple(person)} if person else {},
                                  date_from=parse_date_bound("from", year) if year else None)]
        for req in variants:
            w, x = engine.search(whoosh, req), engine.search(xap, req)
            compared += 1
            if (_answer(w), w.hits, w.days, w.span) == (_answer(x), x.hits, x.days, x.span):
                same += 1
            elif len(differ) < 5:
                differ.append(q)
    return {"requests": compared, "identical": same, "differing_queries": differ}


def _requests(qs: list[str], seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(5000):
        params: dict = {"q": rnd.choice(qs)}
        roll = rnd.random()
        if roll < 0.2:
            params["sort"] = "newest"
        elif roll < 0.35:
            params["page"] = rnd.randint(2, 5)
        elif roll < 0.5:
            params["from"] = str(rnd.randint(1990, 2020))
        out.append("/api/search?" + urllib.parse.urlencode(params))
    return out


def failover(index: Path, clients: int, seconds: float, kill_at: float, shards_dir: Path | None = None) -> dict:
    gen_path = IndexHandle(index).current().path
    qs = pick_queries(gen_path / STORE_FILE, 200)
    shards = Shards(*_dirs(index, shards_dir))
    port = xapianserve.free_port()
    env = {**os.environ, "ARCHIVE_INDEX_DIR": str(index), "ARCHIVE_SEARCH_BACKEND": "xapian",
           "ARCHIVE_XAPIAN_SERVERS": shards.spec()}
    app = subprocess.Popen([sys.executable, "-m", "waitress", f"--listen=127.0.0.1:{port}", "--threads=8",
                            "--call", "app:create_app"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    results: list[tuple[float, float, int]] = []  # (sent at, seconds, status)
    lock = threading.Lock()
    try:
        _wait_http(port)
        start = time.monotonic()
        stop_at = start + seconds

        def client(k: int) -> None:
            for url in _requests(qs, k):
                sent = time.monotonic()
                if sent >= stop_at:
                    return
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=10) as resp:
                        resp.read()
                        status = resp.status
                except urllib.error.HTTPError as exc:
                    status = exc.code
                except OSError:
                    status = 0
                with lock:
                    results.append((sent - start, time.monotonic() - sent, status))

        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        time.sleep(kill_at)
        killed_at = time.monotonic() - start
        shards.servers[1].stop()
        for t in threads:
            t.join()
    finally:
        app.terminate()
        app.wait()
        shards.stop()

    def summary(rows: list[tuple[float, float, int]]) -> dict:
        ms = [r[1] * 1000 for r in rows]
        return {"requests": len(rows), "failed": sum(r[2] != 200 for r in rows), "p50_ms": _pct(ms, 50),
                "p95_ms": _pct(ms, 95), "p99_ms": _pct(ms, 99), "max_ms": _pct(ms, 100)}

    return {"clients": clients, "seconds": seconds, "killed_at_s": round(killed_at, 2),
            "before": summary([r for r in results if r[0] < killed_at]),
            "after": summary([r for r in results if r[0] >= killed_at]),
            "statuses": sorted({r[2] for r in results}),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def _wait_http(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?per_page=1", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the app did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["write", "queries", "failover"])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--shards-dir", type=Path, help="the shards (default: the index's xapian folder)")
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sample", type=int, default=50, help="queries also compared filtered and date-sorted")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--kill-at", type=float, default=10)
    args = ap.parse_args()
    if args.what == "write":
        if not args.shards_dir:
            ap.error("write needs --shards-dir (the index itself is not written)")
        out = write_shards(args.index, args.shards_dir, args.shards)
    elif args.what == "queries":
        out = queries(args.index, args.queries, args.runs, args.shards_dir, args.sample)
    else:
        out = failover(args.index, args.clients, args.seconds, args.kill_at, args.shards_dir)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

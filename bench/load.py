"""Load test: the highest rate of mixed searches the production server sustains with p99 < 1 s and no errors.

    python -m bench.load [--index DIR] [--corpus DIR] [--n 100000] [--data DIR] [--duration 60]
                         [--step-seconds 15] [--rates 2,4,8,12,16,24,32] [--hold RATE] [--threads 8] [--no-warm]

The server is the one `make run` starts (`web.serve`: waitress in one process per core, `--call
app:create_app`), on 127.0.0.1 and a free port,
serving the index in --index. Without an index there one is built from --corpus; without a corpus one of
--n articles is generated (bench.generate when it is there, else a simple generator over the Reuters file
under --data, default env ARCHIVE_BENCH_DATA, else ../shared/data beside the repository), with persons and
orgs given as metadata so the entity model is not needed.

The load is open-loop: requests are scheduled at a fixed rate and each latency is counted from its scheduled
time, so a server that falls behind shows it (no coordinated omission). The mix: full-text queries, facet
filters, date ranges, deep pages, HTML pages, article pages and exports of narrow searches. Each rate is tried
for --step-seconds, rising until p99 >= 1 s or an error; the best passing rate is then held for --duration
seconds (`--hold RATE`: no rising steps, RATE held for --duration right after the 100 warm-up requests, as
issue 18's goal asks: 50 a second for 60 s, p99 under 0.5 s). Everything is bounded: every rate step stops at
its deadline, every request has a 10 s timeout. The server's resident memory is read at the start and the end,
and each step reports the workers' CPU milliseconds per answered request, and this client's (it runs on the
same machine: what it takes, the server cannot have); `--no-warm` serves without the warm step before the fork
(what it is worth). One JSON object is printed on stdout and written to bench/out/load.json (or --out).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
HOST = "127.0.0.1"
TIMEOUT = 10.0


def data_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("ARCHIVE_BENCH_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


# ---------------------------------------------------------------------------------------------- corpus, index

def simple_corpus(n: int, out: Path, data: Path, seed: int = 7, per_file: int = 5000) -> Path:
    """n articles in JSON Lines: Reuters bodies with every 4th word changed, given persons/orgs/date/source."""
    rng = random.Random(seed)
    pool = []
    with gzip.open(data / "reuters-dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if len(obj.get("body", "").split()) >= 40:
                pool.append(obj)
    words = sorted({w for o in pool[:500] for w in o["body"].split() if w.isalpha() and len(w) > 3})
    persons = [f"{a} {b}" for a in ("Anna", "Ravi", "Li", "Omar", "Sara", "Ken", "Maria", "Ivan", "Ngozi", "Tom")
               for b in ("Keller", "Mehta", "Wang", "Haddad", "Olsen", "Sato", "Silva", "Petrov", "Okafor", "Reed")]
    orgs = [f"{a} {b}" for a in ("United", "Pacific", "Northern", "Global", "Central", "Atlantic")
            for b in ("Bank", "Shipping", "Steel", "Council", "Airways", "Mining", "Energy")]
    out.mkdir(parents=True, exist_ok=True)
    fh = None
    for i in range(n):
        if i % per_file == 0:
            if fh:
                fh.close()
            fh = open(out / f"load-{i // per_file:05d}.jsonl", "w", encoding="utf-8")
        src = pool[rng.randrange(len(pool))]
        toks = src["body"].split()
        toks = [rng.choice(words) if k % 4 == 3 else t for k, t in enumerate(toks)]
        rec = {
            "id": f"L{i:07d}",
            "title": f"{src.get('title') or 'Report'} {rng.choice(words)} {i}",
            "body": " ".join(toks),
            "date": f"{rng.randint(1985, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "source": f"Wire {rng.randint(1, 30)}",
            "persons": rng.sample(persons, rng.randint(0, 3)),
            "orgs": rng.sample(orgs, rng.randint(0, 3)),
        }
        fh.write(json.dumps(rec) + "\n")
    if fh:
        fh.close()
    return out


def make_corpus(n: int, out: Path, data: Path) -> Path:
    try:
        from bench import generate  # written beside this script; optional
    except ImportError:
        return simple_corpus(n, out, data)
    return generate.generate(n, out, seed=3, data=data)


class _NoModel:
    """Stands in for the entity model: finds nothing (the generated corpus gives persons and orgs)."""

    def __init__(self, *a, **k) -> None:
        pass

    def extract_many(self, texts):
        from indexer.entities import ArticleEntities

        for _ in texts:
            yield ArticleEntities([], [], {})


def ensure_index(index: Path, corpus: Path | None, n: int, data: Path) -> None:
    from indexer import build, layout
    from indexer import extract as extract_stage

    if layout.current_path(index):
        return
    if corpus is None or not corpus.is_dir():
        corpus = corpus or OUT / f"load-corpus-{n}"
        print(f"generating {n} articles in {corpus}", file=sys.stderr)
        make_corpus(n, corpus, data)
    print(f"building the index in {index} (no entity model)", file=sys.stderr)
    extract_stage.EntityExtractor = _NoModel
    started = time.monotonic()
    summary = build.rebuild(corpus, index)
    print(f"built {summary.articles} articles in {time.monotonic() - started:.0f}s", file=sys.stderr)


# ---------------------------------------------------------------------------------------------- server

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def makefile_limits() -> list[str]:
    """The waitress options `make run` uses (WAITRESS_LIMITS in the Makefile)."""
    text = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    m = re.search(r"^WAITRESS_LIMITS \?=(.*)$", text, re.M)
    return m.group(1).split() if m else []


def create_unwarmed_app():
    """The app `make run` serves, without its warm step before the fork (`--no-warm`: what the step is worth)."""
    from app import create_app

    app = create_app()
    app.extensions.pop("warm", None)
    return app


def start_server(index: Path, threads: int, workers: int | None = None,
                 warm: bool = True) -> tuple[subprocess.Popen, int]:
    port = free_port()
    factory = "app:create_app" if warm else "bench.load:create_unwarmed_app"
    env = {**os.environ, "ARCHIVE_INDEX_DIR": str(index)}
    OUT.mkdir(parents=True, exist_ok=True)
    log = open(OUT / "load-server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "web.serve", *([f"--workers={workers}"] if workers else []),
         f"--listen={HOST}:{port}", f"--threads={threads}", *makefile_limits(), "--call", factory],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log)  # a file: a full pipe would stall the server
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {(OUT / 'load-server.log').read_text()[-2000:]}")
        try:
            status, _ = get(port, "/api/")
            if status == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not answer within 120 s")


def _workers(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def server_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the server's workers have used so far (the parent only watches)."""
    return sum(worker_cpu_s(pid))


def worker_cpu_s(pid: int) -> list[float]:
    """CPU seconds (user + system) each of the server's workers has used so far."""
    out = []
    for p in _workers(pid) or [pid]:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        out.append((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))  # utime, stime
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of the server: the process and its workers (web.serve forks one per core)."""
    total = 0
    for p in [pid, *_workers(pid)]:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def get(port: int, url: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    c = conn or http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        c.request("GET", url)
        resp = c.getresponse()
        return resp.status, resp.read()
    finally:
        if conn is None:
            c.close()


# ---------------------------------------------------------------------------------------------- the mix

# The search whose facet values, hits and title words the mix is drawn from.
MIX_SOURCE = "/api/search?" + urlencode({"facet_limit": 50, "per_page": 100})


def request_mix(port: int, seed: int = 1, size: int = 4000) -> list[str]:
    """Realistic URLs drawn from what the index holds."""
    _, body = get(port, MIX_SOURCE)
    return mix_urls(json.loads(body), seed, size)


def mix_urls(res: dict, seed: int = 1, size: int = 4000) -> list[str]:
    """The mix's URLs from the answer to MIX_SOURCE (the same list for the same index and seed)."""
    rng = random.Random(seed)
    facets = res["facets"]
    persons = [f["value"] for f in facets["person"]] or ["nobody"]
    orgs = [f["value"] for f in facets["org"]] or ["nothing"]
    sources = [f["value"] for f in facets["source"]] or ["none"]
    years = [f["value"] for f in facets["year"] if f["value"] != "unknown"] or ["2000"]
    ids = [h["id"] for h in res["hits"]]
    words = sorted({w.strip(".,\"'()").lower() for h in res["hits"] for w in h["title"].split()
                    if w.strip(".,\"'()").isalpha() and len(w) > 4}) or ["report"]
    urls = []
    for _ in range(size):
        r = rng.random()
        w1, w2 = rng.choice(words), rng.choice(words)
        if r < 0.35:
            params = {"q": rng.choice([w1, f"{w1} {w2}", f'"{w1} {w2}"', f"{w1} OR {w2}", f"{w1[:4]}*"])}
            url = "/api/search?" + urlencode(params)
        elif r < 0.50:
            params = [("person", rng.choice(persons))] + ([("org", rng.choice(orgs))] if rng.random() < 0.5 else [])
            url = "/api/search?" + urlencode(params)
        elif r < 0.60:
            y = rng.choice(years)
            params = {"q": w1, "from": y, "to": y, "source": rng.choice(sources), "sort": "newest"}
            url = "/api/search?" + urlencode(params)
        elif r < 0.70:
            params = {"q": w1, "page": rng.randint(2, 20), "versions": rng.choice(["all", "collapse"])}
            url = "/api/search?" + urlencode(params)
        elif r < 0.82:
            params = {"q": w1} if rng.random() < 0.5 else {"org": rng.choice(orgs)}
            url = "/search?" + urlencode(params)
        elif r < 0.92:
            url = f"/article/{rng.choice(ids)}" if ids else "/help"
        else:
            kind = rng.choice(["csv", "jsonl", "atom"])
            params = {"q": f"{w1} {w2}", "person": rng.choice(persons)}
            url = f"/search.{kind}?" + urlencode(params)
        urls.append(url)
    return urls


# ---------------------------------------------------------------------------------------------- open-loop load

def run_rate(port: int, urls: list[str], rate: float, seconds: float, workers: int) -> dict:
    """Send `rate` requests a second for `seconds`; latencies from the scheduled send time."""
    total = int(rate * seconds)
    slots = threading.Semaphore(0)
    lock = threading.Lock()
    latencies: list[float] = []
    order: list[int] = []  # each latency's request number (its send time)
    slowest: list[tuple[float, str]] = []
    errors: list[str] = []
    start = time.monotonic() + 0.2
    schedule = [start + i / rate for i in range(total)]
    next_i = [0]
    hard_stop = start + seconds + 30  # every step ends by itself

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
        while True:
            slots.acquire()
            with lock:
                i = next_i[0]
                next_i[0] += 1
            if i >= total or time.monotonic() > hard_stop:
                break
            url = urls[i % len(urls)]
            try:
                status, _ = get(port, url, conn)
                ok = status in (200, 302)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
                status, ok = repr(exc), False
            done = time.monotonic()
            with lock:
                latencies.append(done - schedule[i])
                order.append(i)
                slowest.append((round(done - schedule[i], 3), url))
                if not ok:
                    errors.append(f"{status} {url}")
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for t in threads:
        t.start()
    for when in schedule:
        delay = when - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        slots.release()
        if time.monotonic() > hard_stop:
            break
    for _ in threads:
        slots.release()
    for t in threads:
        t.join(timeout=max(0.0, hard_stop - time.monotonic()) + 1)
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else float("nan")

    windows = []  # p99 of the requests sent in each 10 s of the step: a cold start shows in the first ones
    for w in range(0, int(seconds), 10):
        sent = sorted(v for v, i in zip(latencies, order) if w * rate <= i < (w + 10) * rate)
        windows.append(round(sent[min(len(sent) - 1, int(0.99 * len(sent)))], 3) if sent else None)
    return {"rate": rate, "seconds": seconds, "sent": total, "answered": len(lat), "errors": len(errors),
            "error_samples": errors[:5], "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
            "max": round(lat[-1], 3) if lat else None, "p99_by_10s_sent": windows,
            "slowest": sorted(slowest, reverse=True)[:3]}


def timed_rate(pid: int, port: int, urls: list[str], rate: float, seconds: float, workers: int) -> dict:
    """`run_rate`, with the server's CPU milliseconds per answered request (what limits the rate on few cores)."""
    before, client = worker_cpu_s(pid), time.process_time()
    step = run_rate(port, urls, rate, seconds, workers)
    answered = max(1, step["answered"])
    used = [after - b for after, b in zip(worker_cpu_s(pid), before)]
    step["server_cpu_ms_per_request"] = round(1000 * sum(used) / answered, 1)
    step["worker_cpu_s"] = [round(u, 1) for u in used]  # how evenly the kernel spread the connections
    step["client_cpu_ms_per_request"] = round(1000 * (time.process_time() - client) / answered, 1)
    return step


def passed(step: dict) -> bool:
    return step["errors"] == 0 and step["answered"] == step["sent"] and step["p99"] < 1.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", default=str(OUT / "load-index-100k"))
    ap.add_argument("--corpus")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--data")
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--step-seconds", type=float, default=15)
    ap.add_argument("--rates", default="2,4,8,12,16,24,32,48")
    ap.add_argument("--threads", type=int, default=8, help="waitress worker threads (as `make run`)")
    ap.add_argument("--workers", type=int, help="server processes (as `make run`: one per core)")
    ap.add_argument("--clients", type=int, default=48, help="client connections")
    ap.add_argument("--out", default=str(OUT / "load.json"))
    ap.add_argument("--hold", type=float, help="no rising steps: hold this rate for --duration seconds")
    ap.add_argument("--no-warm", action="store_true", help="serve without the warm step before the fork")
    ap.add_argument("--without", action="append", default=[], metavar="PATH_PREFIX",
                    help="leave requests whose URL starts with this out of the mix (e.g. /article/), to see the rest")
    a = ap.parse_args()
    index = Path(a.index)
    ensure_index(index, Path(a.corpus) if a.corpus else None, a.n, data_dir(a.data))
    proc, port = start_server(index, a.threads, a.workers, warm=not a.no_warm)
    report: dict = {"index": str(index), "threads": a.threads, "clients": a.clients, "warm": not a.no_warm,
                    "steps": []}
    try:
        status, body = get(port, "/api/")
        report["articles"] = json.loads(body)["index"]["articles"]
        urls = [u for u in request_mix(port) if not any(u.startswith(p) for p in a.without)]
        report["without"] = a.without
        for url in urls[:100]:  # warm-up: open searchers, page caches
            try:
                get(port, url)
            except OSError as exc:
                print(f"warm-up {url}: {exc!r}", file=sys.stderr)
        report["rss_start_mb"] = rss_mb(proc.pid)
        best = a.hold
        for rate in [] if a.hold else [float(r) for r in a.rates.split(",")]:
            step = timed_rate(proc.pid, port, urls, rate, a.step_seconds, a.clients)
            report["steps"].append(step)
            print(json.dumps(step), file=sys.stderr)
            if not passed(step):
                break
            best = rate
        if best is not None:
            final = timed_rate(proc.pid, port, urls, best, a.duration, a.clients)
            print(json.dumps(final), file=sys.stderr)
            report["sustained"] = final
            report["sustained_ok"] = passed(final)
        report["rss_end_mb"] = rss_mb(proc.pid)
        # A pathological query and a 10 MB query string, timed while the server is otherwise idle.
        t = time.monotonic()
        status, body = get(port, "/api/search?q=a*")
        report["prefix_a_star"] = {"status": status, "seconds": round(time.monotonic() - t, 3)}
        t = time.monotonic()
        try:
            status, _ = get(port, "/api/search?q=" + "a" * 10_000_000)
        except OSError as exc:
            status = repr(exc)
        report["query_10mb"] = {"status": status, "seconds": round(time.monotonic() - t, 3)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    OUT.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report))


if __name__ == "__main__":
    main()

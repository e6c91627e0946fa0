"""The load run's requests through one process, one after another: the CPU each costs, and each answer's digest.

    python -m bench.load_urls --index DIR [--n 3000] [--no-warm] [--profile FILE.prof] [--out FILE.json]
    python -m bench.load_urls compare A.json B.json

The URLs are `bench.load`'s mix, in the order a load run sends them (its 100 warm-up requests, then the first
`--n` of the mix, which a run at 50 a second for 60 s sends), answered by `create_app` through Flask's test
client, after the warm step the server runs before it forks (`web/warmup.py`) unless `--no-warm`. Per request:
its kind, the process's CPU milliseconds, the status and the SHA-1 of the body. Printed: CPU per request by kind,
and by window of 500 requests (how much a process's first requests cost more than its later ones). With
`--profile`, the requests are answered under cProfile (process clock). `compare` counts the URLs whose status or
body differ between two outputs (the same index: a change of speed must change no answer).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bench.load import MIX_SOURCE, OUT, mix_urls

WARM_UP = 100  # the requests bench.load sends before its first rate step
WINDOW = 500


def kind(url: str) -> str:
    """The request's kind in the mix (bench.load.mix_urls)."""
    parts = urlsplit(url)
    args = parse_qs(parts.query)
    if parts.path.startswith("/article/"):
        return "article page"
    if parts.path.startswith("/search."):
        return "export " + parts.path.rsplit(".", 1)[1]
    if parts.path == "/search":
        return "search page"
    if "page" in args:
        return "deep page"
    if "from" in args:
        return "year range"
    q = args.get("q", [""])[0]
    if not q:
        return "person/org filter"
    if q.startswith('"'):
        return "phrase"
    if q.endswith("*"):
        return "prefix"
    if " OR " in q:
        return "or"
    return "two words" if " " in q else "one word"


def replay(index: str, n: int, warm: bool, prof: cProfile.Profile | None = None) -> list[dict]:
    """Answer the run's URLs in order (`prof`: profiled, the warm step and the mix's own search left out)."""
    from app import create_app

    app = create_app({"INDEX_DIR": index})
    if warm:
        app.extensions["warm"]()
    client = app.test_client()
    urls = mix_urls(client.get(MIX_SOURCE).get_json())
    if prof is not None:
        prof.enable()
    out = []
    for i, url in enumerate(urls[:WARM_UP] + urls[:n]):
        cpu, wall = time.process_time(), time.perf_counter()
        resp = client.get(url)
        body = resp.get_data()
        out.append({"i": i, "url": url, "kind": kind(url), "status": resp.status_code,
                    "sha1": hashlib.sha1(body).hexdigest(), "cpu_ms": round(1000 * (time.process_time() - cpu), 2),
                    "wall_ms": round(1000 * (time.perf_counter() - wall), 2)})
    if prof is not None:
        prof.disable()
    return out


def summary(rows: list[dict]) -> dict:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r["cpu_ms"])
    total = sum(r["cpu_ms"] for r in rows)
    cpu = sorted(r["cpu_ms"] for r in rows)
    return {
        "requests": len(rows), "cpu_ms_mean": round(total / len(rows), 2),
        "cpu_ms_p50": cpu[len(cpu) // 2], "cpu_ms_p99": cpu[int(0.99 * len(cpu))], "cpu_ms_max": cpu[-1],
        "by_kind": {k: {"n": len(v), "mean": round(statistics.mean(v), 1), "max": max(v),
                        "share": round(sum(v) / total, 3)} for k, v in sorted(by_kind.items())},
        "by_window": [round(statistics.mean(r["cpu_ms"] for r in rows[s:s + WINDOW]), 1)
                      for s in range(0, len(rows), WINDOW)],
        "slowest": [(r["cpu_ms"], r["url"]) for r in sorted(rows, key=lambda r: -r["cpu_ms"])[:8]],
    }


def compare(a: Path, b: Path) -> dict:
    left = {r["url"]: (r["status"], r["sha1"]) for r in json.loads(a.read_text())["rows"]}
    right = {r["url"]: (r["status"], r["sha1"]) for r in json.loads(b.read_text())["rows"]}
    common = sorted(set(left) & set(right))
    differ = [u for u in common if left[u] != right[u]]
    return {"urls": len(common), "equal": len(common) - len(differ), "different": len(differ),
            "samples": differ[:10], "statuses": sorted({s for s, _ in left.values()})}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "compare":
        result = compare(Path(sys.argv[2]), Path(sys.argv[3]))
        print(json.dumps(result))
        sys.exit(1 if result["different"] else 0)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--no-warm", action="store_true")
    ap.add_argument("--profile")
    ap.add_argument("--out", default=str(OUT / "load_urls.json"))
    a = ap.parse_args()
    prof = cProfile.Profile(time.process_time) if a.profile else None
    rows = replay(a.index, a.n, not a.no_warm, prof)
    if prof is not None:
        prof.dump_stats(a.profile)
    result = summary(rows)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps({"summary": result, "rows": rows}), encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""First request after app start: a fresh process imports the app, builds it and answers one search.

    python -m bench.first_request --index DIR [--q WORD] [--runs 3]

Each run is a new Python process (nothing cached in memory; the index files may be in the OS page cache,
as on a server that just restarted). Reported: import + create_app, then the first `/search?q=...` (HTML,
which opens the generation: Whoosh, facet arrays, canon, docnum->ord column) and a second one; medians,
and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from app import create_app
app = create_app({"INDEX_DIR": sys.argv[1], "TESTING": True})
c = app.test_client()
t1 = time.perf_counter()
r = c.get("/search", query_string={"q": sys.argv[2]})
t2 = time.perf_counter()
r2 = c.get("/search", query_string={"q": sys.argv[2] + " market"})
t3 = time.perf_counter()
assert r.status_code == 200 and r2.status_code == 200, (r.status_code, r2.status_code)
print(json.dumps({"start_s": t1 - t0, "first_request_s": t2 - t1, "second_request_s": t3 - t2,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--q", default="bank")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    runs = []
    for _ in range(a.runs):
        out = subprocess.run([sys.executable, "-c", CHILD, a.index, a.q], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    med = {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}
    print(json.dumps({"median": med, "runs": runs}))


if __name__ == "__main__":
    main()

"""`make bench`: the speed benchmarks of bench/README.md ("Speed"), end to end, results in bench/out/speed.json.

    python -m bench.run_all [--sizes 10000 100000] [--runs 3] [--skip-model] [--skip-refs] [--no-relations-from 100000]

Steps (each in its own process, so each reports its own peak memory):
1. generate the corpora (bench.generate, seeded): 10k, 100k, and 1,000 new articles for the update;
2. build an index per size with given entities and no entity model (bench.ingest_bench --no-model);
3. ingest with the model on the 10k texts: cold, then with every extraction cached (same index folder);
4. update: 1,000 new articles into a copy of the largest index;
5. queries: the engine (bench.query_bench engine), SQLite FTS5, tantivy (bench.tantivy_ref in a bench-only
   venv under bench/out/refvenv, created with pip when missing; skipped when pip cannot install it);
6. first request after app start (bench.first_request); growth curves (bench.scaling).
Other benchmarks in bench/ (dedupe, entities, pages) are run on their own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
PY = sys.executable


def run(*args: str, check: bool = True) -> dict | None:
    print("+", " ".join(args), file=sys.stderr, flush=True)
    res = subprocess.run([*args], cwd=REPO, capture_output=True, text=True)
    if res.returncode != 0:
        print(res.stderr[-3000:], file=sys.stderr)
        if check:
            raise SystemExit(f"failed: {' '.join(args)}")
        return None
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def label(n: int) -> str:
    return f"{n // 1000}k"


def corpus(n: int, seed: int) -> Path:
    out = OUT / f"corpus-{label(n)}"
    if not out.exists():
        run(PY, "-m", "bench.generate", "--n", str(n), "--out", str(out), "--seed", str(seed))
    return out


def refvenv() -> Path | None:
    venv = OUT / "refvenv"
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=False)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "tantivy", "numpy"], check=False)
    if not py.exists():
        return None
    ok = subprocess.run([str(py), "-c", "import tantivy"], capture_output=True).returncode == 0
    return py if ok else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-model", action="store_true")
    ap.add_argument("--skip-refs", action="store_true")
    ap.add_argument("--no-relations-from", type=int, default=0,
                    help="build indexes of this size and more without dedupe relations (as bench/README.md's 100k)")
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"sizes": a.sizes}
    indexes = {}
    for i, n in enumerate(a.sizes):
        c = corpus(n, seed=i + 1)
        idx = OUT / f"idx-{label(n)}"
        if not (idx / "CURRENT").exists():
            norel = ["--no-relations"] if a.no_relations_from and n >= a.no_relations_from else []
            results[f"build_{label(n)}"] = run(PY, "-m", "bench.ingest_bench", "build", "--corpus", str(c),
                                               "--index", str(idx), "--no-model", *norel)
        indexes[n] = (c, idx)
    small_c, _ = indexes[a.sizes[0]]
    if not a.skip_model:
        idx = OUT / f"idx-{label(a.sizes[0])}-model"
        shutil.rmtree(idx, ignore_errors=True)
        results["ingest_model_cold"] = run(PY, "-m", "bench.ingest_bench", "build", "--corpus", str(small_c),
                                           "--index", str(idx))
        results["ingest_model_cached"] = run(PY, "-m", "bench.ingest_bench", "build", "--corpus", str(small_c),
                                             "--index", str(idx))
    big = a.sizes[-1]
    big_c, big_idx = indexes[big]
    new = OUT / "corpus-update-new"
    if not new.exists():
        run(PY, "-m", "bench.generate", "--n", "1000", "--out", str(new), "--seed", "99", "--prefix", "new")
    upd_c = OUT / f"corpus-{label(big)}-plus-1k"
    shutil.rmtree(upd_c, ignore_errors=True)
    upd_c.mkdir()
    for f in sorted(big_c.iterdir()):
        os.symlink(f.resolve(), upd_c / f.name)
    for f in sorted(new.iterdir()):
        shutil.copy2(f, upd_c / f.name)
    results["update"] = []
    for _ in range(max(1, a.runs // 2)):
        upd_idx = OUT / f"idx-{label(big)}-update"
        shutil.rmtree(upd_idx, ignore_errors=True)
        shutil.copytree(big_idx, upd_idx)
        results["update"].append(run(PY, "-m", "bench.ingest_bench", "build", "--corpus", str(upd_c),
                                     "--index", str(upd_idx), "--mode", "update", "--no-model"))
    for n, (_c, idx) in indexes.items():
        key = label(n)
        results[f"query_{key}"] = run(PY, "-m", "bench.query_bench", "engine", "--index", str(idx),
                                      "--runs", str(a.runs))
        results[f"query_{key}_no_postings_cache"] = run(PY, "-m", "bench.query_bench", "engine", "--index",
                                                        str(idx), "--runs", str(a.runs), "--no-postings-cache")
        results[f"equality_{key}"] = run(PY, "-m", "bench.equality", "--index", str(idx), check=False)
        results[f"first_request_{key}"] = run(PY, "-m", "bench.first_request", "--index", str(idx))
        if not a.skip_refs:
            results[f"fts5_{key}"] = run(PY, "-m", "bench.query_bench", "fts5", "--index", str(idx),
                                         "--runs", str(a.runs), check=False)
            py = refvenv()
            if py:
                qfile = OUT / f"queries-{key}.json"
                qfile.write_text(subprocess.run([PY, "-m", "bench.query_bench", "queries", "--index", str(idx)],
                                                cwd=REPO, capture_output=True, text=True).stdout)
                gen = idx / "generations" / (idx / "CURRENT").read_text().strip()
                results[f"tantivy_{key}"] = run(str(py), "bench/tantivy_ref.py", "--store",
                                                str(gen / "articles.sqlite"), "--queries", str(qfile),
                                                "--out", str(OUT / f"tantivy-{key}"), "--runs", str(a.runs),
                                                check=False)
            else:
                results[f"tantivy_{key}"] = "skipped: tantivy could not be installed into bench/out/refvenv"
    results["scaling"] = run(PY, "-m", "bench.scaling", "--corpus", str(big_c), "--index",
                             str(indexes[a.sizes[0]][1]), "--sizes", *map(str, a.sizes))
    (OUT / "speed.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""The entity model on Dask against the model here: overhead per article, and 1 -> 2 workers.

    python -m bench.cluster_bench [--texts 400] [--data ../shared/data/reuters-dev.jsonl.gz] [--out FILE]

Texts: the first N Reuters bodies (headline last, as the build gives them to the model). In one process:
1. the local extractor (`EntityExtractor`, one process, model loaded before the clock starts) over the texts;
2. a LocalCluster of 1 worker, then of 2 workers (started, model loaded on each, then the clock starts):
   `ClusterExtractor.extract_many` over the same texts, exactly as the build calls it.
Reported: wall seconds, the workers' CPU seconds (`getrusage` on each worker, before and after), start-up
seconds, overhead per article (1 worker against local), the speed-up 1 -> 2 workers, the load average
before and after, and whether every answer equals the local extractor's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import time
from pathlib import Path

from indexer.cluster import ClusterModel, Scheduler
from indexer.entities import EntityExtractor

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "reuters-dev.jsonl.gz"


def reuters_texts(path: Path, n: int) -> list[str]:
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if len(rec.get("body") or "") > 200:
                texts.append(rec["body"] + "\n\n" + (rec.get("title") or ""))
            if len(texts) == n:
                break
    return texts


def _cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def local_run(texts: list[str]) -> tuple[dict, list[dict]]:
    ex = EntityExtractor(n_process=1)
    ex.nlp  # noqa: B018 - load outside the clock, as each worker does when it joins
    t, c = time.perf_counter(), time.process_time()
    found = [e.to_json() for e in ex.extract_many(texts)]
    return {"wall_s": round(time.perf_counter() - t, 2), "cpu_s": round(time.process_time() - c, 2)}, found


def cluster_run(texts: list[str], workers: int) -> tuple[dict, list[dict]]:
    model = ClusterModel(Scheduler(local_workers=workers))
    t0 = time.perf_counter()
    client = model.client()
    start_s = time.perf_counter() - t0
    try:
        before = client.run(_cpu_self)
        t = time.perf_counter()
        found = [e.to_json() for e in model.extractor(len(texts)).extract_many(texts)]
        wall = time.perf_counter() - t
        after = client.run(_cpu_self)
    finally:
        model.close()
    cpu = {w: round(after[w] - before[w], 2) for w in after}
    return {"workers": workers, "start_s": round(start_s, 2), "wall_s": round(wall, 2),
            "worker_cpu_s": sorted(cpu.values())}, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--texts", type=int, default=400)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "cluster.json")
    args = ap.parse_args()
    texts = reuters_texts(args.data, args.texts)
    out: dict = {"texts": len(texts), "load_before": [round(x, 2) for x in os.getloadavg()]}
    out["local"], expected = local_run(texts)
    for workers in (1, 2):
        res, found = cluster_run(texts, workers)
        res["same_answers"] = found == expected
        out[f"workers_{workers}"] = res
    n = len(texts)
    one, two = out["workers_1"], out["workers_2"]
    out["overhead_ms_per_article"] = round((one["wall_s"] - out["local"]["wall_s"]) / n * 1000, 2)
    out["model_ms_per_article_local"] = round(out["local"]["wall_s"] / n * 1000, 1)
    out["speedup_1_to_2_workers"] = round(one["wall_s"] / two["wall_s"], 2)
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(json.dumps(out))


if __name__ == "__main__":
    main()

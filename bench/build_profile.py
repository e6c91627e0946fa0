"""Where a build's CPU goes: one rebuild in one process (`procs=1`: no workers, every step profiled) under cProfile,
the heaviest functions by own time and by cumulative time, and each step's CPU seconds.

    python -m bench.build_profile --corpus DIR --index DIR [--top 40] [--stats FILE]

Given entities only (the model is replaced by one that finds nothing, as `bench.ingest_bench build --no-model`).
cProfile roughly doubles the time of Python-heavy code: the shares, not the seconds, are the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import shutil
from pathlib import Path

from bench import ingest_bench


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--stats", type=Path, help="also write the raw pstats here")
    args = ap.parse_args()
    shutil.rmtree(args.index, ignore_errors=True)
    prof = cProfile.Profile()
    prof.enable()
    out = ingest_bench.timed_build(args.corpus, args.index, "rebuild", no_model=True, procs=1)
    prof.disable()
    out.pop("_texts", None)
    print(json.dumps({k: out[k] for k in ("articles", "total_cpu_s", "steps_cpu_s")}))
    if args.stats:
        prof.dump_stats(args.stats)
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(args.top)
        print(buf.getvalue())


if __name__ == "__main__":
    main()

"""The story step's time, two code trees in one command (issue 16, fourth round).

Each tree (a checkout such as `git archive main` and the branch) runs in its own fresh process, alternated
ROUNDS times: the first N Reuters development articles fingerprinted and added to a `StoryIndex` (the build's
fingerprint stage), then `relations()` (its story stage). CPU seconds of the process; the least of the rounds
is kept. The relations of both trees are compared too.

    .venv/bin/python bench/story_speed.py TREE_A TREE_B [--n 10051] [--rounds 2] [--data DIR]

Run it under `timed` (see bench/README.md) on a shared machine and give the load average beside the figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from reuters_pairs import data_dir  # noqa: E402

CHILD = """
import gzip, hashlib, json, sys, time
sys.path.insert(0, sys.argv[3])
from reuters_pairs import load_reuters
from pathlib import Path
from indexer.dedupe import StoryIndex
arts = [a for _, a in zip(range(int(sys.argv[2])), load_reuters(Path(sys.argv[1])))]
t0 = time.process_time()
idx = StoryIndex()
for aid, d, text in arts:
    idx.add(aid, text, d)
t1 = time.process_time()
rels = idx.relations()
t2 = time.process_time()
digest = hashlib.sha256(json.dumps([(r.a, r.b, r.kind) for r in rels]).encode()).hexdigest()[:16]
print(json.dumps({"fingerprint_s": round(t1 - t0, 2), "relations_s": round(t2 - t1, 2), "relations": len(rels),
                  "digest": digest}))
"""


def run(tree: Path, data: Path, n: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), str(n), str(REPO / "bench")],
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("trees", type=Path, nargs=2)
    ap.add_argument("--n", type=int, default=10_051)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--data")
    args = ap.parse_args()
    data = data_dir(args.data)
    runs: dict[str, list[dict]] = {str(t): [] for t in args.trees}
    for _ in range(args.rounds):
        for tree in args.trees:
            runs[str(tree)].append(run(tree, data, args.n))
    best = {t: {k: min(r[k] for r in rs) for k in ("fingerprint_s", "relations_s")} for t, rs in runs.items()}
    a, b = (str(t) for t in args.trees)
    out = {
        "articles": args.n,
        "runs": runs,
        "least CPU s": best,
        "ratio B / A": {k: round(best[b][k] / best[a][k], 3) for k in best[a]},
        "relations equal": len({r["digest"] for rs in runs.values() for r in rs}) == 1,
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

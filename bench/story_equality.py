"""Same story index answers before and after a change to indexer/dedupe (issue 12): one tree's answers as JSON.

    python bench/story_equality.py --root TREE --fingerprints FPS.pkl --out TREE.json [--n 10000]
    cmp BASE.json HEAD.json

With TREE's StoryIndex, over the first N Reuters development articles (one in seven left undated, so that the
date pre-filter and the undated path both run): the relations, the story groups, the relations of two processes,
after save and load, the saved arrays (a hash of each), an incremental run (all but the last 10%, then those and
50 removed) and `fact_agreement` of every relation. The fingerprints are computed once (the first run writes
FPS.pkl), so that a change to indexer/fingerprints.py or the splitter does not enter the comparison. This file
imports nothing of the project at its top, so that one copy of it can serve both trees.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
import pickle
import sys
from pathlib import Path

import numpy as np


def fingerprints(path: Path, data: Path, n: int) -> list:
    """(id, Fingerprint, date or None) of the first N articles, computed once and kept in `path`."""
    if path.exists():
        return pickle.loads(path.read_bytes())
    from indexer.fingerprints import fingerprint

    out = []
    with gzip.open(data / "reuters-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i == n:
                break
            r = json.loads(line)
            day = datetime.date.fromisoformat(r["date"][:10]) if i % 7 else None
            out.append((f"r{r['id']}", fingerprint((r.get("dateline", "") + " " + r["body"]).strip()), day))
    path.write_bytes(pickle.dumps(out))
    return out


def answers(fps: list, saved: Path) -> dict:
    from indexer.dedupe import StoryIndex, story_groups

    idx = StoryIndex()
    for aid, fp, day in fps:
        idx.add_fingerprint(aid, fp, day)
    rels = idx.relations()
    out: dict = {"relations": [r.__dict__ for r in rels]}
    out["groups"] = story_groups([a for a, _, _ in fps], rels, {a: d for a, _, d in fps})
    out["two_processes_same"] = idx.relations(procs=2) == rels
    idx.save(saved)
    out["after_load_same"] = StoryIndex.load(saved).relations() == rels
    with np.load(saved) as z:
        out["saved_arrays"] = {k: hashlib.sha256(z[k].tobytes()).hexdigest() for k in z.files}
    cut = len(fps) - len(fps) // 10
    inc = StoryIndex()
    for aid, fp, day in fps[:cut]:
        inc.add_fingerprint(aid, fp, day)
    first = inc.relations()
    for aid, fp, day in fps[cut:]:
        inc.add_fingerprint(aid, fp, day)
    for aid, _, _ in fps[100:150]:
        inc.remove(aid)
    later = inc.relations(ids=[a for a, _, _ in fps[cut:]])
    out["incremental"] = [r.__dict__ for r in first + later]
    slot = idx.slot_of if hasattr(idx, "slot_of") else idx._slot  # the attribute's name before the split
    out["fact_agreement"] = [idx.fact_agreement(slot[r.a], slot[r.b]) for r in rels]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, required=True, help="the tree whose indexer/dedupe is used")
    ap.add_argument("--fingerprints", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    a = ap.parse_args()
    sys.path.insert(0, str(a.root.resolve()))
    got = answers(fingerprints(a.fingerprints, a.data, a.n), a.out.with_suffix(".npz"))
    a.out.write_text(json.dumps(got, sort_keys=True), encoding="utf-8")
    print(f"{a.out}: {len(got['relations'])} relations, {len(set(got['groups'].values()))} groups")
    return 0


if __name__ == "__main__":
    sys.exit(main())

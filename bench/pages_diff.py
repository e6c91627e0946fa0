"""The pages two readings of `bench.pages_eval --pages-out` differ on, with the scores of both and trafilatura's.

    python -m bench.pages_eval --half held --pages-out all.jsonl
    python -m bench.pages_eval --half held --without chunks --pages-out less.jsonl
    python -m bench.pages_diff less.jsonl all.jsonl        # what the rule changes, page by page

Summary lines only (`--quiet`) for the held-out half.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _rows(path: Path) -> dict[str, dict]:
    return {r["page"]: r for r in (json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--quiet", action="store_true", help="summary lines only")
    args = ap.parse_args()
    before, after = _rows(args.before), _rows(args.after)
    f1 = {"before": 0.0, "after": 0.0, "trafilatura": 0.0}
    changed = with_truth = 0
    passages = {k: [0, 0] for k in ("body_with", "body_without")}
    for page, a in after.items():
        b = before[page]
        if a["body"] == b["body"]:
            continue
        changed += 1
        for k, counts in passages.items():
            if k in a:
                counts[0] += b[k]
                counts[1] += a[k]
        if "f1" not in a:
            continue
        with_truth += 1
        f1["before"] += b["f1"]
        f1["after"] += a["f1"]
        f1["trafilatura"] += a.get("f1_trafilatura", 0.0)
        if not args.quiet:
            library = a.get("f1_trafilatura", "-")
            print(f"{a['f1'] - b['f1']:+.3f}  {b['f1']:.3f} -> {a['f1']:.3f}  trafilatura {library}  {page}")
    n = len(after)
    print(f"{changed} of {n} pages' text changed, {with_truth} with full body truth")
    print("body F1 summed over those: " + ", ".join(f"{k} {v:.3f}" for k, v in f1.items()))
    if n_with := sum(1 for r in after.values() if "f1" in r):
        change = (f1["after"] - f1["before"]) / n_with
        print(f"mean body F1 change over the {n_with} pages with body truth: {change:+.4f}")
    for k, (b_count, a_count) in passages.items():
        print(f"{k} passages held by the text on the changed pages: {b_count} -> {a_count}")


if __name__ == "__main__":
    main()

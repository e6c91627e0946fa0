"""Time to read one saved page (indexer.htmlpage.parse_page), beside trafilatura's own extraction of the same
page as the reference, on the test pages of tests/pages/ (moved here from a wall-clock assert in the unit tests).

    python bench/page_time.py [--runs 20]

Prints, per page and in all, milliseconds per parse (CPU time of this process) and the ratio to trafilatura's
`extract` (the library the reader is built on), so that the figure holds on a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura  # noqa: E402

from indexer.decode import decode_bytes  # noqa: E402
from indexer.htmlpage import parse_page  # noqa: E402

PAGES = Path(__file__).resolve().parent.parent / "tests" / "pages"


def cpu_ms(fn, raw: bytes, runs: int) -> float:  # noqa: ANN001
    fn(raw)  # the first call compiles regexes and loads what it needs
    t = time.process_time()
    for _ in range(runs):
        fn(raw)
    return (time.process_time() - t) / runs * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    a = ap.parse_args()
    rows = {}
    for path in sorted(PAGES.glob("*.htm*")):
        raw = path.read_bytes()
        ours = cpu_ms(lambda b: parse_page(decode_bytes(b, html=True)), raw, a.runs)  # as the build reads it
        ref = cpu_ms(lambda b: trafilatura.extract(b, include_comments=False), raw, a.runs)
        rows[path.name] = {"parse_page_ms": round(ours, 2), "trafilatura_ms": round(ref, 2),
                           "ratio": round(ours / ref, 2) if ref else None}
    total = sum(r["parse_page_ms"] for r in rows.values())
    ref_total = sum(r["trafilatura_ms"] for r in rows.values())
    print(json.dumps({"pages": rows, "all_ms": round(total, 1), "all_trafilatura_ms": round(ref_total, 1),
                      "ratio": round(total / ref_total, 2) if ref_total else None}, indent=1))


if __name__ == "__main__":
    main()

"""The splitter's abbreviation step (`archive.sbd_abbreviations`) against pysbd's own, on real texts:
every paragraph given whole to both segmenters (same pysbd pieces?), and every text through
`split_sentences` with each (same sentences?). Prints counts as JSON; `differ` must be 0.

    .venv/bin/python bench/abbreviation_check.py ../shared/data [--pages]

Texts: the 10,051 Reuters development articles, the shipped corpus (`corpus/`), and with `--pages` the
1,050 web pages' reference bodies plus the body the product's page reader takes from each page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from pysbd.lang.english import English  # noqa: E402
from reuters_pairs import load_reuters  # noqa: E402

from archive import sentences  # noqa: E402


def texts(data: Path, pages: bool) -> Iterator[tuple[str, str]]:
    """(source, text) of every text checked."""
    for _, _, text in load_reuters(data):
        yield "reuters", text
    for path in sorted((REPO / "corpus").glob("*.txt")):
        yield "corpus", path.read_text(encoding="utf-8")
    if not pages:
        return
    from indexer.decode import decode_bytes
    from indexer.htmlpage import parse_page

    for truth in sorted((data / "pages").glob("*/truth.jsonl")):
        for line in truth.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("body"):
                yield "page truth", rec["body"]
            html = decode_bytes(gzip.decompress((truth.parent / rec["file"]).read_bytes()), html=True)
            yield "page reader", parse_page(html).body


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--pages", action="store_true")
    args = ap.parse_args()
    fast = sentences._SEGMENTER
    stock = sentences._Segmenter()
    stock.language_module = English
    counts: dict[str, dict[str, int]] = {}
    t0 = time.time()
    for source, text in texts(args.data, args.pages):
        c = counts.setdefault(source, {"texts": 0, "paragraphs": 0, "differ": 0, "texts differ": 0})
        c["texts"] += 1
        for line in text.splitlines():
            para = line.strip()
            if para and sentences._POSSIBLE_END.search(para):
                c["paragraphs"] += 1
                if fast.segment(para) != stock.segment(para):
                    c["differ"] += 1
                    print("DIFFER", source, para[:200], file=sys.stderr)
        sentences.paragraph_sentences.cache_clear()
        mine = sentences.split_sentences(text)
        sentences._SEGMENTER = stock
        sentences.paragraph_sentences.cache_clear()
        theirs = sentences.split_sentences(text)
        sentences._SEGMENTER = fast
        c["texts differ"] += mine != theirs
    print(json.dumps({"counts": counts, "seconds": round(time.time() - t0, 1)}, indent=1))


if __name__ == "__main__":
    main()

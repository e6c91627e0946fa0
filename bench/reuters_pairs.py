"""Build the truth list of near-duplicate pairs in the Reuters half by comparing EVERY pair (one-off).

Exact 5-word-shingle sets over each whole text (no sampling, no sentence cuts: independent of
indexer.dedupe). Shared-shingle counts for all 50M pairs come from the shingle -> articles postings,
enumerated per group size with numpy (a pair sharing no shingle has Jaccard 0, so nothing is skipped).
Writes bench/out/reuters_pairs.tsv: id_a, id_b, shared, jaccard, containment, identical -- ids and
figures only, never texts. Pairs with Jaccard >= 0.3 or containment >= 0.5 are kept; the truth the
bench scores against is Jaccard >= 0.5 or (containment >= 0.8 and >= 8 shared shingles).

    .venv/bin/python bench/reuters_pairs.py [--data DIR]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
KEEP_JACCARD, KEEP_CONTAINMENT = 0.3, 0.5  # written to the file (borderline included for study)
TRUE_JACCARD, TRUE_CONTAINMENT, TRUE_MIN_SHARED = 0.5, 0.8, 8  # the definition of a duplicate
_TOKEN = re.compile(r"[^\W_]+")


def data_dir(arg: str | None) -> Path:
    """--data, else $ARCHIVE_BENCH_DATA, else ../shared/data beside the repo; exit when absent."""
    d = Path(arg or os.environ.get("ARCHIVE_BENCH_DATA") or REPO.parent / "shared" / "data")
    if not (d / "reuters-dev.jsonl.gz").is_file():
        sys.exit(
            f"bench data not found: {d}/reuters-dev.jsonl.gz (pass --data DIR or set ARCHIVE_BENCH_DATA)"
        )
    return d


def reuters_text(rec: dict) -> str:
    """Title + body as the pipeline would give it: paragraphs (indented lines) split by blank lines."""
    body = rec.get("body", "").replace("&#3;", "").replace("&lt;", "<").replace("&gt;", ">")
    body = re.sub(r"\s*\bReuter\s*$", "", body.strip())
    paras = [" ".join(p.split()) for p in re.split(r"\n\s{2,}|\n\s*\n", body)]
    title = " ".join(rec.get("title", "").split())
    return "\n\n".join(p for p in [title, *paras] if p)


def load_reuters(d: Path) -> Iterator[tuple[str, datetime.date | None, str]]:
    """(id, date, text) for each Reuters article."""
    with gzip.open(d / "reuters-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            try:
                date = datetime.date.fromisoformat(rec["date"][:10])
            except (KeyError, ValueError):
                date = None
            yield f"r{rec['id']}", date, reuters_text(rec)


def _pairs_sharing(post_doc: np.ndarray, post_key: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """All (pair code, shared count) from postings sorted by key."""
    bounds = np.flatnonzero(np.diff(post_key)) + 1
    starts = np.concatenate([[0], bounds])
    sizes = np.diff(np.concatenate([starts, [len(post_key)]]))
    counts = np.zeros(n * n, dtype=np.int32)  # 10k^2 int32 = 400 MB: fine for a one-off
    for s in np.unique(sizes[sizes >= 2]):
        g = starts[sizes == s]
        grid = post_doc[g[:, None] + np.arange(s)]  # (groups, s), docs sorted within a group
        i, j = np.triu_indices(s, 1)
        for c in range(0, len(i), 2000):  # bound memory for large groups
            a = grid[:, i[c : c + 2000]].ravel().astype(np.int64)
            b = grid[:, j[c : c + 2000]].ravel().astype(np.int64)
            np.add.at(counts, a * n + b, 1) if len(a) < 10_000 else _bump(counts, a * n + b)
    code = np.flatnonzero(counts)
    return code, counts[code]


def _bump(counts: np.ndarray, code: np.ndarray) -> None:
    u, c = np.unique(code, return_counts=True)
    counts[u] += c.astype(np.int32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    args = ap.parse_args()
    d = data_dir(args.data)
    t0 = time.time()
    ids: list[str] = []
    norm: list[str] = []
    shingle_id: dict[tuple[str, ...], int] = {}
    docs: list[np.ndarray] = []
    for aid, _date, text in load_reuters(d):
        toks = _TOKEN.findall(text.lower())
        sh = {tuple(toks[i : i + 5]) for i in range(len(toks) - 4)}
        docs.append(np.unique(np.fromiter((shingle_id.setdefault(s, len(shingle_id)) for s in sh), np.int64)))
        ids.append(aid)
        norm.append(" ".join(toks))
    n = len(ids)
    size = np.array([len(x) for x in docs], dtype=np.int64)
    post_doc = np.repeat(np.arange(n, dtype=np.int64), size)
    post_key = np.concatenate(docs)
    order = np.lexsort((post_doc, post_key))
    code, shared = _pairs_sharing(post_doc[order], post_key[order], n)
    a, b = code // n, code % n
    jac = shared / (size[a] + size[b] - shared)
    con = shared / np.maximum(1, np.minimum(size[a], size[b]))
    keep = (jac >= KEEP_JACCARD) | (con >= KEEP_CONTAINMENT)
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "reuters_pairs.tsv"
    n_true = 0
    with out.open("w") as f:
        f.write("id_a\tid_b\tshared\tjaccard\tcontainment\tidentical\n")
        for x, y, s, j, c in zip(a[keep], b[keep], shared[keep], jac[keep], con[keep], strict=True):
            ident = int(norm[x] == norm[y])
            f.write(f"{ids[x]}\t{ids[y]}\t{s}\t{j:.4f}\t{c:.4f}\t{ident}\n")
            n_true += bool(j >= TRUE_JACCARD or (c >= TRUE_CONTAINMENT and s >= TRUE_MIN_SHARED))
    print(
        f"{n} articles, {n * (n - 1) // 2:,} pairs compared, {len(code):,} share a shingle, "
        f"{int(keep.sum())} kept, {n_true} true near-duplicate pairs -> {out.relative_to(REPO)} "
        f"({time.time() - t0:.0f} s)"
    )


def read_truth(path: Path) -> list[tuple[str, str, float, float, bool]]:
    """(id_a, id_b, jaccard, containment, identical) of the truth pairs in a reuters_pairs.tsv."""
    rows = []
    with path.open() as f:
        next(f)
        for line in f:
            x, y, s, j, c, ident = line.rstrip("\n").split("\t")
            jf, cf = float(j), float(c)
            if jf >= TRUE_JACCARD or (cf >= TRUE_CONTAINMENT and int(s) >= TRUE_MIN_SHARED):
                rows.append((x, y, jf, cf, ident == "1"))
    return rows


if __name__ == "__main__":
    main()

"""Phrases answered from the pairs fields (archive/schema.PAIR_FIELDS) against the positions path, same index, same
process.

    python -m bench.phrase_pairs --index DIR [--rounds 100] [--seed 2] [--rare]
    python -m bench.phrase_pairs --index DIR --read WORD ...     # any index, with or without pairs fields

The phrases are the mixed workload's (`bench.mixed.requests`: half two of the 60 most frequent words, half two
adjacent words of real articles), parsed as the engine parses them (title, body and names). Each is matched and
ranked (`fastpath.matches` and `top(20)`) twice per path, with an empty postings cache ("cold": the words read
from the index files, as a phrase asked for the first time) and again ("warm"); the positions path is the same
index with its pairs fields hidden from the fast path (as a generation written before them), with a common word's
positions read only in the rarer word's blocks (`search/phraseblocks.py`: "blocks") or whole as main reads them
("positions"). The three paths' matches and top 20 are compared. Prints one JSON object: CPU ms per path (p50,
p95, max, mean), the phrases the pairs answered, the matches, and the load average.

With `--rare`, the phrases are instead two adjacent words of real articles (articles 2,000 to 4,000, past those
the common words are sampled from), one rare (in under 1/300 of the articles) and one common (in over 1/10): the
case `phraseblocks` is for.

With `--read`, only the cost the pairs path keeps is measured, on any index (the 1,000,000-article one has no
pairs fields): each body word's postings (document numbers and weights: what scoring a phrase needs) against
its positions (what the positions path decodes), CPU ms, read once each from the index files.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import time
from pathlib import Path

import numpy as np
from whoosh import query as wq

from archive.schema import PAIR_FIELDS, paired_words
from bench.mixed import _bodies, requests
from search import fastpath, phrasematch, postingcache
from search.fieldlengths import FieldLengths
from search.generation import IndexHandle
from search.postingcache import PostingsCache
from search.query import parse_query

CACHE_BYTES = 256 << 20  # as the server's (search/generation.POSTINGS_CACHE_BYTES at this writing)


def _run(q, searcher, lengths: FieldLengths, cache: PostingsCache) -> tuple[float, np.ndarray, np.ndarray]:  # noqa: ANN001
    t = time.process_time()
    found = fastpath.matches(q, searcher, lengths, cache)
    top = fastpath.top(q, searcher, found, 20)
    return (time.process_time() - t) * 1000, found.docs, top


def _stats(ms: list[float]) -> dict:
    a = np.asarray(ms)
    return {"p50": round(float(np.percentile(a, 50)), 1), "p95": round(float(np.percentile(a, 95)), 1),
            "max": round(float(a.max()), 1), "mean": round(float(a.mean()), 1)}


def _paired(q, schema) -> bool:  # noqa: ANN001
    """Whether the body phrase of `q` is answered from the pairs field (both words common)."""
    common = paired_words(schema, "body") or frozenset()
    return any(type(p) is wq.Phrase and p.fieldname == "body" and len(p.words) == 2 and set(p.words) <= common
               for p in q.leaves())


def read_costs(gen, words: list[str]) -> dict:  # noqa: ANN001
    """CPU ms to read each body word's postings and its positions (analysed as the body field analyses it)."""
    searcher = gen.searcher()
    out = {}
    for word in words:
        text = next(iter(gen.schema["body"].analyzer(word))).text
        row = {}
        for name, read in (("postings", postingcache.read_postings), ("positions", postingcache.read_positions)):
            t = time.process_time()
            row["docs"] = int(read(searcher, "body", text)[0].size)
            row[f"{name}_ms"] = round((time.process_time() - t) * 1000, 1)
        out[text] = row
    return out


def rare_phrases(gen, n: int) -> list[str]:  # noqa: ANN001
    """Up to `n` phrases of a rare and a common word, adjacent in real articles (see the module docstring)."""
    searcher = gen.searcher()
    size = searcher.doc_count_all()
    analyzer = gen.schema["body"].analyzer
    out: list[str] = []
    for body in _bodies(gen.path / "articles.sqlite", 4000)[2000:]:
        for pair in re.findall(r"\b([A-Za-z]{4,}) ([A-Za-z]{4,})\b", body):
            words = [t.text for t in analyzer(" ".join(pair))]
            dfs = sorted(searcher.doc_frequency("body", w) for w in words)
            text = '"' + " ".join(pair) + '"'
            if len(words) == 2 and dfs[0] * 300 < size < dfs[1] * 10 and text not in out:
                out.append(text)
                break  # one a article
        if len(out) == n:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--read", nargs="+")
    ap.add_argument("--rare", action="store_true")
    a = ap.parse_args()
    gen = IndexHandle(Path(a.index)).current()
    if a.read:
        print(json.dumps({"index": str(a.index), "read": read_costs(gen, a.read), "load": round(os.getloadavg()[0], 2)},
                         indent=1))
        return
    texts = (rare_phrases(gen, a.rounds) if a.rare
             else [p["q"] for kind, p in requests(gen, a.rounds, a.seed) if kind == "phrase"])
    queries = [parse_query(gen, t) for t in texts]
    searcher = gen.searcher()
    hidden = copy.copy(searcher)  # the positions path: the same searcher, its pairs fields not in the schema
    hidden.schema = copy.deepcopy(searcher.schema)
    for name in PAIR_FIELDS.values():
        if name in hidden.schema:
            hidden.schema.remove(name)
    lengths = FieldLengths()
    for q in queries[:3]:  # the field lengths read once, outside the timings
        _run(q, searcher, lengths, PostingsCache(CACHE_BYTES))
    paths = [("pairs", searcher, phrasematch.FEW_CANDIDATES), ("blocks", hidden, phrasematch.FEW_CANDIDATES),
             ("positions", hidden, 1 << 62)]  # the last never reads a word's blocks alone: main's positions path
    times: dict[str, list[float]] = {f"{p[0]} {w}": [] for p in paths for w in ("cold", "warm")}
    matches, paired = [], 0
    for k, q in enumerate(queries):
        answers = set()
        for name, s, few in (paths if k % 2 else paths[::-1]):  # alternate which path reads the files first
            phrasematch.FEW_CANDIDATES = few
            cache = PostingsCache(CACHE_BYTES)
            ms, docs, top = _run(q, s, lengths, cache)
            times[f"{name} cold"].append(ms)
            times[f"{name} warm"].append(_run(q, s, lengths, cache)[0])
            answers.add((tuple(docs.tolist()), tuple(top.tolist())))
        if len(answers) != 1:
            raise SystemExit(f"different answers for {texts[k]}")
        matches.append(len(next(iter(answers))[0]))
        paired += _paired(q, searcher.schema)
    print(json.dumps({"index": str(a.index), "phrases": len(queries), "answered_from_pairs": paired,
                      "index_mb": round(sum(f.stat().st_size for f in (gen.path / "whoosh").iterdir()) / 2**20, 1),
                      "matches_mean": round(float(np.mean(matches)), 1), "matches_max": int(max(matches)),
                      "cpu_ms": {k: _stats(v) for k, v in times.items()},
                      "slowest_positions_cold": sorted(zip(times["positions cold"], texts, matches))[-3:],
                      "load": round(os.getloadavg()[0], 2)}, indent=1))


if __name__ == "__main__":
    main()

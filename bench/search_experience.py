"""Issue 17 measurements: "did you mean" and "more like this" quality, and the slow corners' speed.

    python -m bench.search_experience suggest --index DIR [--n 300] [--seed 17]
    python -m bench.search_experience mlt     --index DIR [--n 200] [--seed 17] [--data ../shared/data]
    python -m bench.search_experience speed   --index DIR [--runs 5] [--words-dir DIR]
    python -m bench.search_experience words   --index DIR [--n 1000]

`suggest`: typos made (seeded) from words of the index's own word list (used by 3+ articles, 5+ letters): one
deletion, insertion, substitution or swap, never itself a word of the archive; right when the suggestion is the
word. Beside it, the library baseline the archive used before: Whoosh's `correct_query` over the stemmed body
field (its suggestion counted right when it is the word; "same stem" as well when it only has the word's stem).
`mlt`: Reuters-21578's topic codes as truth (articles of the Reuters half with topics, matched by title and date):
precision@5 = the share of recommended articles sharing a topic with the article; beside it Whoosh's
`more_like` over the body (the previous code). `speed`: through the Flask app as the server runs it, each corner
timed beside a plain one-word query in the same run, medians of `--runs`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent


def _open(index: Path):
    from search.generation import IndexHandle

    return IndexHandle(index).current()


def _typo(word: str, rng: np.random.Generator) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    i = int(rng.integers(len(word)))
    kind = int(rng.integers(4))
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + letters[int(rng.integers(26))] + word[i:]
    if kind == 2:
        return word[:i] + letters[int(rng.integers(26))] + word[i + 1:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _whoosh_suggestion(gen, text: str) -> str | None:
    """The archive's previous "did you mean": Whoosh's correct_query on the body field's (stemmed) terms."""
    from search.query import parse_query

    q = parse_query(gen, text)
    searcher = gen.searcher()
    reader = searcher.reader()
    terms = [t for t in q.all_tokens() if t.fieldname == "body" and (t.fieldname, t.text) not in reader]
    if not terms:
        return None
    corrected = searcher.correct_query(q, text, terms=[(t.fieldname, t.text) for t in terms])
    return corrected.string if corrected.query != q and corrected.string != text else None


def suggest(args) -> dict:
    from search import suggest as sg
    from search.suggest import for_query as _suggest

    gen = _open(args.index)
    vocab = sg.Vocabulary.load(gen.path)
    rng = np.random.default_rng(args.seed)
    pool = sorted(w for w, c in vocab.counts.items() if c >= 3 and len(w) >= 5)
    stem = gen.snippet_analyzer.key
    ours = whoosh = whoosh_stem = tried = 0
    t_ours: list[float] = []
    t_whoosh: list[float] = []
    for i in rng.permutation(len(pool)):
        word = pool[int(i)]
        typo = _typo(word, rng)
        if typo in vocab.counts or len(typo) < 4:
            continue
        tried += 1
        t0 = time.perf_counter()
        got = _suggest(gen, typo)
        t_ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        base = _whoosh_suggestion(gen, typo)
        t_whoosh.append(time.perf_counter() - t0)
        ours += got == word
        whoosh += base == word
        whoosh_stem += base is not None and stem(base) == stem(word)
        if tried == args.n:
            break
    return {"typos": tried, "ours_right": round(ours / tried, 3), "whoosh_right": round(whoosh / tried, 3),
            "whoosh_same_stem": round(whoosh_stem / tried, 3),
            "ours_ms_median": round(1000 * statistics.median(t_ours), 2),
            "whoosh_ms_median": round(1000 * statistics.median(t_whoosh), 2), "words": len(vocab.counts)}


def mlt(args) -> dict:
    from search.similar import more_like_this

    gen = _open(args.index)
    topics: dict[tuple[str, str], set[str]] = {}
    with gzip.open(Path(args.data) / "reuters-dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("topics"):
                topics[(r["title"].strip(), r["date"][:10])] = set(r["topics"])
    store = gen.store()
    by_id = {}
    for _o, rec in store.records():
        t = topics.get((rec.title.strip(), rec.date or ""))
        if t:
            by_id[rec.id] = t
    ids = sorted(by_id)
    rng = np.random.default_rng(args.seed)
    sample = [ids[int(i)] for i in rng.permutation(len(ids))[:args.n]]
    searcher = gen.searcher()
    ours, base = [], []
    t_ours, t_base = [], []
    for art_id in sample:
        t0 = time.perf_counter()
        got = [m["id"] for m in more_like_this(gen, art_id)]
        t_ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rec = store.need(art_id)
        hits = searcher.more_like(searcher.document_number(id=art_id), "body", text=rec.body, top=15)
        others = store.get_many([int(gen.docnum_ord[h.docnum]) for h in hits])
        old = [o.id for o in others.values() if o.story_id != rec.story_id][:5]
        t_base.append(time.perf_counter() - t0)
        for out, got_ids in ((ours, got), (base, old)):
            judged = [i for i in got_ids if i in by_id]
            if judged:
                out.append(sum(bool(by_id[i] & by_id[art_id]) for i in judged) / len(judged))
    return {"articles": len(sample), "with_topics_in_index": len(ids),
            "ours_p_at_5": round(float(np.mean(ours)), 3), "whoosh_more_like_p_at_5": round(float(np.mean(base)), 3),
            "ours_ms_median": round(1000 * statistics.median(t_ours), 1),
            "whoosh_ms_median": round(1000 * statistics.median(t_base), 1)}


def _with_words(index: Path, words_dir: Path | None) -> Path:
    """An index whose serving generation has a word list: `index` itself, or a hard-linked copy plus one written."""
    from search.generation import IndexHandle

    gen_path = IndexHandle(index).current().path
    if (gen_path / "words.json").exists():
        return index
    from archive.store import STORE_FILE, Store
    from indexer import wordlist

    target = Path(words_dir or tempfile.mkdtemp(prefix="bench-words-"))
    copy = target / "generations" / gen_path.name
    if not copy.exists():
        shutil.copytree(gen_path, copy, copy_function=os.link)
        shutil.copyfile(index / "CURRENT", target / "CURRENT")
        store = Store(copy / STORE_FILE, readonly=True)
        t0 = time.perf_counter()
        wordlist.build(store, copy)
        print(f"word list written in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return target


# Each corner beside the request it should cost no more than: the same search typed right, or without the corner.
CORNERS = [
    ("zero hits, page shows the suggestion's results", "/search?q=goverment+markte",
     "/search?q=government+market"),
    ("zero hits, API answers the suggestion", "/api/search?q=goverment+markte", "/api/search?q=government+market"),
    ("s* (first time)", "/api/search?q=s*", "/api/search?q=market"),
    ("facet_limit=0, no query", "/api/search?facet_limit=0", "/api/search"),
    ("facet_limit=0 with a query", "/api/search?q=market&facet_limit=0", "/api/search?q=market"),
    ("page with one facet opened in full", "/search?q=market&expand=person", "/search?q=market"),
]


def speed(args) -> dict:
    """Every URL in a fresh app (cold caches, the generation opened by one other query first): a fair pair.
    Wall and CPU time of the whole request (the response body read), medians of `--runs`; the load average
    before and after; each corner beside its reference, measured in the same run."""
    from app import create_app

    index = _with_words(args.index, args.words_dir)
    urls = sorted({u for _n, corner, ref in CORNERS for u in (corner, ref)})
    wall: dict[str, list[float]] = {u: [] for u in urls}
    cpu: dict[str, list[float]] = {u: [] for u in urls}
    statuses = {}
    load_before = os.getloadavg()
    for _run in range(args.runs):
        for url in urls:
            client = create_app({"INDEX_DIR": str(index)}).test_client()
            # The generation opened and the templates compiled by other requests: what is timed is the URL's
            # own first time, not the server's.
            client.get("/api/search?q=opened").get_data()
            client.get("/search?q=opened").get_data()
            t0, c0 = time.perf_counter(), time.process_time()
            resp = client.get(url)
            resp.get_data()
            wall[url].append(time.perf_counter() - t0)
            cpu[url].append(time.process_time() - c0)
            statuses[url] = resp.status_code
    ms = {u: 1000 * statistics.median(t) for u, t in wall.items()}
    cpu_ms = {u: 1000 * statistics.median(t) for u, t in cpu.items()}
    out: dict = {"load_average_before": [round(x, 2) for x in load_before],
                 "load_average_after": [round(x, 2) for x in os.getloadavg()], "runs": args.runs}
    for name, corner, ref in CORNERS:
        out[name] = {"url": corner, "ms": round(ms[corner], 1), "cpu_ms": round(cpu_ms[corner], 1),
                     "under_200_ms": ms[corner] < 200, "reference": ref, "reference_ms": round(ms[ref], 1),
                     "reference_cpu_ms": round(cpu_ms[ref], 1), "x_reference": round(ms[corner] / ms[ref], 2),
                     "status": statuses[corner]}
    return out


def words(args) -> dict:
    """The word list written whole (a rebuild) beside an update that takes `--n` articles out and puts them back:
    CPU seconds of each, and whether the update gives the same list (it must)."""
    from archive.store import STORE_FILE, Store
    from indexer import wordlist

    gen_path = _open(args.index).path
    store = Store(gen_path / STORE_FILE, readonly=True)
    all_ids = sorted(store.ids())
    ids = all_ids[:: max(1, len(all_ids) // args.n)][: args.n]
    out = Path(tempfile.mkdtemp(prefix="bench-words-"))
    try:
        c0 = time.process_time()
        n_words = wordlist.build(store, out)
        whole = time.process_time() - c0
        rebuilt = (out / wordlist.WORDS_FILE).read_bytes()
        c0 = time.process_time()
        wordlist.update(out, store, store, out, ids, ids)
        update = time.process_time() - c0
        same = (out / wordlist.WORDS_FILE).read_bytes() == rebuilt
    finally:
        shutil.rmtree(out)
        store.close()
    return {"articles": len(all_ids), "words": n_words, "changed_articles": len(ids),
            "rebuild_cpu_s": round(whole, 2), "update_cpu_s": round(update, 2), "same_list": same,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("suggest", "mlt", "speed", "words"))
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", default=os.environ.get("ARCHIVE_BENCH_DATA", str(REPO.parent / "shared" / "data")))
    ap.add_argument("--words-dir", type=Path, default=None)
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    result = {"suggest": suggest, "mlt": mlt, "speed": speed, "words": words}[args.what](args)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

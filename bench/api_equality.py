"""Same answers before and after a change that must change none (issue 12): dump the JSON API of an index, compare.

    python bench/api_equality.py corpus --out DIR [--n 10000] [--data ../shared/data]
    python bench/api_equality.py dump --root CODE_DIR --index INDEX_DIR --out FILE.json.gz
    python bench/api_equality.py compare A.json.gz B.json.gz
    python bench/api_equality.py run --base CODE_DIR --head CODE_DIR --corpus DIR --work DIR

`dump` serves INDEX_DIR with the code in CODE_DIR (its `create_app`, through Flask's test client) and records
the answer of every request of a fixed list (every URL parameter kind of the contract: words, phrases, AND/OR/NOT,
-word, fields, prefixes, every facet filter with its `not_` and `any_` forms, dates, `date=unknown`, sorts,
pages, page sizes, facet limits, versions, malformed parameters), of requests drawn from the index's own
facet values and titles, of `/api/article/<id>` for every article, of `/api/story/<id>` for every story of
two or more articles and of the three exports for a few requests. The generation name and build time (the
`index` object, and their strings inside exports) are the only parts removed. `compare` prints the requests
whose status or body differ and exits 1 if any does.

`run` builds CORPUS with the code of BASE and of HEAD (the same extraction cache, copied between the two
index folders, so that the entity model runs at most once for a corpus), dumps both and compares.
This file imports nothing of the project at its top, so that one copy of it can serve both trees.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

CACHE_FILE = "cache.sqlite"  # the extraction cache (indexer/cache.py), kept in the index folder

FIXED_QUERIES = [
    "", "oil", "oil prices", '"oil prices"', "“oil prices”", "bank OR banks", "oil AND NOT opec", "oil -opec",
    '-"oil prices" trade', "+trade deficit", "title:oil", "body:dollar", "names:reagan", "dateline:tokyo",
    "person:Reagan", "org:OPEC", "resolution:1267", "source:reuters", "terror*", "b?nk", "compan*", "the",
    "the of", "unknownfield:x", "*ing", "a*", '"unbalanced', "(oil", "security council resolution",
    "sanctions", "Pompeo", "Taliban", "Kashmir", "al-Qaeda", "stock exchange", "wheat exports", "U.S.",
    "pct", "1987", "shipments tonnes", "prime minister", "federal reserve", "goverment", "recieved",
]
FIXED_PARAMS: list[list[tuple[str, str]]] = [
    [("sort", "newest")], [("sort", "oldest")], [("sort", "relevance")], [("sort", "bogus")],
    [("page", "2")], [("page", "3"), ("per_page", "5")], [("per_page", "100")], [("per_page", "101")],
    [("page", "0")], [("page", "x")], [("page", "99999")], [("facet_limit", "0")], [("facet_limit", "3")],
    [("facet_limit", "-1")], [("versions", "all")], [("versions", "all"), ("page", "2")], [("versions", "x")],
    [("date", "unknown")], [("date", "unknown"), ("from", "1987")], [("date", "maybe")],
    [("from", "1987")], [("to", "1987-03")], [("from", "1987-03-01"), ("to", "1987-03-15")],
    [("from", "1987-04"), ("to", "1987-03")], [("from", "March 1987")], [("from", "2 March 1987")],
    [("from", "3/2/1987")], [("from", "1987-13")], [("to", "2019")], [("from", "2020-09"), ("to", "2021")],
    [("sort", "newest"), ("from", "1987-03")], [("person", "nobody at all")], [("org", "")],
]
EXPORTS = ("/search.csv", "/search.jsonl", "/search.atom")


def _load_app(root: Path, index: Path):  # noqa: ANN202 - the app of another tree
    sys.path.insert(0, str(root))
    from app import create_app

    return create_app({"INDEX_DIR": str(index), "TESTING": True})


def _strip(obj, gen: dict):  # noqa: ANN001, ANN202
    """Remove the generation fields (name, build time) wherever they appear."""
    if isinstance(obj, dict):
        return {k: _strip(v, gen) for k, v in obj.items() if k != "index"}
    if isinstance(obj, list):
        return [_strip(v, gen) for v in obj]
    if isinstance(obj, str):
        for key in ("generation", "built_at"):
            if gen.get(key):
                obj = obj.replace(gen[key], f"<{key}>")
    return obj


class Dumper:
    def __init__(self, client) -> None:  # noqa: ANN001
        self.client = client
        self.out: dict[str, object] = {}
        self.gen = client.get("/api/").get_json()["index"]

    def get(self, url: str):  # noqa: ANN201
        resp = self.client.get(url)
        body = resp.get_json(silent=True) if resp.is_json else resp.get_data(as_text=True)
        body = _strip(body, self.gen)
        self.out[url] = {"status": resp.status_code, "body": body}
        return body

    def search(self, params: list[tuple[str, str]]):  # noqa: ANN201
        return self.get("/api/search?" + urlencode(params))


def _values(facets: dict, facet: str, n: int) -> list[str]:
    return [v["value"] for v in facets.get(facet, [])[:n] if v["value"] != "unknown"]


def requests_from(all_answer: dict) -> list[list[tuple[str, str]]]:
    """Requests drawn from the index itself: its top facet values, years and months, title words."""
    facets = all_answer.get("facets", {})
    reqs: list[list[tuple[str, str]]] = []
    for facet in ("person", "org", "resolution", "source", "place"):
        vals = _values(facets, facet, 3)
        for v in vals:
            reqs += [[(facet, v)], [(f"not_{facet}", v)], [(facet, v.upper())], [("q", "said"), (facet, v)]]
        if len(vals) >= 2:
            reqs += [[(facet, vals[0]), (facet, vals[1])], [(f"any_{facet}", vals[0]), (f"any_{facet}", vals[1])],
                     [(f"any_{facet}", vals[0]), (f"any_{facet}", vals[1]), ("sort", "oldest"), ("facet_limit", "0")]]
    for year in _values(facets, "year", 3):
        reqs += [[("from", year), ("to", year)], [("q", "said"), ("to", year), ("sort", "newest")]]
    for month in _values(facets, "month", 4):
        reqs.append([("from", month), ("to", month), ("versions", "all")])
    return reqs


def title_queries(titles: list[str], n: int = 40) -> list[list[tuple[str, str]]]:
    """Words and two-word phrases of every k-th title: queries that have answers in any corpus."""
    reqs: list[list[tuple[str, str]]] = []
    step = max(1, len(titles) // n)
    for title in titles[::step][:n]:
        words = [w for w in title.split() if w.isalpha() and len(w) > 3][:3]
        if words:
            reqs.append([("q", words[0].lower())])
        if len(words) >= 2:
            reqs += [[("q", f'"{words[0]} {words[1]}"')], [("q", f"{words[0]} -{words[1]}"), ("versions", "all")]]
    return reqs


def all_hits(d: Dumper) -> list[dict]:
    """Every article, through the API's own pages (versions=all, oldest first)."""
    hits, page = [], 1
    while True:
        ans = d.search([("versions", "all"), ("sort", "oldest"), ("per_page", "100"), ("page", str(page))])
        hits += ans["hits"]
        if page >= ans["pages"]:
            return hits
        page += 1


def _sample_more_like_this(every: int) -> None:
    """"More like this" of one article in `every` (by a hash of its id) only; both trees answer the others with
    an empty list. It is Whoosh's own search over about 25 words (about 0.27 CPU s an article at 10,000); the
    rest of every article's answer is compared. Patched where the tree keeps it (search/similar.py, or
    search/engine.py before it moved), by module attribute, as the API calls it."""
    import importlib
    import zlib

    try:
        module = importlib.import_module("search.similar")
    except ImportError:
        module = importlib.import_module("search.engine")
    real = module.more_like_this

    def sampled(gen, art_id: str, limit: int = 5):  # noqa: ANN001, ANN202
        return real(gen, art_id, limit) if zlib.crc32(art_id.encode()) % every == 0 else []

    module.more_like_this = sampled


def dump(root: Path, index: Path, out: Path, mlt_every: int = 1) -> int:
    app = _load_app(root, index)
    if mlt_every > 1:
        _sample_more_like_this(mlt_every)
    d = Dumper(app.test_client())
    everything = d.search([])
    reqs = [[("q", q)] for q in FIXED_QUERIES]
    reqs += FIXED_PARAMS + [[("q", "said"), *p] for p in FIXED_PARAMS]
    reqs += requests_from(everything)
    hits = all_hits(d)
    reqs += title_queries([h["title"] for h in hits])
    for params in reqs:
        d.search(params)
    for params in reqs[::8]:
        for path in EXPORTS:
            d.get(path + "?" + urlencode(params))
    stories = sorted({h["story"] for h in hits if h.get("versions")})
    for art_id in sorted(h["id"] for h in hits):
        d.get(f"/api/article/{art_id}")
    for story in stories:
        d.get(f"/api/story/{story}")
    d.get("/api/article/no-such-article")
    d.get("/api/story/no-such-story")
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        json.dump(d.out, fh, ensure_ascii=False, sort_keys=True)
    print(f"{len(d.out)} requests: {len(reqs)} searches, {len(hits)} articles, {len(stories)} stories -> {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    da, db = (json.load(gzip.open(p, "rt", encoding="utf-8")) for p in (a, b))
    diff = [u for u in sorted(set(da) | set(db)) if da.get(u) != db.get(u)]
    arts = sum(1 for u in da if u.startswith("/api/article/"))
    searches = sum(1 for u in da if u.startswith("/api/search"))
    for u in diff[:20]:
        print("DIFFERS:", u, "\n  A:", str(da.get(u))[:300], "\n  B:", str(db.get(u))[:300])
    print(f"{len(da)} vs {len(db)} requests ({searches} /api/search, {arts} /api/article, the rest stories and "
          f"exports): {len(diff)} differ")
    return 1 if diff else 0


def corpus(out: Path, n: int, data: Path) -> int:
    """The first N articles of the Reuters development half as one JSON Lines file (no index terms)."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    with gzip.open(data / "reuters-dev.jsonl.gz", "rt", encoding="utf-8") as src, \
            open(out / "reuters.jsonl", "w", encoding="utf-8") as dst:
        for line in src:
            r = json.loads(line)
            body = (r.get("dateline", "") + " " + r["body"]).strip()
            dst.write(json.dumps({"id": f"r{r['id']}", "date": r["date"][:10], "title": r["title"], "body": body})
                      + "\n")
            count += 1
            if count == n:
                break
    print(f"{count} articles -> {out}")
    return 0


def build(root: Path, corpus_dir: Path, index: Path, cache_from: Path | None) -> None:
    if index.exists():
        shutil.rmtree(index)
    index.mkdir(parents=True)
    if cache_from is not None and (cache_from / CACHE_FILE).exists():
        shutil.copy2(cache_from / CACHE_FILE, index / CACHE_FILE)
    subprocess.run([sys.executable, "-m", "indexer", "rebuild", "--corpus", str(corpus_dir), "--index", str(index),
                    "--procs", "1", "--json"], cwd=root, check=True, stdout=subprocess.DEVNULL)


def run(base: Path, head: Path, corpus_dir: Path, work: Path, cache: Path | None) -> int:
    work.mkdir(parents=True, exist_ok=True)
    name = corpus_dir.name
    dumps = []
    for label, root in (("base", base), ("head", head)):
        index = work / f"idx-{label}-{name}"
        build(root, corpus_dir, index, cache)
        cache = index  # the second build reads what the first one extracted
        out = work / f"{label}-{name}.json.gz"
        cmd = [sys.executable, __file__, "dump", "--root", str(root), "--index", str(index), "--out", str(out)]
        subprocess.run(cmd, cwd=root, check=True)
        dumps.append(out)
    return compare(*dumps)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--n", type=int, default=10_000)
    c.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    d = sub.add_parser("dump")
    d.add_argument("--root", type=Path, required=True)
    d.add_argument("--index", type=Path, required=True)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--mlt-every", type=int, default=1, help="'more like this' of every N-th article only")
    k = sub.add_parser("compare")
    k.add_argument("a", type=Path)
    k.add_argument("b", type=Path)
    r = sub.add_parser("run")
    r.add_argument("--base", type=Path, required=True)
    r.add_argument("--head", type=Path, required=True)
    r.add_argument("--corpus", type=Path, required=True)
    r.add_argument("--work", type=Path, required=True)
    r.add_argument("--cache", type=Path, help="an index folder whose extraction cache the first build starts from")
    a = ap.parse_args()
    if a.cmd == "corpus":
        return corpus(a.out, a.n, a.data)
    if a.cmd == "dump":
        return dump(a.root.resolve(), a.index, a.out, a.mlt_every)
    if a.cmd == "compare":
        return compare(a.a, a.b)
    return run(a.base.resolve(), a.head.resolve(), a.corpus, a.work, a.cache)


if __name__ == "__main__":
    sys.exit(main())

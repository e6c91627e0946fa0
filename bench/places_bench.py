"""Measure the place facet's values (issue 17, item 7) beside the untouched library.

    .venv/bin/python bench/places_bench.py [--data DIR] [--half tune|held|both] [--reuters N]

DIR defaults to $ARCHIVE_BENCH_DATA, else ../shared/data. Two truths, each split in two halves:
CoNLL-2003 dev LOC annotations (stories by parity: even = tuning half, odd = held-out) and Reuters-21578's own
`places` index terms (file lines 1-5,000 = tuning half, the rest = held-out; N articles with places terms
from each). Truth is for scoring only, never input. Compared, per article, as sets of values:

- `library`: spaCy's GPE and LOC spans as written (what a place facet fed by the model alone would list);
- `model`: the same spans resolved by `indexer.places` (one value per place; unresolved spans dropped);
- `gazetteer`: `indexer.places.find_in_text` (no model: what an article whose metadata gives its names gets),
  with the truth's own person and organisation names as the given names (CoNLL) or none (Reuters).

CoNLL's truth is resolved the same way as ours (a gold "U.S." counts as United States); the library is scored
against the truth as written. Reuters' codes are resolved as country names ("usa", "west-germany"); our values
are scored there by their countries only (the codes name countries), the library's spans against the codes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer import places  # noqa: E402
from indexer.entities import ArticleEntities, EntityExtractor  # noqa: E402


def read_conll(path: Path) -> list[tuple[str, dict[str, set[str]]]]:
    """(text, {"LOC"|"PER"|"ORG"|"MISC": names}) per story; one sentence a line, tokens joined by spaces."""
    stories: list[tuple[str, dict[str, set[str]]]] = []
    sents: list[list[tuple[str, str]]] = [[]]

    def flush() -> None:
        ents: dict[str, set[str]] = {"LOC": set(), "PER": set(), "ORG": set(), "MISC": set()}
        lines = []
        for sent in sents:
            if not sent:
                continue
            lines.append(" ".join(t for t, _ in sent))
            cur: list[str] = []
            typ = None
            for tok, tag in [*sent, ("", "O")]:
                t = tag[2:] if tag != "O" else None
                if cur and (t != typ or tag.startswith("B-")):
                    ents[typ].add(" ".join(cur))
                    cur = []
                if t:
                    cur.append(tok)
                typ = t
        if lines:
            stories.append(("\n".join(lines), ents))
        sents.clear()
        sents.append([])

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            flush()
        elif not raw.strip():
            sents.append([])
        else:
            parts = raw.split()
            sents[-1].append((parts[0], parts[-1]))
    flush()
    return stories


def prf(pred: list[set[str]], gold: list[set[str]]) -> dict:
    tp = sum(len(p & g) for p, g in zip(pred, gold))
    n_pred, n_gold = sum(map(len, pred)), sum(map(len, gold))
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def extract(ex: EntityExtractor, texts: list[str]) -> tuple[list[ArticleEntities], float]:
    """What the indexer's extractor finds in each text (the model's GPE/LOC spans in `places`), and the CPU
    seconds per 1,000 texts it took."""
    t0 = time.process_time()
    out = list(ex.extract_many(texts))
    return out, (time.process_time() - t0) / len(texts) * 1000


def _written(names: list[str]) -> set[str]:
    return {" ".join(n.split()) for n in names}


def _canon(names: set[str]) -> set[str]:
    return {places.resolve(n) or n for n in names}


def _settings(text_pop: int, alt_pop: int) -> str:
    places.MIN_TEXT_CITY_POPULATION, places.MIN_ALTERNATE_POPULATION = text_pop, alt_pop
    places._lookup.cache_clear()
    return f"city{text_pop}_alt{alt_pop}"


def bench_conll(stories: list[tuple[str, dict]], ex: EntityExtractor, grid: list[tuple[int, int]]) -> dict:
    texts = [t for t, _ in stories]
    ents, _cpu = extract(ex, texts)
    gold_raw = [e["LOC"] for _, e in stories]
    res: dict = {"stories": len(stories), "gold_places": sum(map(len, gold_raw)),
                 "library": prf([_written(e.places) for e in ents], gold_raw)}
    for text_pop, alt_pop in grid:
        name = _settings(text_pop, alt_pop)
        gold = [_canon(g) for g in gold_raw]
        res[f"model_{name}"] = prf([set(places.from_mentions(e.places, e.persons)) for e in ents], gold)
        given = [set(places.find_in_text(t, g["PER"] | g["ORG"])) for t, g in stories]
        res[f"gazetteer_{name}"] = prf(given, gold)
    return res


def read_reuters(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _code_place(code: str) -> str:
    name = code.upper() if len(code) <= 3 else code.replace("-", " ").title()
    return places.resolve(name) or code


def _countries(values: list[str]) -> set[str]:
    return {v for v in values if (p := places._lookup(v)) is not None and p.kind == "country"}


def bench_reuters(arts: list[dict], ex: EntityExtractor, grid: list[tuple[int, int]]) -> dict:
    texts = [a["body"] + "\n\n" + a["title"] for a in arts]
    ents, model_cpu = extract(ex, texts)
    gold_raw = [set(a["places"]) for a in arts]
    lib = [{re.sub(r"\s+", "-", s.lower().replace(".", "")) for s in e.places} for e in ents]
    res: dict = {"articles": len(arts), "gold_places": sum(map(len, gold_raw)), "library": prf(lib, gold_raw),
                 "cpu_s_per_1000": {"extractor (model + rules)": round(model_cpu, 2)}}
    for text_pop, alt_pop in grid:
        name = _settings(text_pop, alt_pop)
        gold = [{_code_place(c) for c in g} for g in gold_raw]
        t0 = time.process_time()
        ours = [_countries(places.from_mentions(e.places, e.persons)) for e in ents]
        res["cpu_s_per_1000"][f"model_{name}"] = round((time.process_time() - t0) / len(arts) * 1000, 2)
        res[f"model_{name}"] = prf(ours, gold)
        t0 = time.process_time()
        found = [_countries(places.find_in_text(t)) for t in texts]
        res["cpu_s_per_1000"][f"gazetteer_{name}"] = round((time.process_time() - t0) / len(arts) * 1000, 2)
        res[f"gazetteer_{name}"] = prf(found, gold)
    return res


def main() -> int:
    ap = argparse.ArgumentParser()
    default_data = Path(os.environ.get("ARCHIVE_BENCH_DATA", ROOT.parent / "shared/data"))
    ap.add_argument("--data", type=Path, default=default_data)
    ap.add_argument("--half", choices=("tune", "held", "both"), default="both")
    ap.add_argument("--reuters", type=int, default=300)
    ap.add_argument("--grid", default="100000:100000", help="text city population:alternate population, ...")
    args = ap.parse_args()
    conll, reuters = args.data / "conll2003_dev.txt", args.data / "reuters-dev.jsonl.gz"
    if not conll.exists() or not reuters.exists():
        print(f"no data in {args.data}", file=sys.stderr)
        return 2
    grid = [(int(a), int(b)) for a, b in (x.split(":") for x in args.grid.split(","))]
    t0 = time.process_time()
    places.gazetteer()
    load = time.process_time() - t0
    ex = EntityExtractor()
    stories = read_conll(conll)
    rows = read_reuters(reuters)
    out: dict = {"gazetteer_load_cpu_s": round(load, 2)}
    for half, parity, lines in (("tune", 0, rows[:5000]), ("held", 1, rows[5000:])):
        if args.half not in (half, "both"):
            continue
        tagged = [a for a in lines if a.get("places")]
        step = max(1, len(tagged) // args.reuters)
        out[half] = {
            "conll": bench_conll([s for i, s in enumerate(stories) if i % 2 == parity], ex, grid),
            "reuters": bench_reuters(tagged[::step][: args.reuters], ex, grid),
        }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

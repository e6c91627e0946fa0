"""Story grouping on an unseen wire pool, built through the product as users run it (issue 16, fifth round).

The pool: the CoNLL-2003 development set (216 Reuters stories of late August 1996; bench/conll_corpus.py joins
them back into wire copy: headline, byline and dateline lines, one line per sentence) written as a JSON Lines
corpus, indexed by `python -m indexer rebuild` and read back with `python -m indexer stories --json`, both as
subprocesses. Every grouped pair (duplicate or same-story) is judged by hand in
bench/story_judgements_conll.tsv (ids, verdict, reason); `--print-pairs` prints the pairs not yet judged.

Planted formula items, built from the pool's own stories (`planted`), indexed with the pool in one corpus:

* other facts: each story with every name (the set's own entity tags: persons, organisations, places, other
  names) replaced by another name of the same kind from the pool and every number redrawn, the same day, the
  same byline and dateline: the same template telling another event; it must be grouped with nothing;
* next day's figures: each formula item (a story of which FORMULA_NUMBER_SHARE or more of the words are
  numbers) with every number redrawn and dated the next day, names and lines kept: a results table, a market
  report or a rate item of the next day; it must be grouped with nothing;
* corrections: each story with a number in its body re-sent with one of them changed, the same day; it must be
  grouped with its original.

`--tree DIR` runs the same commands with another checkout's code (the baseline: `git archive` of main).

    .venv/bin/python bench/story_conll.py [--data DIR] [--tree DIR] [--print-pairs] [--no-planted]

Writes bench/out/story_conll.json (figures and ids only; the texts stay in a temporary folder).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from conll_corpus import Story, read_conll, record, story_lines, write_corpus  # noqa: E402
from reuters_pairs import data_dir  # noqa: E402
from story_precision import wilson  # noqa: E402
from story_unseen import judged  # noqa: E402

VERDICTS = REPO / "bench" / "story_judgements_conll.tsv"
FORMULA_NUMBER_SHARE = 0.08
Pair = tuple[str, str]


# -- the product, as a user runs it -------------------------------------------------------------------------
def product_groups(records: list[dict], tree: Path, work: Path) -> list[dict]:
    """The story groups `python -m indexer stories --json` lists after a rebuild of `records` (with `tree`'s
    code)."""
    corpus, index = work / "corpus", work / "index"
    write_corpus(records, corpus / "wire.jsonl")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, "-m", "indexer"]
    subprocess.run(cmd + ["rebuild", "--corpus", str(corpus), "--index", str(index), "--procs", "1", "--json"],
                   cwd=tree, env=env, check=True, capture_output=True)
    done = subprocess.run(cmd + ["stories", "--index", str(index), "--json"],
                          cwd=tree, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def grouped_pairs(groups: list[dict]) -> dict[Pair, str]:
    """Every pair of articles in one group, with the kind of their direct relation ("" when they are joined
    through others)."""
    out: dict[Pair, str] = {}
    for g in groups:
        kinds = {(min(a["id"], r["id"]), max(a["id"], r["id"])): r["kind"] for a in g["articles"] for r in a["related"]}
        for x, y in itertools.combinations(sorted(a["id"] for a in g["articles"]), 2):
            out[(x, y)] = kinds.get((x, y), "")
    return out


# -- the judged pool ----------------------------------------------------------------------------------------
def read_verdicts(path: Path = VERDICTS) -> dict[Pair, str]:
    out = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            if line and not line.startswith(("#", "id_a\t")):
                a, b, verdict, *_ = line.split("\t")
                out[(a, b)] = verdict
    return out


def precision(pairs: dict[Pair, str], verdicts: dict[Pair, str]) -> dict:
    """`story_unseen.judged` over this pool, with each grouped pair's kind and verdict."""
    pooled = {("conll", a, b): v for (a, b), v in verdicts.items()}
    return {**judged("conll", set(pairs), pooled),
            "pairs": {f"{a} {b}": [k, verdicts.get((a, b))] for (a, b), k in sorted(pairs.items())}}


def show(records: dict[str, dict], pairs: list[Pair]) -> None:
    for x, y in pairs:
        for i in (x, y):
            r = records[i]
            print(f"=== {i} {r.get('date')} {r['title']}\n{r['body'][:2500]}\n", file=sys.stderr)
        print("#" * 100, file=sys.stderr)


# -- planted formula items ----------------------------------------------------------------------------------
def _entities(story: Story) -> list[tuple[int, int, int, str]]:
    """(sentence, first token, end token, kind) of each name the set tags (IOB1: B- opens a new one)."""
    out = []
    for s, tags in enumerate(story.tags):
        start = None
        for i, tag in enumerate(tags + ["O"]):
            kind = tag[2:] if tag != "O" else ""
            if start is not None and (not kind or tag.startswith("B-") or kind != tags[start][2:]):
                out.append((s, start, i, tags[start][2:]))
                start = None
            if kind and start is None:
                start = i
    return out


def name_pool(stories: list[Story]) -> dict[str, list[tuple[str, ...]]]:
    """Every distinct name of the pool per kind (PER, ORG, LOC, MISC), as token tuples."""
    pool: dict[str, set[tuple[str, ...]]] = {}
    for st in stories:
        for s, i, j, kind in _entities(st):
            pool.setdefault(kind, set()).add(tuple(st.sentences[s][i:j]))
    return {k: sorted(v) for k, v in pool.items()}


def _redraw(tok: str, rng: random.Random) -> str:
    """A number token with other digits (same length and separators)."""
    while True:
        new = "".join(str(rng.randrange(10)) if c.isdigit() else c for c in tok)
        if new != tok and new.lstrip("0")[:1] not in ("", ".", ","):
            return new


def _head(story: Story) -> int:
    """How many sentences open the story as furniture: the headline, byline and dateline (up to the dateline
    within the first four), which the planted items keep."""
    for k in range(min(4, len(story_lines(story)))):
        if record(replace(story, sentences=story.sentences[: k + 1], tags=story.tags[: k + 1])).get("date"):
            return k + 1
    return 1


def other_facts(story: Story, pool: dict[str, list[tuple[str, ...]]], rng: random.Random,
                names: bool = True) -> Story:
    """The story with its facts changed after its opening lines: every name replaced by another of the same
    kind (one replacement per distinct name; the headline's too) when `names`, and every number redrawn."""
    keep = _head(story)
    sents = [list(s) for s in story.sentences]
    tags = [list(t) for t in story.tags]
    chosen: dict[tuple[str, ...], tuple[str, ...]] = {}
    for s, i, j, kind in reversed(_entities(story)) if names else ():
        if 0 < s < keep:
            continue
        old = tuple(sents[s][i:j])
        new = chosen.get(old) or rng.choice([n for n in pool[kind] if n != old])
        chosen[old] = new
        if all(t.isupper() for t in old):  # a capitals headline's name stays in capitals
            new = tuple(t.upper() for t in new)
        sents[s][i:j] = list(new)
        tags[s][i:j] = [f"I-{kind}"] * len(new)
    for s in [0, *range(keep, len(sents))]:
        sents[s] = [_redraw(t, rng) if t[:1].isdigit() else t for t in sents[s]]
    return Story(story.n, sents, tags)


def correction(story: Story, rng: random.Random) -> Story | None:
    """The story with one number of its body changed, or None when its body has none."""
    keep = _head(story)
    spots = [(s, i) for s in range(keep, len(story.sentences)) for i, t in enumerate(story.sentences[s])
             if t[:1].isdigit()]
    if not spots:
        return None
    s, i = rng.choice(spots)
    sents = [list(x) for x in story.sentences]
    sents[s][i] = _redraw(sents[s][i], rng)
    return Story(story.n, sents, story.tags)


def is_formula(story: Story) -> bool:
    """Whether FORMULA_NUMBER_SHARE or more of the story's words are numbers (tables, results, market reports,
    rate items)."""
    words = [t for s in story.sentences for t in s if t[:1].isalnum()]
    return len(words) >= 20 and sum(t[:1].isdigit() for t in words) >= FORMULA_NUMBER_SHARE * len(words)


def _as(story: Story, rid: str, days: int = 0) -> dict | None:
    rec = record(story)
    if "date" not in rec:
        return None
    rec["id"] = rid
    day = (datetime.date.fromisoformat(rec["date"]) + datetime.timedelta(days=days)).isoformat()
    rec["body"] = rec["body"].replace(rec["date"], day, 1)  # the dateline's date too
    rec["date"] = day
    return rec


def planted(stories: list[Story]) -> dict[str, list[dict]]:
    """{"other facts" | "next day's figures" | "corrections": records}, ids `<original>-f|-d|-c`."""
    rng = random.Random(1605)
    pool = name_pool(stories)
    out: dict[str, list[dict | None]] = {"other facts": [], "next day's figures": [], "corrections": []}
    for st in stories:
        base = f"conll-{st.n:03d}"
        out["other facts"].append(_as(other_facts(st, pool, rng), base + "-f"))
        if is_formula(st):
            out["next day's figures"].append(_as(other_facts(st, pool, rng, names=False), base + "-d", days=1))
        fixed = correction(st, rng)
        if fixed is not None:
            out["corrections"].append(_as(fixed, base + "-c"))
    return {k: [r for r in v if r] for k, v in out.items()}


def planted_scores(stories: list[Story], tree: Path) -> dict:
    sets = planted(stories)
    with tempfile.TemporaryDirectory() as work:
        groups = product_groups([record(s) for s in stories] + [r for v in sets.values() for r in v], tree, Path(work))
    member = {a["id"]: g["story"] for g in groups for a in g["articles"]}
    out: dict = {}
    for name, recs in sets.items():
        if name == "corrections":
            linked = [r["id"] for r in recs if member.get(r["id"]) and member.get(r["id"]) == member.get(r["id"][:-2])]
            out[name] = {"items": len(recs), "grouped with their original": len(linked),
                         "share": round(len(linked) / len(recs), 4),
                         "not grouped": sorted(r["id"] for r in recs if r["id"] not in linked)}
        else:
            wrong = sorted(r["id"] for r in recs if r["id"] in member)
            out[name] = {"items": len(recs), "grouped with something": len(wrong),
                         "kept apart": round(1 - len(wrong) / len(recs), 4),
                         "wilson_95 kept apart": wilson(len(recs) - len(wrong), len(recs)),
                         "grouped": {w: sorted(a["id"] for g in groups if g["story"] == member[w]
                                               for a in g["articles"] if a["id"] != w) for w in wrong}}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--tree", type=Path, default=REPO, help="the checkout whose CLI is run (default this one)")
    ap.add_argument("--print-pairs", action="store_true", help="print the pool's pairs not yet judged (stderr)")
    ap.add_argument("--no-planted", action="store_true")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "story_conll.json")
    args = ap.parse_args()
    stories = read_conll(data_dir(args.data) / "conll2003_dev.txt")
    records = [record(s) for s in stories]
    with tempfile.TemporaryDirectory() as work:
        pairs = grouped_pairs(product_groups(records, args.tree.resolve(), Path(work)))
    verdicts = read_verdicts()
    results: dict = {"tree": str(args.tree), "stories": len(records), "dated": sum("date" in r for r in records),
                     "formula items": sum(map(is_formula, stories)), "pool": precision(pairs, verdicts)}
    if args.print_pairs:
        show({r["id"]: r for r in records}, [p for p in sorted(pairs) if p not in verdicts])
    if not args.no_planted:
        results["planted"] = planted_scores(stories, args.tree.resolve())
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

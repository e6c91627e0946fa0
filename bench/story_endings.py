"""The ending check judged (issue 16, fourth round): a site's closing furniture shared by two of its posts no longer
makes them one story (indexer/dedupe/verify.py `_ends_only`).

Baseline: the untouched product (main before this round), which is the product with `thresholds.ENDING_CHECK`
off (`--tree DIR` checks that claim against another checkout, such as `git archive` of main).

* pools: the two pools of bench/story_unseen.py (CoNLL-2003 dev, the pages' reference texts), every grouped pair
  judged (bench/story_judgements_unseen.tsv);
* read pages: all saved web pages (`pages/*/*.html*`, with or without a reference text) as the archive reads
  them (`indexer.article.article_from`: the page reader's text, closing furniture included where the reader
  keeps it, and its date), every grouped pair judged (bench/story_judgements_4.tsv, pool "read-pages");
  `--print-pairs` shows the pairs not yet judged;
* held-out sample: SAMPLE_SIZE grouped pairs of the Reuters held-out half (odd ids, grouped alone), drawn with
  SAMPLE_SEED from the pairs either system groups and judged this round without looking at earlier verdicts
  (bench/story_judgements_4.tsv, pool "reuters-held"); `--print-sample` shows them (stderr). Every such pair
  was read in an earlier round (the half has 123 grouped pairs, all in bench/story_judgements.tsv or
  story_judgements_2.tsv), so this is a second reading, with the agreement against the earlier verdicts;
* Reuters: recall of the held-out half's known pairs, the whole set's grouped pairs that change, and planted
  closing blocks from real articles of each half: two same-day articles that are not one story, both ending
  with one block (three countable sentences of a third article of another day), must stay apart; two linked
  articles of one story, both given one block, must stay linked. And, on the held-out half, the earlier rounds'
  planted items (bench/story_facts.py formula items, bench/story_unseen.py tables and background-sharers) under
  both systems.

    .venv/bin/python bench/story_endings.py [--data DIR] [--print-sample] [--print-pairs] [--tree DIR]  # ~6 min

Writes bench/out/story_endings.json (figures and ids only).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import itertools
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from reuters_pairs import data_dir, load_reuters  # noqa: E402
from story_facts import Article, grouped  # noqa: E402
from story_facts import planted_scores as formula_scores  # noqa: E402
from story_precision import FIRST, JUDGEMENTS, read_verdicts, show_pairs, wilson  # noqa: E402
from story_unseen import (  # noqa: E402
    countable,
    judged,
    known_pairs,
    read_pages,
    read_pool_verdicts,
    read_stories,
    recall_of,
    tree_relations,
)
from story_unseen import planted_scores as table_scores  # noqa: E402

from indexer.dedupe import StoryIndex, thresholds  # noqa: E402

SECOND_READING = REPO / "bench" / "story_judgements_4.tsv"
SAMPLE_SIZE, SAMPLE_SEED = 100, 1604
Pair = tuple[str, str]
LABELS = ("product", "main")


def system(label: str) -> contextlib.AbstractContextManager:
    return thresholds.without_ending_check() if label == "main" else contextlib.nullcontext()


def relations(arts: list[Article]) -> set[Pair]:
    idx = StoryIndex()
    for aid, d, text in arts:
        idx.add(aid, text, d)
    return {(r.a, r.b) for r in idx.relations()}


# -- planted closing blocks ---------------------------------------------------------------------------------
def block(arts: list[Article], day: datetime.date | None, rng: random.Random) -> str:
    """A closing block: three consecutive countable sentences of a random article of another day."""
    while True:
        _, d, text = rng.choice(arts)
        sents = countable(text)
        if d != day and len(sents) >= 6:
            start = rng.randrange(1, len(sents) - 3)
            return "\n\n".join(sents[start : start + 3])


def planted_endings(half: list[Article], apart_pairs: list[Pair], linked_pairs: list[Pair]) -> dict:
    """Each pair's two articles re-issued ending with one block: the first list must stay apart, the second linked.
    The planted copies are indexed with all of the half's articles."""
    rng = random.Random(16_04)
    texts = {a: (d, t) for a, d, t in half}
    extra: list[Article] = []
    for x, y in apart_pairs + linked_pairs:
        footer = block(half, texts[x][0], rng)
        extra += [
            (f"{x}~{y}", texts[x][0], texts[x][1] + "\n\n" + footer),
            (f"{y}~{x}", texts[y][0], texts[y][1] + "\n\n" + footer),
        ]
    out: dict = {"apart pairs": len(apart_pairs), "linked pairs": len(linked_pairs)}
    for label in LABELS:
        with system(label):
            rels = relations(half + extra)
        signed = [tuple(sorted((f"{x}~{y}", f"{y}~{x}"))) for x, y in apart_pairs + linked_pairs]
        out[label] = {
            "kept apart": share([p not in rels for p in signed[: len(apart_pairs)]]),
            "still linked": share([p in rels for p in signed[len(apart_pairs) :]]),
        }
    return out


def apart_sample(half: list[Article], in_one_story: set[Pair], n: int) -> list[Pair]:
    """Pairs of same-day articles (8 countable sentences or more each) that are not one story."""
    by_day: dict[datetime.date, list[str]] = {}
    for aid, d, text in half:
        if d and len(countable(text)) >= 8:
            by_day.setdefault(d, []).append(aid)
    pairs = [p for day in sorted(by_day) for p in itertools.combinations(sorted(by_day[day]), 2)]
    pairs = [p for p in pairs if p not in in_one_story]
    return random.Random(1604).sample(pairs, min(n, len(pairs)))


def share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


# -- the Reuters development set ----------------------------------------------------------------------------
def even(i: str) -> bool:
    return int(i[1:]) % 2 == 0


def both_grouped(arts: list[Article]) -> dict[str, set[Pair]]:
    out = {}
    for label in LABELS:
        with system(label):
            out[label] = grouped(arts, True)[1]
    return out


def sample_precision(pairs: dict[str, set[Pair]], print_sample: bool, arts: list[Article]) -> dict:
    """Each system's precision on the second reading's sample, and the agreement with the earlier verdicts."""
    pool = sorted(pairs["product"] | pairs["main"])
    sample = sorted(random.Random(SAMPLE_SEED).sample(pool, min(SAMPLE_SIZE, len(pool))))
    if print_sample:
        show_pairs(arts, sample)
    mine = {(a, b): v for (pool, a, b), v in read_pool_verdicts(SECOND_READING).items() if pool == "reuters-held"}
    earlier = {**read_verdicts(FIRST), **read_verdicts(JUDGEMENTS)}
    out: dict = {
        "pool": len(pool),
        "sample": len(sample),
        "judged": sum(p in mine for p in sample),
        "never read before": sum(p not in earlier for p in sample),
    }
    for label in LABELS:
        seen = [mine[p] for p in sample if p in pairs[label] and p in mine]
        same = sum(v == "same" for v in seen)
        out[label] = {
            "judged": len(seen),
            "same": same,
            "precision": round(same / len(seen), 4) if seen else None,
            "wilson_95": wilson(same, len(seen)),
        }
    both_read = [p for p in sample if p in mine and p in earlier]
    out["agreement with the earlier verdicts"] = {
        "pairs": len(both_read),
        "agree": sum(mine[p] == earlier[p] for p in both_read),
        "differ": [{"pair": p, "now": mine[p], "earlier": earlier[p]} for p in both_read if mine[p] != earlier[p]],
    }
    return out


def reuters(data: Path, print_sample: bool) -> dict:
    arts = list(load_reuters(data))
    halves = {"tune": [a for a in arts if even(a[0])], "held-out": [a for a in arts if not even(a[0])]}
    known, one_story, verdicts = known_pairs(data, halves["held-out"])
    held = both_grouped(halves["held-out"])
    out: dict = {"held-out sample, second reading": sample_precision(held, print_sample, halves["held-out"])}
    out["recall, held-out half"] = {label: recall_of(known, one_story, pairs) for label, pairs in held.items()}
    whole = both_grouped(arts)
    out["whole set"] = {
        "grouped pairs": {label: len(p) for label, p in whole.items()},
        "only main": [{"pair": p, "verdict": verdicts.get(p)} for p in sorted(whole["main"] - whole["product"])],
        "only product": [{"pair": p, "verdict": verdicts.get(p)} for p in sorted(whole["product"] - whole["main"])],
    }
    held_half = halves["held-out"]
    formula, tables = {}, {}
    for label in LABELS:
        with system(label):
            formula[label] = formula_scores(held_half, 300, True)
            got = table_scores(held_half, whole["main"])
        tables[label] = got["product"]
        tables |= {k: got[k] for k in ("tables", "background pairs")}
    out["planted formula items, held-out half"] = formula
    out["planted tables and background, held-out half"] = tables
    for name, half in halves.items():
        with system("main"):
            linked = sorted(relations(half))
        apart = apart_sample(half, whole["main"], 400)
        out[f"planted closing blocks, {name} half"] = planted_endings(half, apart, linked)
    return out


def read_pages_as_archived(data: Path) -> list[Article]:
    """(id, date, title and text) of every saved page as the archive reads it (the page reader, its day)."""
    from indexer.article import article_from
    from indexer.decode import decode_bytes
    from indexer.read import RawDoc

    out: list[Article] = []
    for path in sorted((data / "pages").glob("*/*.htm*")):
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        art = article_from(RawDoc(source=path.name, kind="html", text=decode_bytes(raw, html=True)))
        if art is None or getattr(art, "body_missing", False) or not art.body.strip():
            continue
        day = datetime.date.fromisoformat(art.date.iso()[:10]) if art.date and art.date.precision == "day" else None
        out.append((f"p:{path.parent.name}/{path.name}", day, "\n\n".join(p for p in (art.title, art.body) if p)))
    return out


def pools(data: Path, tree: Path | None, print_pairs: bool) -> Iterator[tuple[str, dict]]:
    verdicts = {**read_pool_verdicts(), **read_pool_verdicts(SECOND_READING)}
    named = {
        "conll": read_stories(data / "conll2003_dev.txt"),
        "pages": read_pages(data),
        "read-pages": read_pages_as_archived(data),
    }
    for pool, arts in named.items():
        row: dict = {"articles": len(arts)}
        seen: set[Pair] = set()
        for label in LABELS:
            with system(label):
                rels, pairs, _ = grouped(arts, True)
            row[label] = judged(pool, pairs, verdicts)
            seen |= pairs
            if label == "main" and tree:
                row["tree relations equal main's"] = tree_relations(tree, arts) == sorted(
                    (r.a, r.b, r.kind) for r in rels
                )
        if print_pairs:
            show_pairs(arts, sorted(p for p in seen if (pool, *p) not in verdicts))
        yield pool, row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--no-reuters", action="store_true", help="the pools only")
    ap.add_argument("--print-sample", action="store_true", help="print the held-out sample to judge (stderr)")
    ap.add_argument("--print-pairs", action="store_true", help="print the pools' pairs not yet judged (stderr)")
    ap.add_argument("--tree", type=Path, help="a checkout of main, whose relations should equal the baseline's")
    args = ap.parse_args()
    data = data_dir(args.data)
    results: dict = dict(pools(data, args.tree, args.print_pairs))
    if not args.no_reuters:
        results["reuters"] = reuters(data, args.print_sample)
    out = REPO / "bench" / "out" / "story_endings.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str))
    print(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()

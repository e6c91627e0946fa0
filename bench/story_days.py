"""Issue 16, fifth round, on the Reuters development set: what the round's two changes do to its relations, and
the weight of a number stated differently by items of two days (`thresholds.FACT_OTHER_DAY_NUMBER_WEIGHT`).

* relations: each half (even ids tune, odd ids held out) and the whole set grouped with the product and with the
  product before the round (`thresholds.without_fifth_round`), the links either one alone finds (with any
  verdict read so far);
* weights: bench/story_facts.py's planted formula items of each half (the first 300: subject replaced, 80% of the
  numbers redrawn, the same day or the next, must stay apart; a correction of one figure the same day must stay
  linked), and two more per item dated the next day: its numbers all redrawn (the next day's item, apart), and
  one figure corrected (the same item re-sent, linked). The weight was chosen on the tuning half.

    .venv/bin/python bench/story_days.py [--data DIR]      # ~3 min

Writes bench/out/story_days.json (figures and ids only).
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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from reuters_pairs import data_dir, load_reuters  # noqa: E402
from story_facts import Article, correct, planted  # noqa: E402
from story_precision import FIRST, JUDGEMENTS, read_verdicts  # noqa: E402
from story_unseen import redraw  # noqa: E402

from indexer.dedupe import StoryIndex, thresholds  # noqa: E402

WEIGHTS = (1, 2, 4, 8, 16)


def relations(arts: list[Article]) -> dict[tuple[str, str], str]:
    idx = StoryIndex()
    for aid, d, text in arts:
        idx.add(aid, text, d)
    return {(r.a, r.b): r.kind for r in idx.relations()}


def changed(arts: list[Article], verdicts: dict) -> dict:
    """The links only the product or only the product before the round finds."""
    now = relations(arts)
    with thresholds.without_fifth_round():
        before = relations(arts)
    return {
        "relations": {"product": len(now), "before the round": len(before)},
        "only before": [[*p, before[p], verdicts.get(p)] for p in sorted(set(before) - set(now))],
        "only product": [[*p, now[p], verdicts.get(p)] for p in sorted(set(now) - set(before))],
    }


def weights(arts: list[Article]) -> dict:
    """Per weight: the planted items kept apart or linked as they should be."""
    items = list(itertools.islice(planted(arts), 300))
    rng = random.Random(7)
    nextday = [
        (aid, (aid + "-n", d + datetime.timedelta(days=1), redraw(t, rng)),
         (aid + "-k", d + datetime.timedelta(days=1), correct(t, rng)))
        for aid, (_, d, t), *_ in items if d
    ]
    out = {"items": len(items), "next-day items": len(nextday)}
    for w in WEIGHTS:
        with _weight(w):
            rels = set(relations([a for _, *vs in items for a in vs] + [a for _, *vs in nextday for a in vs]))
        out[f"weight {w}"] = {
            "formula items apart": _share([(a, a + "-f") not in rels for a, *_ in items]),
            "corrections linked": _share([(a, a + "-c") in rels for a, *_ in items]),
            "next day's item apart": _share([(a, a + "-n") not in rels for a, *_ in nextday]),
            "re-sent next day, one figure corrected, linked": _share([(a, a + "-k") in rels for a, *_ in nextday]),
        }
    return out


@contextlib.contextmanager
def _weight(w: int):
    kept = thresholds.FACT_OTHER_DAY_NUMBER_WEIGHT
    thresholds.FACT_OTHER_DAY_NUMBER_WEIGHT = w
    try:
        yield
    finally:
        thresholds.FACT_OTHER_DAY_NUMBER_WEIGHT = kept


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4)


def pages(data: Path, source: str) -> dict:
    """The links among one source's saved pages (bodies as the indexer fingerprints them), with and without."""
    from indexer.article import article_from
    from indexer.decode import decode_bytes
    from indexer.read import RawDoc

    arts: list[Article] = []
    for path in sorted((data / "pages" / source).glob("*.htm*")):
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        art = article_from(RawDoc(source=path.name, kind="html", text=decode_bytes(raw, html=True)))
        if art is None or getattr(art, "body_missing", False) or not art.body.strip():
            continue
        day = datetime.date.fromisoformat(art.date.iso()[:10]) if art.date and art.date.precision == "day" else None
        arts.append((f"p:{source}/{path.name}", day, art.body))
    return {"pages": len(arts), **changed(arts, {})}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--pages", help="also one source folder of the saved pages (wcxb)")
    args = ap.parse_args()
    data = data_dir(args.data)
    arts = list(load_reuters(data))
    halves = {"tune (even ids)": [a for a in arts if int(a[0][1:]) % 2 == 0],
              "held-out (odd ids)": [a for a in arts if int(a[0][1:]) % 2 == 1]}
    verdicts = {**read_verdicts(FIRST), **read_verdicts(JUDGEMENTS)}
    results: dict = {name: {"changed": changed(h, verdicts), "weights": weights(h)} for name, h in halves.items()}
    results["whole set"] = {"changed": changed(arts, verdicts)}
    if args.pages:
        results[f"pages {args.pages}"] = pages(data, args.pages)
    out = REPO / "bench" / "out" / "story_days.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""Issue 16, eighth round: the subject check (thresholds.SUBJECT_CHECK, facts.subjects_differ), measured with and
without it on the same fingerprints (`thresholds.without_eighth_round()`: the product before, main's rules).

* Reuters development set, each half (even ids tune, odd ids held out) and the whole set grouped alone: relations
  and grouped pairs that differ, with the verdicts of earlier rounds (bench/story_judgements*.tsv); the judged
  precision of the grouped pairs with an odd (held-out) id, on the whole set and on the held-out half alone;
* planted items of each half (bench/story_facts.py's first 300 formula items and their corrections, and the same
  items the next day: every number redrawn / one figure corrected), indexed with their originals;
* recurring items of each half (bench/story_recurring.py: another issue of a real series, and a correction of it),
  indexed with the whole half: grouped pairs with a planted article, judged by construction, with precision.

    .venv/bin/python bench/story_subject.py [--data DIR] [--half tune|held-out|both]     # ~3 CPU min a half

Writes bench/out/story_subject_<half>.json (figures and ids only).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import itertools
import json
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from reuters_pairs import data_dir, load_reuters  # noqa: E402
from story_facts import Article, correct, planted  # noqa: E402
from story_numbers import judged  # noqa: E402
from story_precision import wilson  # noqa: E402
from story_unseen import redraw  # noqa: E402

from indexer.dedupe import StoryIndex, story_groups, thresholds  # noqa: E402

Pair = tuple[str, str]
RULES: dict[str, Callable[[], contextlib.AbstractContextManager[None]]] = {
    "this": contextlib.nullcontext, "before": thresholds.without_eighth_round}


def both_rules(arts: list[Article]) -> dict[str, tuple[set[Pair], set[Pair]]]:
    """(relations, grouped pairs) of the articles under this round's rules and the rules before, one index."""
    idx = StoryIndex()
    for aid, d, text in arts:
        idx.add(aid, text, d)
    dates = {a: d for a, d, _ in arts}
    out = {}
    for name, rules in RULES.items():
        with rules():
            rels = idx.relations()
        groups: dict[str, list[str]] = {}
        for aid, story in story_groups(list(dates), rels, dates).items():
            groups.setdefault(story, []).append(aid)
        pairs = {p for m in groups.values() for p in itertools.combinations(sorted(m), 2)}
        out[name] = ({(r.a, r.b) for r in rels}, pairs)
    return out


def precision(pairs: set[Pair], verdicts: dict[Pair, str]) -> dict:
    """Verdicts of earlier rounds on grouped pairs with an odd id: [one story, judged, Wilson low, high], unjudged."""
    odd = [p for p in pairs if any(int(x[1:]) % 2 for x in p)]
    said = [verdicts[p] for p in odd if p in verdicts]
    same = said.count("same")
    return {"judged one story / judged (Wilson)": [same, len(said), *wilson(same, len(said))],
            "not judged": len(odd) - len(said)}


def reuters(part: list[Article], verdicts: dict[Pair, str]) -> dict:
    r = both_rules(part)
    (rn, pn), (rb, pb) = r["this"], r["before"]
    tag = lambda ps: [[*p, verdicts.get(p)] for p in sorted(ps)]  # noqa: E731
    return {"relations (this / before)": [len(rn), len(rb)], "grouped pairs": [len(pn), len(pb)],
            "relations only before": tag(rb - rn), "relations only this": tag(rn - rb),
            "grouped only before": tag(pb - pn), "grouped only this": tag(pn - pb),
            "pairs with an odd id (this / before)": [precision(pn, verdicts), precision(pb, verdicts)]}


def planted_items(part: list[Article]) -> dict:
    """story_facts.py's formula items and corrections, and the next day's item / re-sent item, kept apart / linked."""
    rng = random.Random(616)
    items = list(itertools.islice(planted(part), 300))
    kinds: dict[str, list[tuple[str, Article, bool]]] = {
        "formula items (other facts, the same day or the next): apart": [(a, f, False) for a, _, f, _ in items],
        "their corrections (one figure, the same day): linked": [(a, c, True) for a, _, _, c in items]}
    dated = [(a, d + datetime.timedelta(days=1), t) for a, (_, d, t), *_ in items if d]
    kinds["next day's item (every number redrawn): apart"] = [(a, (a + "-n", nd, redraw(t, rng)), False)
                                                            for a, nd, t in dated]
    kinds["re-sent next day, one figure corrected: linked"] = [(a, (a + "-k", nd, correct(t, rng)), True)
                                                              for a, nd, t in dated]
    originals = [o for _, o, *_ in items]
    out: dict = {}
    for label, kind in kinds.items():
        r = both_rules(originals + [v for _, v, _ in kind])
        out[f"{label} (of {len(kind)})"] = [
            sum(((a, v[0]) in r[name][0]) == linked for a, v, linked in kind) for name in RULES]
    return out


def recurring(part: list[Article]) -> dict:
    """bench/story_recurring.py's planted series, in the whole half, under both rules."""
    import story_recurring

    items = story_recurring.planted(part)
    r = both_rules(part + [v for _, others, c in items for v in [*others, c]])
    base = both_rules(part)["this"][1]
    out = {}
    for name in RULES:
        m = story_recurring.judge(items, r[name][1], base)
        out[name] = story_recurring.summary(m)
    return out


def halves(arts: list[Article], which: str) -> Iterator[tuple[str, list[Article]]]:
    if which in ("tune", "both"):
        yield "tune", [a for a in arts if int(a[0][1:]) % 2 == 0]
    if which in ("held-out", "both"):
        yield "held-out", [a for a in arts if int(a[0][1:]) % 2 == 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--half", choices=["tune", "held-out", "both"], default="tune")
    args = ap.parse_args()
    arts = list(load_reuters(data_dir(args.data)))
    verdicts = judged()
    results: dict = {}
    if args.half != "tune":
        results["whole set"] = reuters(arts, verdicts)
    for name, part in halves(arts, args.half):
        results[name] = {"grouped alone": reuters(part, verdicts), "planted": planted_items(part),
                         "recurring": recurring(part)}
    out = REPO / "bench" / "out" / f"story_subject_{args.half}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

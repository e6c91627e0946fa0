"""Issue 16, sixth round: number words and mixed numbers as facts ("six pct", "6-1/16 pct"), and the template-slot
ceiling scaled with the archive (indexer/fingerprints.py `NUMBER_WORDS`, thresholds.fact_slot_max_df).

Every figure is computed by the code of one checkout; `--tree DIR` computes the same with another checkout's code
(a `git archive` of main: the untouched product) in a subprocess, and prints both, with the relations that differ
and any verdict read so far (bench/story_judgements*.tsv).

* Reuters development set, each half (even ids tune, odd ids held out) and the whole set grouped alone: relations,
  pairs in one story group, recall of the known near-duplicate pairs (bench/reuters_pairs.py), of those not judged
  two stories;
* planted items of each half: bench/story_facts.py's first 300 formula items (other facts, the same day or the
  next: apart) and their corrections (one figure, the same day: linked); the same items the next day, every number
  redrawn (apart) and one figure corrected (linked), as bench/story_days.py; and, new, from the formula items
  whose text has number words or small whole numbers (each kind indexed with the originals alone):
  - *formula items with number words*: as story_facts.py's, their number words redrawn too (apart);
  - *spelt*: every whole number 0-12 of the body written in words and every number word in digits, the same day
    (one text spelt two ways: linked);
  - *next day in words*: every number word redrawn to another and every number redrawn, the next day (apart);
  - *next day mixed*: one whole number or number word written as another mixed number the next day ("six" ->
    "6-1/16", the Fed item of r7207 / r7769), everything else kept (another day's rate: apart).

    .venv/bin/python bench/story_numbers.py [--data DIR] [--tree DIR]     # ~3 CPU min a checkout

Writes bench/out/story_numbers.json (figures and ids only).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import random
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_SMALL = re.compile(r"(?<![\d.,/-])\b(\d{1,2})\b(?![\d.,/-])")
_WORD = re.compile(r"\b(" + "|".join(_WORDS[1:]) + r")\b")
Pair = tuple[str, str]


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def spelt(text: str) -> str:
    """Whole numbers 0-12 of the body in words, number words 1-12 in digits: one text, its figures spelt otherwise."""
    head, sep, body = text.partition("\n\n")
    body = _WORD.sub(lambda m: str(_WORDS.index(m.group())), body)
    body = _SMALL.sub(lambda m: _WORDS[int(m.group())] if int(m.group()) < len(_WORDS) else m.group(), body)
    return head + sep + body


def words_redrawn(text: str, rng: random.Random) -> str:
    """Every number word 1-12 replaced by another."""
    return _WORD.sub(lambda m: rng.choice([w for w in _WORDS[1:] if w != m.group()]), text)


def mixed(text: str, rng: random.Random) -> str | None:
    """One whole number or number word of the body written as a mixed number of another value; None if none."""
    head, sep, body = text.partition("\n\n")
    spots = list(_SMALL.finditer(body)) + list(_WORD.finditer(body))
    if not spots:
        return None
    m = rng.choice(spots)
    whole = m.group() if m.group().isdigit() else str(_WORDS.index(m.group()))
    frac = rng.choice(["1/16", "1/8", "3/16", "1/4", "1/2", "3/4"])
    return head + sep + body[: m.start()] + f"{whole}-{frac}" + body[m.end() :]


def measure(data: Path) -> dict:
    """Every figure of this module's docstring with the code on sys.path."""
    sys.path.insert(0, str(REPO / "bench"))
    from reuters_pairs import load_reuters, read_truth
    from story_facts import grouped

    from indexer.dedupe import StoryIndex

    def relations(arts: list) -> dict[Pair, str]:
        idx = StoryIndex()
        for aid, d, text in arts:
            idx.add(aid, text, d)
        return {(r.a, r.b): r.kind for r in idx.relations()}

    truth_path = REPO / "bench" / "out" / "reuters_pairs.tsv"
    if not truth_path.is_file():
        subprocess.run([sys.executable, str(REPO / "bench" / "reuters_pairs.py"), "--data", str(data)], check=True)
    truth = [(min(a, b), max(a, b)) for a, b, *_ in read_truth(truth_path)]
    verdicts = judged()
    arts = list(load_reuters(data))
    parts = {"tune (even ids)": [a for a in arts if int(a[0][1:]) % 2 == 0],
             "held-out (odd ids)": [a for a in arts if int(a[0][1:]) % 2 == 1], "whole set": arts}
    out: dict = {}
    for name, part in parts.items():
        rels, pairs, _ = grouped(part, True)
        ids = {a for a, _, _ in part}
        known = [t for t in truth if t[0] in ids and t[1] in ids]
        one_story = [t for t in known if verdicts.get(t) != "different"]
        row: dict = {
            "relations": sorted([r.a, r.b, r.kind] for r in rels), "grouped pairs": sorted(map(list, pairs)),
            "known pairs": len(known), "recall known": _share([t in pairs for t in known]),
            "recall known, not judged two stories": _share([t in pairs for t in one_story]),
        }
        if not name.startswith("whole"):
            row["planted"] = planted_items(part, relations)
            row["planted in the archive"] = planted_in_archive(part, relations)
        out[name] = row
    return out


def planted_items(part: list, relations) -> dict:
    """The planted items of one half (see the module's docstring), each kind indexed with the half's formula items
    (original, other facts, correction) only, so that one kind's copies do not crowd another's."""
    from story_facts import correct, planted, planted_scores, refill, subject
    from story_unseen import redraw

    rng = random.Random(616)
    items = list(itertools.islice(planted(part), 300))
    originals = [orig for _, orig, *_ in items]
    subjects = sorted({s for _, _, t in part if (s := subject(t))})
    kinds: dict[str, list[tuple[str, object, bool]]] = {k: [] for k in ("n", "k", "fw", "s", "w", "m")}
    for aid, (_, d, t), *_ in items:
        if not d:
            continue
        nd = d + datetime.timedelta(days=1)
        kinds["n"].append((aid, (aid + "-n", nd, redraw(t, rng)), False))
        kinds["k"].append((aid, (aid + "-k", nd, correct(t, rng)), True))
        if _WORD.search(t):  # formula items whose figures are partly in words: those redrawn too (other facts)
            kinds["fw"].append((aid, (aid + "-fw", d, refill(words_redrawn(t, rng), rng, subjects, 0.8)), False))
            kinds["w"].append((aid, (aid + "-w", nd, redraw(words_redrawn(t, rng), rng)), False))
        if spelt(t) != t:
            kinds["s"].append((aid, (aid + "-s", d, spelt(t)), True))
        if mx := mixed(t, rng):
            kinds["m"].append((aid, (aid + "-m", nd, mx), False))
    labels = {
        "n": "next day's item (every number redrawn): apart",
        "k": "re-sent next day, one figure corrected: linked",
        "fw": "formula items with number words, those redrawn too, same day: apart",
        "s": "spelt otherwise (0-12 in words, number words in digits), same day: linked",
        "w": "next day, number words and numbers redrawn: apart",
        "m": "next day, one figure as another mixed number: apart",
    }
    out = planted_scores(part, 300, True)
    for k, label in labels.items():
        rels = set(relations(originals + [v for _, v, _ in kinds[k]]))
        out[f"{label} (of {len(kinds[k])})"] = _share([((a, v[0]) in rels) == linked for a, v, linked in kinds[k]])
    return out


def planted_in_archive(part: list, relations) -> dict:
    """The first kinds of `planted_items` (formula items and their corrections, the next day's item and the item
    re-sent the next day with one figure corrected), each indexed with the whole half rather than the originals
    alone: a template's wording then recurs across the half's real items of its kind as in an archive, instead of
    being distinctive in every planted text."""
    from story_facts import correct, planted
    from story_unseen import redraw

    rng = random.Random(616)
    items = list(itertools.islice(planted(part), 300))
    dated = [(aid, d + datetime.timedelta(days=1), t) for aid, (_, d, t), *_ in items if d]
    kinds = {
        "formula items (other facts, the same day or the next): apart": [(aid, f, False) for aid, _, f, _ in items],
        "their corrections (one figure, the same day): linked": [(aid, c, True) for aid, *_, c in items],
        "next day's item (every number redrawn): apart": [(a, (a + "-n", nd, redraw(t, rng)), False)
                                                           for a, nd, t in dated],
        "re-sent next day, one figure corrected: linked": [(a, (a + "-k", nd, correct(t, rng)), True)
                                                            for a, nd, t in dated],
    }
    out: dict = {}
    for label, kind in kinds.items():
        rels = set(relations(part + [v for _, v, _ in kind]))
        out[f"{label} (of {len(kind)})"] = _share([((a, v[0]) in rels) == linked for a, v, linked in kind])
    return out


def judged() -> dict[Pair, str]:
    """Every verdict of bench/story_judgements*.tsv by sorted pair of Reuters ids (the latest file's wins)."""
    out: dict[Pair, str] = {}
    for path in sorted((REPO / "bench").glob("story_judgements*.tsv")):
        for line in path.read_text().splitlines():
            cells = line.split("\t")
            ids = [c for c in cells if re.fullmatch(r"r\d+", c)]
            if line.startswith("#") or len(ids) != 2:
                continue
            verdict = cells[cells.index(ids[1]) + 1]
            out[(min(ids), max(ids))] = verdict
    return out


def compare(now: dict, before: dict) -> dict:
    """The relations and grouped pairs only one of the two finds, with verdicts; the figures side by side."""
    verdicts = judged()
    out: dict = {}
    for name in now:
        a, b = now[name], before[name]
        ra, rb = {tuple(r[:2]): r[2] for r in a["relations"]}, {tuple(r[:2]): r[2] for r in b["relations"]}
        pa, pb = set(map(tuple, a["grouped pairs"])), set(map(tuple, b["grouped pairs"]))
        out[name] = {
            "relations (this / before)": [len(ra), len(rb)], "grouped pairs": [len(pa), len(pb)],
            "relations only before": [[*p, rb[p], verdicts.get(p)] for p in sorted(set(rb) - set(ra))],
            "relations only this": [[*p, ra[p], verdicts.get(p)] for p in sorted(set(ra) - set(rb))],
            "grouped only before": [[*p, verdicts.get(p)] for p in sorted(pb - pa)],
            "grouped only this": [[*p, verdicts.get(p)] for p in sorted(pa - pb)],
            **{k: [a[k], b[k]] for k in a if k.startswith("recall") or k == "known pairs"},
        }
        for planted in ("planted", "planted in the archive"):
            if planted in a:
                before_kind = b.get(planted, {})
                out[name][f"{planted} (this / before)"] = {k: [v, before_kind.get(k)] for k, v in a[planted].items()}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--tree", help="also measure another checkout's code (the product before: main)")
    ap.add_argument("--code", help=argparse.SUPPRESS)  # the checkout whose indexer a subprocess imports
    args = ap.parse_args()
    if args.code:  # its indexer imported first: the bench modules put this checkout on sys.path too
        sys.path.insert(0, str(Path(args.code).resolve()))
        import archive.sentences  # noqa: F401
        import indexer.dedupe  # noqa: F401
    sys.path.insert(0, str(REPO / "bench"))
    from reuters_pairs import data_dir

    data = data_dir(args.data)
    if args.code:
        print(json.dumps(measure(data)))
        return
    results: dict = {"this": measure(data)}
    if args.tree:
        cmd = [sys.executable, __file__, "--data", str(data), "--code", args.tree]
        results["before"] = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        results["compared"] = compare(results["this"], results["before"])
    out = REPO / "bench" / "out" / "story_numbers.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results.get("compared", results), indent=1))


if __name__ == "__main__":
    main()

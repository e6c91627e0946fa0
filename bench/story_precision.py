"""Judged precision of story grouping on pairs never read before (issue 16, second round).

The first round's judged sample (bench/story_judgements.tsv, 100 pairs of the held-out half) was read while
the rules changed, and the held-out half holds only about 125 grouped pairs in all. So the new sample is
drawn from the story groups of the whole Reuters development set (as an archive holds it), from the pairs
that are not both of the tuning half (even ids) and were not judged before: pairs of two held-out articles,
and pairs of a held-out article with a tuning one (no one ever looked at such a pair). Both the product and
the untouched baseline (the first round's rules: same-story links within 7 days) group the whole set; the
sample is drawn from the union of their pairs, so each is judged on the same pairs.

    .venv/bin/python bench/story_precision.py [--data DIR] [--print-sample]

Verdicts: bench/story_judgements_2.tsv (ids, same / different, one line of reason). Recall is measured as
in bench/story_facts.py, on the held-out half alone (known pairs: bench/reuters_pairs.py). Writes
bench/out/story_precision.json (figures and ids only).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from reuters_pairs import data_dir, load_reuters, read_truth  # noqa: E402
from story_facts import Article, grouped  # noqa: E402

from indexer.dedupe import thresholds  # noqa: E402

FIRST = REPO / "bench" / "story_judgements.tsv"
JUDGEMENTS = REPO / "bench" / "story_judgements_2.tsv"
SAMPLE_SIZE, SAMPLE_SEED = 250, 1616
FIRST_ROUND_SAME_STORY_DAYS = 7  # the one rule this round changed (indexer/dedupe/thresholds.py SAME_STORY_MAX_DAYS)
Pair = tuple[str, str]


@contextlib.contextmanager
def first_round_rules() -> Iterator[None]:
    """The product as the first round left it: same-story links within 7 days."""
    kept = thresholds.SAME_STORY_MAX_DAYS
    thresholds.SAME_STORY_MAX_DAYS = FIRST_ROUND_SAME_STORY_DAYS
    try:
        yield
    finally:
        thresholds.SAME_STORY_MAX_DAYS = kept


def read_verdicts(path: Path) -> dict[Pair, str]:
    """(id_a, id_b) -> "same" | "different" from a judgements file (ids sorted as strings)."""
    out: dict[Pair, str] = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            if line and not line.startswith(("#", "id_a")):
                a, b, verdict, *_ = line.split("\t")
                out[(a, b)] = verdict
    return out


def borderline(path: Path) -> set[Pair]:
    """Pairs judged "same" whose reason says the call was borderline (two statements of one day's event)."""
    out: set[Pair] = set()
    if path.is_file():
        for line in path.read_text().splitlines():
            parts = line.split("\t")
            if len(parts) >= 4 and "borderline" in parts[3]:
                out.add((parts[0], parts[1]))
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion k / n."""
    if not n:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(centre - half, 4), round(centre + half, 4)


def precision(pairs: set[Pair], sample: list[Pair], verdicts: dict[Pair, str], doubtful: set[Pair]) -> dict:
    """Judged precision of one system's grouped pairs over the sampled pairs it groups (and with the
    borderline "same" verdicts counted as errors)."""
    mine = [p for p in sample if p in pairs and p in verdicts]
    judged = [verdicts[p] for p in mine]
    same = sum(v == "same" for v in judged)
    strict = same - sum(p in doubtful and verdicts[p] == "same" for p in mine)
    return {
        "sampled_pairs_grouped": len(mine),
        "judged": len(judged),
        "same": same,
        "errors": len(judged) - same,
        "precision": round(same / max(1, len(judged)), 4),
        "wilson_95": wilson(same, len(judged)),
        "precision, borderline counted as errors": round(strict / max(1, len(judged)), 4),
        "wilson_95, borderline counted as errors": wilson(strict, len(judged)),
    }


def show_pairs(arts: list[Article], pairs: list[Pair]) -> None:
    """For judging (to the terminal, never to a file): each pair's dates, the start of both texts, and the
    words that differ between them (formula items differ in their facts only)."""
    import difflib

    texts = {a: (d, t) for a, d, t in arts}
    for x, y in pairs:
        (dx, tx), (dy, ty) = texts[x], texts[y]
        wx, wy = tx.split(), ty.split()
        sm = difflib.SequenceMatcher(None, wx, wy, autojunk=False)
        changes = [
            f"[{' '.join(wx[i1:i2])[:80]} -> {' '.join(wy[j1:j2])[:80]}]"
            for op, i1, i2, j1, j2 in sm.get_opcodes()
            if op != "equal"
        ]
        print(f"=== {x} {dx} | {y} {dy} | word ratio {sm.ratio():.2f}", file=sys.stderr)
        print("A:", tx[:700].replace("\n\n", " / "), file=sys.stderr)
        print("B:", ty[:700].replace("\n\n", " / "), file=sys.stderr)
        print("DIFF:", " ".join(changes[:30])[:1500], "\n", file=sys.stderr)


def even(i: str) -> bool:
    return int(i[1:]) % 2 == 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--print-sample", action="store_true", help="print the sample to judge (stderr)")
    args = ap.parse_args()
    data = data_dir(args.data)
    arts = list(load_reuters(data))
    held = [a for a in arts if not even(a[0])]
    results: dict = {"articles": len(arts), "held_out_articles": len(held)}
    pairs: dict[str, set[Pair]] = {}
    recall: dict[str, dict] = {}
    truth_path = REPO / "bench" / "out" / "reuters_pairs.tsv"
    if not truth_path.is_file():
        subprocess.run([sys.executable, str(REPO / "bench" / "reuters_pairs.py"), "--data", str(data)], check=True)
    held_ids = {a for a, _, _ in held}
    known = [(min(a, b), max(a, b)) for a, b, *_ in read_truth(truth_path)]
    known = [t for t in known if t[0] in held_ids and t[1] in held_ids]
    verdicts = {**read_verdicts(FIRST), **read_verdicts(JUDGEMENTS)}
    one_story = [t for t in known if verdicts.get(t) != "different"]
    for label in ("product", "baseline"):
        with first_round_rules() if label == "baseline" else contextlib.nullcontext():
            _, pairs[label], _ = grouped(arts, True)
            _, held_pairs, _ = grouped(held, True)
        recall[label] = {
            "known_pairs": len(known),
            "recall_known": round(sum(t in held_pairs for t in known) / max(1, len(known)), 4),
            "known_not_judged_two_stories": len(one_story),
            "recall_known_one_story": round(sum(t in held_pairs for t in one_story) / max(1, len(one_story)), 4),
            "held_out_grouped_pairs": len(held_pairs),
        }
    first = read_verdicts(FIRST)
    union = pairs["product"] | pairs["baseline"]
    pool = sorted(p for p in union if not (even(p[0]) and even(p[1])) and p not in first)
    sample = random.Random(SAMPLE_SEED).sample(pool, min(SAMPLE_SIZE, len(pool)))
    new = read_verdicts(JUDGEMENTS)
    doubtful = borderline(JUDGEMENTS)
    results["grouped_pairs_whole_set"] = {k: len(v) for k, v in pairs.items()}
    results["pool"] = len(pool)
    results["sample"] = len(sample)
    results["judged"] = sum(p in new for p in sample)
    for label in ("product", "baseline"):
        results[label] = {
            "all sampled pairs": precision(pairs[label], sample, new, doubtful),
            "both held out": precision(
                pairs[label], [p for p in sample if not even(p[0]) and not even(p[1])], new, doubtful
            ),
            "held out with tuning": precision(
                pairs[label], [p for p in sample if even(p[0]) != even(p[1])], new, doubtful
            ),
            "recall, held-out half alone": recall[label],
        }
    results["only_product"] = sorted(pairs["product"] - pairs["baseline"])
    results["only_baseline"] = [
        {"a": a, "b": b, "judged": new.get((a, b))} for a, b in sorted(pairs["baseline"] - pairs["product"])
    ]
    if args.print_sample:
        show_pairs(arts, sorted(p for p in sample if p not in new))
    out = REPO / "bench" / "out" / "story_precision.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

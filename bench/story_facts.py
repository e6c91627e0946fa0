"""Story grouping on the real wire archive, with and without the facts veto (issue 16).

The Reuters development half is split by id: even ids tune the veto's constants, odd ids are held out.
For each half, with the veto (the product) and without it (the baseline), it reports:

* recall: the half's known near-duplicate pairs (bench/reuters_pairs.py truth) put in one story group;
* grouped pairs: pairs of articles in one story group (each must be one story);
* judged precision (held-out half): a seeded random sample of the grouped pairs, read and judged by hand,
  verdicts in bench/story_judgements.tsv (ids only; `--print-sample` shows the sample to judge);
* planted formula items: real articles of each half re-issued with their facts changed (the subject
  the item opens with replaced by another item's, 80% of the numbers redrawn, same day or the next)
  must stay apart, while corrections of them (one figure changed, a sentence added) must still be
  linked. The tune half's planted items may be used for tuning; the held-out half's are reported.

    .venv/bin/python bench/story_facts.py [--data DIR] [--print-sample]
    .venv/bin/python bench/story_facts.py --speed     # CPU time of splitting and fingerprints, 3 splitters

Writes bench/out/story_facts.json (figures and ids only).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from reuters_pairs import data_dir, load_reuters, read_truth  # noqa: E402

from archive import sentences  # noqa: E402
from indexer.dedupe import Relation, StoryIndex, story_groups  # noqa: E402

JUDGEMENTS = REPO / "bench" / "story_judgements.tsv"
SAMPLE_SIZE, SAMPLE_SEED = 100, 16
Article = tuple[str, datetime.date | None, str]


class NoVeto(StoryIndex):
    """The baseline: the same index without the facts veto."""

    def facts_differ(self, a: int, b: int) -> bool:
        return False


def grouped(arts: list[Article], veto: bool) -> tuple[list[Relation], set[tuple[str, str]], float]:
    """(relations, pairs of articles in one story group, seconds) for one set of articles."""
    idx = StoryIndex() if veto else NoVeto()
    sentences.paragraph_sentences.cache_clear()  # each run splits its texts afresh: comparable times
    t0 = time.perf_counter()
    for aid, d, text in arts:
        idx.add(aid, text, d)
    rels = idx.relations()
    secs = time.perf_counter() - t0
    groups: dict[str, list[str]] = {}
    for aid, story in story_groups([a for a, _, _ in arts], rels, {a: d for a, d, _ in arts}).items():
        groups.setdefault(story, []).append(aid)
    pairs = {(x, y) for m in groups.values() for x, y in itertools.combinations(sorted(m), 2)}
    return rels, pairs, secs


def sample(pairs: set[tuple[str, str]]) -> list[tuple[str, str]]:
    return random.Random(SAMPLE_SEED).sample(sorted(pairs), min(SAMPLE_SIZE, len(pairs)))


def read_judgements() -> dict[tuple[str, str], str]:
    """(id_a, id_b) -> "same" | "different", from bench/story_judgements.tsv."""
    out = {}
    if JUDGEMENTS.is_file():
        for line in JUDGEMENTS.read_text().splitlines():
            if line and not line.startswith("#") and not line.startswith("id_a"):
                a, b, verdict, *_ = line.split("\t")
                out[(a, b)] = verdict
    return out


# -- planted formula items --------------------------------------------------------------------------
# The subject a wire item opens with ("Computer Terminal Systems Inc said ..."): its first run of
# capitalised words, after an optional "The".
_SUBJECT = re.compile(r"^(?:The )?((?:[A-Z][\w&'.-]*\s){0,4}[A-Z][\w&'.-]*)(?=\s)")
_NUMBER = re.compile(r"\b\d+(?:[.,/]\d+)*\b")


def subject(text: str) -> str | None:
    m = _SUBJECT.match(text.partition("\n\n")[2])
    return m.group(1) if m and len(m.group(1)) > 3 else None


def refill(text: str, rng: random.Random, subjects: list[str], share: float) -> str:
    """The text with its subject replaced everywhere by another item's subject and `share` of its
    numbers redrawn (same number of digits): the same template with other facts."""
    old = subject(text)
    if old:
        new = rng.choice([n for n in subjects if n.split()[0] != old.split()[0]])
        text = text.replace(old, new).replace(old.upper(), new.upper())
        # and its short form ("Moody's said" after "Moody's Investors Service Inc said")
        short, new_short = old.split()[0], new.split()[0]
        text = re.sub(rf"\b{re.escape(short)}\b", new_short, text)
        text = re.sub(rf"\b{re.escape(short.upper())}\b", new_short.upper(), text)

    def number(m: re.Match) -> str:
        if rng.random() > share:
            return m.group()
        digits = iter([str(rng.randrange(1, 10))] + [str(rng.randrange(10)) for _ in m.group()])
        return "".join(next(digits) if c.isdigit() else c for c in m.group())

    return _NUMBER.sub(number, text)


def correct(text: str, rng: random.Random) -> str:
    """A correction of the text: one figure changed and a sentence added at the end."""
    nums = list(_NUMBER.finditer(text))
    if nums:
        m = rng.choice(nums)
        text = text[: m.start()] + str(int(m.group()[0]) % 9 + 1) + m.group()[1:] + text[m.end() :]
    return text + "\n\nThis corrects an earlier version of this item."


def planted(arts: list[Article], seed: int = 1) -> Iterator[tuple[str, Article, Article, Article]]:
    """(id, original, formula variant, correction) for articles that look like formula items: a
    subject, at least 3 numbers, at most 250 words. The variant is dated the same day or the next."""
    rng = random.Random(seed)
    subjects = sorted({s for _, _, t in arts if (s := subject(t))})
    for aid, d, text in arts:
        body = text.partition("\n\n")[2]
        if len(body.split()) > 250 or len(_NUMBER.findall(body)) < 3 or not subject(text):
            continue
        d2 = d + datetime.timedelta(days=rng.randrange(2)) if d else None
        formula = (aid + "-f", d2, refill(text, rng, subjects, 0.8))
        yield aid, (aid, d, text), formula, (aid + "-c", d, correct(text, rng))


def planted_scores(arts: list[Article], n: int, veto: bool) -> dict:
    items = list(itertools.islice(planted(arts), n))
    idx = StoryIndex() if veto else NoVeto()
    for _, *versions in items:
        for aid, d, text in versions:
            idx.add(aid, text, d)
    rels = {(r.a, r.b) for r in idx.relations()}
    apart = sum((min(a, a + "-f"), max(a, a + "-f")) not in rels for a, *_ in items)
    linked = sum((a, a + "-c") in rels for a, *_ in items)
    return {
        "items": len(items),
        "formula_kept_apart": round(apart / len(items), 4),
        "corrections_linked": round(linked / len(items), 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--print-sample", action="store_true", help="print the held-out sample to judge")
    ap.add_argument("--speed", action="store_true", help="only time sentence splitting and fingerprints")
    ap.add_argument("--n", type=int, default=1000, help="articles timed by --speed")
    args = ap.parse_args()
    data = data_dir(args.data)
    if args.speed:
        speed(data, args.n)
        return
    truth_path = REPO / "bench" / "out" / "reuters_pairs.tsv"
    if not truth_path.is_file():
        subprocess.run([sys.executable, str(REPO / "bench" / "reuters_pairs.py"), "--data", str(data)], check=True)
    truth = [(min(a, b), max(a, b)) for a, b, *_ in read_truth(truth_path)]
    arts = list(load_reuters(data))
    halves = {
        "tune (even ids)": [a for a in arts if int(a[0][1:]) % 2 == 0],
        "held-out (odd ids)": [a for a in arts if int(a[0][1:]) % 2 == 1],
    }
    judged = read_judgements()
    results: dict = {}
    held_pairs: dict[str, set[tuple[str, str]]] = {}
    for name, part in halves.items():
        ids = {a for a, _, _ in part}
        known = [t for t in truth if t[0] in ids and t[1] in ids]
        row: dict = {"articles": len(part), "known_pairs": len(known)}
        for label, veto in (("veto", True), ("baseline", False)):
            rels, pairs, secs = grouped(part, veto)
            # recall of the known pairs, and of those not judged two stories (formula items of
            # other days or issuers pass the near-duplicate definition the known list is built on)
            one_story = [t for t in known if judged.get(t) != "different"]
            row[label] = {
                "relations": len(rels),
                "grouped_pairs": len(pairs),
                "recall_known": round(sum(t in pairs for t in known) / max(1, len(known)), 4),
                "recall_known_one_story": round(sum(t in pairs for t in one_story) / max(1, len(one_story)), 4),
                "seconds": round(secs, 1),
            }
            if name.startswith("held"):
                held_pairs[label] = pairs
        results[name] = row
    held = halves["held-out (odd ids)"]
    row = results["held-out (odd ids)"]
    chosen = sample(held_pairs["veto"])
    done = [judged[p] for p in chosen if p in judged]
    row["veto"]["judged_sample"] = len(done)
    row["veto"]["judged_precision"] = round(sum(v == "same" for v in done) / max(1, len(done)), 4)
    removed = sorted(held_pairs["baseline"] - held_pairs["veto"])
    row["removed_by_veto"] = [{"a": a, "b": b, "judged": judged.get((a, b))} for a, b in removed]
    # the baseline's pairs are the veto's (precision estimated by the sample) plus the removed ones
    # (all judged): its precision estimated the same way
    if done and held_pairs["veto"] <= held_pairs["baseline"]:
        p = row["veto"]["judged_precision"]
        same_removed = sum(judged.get(x) == "same" for x in removed)
        n_base = len(held_pairs["baseline"])
        row["baseline"]["estimated_precision"] = round((p * len(held_pairs["veto"]) + same_removed) / n_base, 4)
    row["added_by_veto"] = len(held_pairs["veto"] - held_pairs["baseline"])
    if args.print_sample:
        print_pairs(held, chosen + removed)
    for name, part in halves.items():
        results[name]["planted formula items"] = {
            "veto": planted_scores(part, 300, True),
            "baseline": planted_scores(part, 300, False),
        }
    out = REPO / "bench" / "out" / "story_facts.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


# The splitters compared by --speed: the regex splitter before issue 16, the first round's pysbd (every
# paragraph with a possible end given to a stock pysbd), and the working tree's.
SPEED_REVISIONS = {"regex splitter (20b34c3)": "20b34c3", "pysbd, first round (9dafd1e)": "9dafd1e", "now": ""}


def speed(data: Path, n: int = 1000, rounds: int = 2) -> None:
    """CPU seconds per `n` Reuters articles of splitting and of the whole `fingerprint()`, for each splitter
    of SPEED_REVISIONS, each in a fresh process: cold (the first pass: pysbd's patterns compiled) and warm
    (a second pass over the same texts with the paragraph cache emptied: an indexer after its first
    articles). Run `rounds` times, interleaved, so that the load falls alike on all; the least kept."""
    runs: dict[str, list[dict]] = {label: [] for label in SPEED_REVISIONS}
    for _ in range(rounds):
        for label, rev in SPEED_REVISIONS.items():
            row = {}
            for what in ("split", "fingerprint"):
                cmd = [sys.executable, str(REPO / "bench" / "splitter_speed.py"), str(data), rev or "-", what, str(n)]
                done = subprocess.run(cmd, check=True, capture_output=True, text=True)
                row.update(json.loads(done.stdout))
            runs[label].append(row)
    best = {label: {k: min(r[k] for r in rs) for k in rs[0]} for label, rs in runs.items()}
    ref, first, now = (best[label] for label in SPEED_REVISIONS)
    out = {
        "articles": n,
        "cpu_seconds (least of the rounds)": best,
        "now / first round": {k: round(now[k] / first[k], 3) for k in ref},
        "now / regex splitter": {k: round(now[k] / ref[k], 2) for k in ref},
        "first round / regex splitter": {k: round(first[k] / ref[k], 2) for k in ref},
        "load": os.getloadavg(),
    }
    print(json.dumps(out, indent=1))


def print_pairs(part: list[Article], pairs: list[tuple[str, str]]) -> None:
    """Both texts of each pair with a word diff, for judging (to the terminal, never to a file)."""
    import difflib

    texts = {a: (d, t) for a, d, t in part}
    for x, y in pairs:
        (dx, tx), (dy, ty) = texts[x], texts[y]
        wx, wy = tx.split(), ty.split()
        ops = difflib.SequenceMatcher(None, wx, wy, autojunk=False).get_opcodes()
        out = [
            " ".join(wx[i1:i2]) if op == "equal" else f"[-{' '.join(wx[i1:i2])}-|+{' '.join(wy[j1:j2])}+]"
            for op, i1, i2, j1, j2 in ops
        ]
        print(f"=== {x} {dx} | {y} {dy}\n{' '.join(out)[:1200]}\n", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Story grouping judged on text nobody tuned on, and the table and lead checks on planted items (issue 16,
third round).

Pools (each grouped whole, as an archive would hold it, by bench/story_facts.py `grouped`):

* conll: the CoNLL-2003 English development set (`conll2003_dev.txt` in the shared data folder, never copied
  here), 216 Reuters stories of late August 1996, one token a line. Each story is joined back into text (its
  first sentence the headline, every later sentence a paragraph, as wire copy is laid out) and dated from its
  dateline ("LONDON 1996-08-30").
* pages: the saved web pages' reference headlines and texts (`pages/*/truth.jsonl`) with their reference
  dates, 672 pages with a reference text.

Every grouped pair of either system is read and judged by hand: bench/story_judgements_unseen.tsv (pool, ids,
verdict, one line of reason; `--print-pairs` shows the pairs not yet judged). The baseline is the untouched
product (main at aee6deb): this round's two checks switched off (`thresholds.TABLE_VETO`,
`thresholds.LEAD_CHECK_SHARE`); `--tree DIR` groups the pools with another checkout's code (such as
`git archive aee6deb`) and says whether its relations equal the baseline's.

Reuters development set (`--reuters`): recall of the held-out half's known pairs (bench/reuters_pairs.py), the
grouped pairs of the whole set that the checks change (with any verdict of bench/story_judgements*.tsv), and
two planted sets built from the real articles of each half, with the facts changed:

* tables: every article with TABLE_MIN_ROWS data lines or more, re-issued the same day with every figure of its
  data lines redrawn (labels, headline and prose kept: the same template's table of another company, league or
  day), must stay apart; a correction (one figure of one row changed, a sentence added) must stay linked;
* background: two articles of one day (13 countable sentences or more, not grouped), the first re-issued with
  three sentences of the second's body inserted in its own body: two events sharing background, which must stay
  apart.

    .venv/bin/python bench/story_unseen.py [--data DIR] [--print-pairs] [--tree DIR] [--reuters]

Writes bench/out/story_unseen.json (figures and ids only).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import itertools
import json
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from reuters_pairs import data_dir, load_reuters, read_truth  # noqa: E402
from story_facts import Article, grouped  # noqa: E402
from story_precision import FIRST, JUDGEMENTS, read_verdicts, wilson  # noqa: E402

from archive.sentences import split_sentences  # noqa: E402
from indexer.dedupe import StoryIndex, thresholds  # noqa: E402
from indexer.fingerprints import sentence_rows, tokens  # noqa: E402

VERDICTS = REPO / "bench" / "story_judgements_unseen.tsv"
Pair = tuple[str, str]

_DATELINE = re.compile(r"^(?:[A-Z][^\n]{0,50}\s)?(\d{4}-\d{2}-\d{2})$")
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def detokenise(toks: list[str]) -> str:
    """One CoNLL sentence's tokens as plain text (straight quotes paired open / close)."""
    out: list[str] = []
    open_quote = False
    for tok in toks:
        if tok == '"':
            open_quote = not open_quote
            out.append('"' + "\x00" if open_quote else "\x01" + '"')
        else:
            out.append(tok)
    text = " ".join(out).replace("\x00 ", "").replace(" \x01", "").replace("\x00", "").replace("\x01", "")
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def read_stories(path: Path) -> list[tuple[str, datetime.date | None, str]]:
    """(id, date from the dateline, text) per CoNLL story: the headline, then each later sentence a paragraph."""
    stories: list[list[list[str]]] = []
    sent: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            stories.append([])
            continue
        if not raw.strip():
            if sent and stories:
                stories[-1].append(sent)
            sent = []
            continue
        sent.append(raw.split()[0])
    if sent and stories:
        stories[-1].append(sent)
    out = []
    for n, sents in enumerate(stories):
        lines: list[str] = []
        for s in sents:
            line = detokenise(s)
            # the set cut some stories at their original line ends: a piece opening lower-case continues
            if lines and line[:1].islower() and lines[-1][-1:] not in '.!?:"':
                lines[-1] += " " + line
            else:
                lines.append(line)
        date = None
        for i, line in enumerate(lines[:4]):
            m = _DATELINE.match(line)
            if m:
                date = datetime.date.fromisoformat(m.group(1))
                del lines[i]
                break
        out.append((f"c{n:03d}", date, "\n\n".join(lines)))
    return out


def read_pages(data: Path) -> list[tuple[str, datetime.date | None, str]]:
    """(id, reference date, reference headline and text) of every saved page with a reference text (the
    pages' own truth, so the grouping is judged apart from the page reader)."""
    out = []
    for truth in sorted((data / "pages").glob("*/truth.jsonl")):
        for line in truth.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            rec = json.loads(line)
            if not rec.get("body"):
                continue
            try:
                date = datetime.date.fromisoformat(rec["date"][:10]) if rec.get("date") else None
            except ValueError:
                date = None
            text = "\n\n".join(p for p in [rec.get("title", ""), rec["body"]] if p)
            out.append((f"p:{truth.parent.name}/{rec['file']}", date, text))
    return out


# -- the baseline -----------------------------------------------------------------------------------------
def both(arts: list[Article]) -> dict[str, tuple[list, set[Pair]]]:
    """{"product" | "baseline": (relations, grouped pairs)} of one set of articles."""
    out = {}
    for label in ("product", "baseline"):
        with thresholds.without_table_and_lead_checks() if label == "baseline" else contextlib.nullcontext():
            rels, pairs, _ = grouped(arts, True)
        out[label] = (rels, pairs)
    return out


# -- judged pools -----------------------------------------------------------------------------------------
def read_pool_verdicts(path: Path = VERDICTS) -> dict[tuple[str, str, str], str]:
    """(pool, id_a, id_b) -> "same" | "different", from a judgements file (bench/story_judgements_unseen.tsv)."""
    out = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            if line and not line.startswith(("#", "pool\t")):
                pool, a, b, verdict, *_ = line.split("\t")
                out[(pool, a, b)] = verdict
    return out


def judged(pool: str, pairs: set[Pair], verdicts: dict) -> dict:
    """Judged precision of one system's grouped pairs in one pool (every pair is judged)."""
    seen = [verdicts[(pool, a, b)] for a, b in sorted(pairs) if (pool, a, b) in verdicts]
    same = sum(v == "same" for v in seen)
    return {
        "grouped_pairs": len(pairs),
        "judged": len(seen),
        "same": same,
        "precision": round(same / len(seen), 4) if seen else None,
        "wilson_95": wilson(same, len(seen)),
    }


def show(arts: list[Article], pairs: list[Pair], rels: Mapping[Pair, object]) -> None:
    """Both texts of each pair to judge (to the terminal, never to a file)."""
    texts = {a: (d, t) for a, d, t in arts}
    for x, y in pairs:
        (dx, tx), (dy, ty) = texts[x], texts[y]
        print(f"=== {x} {dx} | {y} {dy} | {rels.get((x, y))}", file=sys.stderr)
        print("A:", tx[:1500].replace("\n\n", " / "), file=sys.stderr)
        print("B:", ty[:1500].replace("\n\n", " / "), "\n", file=sys.stderr)


TREE_CODE = """
import json, sys, datetime
from indexer.dedupe import StoryIndex
arts = json.load(open(sys.argv[1]))
idx = StoryIndex()
for a, d, t in arts:
    idx.add(a, t, datetime.date.fromisoformat(d) if d else None)
print(json.dumps(sorted((r.a, r.b, r.kind) for r in idx.relations())))
"""


def tree_relations(tree: Path, arts: list[Article]) -> list[tuple[str, str, str]]:
    """The relations another checkout's code finds among `arts` (its own interpreter path, this one's Python)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump([(a, d.isoformat() if d else None, t) for a, d, t in arts], f)
        f.flush()
        done = subprocess.run(
            [sys.executable, "-c", TREE_CODE, f.name], cwd=tree, check=True, capture_output=True, text=True
        )
    return [tuple(r) for r in json.loads(done.stdout)]


# -- planted items from real Reuters articles ---------------------------------------------------------------
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


def redraw(text: str, rng: random.Random) -> str:
    """The text with every number redrawn (same digits and separators, another value)."""

    def number(m: re.Match) -> str:
        old = m.group()
        while True:
            digits = iter([str(rng.randrange(1, 10))] + [str(rng.randrange(10)) for _ in old])
            new = "".join(next(digits) if c.isdigit() else c for c in old)
            if new != old:
                return new

    return _NUMBER.sub(number, text)


def data_lines(text: str) -> list[str]:
    """The text's sentences that are table rows (fingerprints.sentence_rows)."""
    return [s for s in split_sentences(text) if sentence_rows(s)]


def planted_tables(arts: list[Article]) -> Iterator[tuple[str, Article, Article]]:
    """(id, the table of other figures, a correction) for every article with TABLE_MIN_ROWS data lines or more:
    its rows' figures all redrawn (labels, headline and prose kept), and one figure of one row changed with a
    sentence added."""
    rng = random.Random(16)
    for aid, d, text in arts:
        rows = data_lines(text)
        if len(rows) < thresholds.TABLE_MIN_ROWS:
            continue
        other = text
        for row in dict.fromkeys(rows):
            other = other.replace(row, redraw(row, rng))
        fixed = rng.choice(rows)
        m = rng.choice(list(_NUMBER.finditer(fixed)))
        fix = fixed[: m.start()] + redraw(m.group(), rng) + fixed[m.end() :]
        correction = text.replace(fixed, fix, 1) + "\n\nThis corrects an earlier version of this item."
        yield aid, (aid + "-t", d, other), (aid + "-c", d, correction)


def countable(text: str) -> list[str]:
    """Sentences of 7 words or more (the ones the same-story test counts)."""
    return [s for s in split_sentences(text) if len(tokens(s)) >= 7]


def planted_background(arts: list[Article], n: int) -> Iterator[tuple[str, str, Article]]:
    """(id of x, id of y, x') for pairs of articles of one day with 13 countable sentences or more: x' is x with
    three sentences of y's body (its 5th to 7th countable ones) inserted after its own 7th sentence."""
    rng = random.Random(1616)
    by_day: dict[datetime.date, list[Article]] = {}
    for art in arts:
        if art[1] and len(countable(art[2])) >= 13:
            by_day.setdefault(art[1], []).append(art)
    pairs = [(x, y) for day in sorted(by_day) for x, y in itertools.combinations(by_day[day], 2)]
    for (xa, xd, xt), (ya, _, yt) in rng.sample(pairs, min(n, len(pairs))):
        sents = split_sentences(xt)
        inserted = sents[:7] + countable(yt)[4:7] + sents[7:]
        yield xa, ya, (f"{xa}+{ya}", xd, "\n\n".join(inserted))


def planted_scores(half: list[Article], in_one_story: set[Pair]) -> dict:
    """Kept apart / still linked, product and baseline, the planted items indexed with the half's articles."""
    tables = list(planted_tables(half))
    background = [b for b in planted_background(half, 400) if (min(b[0], b[1]), max(b[0], b[1])) not in in_one_story]
    extra = [a for _, t, c in tables for a in (t, c)] + [x for *_, x in background]
    out: dict = {"tables": len(tables), "background pairs": len(background)}
    for label in ("product", "baseline"):
        with thresholds.without_table_and_lead_checks() if label == "baseline" else contextlib.nullcontext():
            idx = StoryIndex()
            for aid, d, text in half + extra:
                idx.add(aid, text, d)
            rels = {(r.a, r.b) for r in idx.relations()}
        out[label] = {
            "tables kept apart": share([_pair(a, t[0]) not in rels for a, t, _ in tables]),
            "table corrections linked": share([_pair(a, c[0]) in rels for a, _, c in tables]),
            "background kept apart": share([_pair(x[0], y) not in rels for _, y, x in background]),
            "background still linked to its own original": share([_pair(x[0], xa) in rels for xa, _, x in background]),
        }
    return out


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def known_pairs(data: Path, half: list[Article]) -> tuple[list[Pair], list[Pair], dict]:
    """The known duplicate pairs inside one half, those not judged two stories, and every verdict read so far."""
    truth_path = REPO / "bench" / "out" / "reuters_pairs.tsv"
    if not truth_path.is_file():
        subprocess.run([sys.executable, str(REPO / "bench" / "reuters_pairs.py"), "--data", str(data)], check=True)
    verdicts = {**read_verdicts(FIRST), **read_verdicts(JUDGEMENTS)}
    ids = {a for a, _, _ in half}
    known = [(min(a, b), max(a, b)) for a, b, *_ in read_truth(truth_path)]
    known = [t for t in known if t[0] in ids and t[1] in ids]
    return known, [t for t in known if verdicts.get(t) != "different"], verdicts


def recall_of(known: list[Pair], one_story: list[Pair], pairs: set[Pair]) -> dict:
    """Recall of one system's grouped pairs on the known pairs."""
    return {
        "known pairs": round(sum(t in pairs for t in known) / len(known), 4),
        "known pairs not judged two stories": round(sum(t in pairs for t in one_story) / len(one_story), 4),
        "grouped pairs": len(pairs),
    }


def reuters(data: Path) -> dict:
    """Recall of the held-out half's known pairs, the whole set's grouped pairs the checks change, and the
    planted items of each half."""
    arts = list(load_reuters(data))
    halves = {"tune": [a for a in arts if int(a[0][1:]) % 2 == 0], "held-out": [a for a in arts if int(a[0][1:]) % 2]}
    known, one_story, verdicts = known_pairs(data, halves["held-out"])
    out: dict = {}
    held = both(halves["held-out"])
    out["recall, held-out half"] = {label: recall_of(known, one_story, pairs) for label, (_, pairs) in held.items()}
    whole = both(arts)
    product, base = whole["product"][1], whole["baseline"][1]
    out["whole set"] = {
        "grouped pairs": {"product": len(product), "baseline": len(base)},
        "only baseline": [{"pair": p, "verdict": verdicts.get(p)} for p in sorted(base - product)],
        "only product": [{"pair": p, "verdict": verdicts.get(p)} for p in sorted(product - base)],
    }
    for name, half in halves.items():
        out[f"planted, {name} half"] = planted_scores(half, whole["baseline"][1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--print-pairs", action="store_true", help="print the pools' pairs not yet judged (stderr)")
    ap.add_argument("--tree", type=Path, help="a checkout whose relations should equal the baseline's")
    ap.add_argument("--reuters", action="store_true", help="also the Reuters recall and planted items")
    args = ap.parse_args()
    data = data_dir(args.data)
    pools = {"conll": read_stories(data / "conll2003_dev.txt"), "pages": read_pages(data)}
    verdicts = read_pool_verdicts()
    results: dict = {}
    for pool, arts in pools.items():
        runs = both(arts)
        row: dict = {"articles": len(arts), "dated": sum(d is not None for _, d, _ in arts)}
        for label, (rels, pairs) in runs.items():
            row[label] = judged(pool, pairs, verdicts)
            row[label]["relations"] = [(r.a, r.b, r.kind, r.similarity) for r in rels]
        if args.tree:
            mine = sorted((r.a, r.b, r.kind) for r in runs["baseline"][0])
            row["tree relations equal the baseline's"] = tree_relations(args.tree, arts) == mine
        if args.print_pairs:
            kinds = {(r.a, r.b): (r.kind, r.similarity) for label in runs for r in runs[label][0]}
            todo = sorted(p for p in runs["product"][1] | runs["baseline"][1] if (pool, *p) not in verdicts)
            show(arts, todo, kinds)
        results[pool] = row
    if args.reuters:
        results["reuters"] = reuters(data)
    out = REPO / "bench" / "out" / "story_unseen.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str))
    print(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()

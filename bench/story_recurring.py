"""Issue 16, eighth round: recurring items (one desk's daily or weekly item of one template: the Fed's repurchase
item, the Bank of England's money market help, a weekly auction, a rate table), planted from the Reuters half's own
series, and the subject check (thresholds.SUBJECT_CHECK) measured against the product before it.

* **Series**: two articles of one half, on other days, whose texts with every figure masked (digits and number
  words as "#") share 5-word shingles at Jaccard >= SERIES_JACCARD, that name the same (SERIES_NAMES: two names or
  more inside their sentences, months and weekdays aside, so no table and no payout item), and whose figures
  differ: two issues of one recurring item, when the item has such issues on SERIES_DAYS days or more (a company's
  results sent twice, the second corrected, is no series). The figures they state differently (aligned on the
  masked words) are the item's *moving figures*.
* **Planted, from each series' first article A** (never from its mate, at most one series per article):
  - *other issues* (`A-n1` .. `A-n3`, ISSUES): A with every moving figure moved (rates by sixteenths or a few per
    cent, amounts by 1 to 30 per cent, counts by one to three; a year never), dated one, two and three periods (the
    series' own gap) away from A, on the side away from its mate: other days' items, **one story with nothing**;
  - *a correction* (`A-c`): A re-sent the same day with one moving figure moved: **one story with A** (and with
    what the half groups with A).
* The half is grouped whole with its planted items (an archive: a template's words recur as they do there). Every
  grouped pair with a planted article is judged by construction (above); `--print N` prints a sample of them to
  read. bench/story_subject.py runs the same with and without the subject check.

    .venv/bin/python bench/story_recurring.py [--half tune|held-out] [--print N]

Prints the figures (ids only with `--print`).
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERIES_JACCARD = 0.6
SERIES_NAMES = 0.8  # and the names both write (Jaccard of `names`): one desk's item, not one table of two companies
SERIES_DAYS = 3  # issues on this many days or more: a recurring item, not a company's results sent again corrected
ISSUES = 3  # other issues planted per series: one, two and three periods away from A
SEED = 1608
_NAME = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]+)")
_CALENDAR = {datetime.date(2001, m, 1).strftime("%B").lower() for m in range(1, 13)} | {
    datetime.date(2001, 1, d).strftime("%A").lower() for d in range(1, 8)}
_PIECE = re.compile(r"\d+(?:-\d+/\d+|(?:[.,/]\d+)*)|[^\W\d_]+|\S")
_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
Article = tuple[str, datetime.date | None, str]
Pair = tuple[str, str]


def pieces(text: str) -> list[str]:
    return _PIECE.findall(text)


def masked(tok: str) -> str:
    """A piece as the template sees it: a figure is "#", a word its lower case."""
    return "#" if tok[0].isdigit() or tok.lower() in _WORDS else tok.lower()


def series(arts: list[Article]) -> list[tuple[str, str]]:
    """(A, mate) for the half's recurring items (see the module's docstring), each A once and never a mate. The
    candidates are the product's own duplicates of the texts with every figure masked (no facts veto: the masked
    figures are the template's blanks)."""
    from story_facts import NoVeto

    idx = NoVeto()
    day = {aid: d for aid, d, _ in arts if d is not None}
    text = {aid: t for aid, _, t in arts}
    for aid, d in day.items():
        idx.add(aid, " ".join("nnn" if t == "#" else t for t in map(masked, pieces(text[aid]))), d)
    mates: dict[str, list[str]] = {}
    for r in idx.relations():
        a, b = r.a, r.b
        if r.kind == "duplicate" and r.similarity >= SERIES_JACCARD and day[a] != day[b]:
            if _overlap(names(text[a]), names(text[b])) >= SERIES_NAMES:
                mates.setdefault(a, []).append(b)
                mates.setdefault(b, []).append(a)
    out: list[tuple[str, str]] = []
    used: set[str] = set()
    for a in sorted(mates):
        if a in used or len({day[x] for x in [a, *mates[a]]}) < SERIES_DAYS:
            continue
        free = sorted((abs((day[b] - day[a]).days), b) for b in mates[a] if b not in used and moving(text[a], text[b]))
        if free:
            out.append((a, free[0][1]))
            used.update((a, free[0][1]))
    return out


def names(text: str) -> set[str]:
    """The capitalised words a text writes inside its sentences (not opening one), in lower case, but for months and
    weekdays (every payout item names its pay and record months)."""
    return {m.group(1).lower() for m in _NAME.finditer(text)} - _CALENDAR


def _overlap(a: set[str], b: set[str]) -> float:
    """Jaccard of two texts' names; 0 when either names fewer than two (a table's lines name nothing inside)."""
    return len(a & b) / len(a | b) if min(len(a), len(b)) >= 2 else 0.0


def moving(a: str, b: str) -> list[int]:
    """The indexes (in `pieces(a)`) of a's figures that b states otherwise in the same place of the template."""
    pa, pb = pieces(a), pieces(b)
    ma, mb = [masked(t) for t in pa], [masked(t) for t in pb]
    out = []
    for i, j, size in difflib.SequenceMatcher(None, ma, mb, autojunk=False).get_matching_blocks():
        out += [i + k for k in range(size) if ma[i + k] == "#" and pa[i + k] != pb[j + k] and not _year(pa[i + k])]
    return out


def _year(tok: str) -> bool:
    return tok.isdigit() and len(tok) == 4 and tok[:2] in ("19", "20")


def move(tok: str, rng: random.Random) -> str:
    """Another value of one figure in the same form, as the next issue of a daily item states it."""
    if tok.lower() in _WORDS:
        n = _WORDS.index(tok.lower())
        new = _WORDS[max(0, min(12, n + rng.choice([-2, -1, 1, 2])))]
        return new.capitalize() if tok[0].isupper() else new
    if "-" in tok or ("/" in tok and "." not in tok):
        return _fraction(tok, rng)
    digits = tok.replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return tok
    decimals = len(digits.partition(".")[2])
    if value < 32 and not decimals:
        return str(max(0, int(value) + rng.choice([-3, -2, -1, 1, 2, 3])))
    while True:
        step = value * (1 + rng.choice([-1, 1]) * rng.uniform(0.01, 0.3))
        if decimals:
            moved = f"{step:.{decimals}f}"
        else:
            zeros = len(digits) - len(digits.rstrip("0"))
            moved = str(int(round(step, -zeros))) if zeros < len(digits) else str(int(step))
            moved = f"{int(moved):,}" if "," in tok else moved
        if moved != tok:
            return moved


def _fraction(tok: str, rng: random.Random) -> str:
    """A mixed number or fraction moved by one to four sixteenths ("6-1/16" -> "6-1/8")."""
    whole, _, frac = tok.rpartition("-") if "-" in tok else ("0", "", tok)
    num, _, den = frac.partition("/")
    try:
        sixteenths = int(whole) * 16 + int(num) * 16 // int(den)
    except (ValueError, ZeroDivisionError):
        return tok
    new = max(1, sixteenths + rng.choice([-4, -3, -2, -1, 1, 2, 3, 4]))
    w, n = divmod(new, 16)
    if not n:
        return str(w)
    d = 16
    while n % 2 == 0:
        n, d = n // 2, d // 2
    return f"{w}-{n}/{d}" if w else f"{n}/{d}"


def replaced(text: str, at: list[int], rng: random.Random) -> str:
    """The text with the figures at these piece indexes moved (the text between pieces kept)."""
    out, pos, where = [], 0, set(at)
    for i, m in enumerate(_PIECE.finditer(text)):
        out.append(text[pos : m.start()])
        out.append(move(m.group(), rng) if i in where else m.group())
        pos = m.end()
    return "".join(out) + text[pos:]


Planted = tuple[str, list[Article], Article]


def planted(arts: list[Article]) -> list[Planted]:
    """(A, its other issues, a correction) for each series of the half (see the module's docstring)."""
    rng = random.Random(SEED)
    by_id = {aid: (aid, d, t) for aid, d, t in arts}
    out: list[Planted] = []
    for a, mate in series(arts):
        _, da, ta = by_id[a]
        _, dm, tm = by_id[mate]
        assert da is not None and dm is not None
        at = moving(ta, tm)
        gap = (da - dm) if da > dm else -(dm - da)  # one period, away from the mate
        others: list[Article] = [(f"{a}-n{k}", da + k * gap, replaced(ta, at, rng)) for k in range(1, ISSUES + 1)]
        corrected: Article = (a + "-c", da, replaced(ta, [rng.choice(at)], rng))
        out.append((a, others, corrected))
    return out


def judge(items: list[Planted], pairs: set[Pair], base: set[Pair]) -> dict:
    """The grouped pairs (`pairs`: of the half with its planted items) that hold a planted article, each with its
    verdict by construction: another issue is one story with nothing; a correction is one story with its original
    and whatever the half groups with that original alone (`base`)."""
    item_of = {a: a for a, *_ in items} | {c[0]: a for a, _, c in items}

    def true(x: str, y: str) -> bool:
        if "-n" in x or "-n" in y:
            return False
        ix, iy = item_of.get(x, x), item_of.get(y, y)
        return ix == iy or (min(ix, iy), max(ix, iy)) in base

    mine = sorted(p for p in pairs if "-" in p[0] + p[1])
    return {
        "series": len(items), "planted pairs grouped": [[*p, true(*p)] for p in mine],
        "other issues apart": sum((a, o[0]) not in pairs for a, others, _ in items for o in others),
        "corrections linked": sum((a, c[0]) in pairs for a, _, c in items),
    }


def summary(m: dict) -> dict:
    from story_precision import wilson

    judged = m["planted pairs grouped"]
    right = sum(ok for *_, ok in judged)
    n = m["series"]
    return {
        "series": n, "grouped pairs with a planted article": len(judged), "judged one story": right,
        "precision (95% Wilson)": [round(right / len(judged), 4) if judged else None, *wilson(right, len(judged))],
        "other issues kept apart": [m["other issues apart"], ISSUES * n],
        "corrections linked": [m["corrections linked"], n],
    }


def show(arts: list[Article], items: list, judged: list, n: int) -> None:
    """A seeded sample of the grouped planted pairs, each with the pieces that differ, to read (stderr)."""
    texts = {aid: (d, t) for aid, d, t in arts}
    texts |= {v[0]: (v[1], v[2]) for _, others, c in items for v in [*others, c]}
    for x, y, ok in random.Random(SEED).sample(judged, min(n, len(judged))):
        (dx, tx), (dy, ty) = texts[x], texts[y]
        diff = [t for t in difflib.ndiff(pieces(tx), pieces(ty)) if t[0] in "+-"]
        print(f"=== {x} {dx} / {y} {dy}: {'one story' if ok else 'two'}\n{tx[:600]}\n--- {' '.join(diff)[:400]}\n",
              file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--half", choices=["tune", "held-out"], default="tune")
    ap.add_argument("--print", type=int, default=0, help="print a sample of this many grouped planted pairs")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "bench"))
    from reuters_pairs import data_dir, load_reuters
    from story_facts import grouped

    arts = [a for a in load_reuters(data_dir(args.data)) if int(a[0][1:]) % 2 == (args.half == "held-out")]
    items = planted(arts)
    _, base, _ = grouped(arts, True)
    _, pairs, _ = grouped(arts + [v for _, others, c in items for v in [*others, c]], True)
    m = judge(items, pairs, base)
    if args.print:
        show(arts, items, m["planted pairs grouped"], args.print)
    print(json.dumps(summary(m), indent=1))


if __name__ == "__main__":
    main()

"""Benchmark indexer.dedupe: planted copies at known edit levels, Reuters real pairs, time and memory.

Planted corpora are generated (seedable) from real text -- the Reuters half plus /corpus -- at the
requested sizes. Every generated base article is a pool text with every 4th word replaced by a random
vocabulary word, so bases are distinct from each other (no 5-word window survives) while keeping real
sentence and word statistics. A share of bases get a family of planted copies:

  punct    case / punctuation / spacing changed            -> duplicate
  intro    one or two new paragraphs in front              -> duplicate
  trim     ending cut (60-80% of sentences kept)           -> duplicate
  edit     a quarter of the sentences edited, one dropped  -> duplicate
  rewrite  other text quoting 3-5 sentences, +0..3 days    -> same-story

and decoys that must stay apart: a stock sentence shared with many articles across years; an article
given the base's names only; a rewrite quoting 3-5 sentences but dated 60-400 days later.

Each size runs in its own process (peak RSS per size). The last 1,000 articles are added as an
incremental update after relations() on the rest, so the update cost is measured too.

    .venv/bin/python bench/dedupe_bench.py --sizes 10000 100000 [--data DIR] [--seed 1] [--reuters]
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench")]
from reuters_pairs import data_dir, load_reuters, read_truth  # noqa: E402

from indexer.dedupe import StoryIndex, story_groups  # noqa: E402

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_WORD = re.compile(r"^(\W*)(.*?)(\W*)$")
FAMILY_SHARE = 0.12  # bases that get planted copies
STOCK_SHARE = 0.03  # articles that get one of the stock sentences
NAMES_SHARE = 0.01  # decoys sharing only names with a family base
LATE_SHARE = 0.005  # decoys quoting a base's sentences months later
COPY_KINDS = ("punct", "intro", "trim", "edit", "rewrite")
STOCK = [
    "Tensions flared up between the two neighbours after a suicide bomber killed 40 police officers "
    "in the border district last February.",
    "The company, which employs about 4,000 people, has been struggling with falling demand since the "
    "collapse of its main export market.",
    "Analysts said the central bank was expected to keep interest rates unchanged at its next meeting "
    "later this month.",
    "The region has been disputed since independence and has been the cause of two wars and countless "
    "skirmishes along the line of control.",
    "Oil prices have fallen by nearly a third since June because of oversupply and weak demand in Asia "
    "and Europe.",
]


@dataclass
class Truth:
    family: dict[str, int] = field(default_factory=dict)  # article id -> family number
    planted: list[tuple[str, str, str]] = field(default_factory=list)  # (base, copy, copy kind)
    decoys: list[tuple[str, str, str]] = field(default_factory=list)  # (base, decoy, decoy kind)


def pool_texts(data: Path) -> list[str]:
    texts = [t for _, _, t in load_reuters(data)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))]
    return texts


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs as lists of sentences (the bench's own split, independent of the indexer's)."""
    return [_SENT.split(p.strip()) for p in text.split("\n") if p.strip()]


def join(paras: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paras if p)


class Generator:
    """Seeded corpus generator; yields (id, date, text) and fills `truth`."""

    def __init__(self, pool: list[str], seed: int) -> None:
        self.pool = pool
        self.rng = np.random.default_rng(seed)
        counts: dict[str, int] = {}
        for t in pool:
            for w in re.findall(r"[a-z]{3,}", t.lower()):
                counts[w] = counts.get(w, 0) + 1
        self.vocab = np.array(sorted(w for w, c in counts.items() if c >= 3))
        self.truth = Truth()
        self.day0 = datetime.date(2015, 1, 1).toordinal()

    def word(self) -> str:
        return str(self.vocab[self.rng.integers(len(self.vocab))])

    def base(self) -> list[list[str]]:
        """A fresh distinct article: a pool text with every 4th word replaced."""
        text = self.pool[self.rng.integers(len(self.pool))]
        phase = int(self.rng.integers(4))
        out, i = [], 0
        for para in paragraphs(text):
            sents = []
            for s in para:
                words = s.split()
                for j in range(len(words)):
                    if any(c.isdigit() for c in words[j]):
                        # "16.1" is two tokens: numbers are redrawn so no 5-token window survives
                        words[j] = str(int(self.rng.integers(1, 10_000)))
                    elif (i + phase) % 4 == 0:
                        pre, _core, post = _WORD.match(words[j]).groups()  # type: ignore[union-attr]
                        words[j] = pre + self.word() + post
                    i += 1
                sents.append(" ".join(words))
            out.append(sents)
        return out

    def date(self) -> datetime.date:
        return datetime.date.fromordinal(self.day0 + int(self.rng.integers(5 * 365)))

    # -- copies ------------------------------------------------------------------------------
    def copy(self, kind: str, b: list[list[str]]) -> list[list[str]] | None:
        rng = self.rng
        if kind == "punct":
            t = join(b).replace(",", " ,").replace('"', "'").replace("-", " - ")
            first, _, rest = t.partition("\n\n")
            return paragraphs(first.upper() + "\n" + rest.replace(". ", ".  "))
        if kind == "intro":
            return self.base()[: int(rng.integers(1, 3))] + b
        sents = [s for p in b for s in p]
        if kind == "trim":  # keep the first 60-80% of sentences, paragraphs as they were
            keep = int(len(sents) * rng.uniform(0.6, 0.8))
            if sum(len(s.split()) for s in sents[:keep]) < 40:
                return None
            out, left = [], keep
            for p in b:
                out.append(p[:left])
                left -= len(out[-1])
            return out
        if kind == "edit":  # a quarter of the sentences get one word changed/dropped/added; one dropped
            drop = int(rng.integers(len(sents))) if len(sents) >= 5 else -1
            out, k = [], 0
            for p in b:
                q = []
                for s in p:
                    k += 1
                    if k - 1 == drop:
                        continue
                    w = s.split()
                    if rng.random() < 0.25 and len(w) > 4:
                        op = rng.integers(3)
                        j = int(rng.integers(1, len(w) - 1))
                        if op == 0:
                            w[j] = self.word()
                        elif op == 1:
                            del w[j]
                        else:
                            w.insert(j, self.word())
                    q.append(" ".join(w))
                out.append(q)
            return out
        if kind == "rewrite":
            return self.rewrite(sents)
        raise ValueError(kind)

    def rewrite(self, sents: list[str]) -> list[list[str]] | None:
        """Another text quoting 3-5 long sentences of the base, lightly edited, at random places."""
        quotable = [s for s in sents if len(s.split()) >= 8]
        k = min(len(quotable), int(self.rng.integers(3, 6)))
        if k < 3 or 2 * k > len(sents):  # quoting more than half the base would be a duplicate
            return None
        picks = sorted(self.rng.choice(len(quotable), size=k, replace=False))
        quotes = []
        for j in picks:
            q = quotable[j]
            if self.rng.random() < 0.5 and q.endswith("."):
                q = q[:-1] + ", " + ("he said." if self.rng.random() < 0.5 else "the statement said.")
            quotes.append(q)
        paras = self.base()
        for q in quotes:
            paras.insert(int(self.rng.integers(len(paras) + 1)), [q])
        return paras

    def names_decoy(self, b: list[list[str]]) -> list[list[str]]:
        names = [w for s in (s for p in b for s in p) for w in s.split()[1:] if w[:1].isupper()][:8]
        paras = self.base()
        for n in names:
            p = paras[int(self.rng.integers(len(paras)))]
            k = int(self.rng.integers(len(p)))
            p[k] = p[k] + " " + n
        return paras

    # -- the corpus ----------------------------------------------------------------------------
    def articles(self, n: int) -> Iterator[tuple[str, datetime.date, str]]:
        rng, truth = self.rng, self.truth
        made = 0
        fam = 0
        while made < n:
            aid = f"g{made:07d}"
            b, d = self.base(), self.date()
            out = [(aid, d, b)]
            if rng.random() < FAMILY_SHARE:
                fam += 1
                truth.family[aid] = fam
                for kind in rng.choice(COPY_KINDS, size=int(rng.integers(1, 4)), replace=False):
                    c = self.copy(str(kind), b)
                    if c is None:
                        continue
                    cid = f"{aid}-{kind}"
                    lag = int(rng.integers(0, 4)) if kind == "rewrite" else int(rng.integers(0, 2))
                    out.append((cid, datetime.date.fromordinal(d.toordinal() + lag), c))
                    truth.family[cid] = fam
                    truth.planted.append((aid, cid, str(kind)))
                r = rng.random()
                if r < NAMES_SHARE / FAMILY_SHARE:
                    out.append((f"{aid}-names", d, self.names_decoy(b)))
                    truth.decoys.append((aid, f"{aid}-names", "names"))
                elif r < (NAMES_SHARE + LATE_SHARE) / FAMILY_SHARE:
                    late = self.rewrite([s for p in b for s in p])
                    if late is not None:
                        ld = datetime.date.fromordinal(d.toordinal() + int(rng.integers(60, 400)))
                        out.append((f"{aid}-late", ld, late))
                        truth.decoys.append((aid, f"{aid}-late", "late-rewrite"))
            for cid, cd, paras in out:
                if made >= n:
                    break
                if rng.random() < STOCK_SHARE:
                    paras = [*paras, [STOCK[int(rng.integers(len(STOCK)))]]]
                made += 1
                yield cid, cd, join(paras)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def index_bytes(idx: StoryIndex) -> int:
    """Bytes held in fingerprint arrays and postings (the index proper, not Python object overhead)."""
    n = sum(a.nbytes for a in idx.sh if a is not None) + sum(a.nbytes for a in idx.starts if a is not None)
    return n + sum(k.nbytes + s.nbytes for k, s in idx.segments)


def run_size(n: int, data: Path, seed: int) -> dict:
    from tqdm import tqdm

    gen = Generator(pool_texts(data), seed)
    idx = StoryIndex()
    dates: dict[str, datetime.date] = {}
    tail: list[tuple[str, datetime.date, str]] = []
    t_gen = t_add = 0.0
    it = gen.articles(n)
    bar = tqdm(total=n, desc=f"add {n:,}", unit="art", file=sys.stderr, mininterval=2)
    while True:
        t0 = time.perf_counter()
        try:
            aid, d, text = next(it)
        except StopIteration:
            break
        t1 = time.perf_counter()
        t_gen += t1 - t0
        dates[aid] = d
        if len(dates) > n - 1000:
            tail.append((aid, d, text))  # held back: the incremental update
        else:
            idx.add(aid, text, d)
            t_add += time.perf_counter() - t1
        bar.update(1)
    bar.close()
    t0 = time.perf_counter()
    rels = list(idx.iter_relations(progress=True))
    t_rel = time.perf_counter() - t0
    t0 = time.perf_counter()
    for aid, d, text in tail:
        idx.add(aid, text, d)
    t_upd_add = time.perf_counter() - t0
    t0 = time.perf_counter()
    rels += idx.relations(ids=[a for a, _, _ in tail])
    t_upd_rel = time.perf_counter() - t0
    res = score(rels, gen.truth, dates)
    base_n = n - len(tail)
    res.update(
        size=n,
        seed=seed,
        ms_per_1000_add=round(1000 * t_add / base_n * 1000, 1),
        ms_per_1000_relations=round(1000 * t_rel / base_n * 1000, 1),
        ms_per_1000_total=round(1000 * (t_add + t_rel) / base_n * 1000, 1),
        update_1000_ms=round(1000 * (t_upd_add + t_upd_rel), 1),
        generate_s=round(t_gen, 1),
        index_mb=round(index_bytes(idx) / 2**20, 1),
        peak_rss_mb=round(peak_rss_mb(), 1),
    )
    if n <= 20_000:  # incremental == batch, checked where a second full pass is cheap
        # (similarity of a same-story pair may differ: a stock sentence can cross the df cut-off later)
        batch = idx.relations()
        res["incremental_equals_batch"] = {(r.a, r.b, r.kind) for r in rels} == {
            (r.a, r.b, r.kind) for r in batch
        }
        res["incremental_similarity_differs"] = len(set(rels) - set(batch))
    return res


def score(rels: list, truth: Truth, dates: dict[str, datetime.date]) -> dict:
    fam = truth.family
    found = {(r.a, r.b): r.kind for r in rels}
    key = lambda x, y: (min(x, y), max(x, y))  # noqa: E731
    by_kind: dict[str, list[int]] = {}
    kind_ok = 0
    for b, c, kind in truth.planted:
        k = found.get(key(b, c))
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += k is not None
        by_kind[kind][1] += 1
        kind_ok += k == ("same-story" if kind == "rewrite" else "duplicate")
    hits = sum(v[0] for v in by_kind.values())
    correct = sum(1 for a, b in found if a in fam and fam.get(a) == fam.get(b))
    groups = story_groups(dates, rels, dates)
    grouped = sum(groups[b] == groups[c] for b, c, _ in truth.planted)
    decoy_fp: dict[str, int] = {}
    for b, c, kind in truth.decoys:
        decoy_fp[kind] = decoy_fp.get(kind, 0) + (groups[b] == groups[c])
    return {
        "planted_pairs": len(truth.planted),
        "recall": round(hits / max(1, len(truth.planted)), 4),
        "recall_by_kind": {k: round(v[0] / v[1], 4) for k, v in sorted(by_kind.items())},
        "kind_correct": round(kind_ok / max(1, len(truth.planted)), 4),
        "relations": len(found),
        "precision": round(correct / max(1, len(found)), 4),
        "group_recall": round(grouped / max(1, len(truth.planted)), 4),
        "decoys": len(truth.decoys),
        "decoys_grouped": decoy_fp,
    }


def run_reuters(data: Path) -> dict:
    truth_path = REPO / "bench" / "out" / "reuters_pairs.tsv"
    if not truth_path.is_file():
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "reuters_pairs.py"), "--data", str(data)], check=True
        )
    truth = read_truth(truth_path)
    idx = StoryIndex()
    t0 = time.perf_counter()
    arts = list(load_reuters(data))
    for aid, d, text in arts:
        idx.add(aid, text, d)
    rels = idx.relations()
    dt = time.perf_counter() - t0
    found = {(r.a, r.b) for r in rels}
    hit = [t for t in truth if (min(t[0], t[1]), max(t[0], t[1])) in found]
    not_ident = [t for t in truth if not t[4]]
    hit_ni = [t for t in hit if not t[4]]
    return {
        "reuters_articles": len(arts),
        "truth_pairs": len(truth),
        "found": len(hit),
        "pair_recall": round(len(hit) / max(1, len(truth)), 4),
        "pair_recall_non_identical": round(len(hit_ni) / max(1, len(not_ident)), 4),
        "relations": len(rels),
        "duplicates": sum(r.kind == "duplicate" for r in rels),
        "same_story": sum(r.kind == "same-story" for r in rels),
        "ms_per_1000": round(1000 * dt / len(arts) * 1000, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--data", help="folder with reuters-dev.jsonl.gz (default $ARCHIVE_BENCH_DATA, ../shared/data)"
    )
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reuters", action="store_true", help="also score the Reuters real pairs")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # child process: one size
    args = ap.parse_args()
    data = data_dir(args.data)
    if args.one:
        print(json.dumps(run_size(args.sizes[0], data, args.seed)))
        return
    results = []
    if args.reuters:
        results.append(run_reuters(data))
        print(json.dumps(results[-1]), flush=True)
    for n in args.sizes:
        cmd = [
            sys.executable,
            __file__,
            "--one",
            "--sizes",
            str(n),
            "--seed",
            str(args.seed),
            "--data",
            str(data),
        ]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    out_dir = REPO / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    name = "_".join(str(n) for n in args.sizes) + ("_reuters" if args.reuters else "")
    (out_dir / f"dedupe_bench_{name}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""Seedable benchmark corpus generator: news-like JSON Lines built from real text.

Source text: the Reuters half (`reuters-dev.jsonl.gz` under --data; default: env ARCHIVE_BENCH_DATA, else
`../shared/data` beside the repository) and the shipped `corpus/*.txt`. Each generated article joins 2-4
real bodies (about 300-500 words), with every 5th word replaced by a random vocabulary word so that
generated articles do not share long word runs by accident (dedupe would otherwise link them). The names
come from the CoNLL-2003 dev set (PER and ORG spans) when it is there, else from capitalised Reuters
phrases; they are drawn with a Zipf law (a few names in many articles, a long tail) and also written into
the text. Each line carries `persons`, `orgs`, `resolutions` (0-5, 0-5, 0-2), `date` (95% day, 2% month,
1% year precision, 2% none; more articles in recent years, in bursts), `source` (Zipf over 40 publishers)
and `title` as given metadata, so indexes of any size are built without the entity model.

Planted duplicates: 4% exact copies (another line, another file), 3% edited copies (a few words changed,
one sentence dropped), 2% rewrites that quote 3 sentences of another article a few days later.

    python -m bench.generate --n 100000 --out bench/out/corpus-100k [--seed 1] [--per-file 5000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
PUBLISHERS = [f"{a} {b}" for a in ("Daily", "Evening", "Morning", "World", "National", "City", "Global", "Weekly")
              for b in ("Herald", "Times", "Post", "Wire", "Courier")]
SAY = ("said.", "told reporters.", "declined to comment.", "said in a statement.", "was not available for comment.")


def data_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("ARCHIVE_BENCH_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def load_pool(data: Path) -> tuple[list[dict], list[str], list[str]]:
    """Real articles (title, body), person names and organisation names."""
    pool = []
    with gzip.open(data / "reuters-dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if len(obj.get("body", "").split()) >= 40:
                pool.append({"title": obj.get("title") or "", "body": obj["body"]})
    for p in sorted((REPO / "corpus").glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        head, _, body = text.partition("\n")
        pool.append({"title": head.strip(), "body": body})
    persons, orgs = _conll_names(data / "conll2003_dev.txt")
    if len(persons) < 200:
        caps = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b")
        found = sorted({m for a in pool for m in caps.findall(a["body"])})
        persons = persons or found[::2]
        orgs = orgs or [f"{n} Corp" for n in found[1::2]]
    return pool, persons, orgs


def _conll_names(path: Path) -> tuple[list[str], list[str]]:
    if not path.exists():
        return [], []
    spans: dict[str, set[str]] = {"PER": set(), "ORG": set()}
    cur: list[str] = []
    kind = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        parts = line.split()
        tag = parts[-1] if len(parts) == 4 else "O"
        k = tag[2:] if tag[:2] in ("I-", "B-") else None
        if k != kind or tag.startswith("B-"):
            if kind in spans and cur:
                spans[kind].add(" ".join(cur))
            cur, kind = [], k
        if k:
            cur.append(parts[0])
    persons = sorted(n for n in spans["PER"] if " " in n and n.replace(" ", "").replace("-", "").isalpha())
    orgs = sorted(n for n in spans["ORG"] if len(n) > 2)
    return persons, orgs


class Generator:
    def __init__(self, data: Path, seed: int) -> None:
        self.pool, persons, orgs = load_pool(data)
        self.rng = np.random.default_rng(seed)
        self.rng.shuffle(persons)
        self.rng.shuffle(orgs)
        self.persons, self.orgs = persons, orgs
        counts: dict[str, int] = {}
        for a in self.pool:
            for w in re.findall(r"[a-z]{3,}", a["body"].lower()):
                counts[w] = counts.get(w, 0) + 1
        self.vocab = sorted(w for w, c in counts.items() if c >= 3)
        self.resolutions = [str(n) for n in range(1200, 2700)]
        self.recent: list[dict] = []  # a window of earlier articles for duplicates
        # bursts: story days around which articles cluster
        self.day_lo, self.day_hi = date(1987, 1, 1).toordinal(), date(2025, 12, 31).toordinal()

    def zipf(self, n: int, a: float = 1.1) -> int:
        while True:
            k = int(self.rng.zipf(a)) - 1
            if k < n:
                return k

    def day(self) -> int:
        # density grows towards recent years: day = lo + (hi - lo) * u ** 0.6
        return int(self.day_lo + (self.day_hi - self.day_lo) * self.rng.random() ** 0.6)

    def body(self) -> list[str]:
        rng = self.rng
        paras = []
        for _ in range(int(rng.integers(2, 5))):
            text = self.pool[int(rng.integers(len(self.pool)))]["body"]
            for p in re.split(r"\n\s+|\n\n", text):
                words = p.split()
                if not words:
                    continue
                phase = int(rng.integers(5))
                for j in range(phase, len(words), 5):
                    w = words[j]
                    if w.isalpha() and w.islower():
                        words[j] = self.vocab[int(rng.integers(len(self.vocab)))]
                paras.append(" ".join(words))
        return paras

    def article(self, i: int) -> dict:
        rng = self.rng
        persons = list(dict.fromkeys(self.persons[self.zipf(len(self.persons))] for _ in range(int(rng.integers(6)))))
        orgs = list(dict.fromkeys(self.orgs[self.zipf(len(self.orgs))] for _ in range(int(rng.integers(6)))))
        res = list(dict.fromkeys(self.resolutions[self.zipf(len(self.resolutions), 1.3)]
                                 for _ in range(int(rng.choice(3, p=[0.8, 0.15, 0.05])))))
        paras = self.body()
        for name in persons + orgs:
            k = int(rng.integers(len(paras)))
            paras[k] += f" {name} {SAY[int(rng.integers(len(SAY)))]}"
        for r in res:
            k = int(rng.integers(len(paras)))
            paras[k] += f" The council adopted resolution {r} unanimously."
        title = self.pool[int(rng.integers(len(self.pool)))]["title"].title() or paras[0][:60]
        rec = {"title": title, "body": "\n\n".join(paras), "source": PUBLISHERS[self.zipf(len(PUBLISHERS))]}
        d = date.fromordinal(self.day())
        u = rng.random()
        if u < 0.95:
            rec["date"] = d.isoformat()
        elif u < 0.97:
            rec["date"] = d.isoformat()[:7]
        elif u < 0.98:
            rec["date"] = d.isoformat()[:4]
        rec.update(persons=persons, orgs=orgs, resolutions=res)
        return rec

    def copy(self, base: dict) -> dict:
        rng = self.rng
        u = rng.random()
        rec = dict(base)
        if u < 0.45:  # exact copy, maybe from another publisher
            if rng.random() < 0.5:
                rec["source"] = PUBLISHERS[self.zipf(len(PUBLISHERS))]
            return rec
        sents = [s for p in base["body"].split("\n\n") for s in _SENT.split(p)]
        if u < 0.78:  # edited copy: one sentence dropped, a few words changed
            if len(sents) > 5:
                del sents[int(rng.integers(len(sents)))]
            for _ in range(3):
                k = int(rng.integers(len(sents)))
                w = sents[k].split()
                if len(w) > 4:
                    w[int(rng.integers(1, len(w) - 1))] = self.vocab[int(rng.integers(len(self.vocab)))]
                    sents[k] = " ".join(w)
            rec["body"] = "\n\n".join(" ".join(sents[i:i + 4]) for i in range(0, len(sents), 4))
            return rec
        # rewrite: a new text quoting three sentences of the base, a few days later
        quotes = [s for s in sents if len(s.split()) >= 8][:3]
        fresh = self.article(0)
        paras = fresh["body"].split("\n\n")
        for q in quotes:
            paras.insert(int(rng.integers(len(paras) + 1)), q)
        fresh["body"] = "\n\n".join(paras)
        if "date" in base and len(base["date"]) == 10:
            fresh["date"] = date.fromordinal(date.fromisoformat(base["date"]).toordinal()
                                             + int(rng.integers(0, 4))).isoformat()
        fresh["persons"] = list(dict.fromkeys(base["persons"] + fresh["persons"]))[:5]
        return fresh

    def records(self, n: int):
        for i in range(n):
            if self.recent and self.rng.random() < 0.09:
                rec = self.copy(self.recent[int(self.rng.integers(len(self.recent)))])
            else:
                rec = self.article(i)
                self.recent.append(rec)
                if len(self.recent) > 2000:
                    self.recent.pop(int(self.rng.integers(len(self.recent))))
            yield rec


def generate(n: int, out: Path, seed: int = 1, per_file: int = 5000, data: Path | None = None,
             prefix: str = "part") -> Path:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(data or data_dir(None), seed)
    fh = None
    for i, rec in enumerate(gen.records(n)):
        if i % per_file == 0:
            if fh:
                fh.close()
            fh = open(out / f"{prefix}-{i // per_file:05d}.jsonl", "w", encoding="utf-8")
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-file", type=int, default=5000)
    ap.add_argument("--prefix", default="part")
    ap.add_argument("--data")
    a = ap.parse_args()
    generate(a.n, Path(a.out), a.seed, a.per_file, data_dir(a.data), a.prefix)


if __name__ == "__main__":
    main()

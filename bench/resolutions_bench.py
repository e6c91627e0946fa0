"""Measure UN Security Council resolution finding on real sentences (issue 15).

Data: `tests/data/resolution_sentences.tsv`, sentences copied verbatim from public pages (UN press releases
and committee pages, Security Council Report, research-service reports, news sites, encyclopedias), each
with its page URL, the resolutions it cites and, where the citation needs it, earlier text of the same page.
The rows are split into a tuning half and a held-out half by a hash of the sentence, fixed before any rule
was written; rules were tuned on the tuning half only.

    .venv/bin/python bench/resolutions_bench.py                       # the extractor in the worktree
    .venv/bin/python bench/resolutions_bench.py --baseline f65e978    # beside the extractor of a git revision
    .venv/bin/python bench/resolutions_bench.py --show tune           # list the errors of one half
    .venv/bin/python bench/resolutions_bench.py --baseline f65e978 --speed  # time both (ratio, shared machine)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "resolution_sentences.tsv"
PARAGRAPH = " || "  # how the TSV writes a paragraph break (or skipped text) inside `context`


@dataclass(frozen=True)
class Row:
    url: str
    expected: frozenset[tuple[str, str | None]]  # (number, year or None)
    context: str  # earlier text of the same page, "" when the sentence stands alone
    sentence: str

    @property
    def half(self) -> str:
        """'tune' or 'heldout', fixed by the sentence's SHA-1 so adding rows never moves old ones."""
        return "tune" if hashlib.sha1(self.sentence.encode()).digest()[0] % 2 == 0 else "heldout"

    def text(self) -> tuple[str, int]:
        """The article text the extractor sees and where the sentence starts in it."""
        ctx = self.context.replace(PARAGRAPH.strip(), "\n\n").strip()
        if not ctx:
            return self.sentence, 0
        sep = "\n\n" if self.context.rstrip().endswith("||") else " "
        return ctx + sep + self.sentence, len(ctx) + len(sep)


def _parse_expected(field_: str) -> frozenset[tuple[str, str | None]]:
    out = set()
    for item in filter(None, (s.strip() for s in field_.split(";"))):
        num, _, rest = item.partition(" ")
        out.add((num, rest.strip("() ") or None))
    return frozenset(out)


def load_rows(path: Path = DATA) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Row(r["url"], _parse_expected(r["expected"]), r["context"], r["sentence"]) for r in reader]


def found_in_sentence(mod: ModuleType, row: Row) -> set[tuple[str, str | None]]:
    """(number, year) cited inside the sentence, the whole text given to the extractor."""
    text, start = row.text()
    if hasattr(mod, "find_citations"):
        return {(c.number, c.year) for c in mod.find_citations(text) if c.start >= start}
    # an extractor without positions: what it finds in the whole text whose number the sentence holds
    import re

    return {(r.number, r.year) for r in mod.find_resolutions(text) if re.search(rf"\b0*{r.number}\b", row.sentence)}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    year_wrong: int = 0  # number right, year label wrong or missing
    rows: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(mod: ModuleType, rows: list[Row]) -> Score:
    """Micro precision/recall over resolution numbers; a year label counts apart (`year_wrong`)."""
    s = Score()
    for row in rows:
        s.rows += 1
        got = found_in_sentence(mod, row)
        exp_years = dict(row.expected)
        got_years = dict(got)
        tp = set(got_years) & set(exp_years)
        s.tp += len(tp)
        s.fp += len(set(got_years) - set(exp_years))
        s.fn += len(set(exp_years) - set(got_years))
        s.year_wrong += sum(1 for n in tp if got_years[n] != exp_years[n])
        if got != set(row.expected):
            s.errors.append(f"{sorted(row.expected)} got {sorted(got)}: {row.sentence[:160]}")
    return s


def module_at(rev: str) -> ModuleType:
    """indexer/resolutions.py as it was at a git revision (the baseline)."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:indexer/resolutions.py"], check=True,
                         capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "resolutions_baseline.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("resolutions_baseline", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


def speed(mods: list[tuple[str, ModuleType]], texts: list[str], rounds: int = 2) -> dict[str, float]:
    """Seconds each extractor takes over `texts`, alternated `rounds` times (the machine is shared)."""
    took = {name: 0.0 for name, _ in mods}
    for _ in range(rounds):
        for name, mod in mods:
            t0 = time.perf_counter()
            for text in texts:
                mod.find_resolutions(text)
            took[name] += time.perf_counter() - t0
    return took


def _reuters_texts(limit: int) -> list[str]:
    path = ROOT.parent / "shared" / "data" / "reuters-dev.jsonl.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [(a := json.loads(line))["title"] + "\n\n" + a["body"] for line, _ in zip(f, range(limit))]


def _line(name: str, s: Score) -> str:
    return (f"{name:<24} rows {s.rows:>3}  P {s.precision:.3f}  R {s.recall:.3f}  (tp {s.tp}, fp {s.fp}, "
            f"fn {s.fn}; years wrong {s.year_wrong})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", help="git revision whose extractor to measure beside the current one")
    ap.add_argument("--show", choices=["tune", "heldout"], help="print the errors of that half")
    ap.add_argument("--speed", action="store_true", help="time the extractors (with --baseline: as a ratio)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from indexer import resolutions

    rows = load_rows()
    mods = [("current", resolutions)] + ([(f"baseline {args.baseline}", module_at(args.baseline))]
                                         if args.baseline else [])
    for half in ("tune", "heldout"):
        part = [r for r in rows if r.half == half]
        for name, mod in mods:
            s = score(mod, part)
            print(_line(f"{half} {name}", s))
            if args.show == half and name == "current":
                print("\n".join("   " + e for e in s.errors))
    if args.speed:
        for name, texts in (("sentence rows x5", [r.text()[0] for r in rows] * 5),
                            ("Reuters articles", _reuters_texts(3000))):
            if texts:
                took = speed(mods, texts)
                ratio = f", current/baseline {took['current'] / took[mods[1][0]]:.2f}" if len(mods) > 1 else ""
                print(f"speed {name} ({len(texts)} texts): " + ", ".join(f"{k} {v:.2f} s" for k, v in took.items())
                      + ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Score the page reader against trafilatura alone on the 1,050 development pages (issue 13).

The pages (../shared/data/pages, six public benchmarks with headline / date / body truth) are never
copied into the repository. They are split by a hash of "source/file": the tuning half (the rules were
looked at on these) and the held-out half (reported; never looked at page by page).

    python -m bench.pages_eval                      # held-out half, ours and trafilatura side by side
    python -m bench.pages_eval --half tune -v       # the tuning half, with every miss listed
    python -m bench.pages_eval --half all --json bench/out/pages_eval.json
    python -m bench.pages_eval --no-trafilatura --text-option favor_recall   # another trafilatura text mode
    python -m bench.pages_eval --no-trafilatura --without repeats --pages-out less.jsonl   # one rule out

What is scored is what the archive indexes: `article_from` on the page (the page reader, then the
furniture rules of `indexer/normalize.py`), against `trafilatura.bare_extraction(with_metadata=True)`
with its defaults. Both sides' headlines and bodies go through the same text normalisation (straight
quotes, plain spaces) before they are compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer import pagetext  # noqa: E402
from indexer.article import article_from  # noqa: E402
from indexer.decode import decode_bytes  # noqa: E402
from indexer.normalize import normalize_text  # noqa: E402
from indexer.read import RawDoc  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pages"
# Sources whose truth the library was tuned on: reported apart ("judge yourself mostly on the others").
LIBRARY_OWN = {"trafilatura-eval", "htmldate-eval"}


def half_of(source: str, file: str) -> str:
    """'tune' or 'held': a fixed split by a hash of the page's name."""
    h = hashlib.sha1(f"{source}/{file}".encode()).digest()[0]
    return "tune" if h % 2 == 0 else "held"


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", normalize_text(text or "").lower())


def word_f1(got: str, ref: str) -> float:
    """Bag-of-words F1 between two texts."""
    g, r = tokens(got), tokens(ref)
    if not g or not r:
        return 1.0 if g == r else 0.0
    counts: dict[str, int] = {}
    for w in r:
        counts[w] = counts.get(w, 0) + 1
    common = 0
    for w in g:
        if counts.get(w, 0) > 0:
            counts[w] -= 1
            common += 1
    if not common:
        return 0.0
    p, rc = common / len(g), common / len(r)
    return 2 * p * rc / (p + rc)


def same_title(got: str | None, ref: str) -> bool:
    fold = lambda s: " ".join(normalize_text(s or "").split())  # noqa: E731
    return bool(got) and fold(got) == fold(ref)


def date_verdict(got: str | None, ref: str) -> str:
    """'right', 'wrong' or 'unknown' (we gave none), to the day.

    A reference that is an instant in UTC (postlight-parser's `...Z`) may fall on the next or previous
    calendar day from the page's local date: a day either side is right there.
    """
    if not got:
        return "unknown"
    g, r = dt.date.fromisoformat(got[:10]), dt.date.fromisoformat(ref[:10])
    slack = 1 if ref.endswith("Z") and "T" in ref else 0
    return "right" if abs((g - r).days) <= slack else "wrong"


@dataclass
class Result:
    title: str | None
    body: str
    date: str | None
    ms: float
    how: str | None = None  # where the date came from
    key: str | None = None  # our identity of the text: equal keys would be merged as copies


def run_ours(html: bytes, name: str) -> Result:
    t0 = time.process_time()
    art = article_from(RawDoc(source=name, kind="html", text=_decoded(html)))
    ms = (time.process_time() - t0) * 1000
    if art is None:
        return Result(None, "", None, ms)
    body = "" if getattr(art, "body_missing", False) else art.body
    day = art.date.iso() if art.date and art.date.precision == "day" else None
    return Result(art.title or None, body, day, ms, art.date.source if art.date else None, art.key)


def _decoded(html: bytes) -> str:
    return decode_bytes(html, html=True)  # as indexer/read.py reads an .html file


def run_trafilatura(html: bytes) -> Result:
    import trafilatura

    t0 = time.process_time()
    d = trafilatura.bare_extraction(html, with_metadata=True)
    ms = (time.process_time() - t0) * 1000
    if d is None:
        return Result(None, "", None, ms)
    d = d.as_dict() if hasattr(d, "as_dict") else dict(d)
    return Result(d.get("title"), d.get("text") or "", d.get("date"), ms)


@dataclass
class Tally:
    pages: int = 0
    no_text: int = 0
    f1: list[float] = field(default_factory=list)
    titles: list[bool] = field(default_factory=list)
    dates: dict[str, int] = field(default_factory=lambda: {"right": 0, "wrong": 0, "unknown": 0})
    ms: list[float] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)

    def add(self, truth: dict, r: Result) -> None:
        self.pages += 1
        if r.key:
            self.keys[r.key] = self.keys.get(r.key, 0) + 1
        self.ms.append(r.ms)
        self.no_text += not r.body.strip()
        if "body" in truth:
            self.f1.append(word_f1(r.body, truth["body"]))
        if "title" in truth:
            self.titles.append(same_title(r.title, truth["title"]))
        if "date" in truth:
            self.dates[date_verdict(r.date, truth["date"])] += 1

    def row(self) -> dict:
        n_dates = sum(self.dates.values())
        return {
            "pages": self.pages,
            "body_f1": round(sum(self.f1) / len(self.f1), 3) if self.f1 else None,
            "body_pages": len(self.f1),
            "title_exact": round(sum(self.titles) / len(self.titles), 3) if self.titles else None,
            "title_pages": len(self.titles),
            "date_right": round(self.dates["right"] / n_dates, 3) if n_dates else None,
            "date_wrong": self.dates["wrong"],
            "date_unknown": self.dates["unknown"],
            "date_pages": n_dates,
            "no_text": self.no_text,
            # pages that share their text identity with another page (the set holds no page twice)
            "merged": sum(n for n in self.keys.values() if n > 1) if self.keys else None,
            "ms_cpu_mean": round(sum(self.ms) / len(self.ms), 1) if self.ms else None,
        }


def load(data: Path, half: str) -> list[tuple[str, dict, Path]]:
    out = []
    for truth_file in sorted(data.glob("*/truth.jsonl")):
        source = truth_file.parent.name
        for line in truth_file.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            t = json.loads(line)
            if half == "all" or half_of(source, t["file"]) == half:
                out.append((source, t, truth_file.parent / t["file"]))
    return out


def fmt(row: dict) -> str:
    def pct(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.1f}%"

    f1 = "-" if row["body_f1"] is None else f"{row['body_f1']:.3f}"
    return (
        f"F1 {f1} ({row['body_pages']})  title {pct(row['title_exact'])} ({row['title_pages']})  "
        f"date {pct(row['date_right'])} wrong {row['date_wrong']} unknown {row['date_unknown']} "
        f"({row['date_pages']})  no text {row['no_text']}/{row['pages']}  merged {_dash(row['merged'])}  "
        f"{row['ms_cpu_mean']} ms"
    )


def _dash(x: object) -> str:
    return "-" if x is None else str(x)


# The reader's own text rules (issue 13, eighth round), each one taken out by `--without NAME`.
RULES_OUT = {
    "repeats": lambda: setattr(pagetext, "without_repeats", lambda paragraphs: paragraphs),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--half", choices=("held", "tune", "all"), default="held")
    ap.add_argument("--source", help="only this source folder")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument(
        "--text-option", action="append", default=[], help="a trafilatura flag set for our text (favor_recall, ...)"
    )
    ap.add_argument("--without", action="append", default=[], choices=sorted(RULES_OUT), help="take a text rule out")
    ap.add_argument("-v", action="store_true", help="list every miss (only look at the tuning half)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--pages-out", type=Path, help="write our reading of each page here (JSON lines), for diffs")
    args = ap.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no page data at {args.data}")
    pages = [p for p in load(args.data, args.half) if not args.source or p[0] == args.source]
    for name in args.without:
        RULES_OUT[name]()
    if args.text_option:
        pagetext.TEXT_OPTIONS = {**pagetext.TEXT_OPTIONS, **dict.fromkeys(args.text_option, True)}
    groups = ("all", "others", "library's own", "unaltered")
    tallies = {(g, s, w): Tally() for g in groups for s in ["*"] for w in ("ours", "trafilatura")}
    per_source: dict[tuple[str, str], Tally] = {}
    out_rows: list[dict] = []
    warnings.simplefilter("ignore")
    if pages:  # one untimed page each: lazy one-off set-ups (jusText's stop lists) are not a page's cost
        first = gzip.decompress(pages[0][2].read_bytes())
        run_ours(first, "warm-up")
        if not args.no_trafilatura:
            run_trafilatura(first)
    for source, truth, path in pages:
        html = gzip.decompress(path.read_bytes())
        results = {"ours": run_ours(html, f"{source}/{truth['file']}")}
        if not args.no_trafilatura:
            results["trafilatura"] = run_trafilatura(html)
        for who, r in results.items():
            keys = ["all", "library's own" if source in LIBRARY_OWN else "others"]
            if "altered" not in truth:
                keys.append("unaltered")
            for g in keys:
                tallies[(g, "*", who)].add(truth, r)
            per_source.setdefault((source, who), Tally()).add(truth, r)
        if args.v:
            _show_misses(source, truth, results)
        if args.pages_out:
            out_rows.append(_page_row(source, truth, results["ours"], results.get("trafilatura")))
    figures = {}
    for g in groups:
        for who in ("ours", "trafilatura"):
            t = tallies[(g, "*", who)]
            if t.pages:
                figures[f"{g} / {who}"] = t.row()
    for (source, who), t in sorted(per_source.items()):
        figures[f"{source} / {who}"] = t.row()
    print(f"half: {args.half}, {len(pages)} pages")
    for k, row in figures.items():
        print(f"{k:34s} {fmt(row)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"half": args.half, "figures": figures}, indent=1))
    if args.pages_out:
        args.pages_out.parent.mkdir(parents=True, exist_ok=True)
        args.pages_out.write_text("".join(json.dumps(r) + "\n" for r in out_rows))


def _page_row(source: str, truth: dict, r: Result, library: Result | None) -> dict:
    """One page's reading, with its scores where the page has truth (for diffing two versions); trafilatura's
    body F1 beside when it ran."""
    row = {"page": f"{source}/{truth['file']}", "title": r.title, "date": r.date, "key": r.key,
           "body": hashlib.sha1(r.body.encode()).hexdigest()[:12]}
    if "body" in truth:
        row["f1"] = round(word_f1(r.body, truth["body"]), 4)
        if library is not None:
            row["f1_trafilatura"] = round(word_f1(library.body, truth["body"]), 4)
    if "date" in truth:
        row["date_verdict"] = date_verdict(r.date, truth["date"])
    body = " ".join(normalize_text(r.body).split()).lower()
    for k in ("body_with", "body_without"):  # passage truth: how many of the passages the text holds
        if k in truth:
            row[k] = sum(" ".join(normalize_text(x).split()).lower() in body for x in truth[k])
    if "title" in truth:
        row["title_ok"] = same_title(r.title, truth["title"])
    return row


def _show_misses(source: str, truth: dict, results: dict[str, Result]) -> None:
    r = results["ours"]
    name = f"{source}/{truth['file']}"
    if "title" in truth and not same_title(r.title, truth["title"]):
        other = results.get("trafilatura")
        print(f"TITLE {name}\n   got {r.title!r}\n   ref {truth['title']!r}\n  traf {other.title if other else ''!r}")
    if "date" in truth and date_verdict(r.date, truth["date"]) != "right":
        other = results.get("trafilatura")
        print(f"DATE  {name} got {r.date} ({r.how}) ref {truth['date']} traf {other.date if other else ''}")
    if "body" in truth:
        f = word_f1(r.body, truth["body"])
        if f < 0.9:
            other = results.get("trafilatura")
            tf = word_f1(other.body, truth["body"]) if other else 0
            print(f"BODY  {name} F1 {f:.3f} traf {tf:.3f} words {len(tokens(r.body))} ref {len(tokens(truth['body']))}")


if __name__ == "__main__":
    main()

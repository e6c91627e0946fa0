"""Would the dates change if year pinning cut sentences with the product's one splitter? (issue 12)

`indexer/dates/pinning.py` cuts a text into sentences with its own regular expression (`_sentences`: after
. ! ? and at line breaks) to find the lead sentence (its weekday) and the past references ("since March 2017")
that pin the year of a day-and-month date. The product's sentence splitter is `archive.sentences.
split_sentences` (pysbd). This script reads every development text the way the indexer reads it, with the
regular expression and with pysbd as pinning's splitter, and counts the date answers that differ:

* the 10,051 Reuters development articles (../shared/data/reuters-dev.jsonl.gz), as JSON records WITHOUT their
  date, so that the date is read from the text (the indexer's path for a record without one); truth: their date;
* the 1,050 web pages (../shared/data/pages), through the page reader; truth: the page's reference date where
  known;
* the shipped corpus (corpus/*.txt); truth: ../shared/checks/seeds_truth.json (a set of acceptable dates).

Two answers per text: the article's date as the indexer sets it ("product"), and `date_from_text` over the
article's text whatever the page's metadata says ("text": a page with a date of its own never reaches it in
the product). Each differing answer is judged against the truth (right / wrong / unknown) on its half:
tune = even Reuters id / even hash of the page name (bench/pages_eval.half_of), held = odd.

    python bench/date_splitter.py [--data ../shared/data] [--out result.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from pages_eval import _decoded, half_of  # noqa: E402

from archive.sentences import split_sentences  # noqa: E402
from indexer import article as article_mod  # noqa: E402
from indexer.dates import DateInfo, date_from_text, find_dateline, pinning  # noqa: E402
from indexer.read import RawDoc  # noqa: E402


def regex_cut(text: str) -> list[str]:
    """The cut pinning used before it used the product's splitter: after . ! ? and at line breaks."""
    return re.split(r"(?<=[.!?])\s+|\n+", text)


SPLITTERS: dict[str, Callable[[str], list[str]]] = {"regex": regex_cut, "pysbd": split_sentences}
# The name pinning calls its splitter by: `split_sentences` once it uses the product's (cut line by line, lines
# naming no year skipped), `_sentences` while it had its own (the regex above, over the whole text). Either way
# each splitter gives the same sentences to the date code.
HOOK = "split_sentences" if hasattr(pinning, "split_sentences") else "_sentences"
OWN = getattr(pinning, HOOK)
CPU: Counter = Counter()  # splitter -> CPU seconds in date_from_text


@dataclass
class Text:
    name: str
    half: str  # "tune" | "held"
    truth: list[str | None]  # acceptable ISO days (None: unknown is acceptable); empty: no truth
    doc: RawDoc


def reuters(data: Path) -> Iterator[Text]:
    with gzip.open(data / "reuters-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            body = (r.get("dateline", "") + " " + r["body"]).strip()  # as bench/api_equality.py writes them
            meta = {"id": f"r{r['id']}", "title": r["title"]}  # no "date": read from the text
            half = "tune" if int(r["id"]) % 2 == 0 else "held"
            yield Text(f"reuters/{r['id']}", half, [r["date"][:10]], RawDoc(f"r{r['id']}", "record", body, meta))


def pages(data: Path) -> Iterator[Text]:
    for truth_file in sorted((data / "pages").glob("*/truth.jsonl")):
        source = truth_file.parent.name
        for line in truth_file.read_text(encoding="utf-8").split("\n"):  # not splitlines: U+2028 in a value
            if not line.strip():
                continue
            t = json.loads(line)
            html = gzip.decompress((truth_file.parent / t["file"]).read_bytes())
            truth = [t["date"][:10]] if t.get("date") else []
            doc = RawDoc(f"{source}/{t['file']}", "html", _decoded(html))
            yield Text(f"pages/{source}/{t['file']}", half_of(source, t["file"]), truth, doc)


def shipped(checks: Path) -> Iterator[Text]:
    truth = json.loads((checks / "seeds_truth.json").read_text(encoding="utf-8"))["articles"]
    for path in sorted((REPO / "corpus").glob("*.txt")):
        prefix = path.name[:3]
        doc = RawDoc(path.name, "text", path.read_text(encoding="utf-8"))
        yield Text(f"corpus/{path.name}", "held", list(truth.get(prefix, {}).get("date", [])), doc)


def _show(info: DateInfo | None) -> str | None:
    return f"{info.date.isoformat()} {info.precision} ({info.source})" if info else None


def answers(text: Text) -> tuple[dict[str, dict[str, str | None]], set[str]]:
    """({"product": {splitter: answer}, "text": {splitter: answer}}, the kinds whose answer went through year
    pinning: a day and month without a year was found)."""
    calls: list[tuple[str, str | None]] = []

    def recording(body: str, dateline: str | None):  # noqa: ANN202 - date_from_text's own type
        calls.append((body, dateline))
        return date_from_text(body, dateline)

    article_mod.date_from_text = recording  # type: ignore[assignment]
    try:
        art = article_mod.article_from(text.doc)
    finally:
        article_mod.date_from_text = date_from_text
    out: dict[str, dict[str, str | None]] = {"product": {}, "text": {}}
    if art is None:
        return out, set()
    pinned = {kind for kind, args in (("product", calls[0] if calls else None),
                                      ("text", (art.body, find_dateline(art.body))))
              if args is not None and date_from_text(*args)[1] is not None}
    for name, cut in SPLITTERS.items():
        setattr(pinning, HOOK, cut)
        try:
            t0 = time.process_time()
            # the product's date: date_from_text's answer when the indexer asked it, else what it had anyway
            out["product"][name] = _show(date_from_text(*calls[0])[0]) if calls else _show(art.date)
            out["text"][name] = _show(date_from_text(art.body, find_dateline(art.body))[0])
            CPU[name] += time.process_time() - t0
        finally:
            setattr(pinning, HOOK, OWN)
    return out, pinned


def verdict(answer: str | None, truth: list[str | None]) -> str:
    """right / wrong / unknown (no date given); "no truth" when the text has none."""
    if answer is None:
        return "unknown"
    if not truth:
        return "no truth"
    day, precision = answer.split()[:2]
    days = [t for t in truth if t]
    if precision == "day":
        return "right" if day in days else "wrong"
    width = 7 if precision == "month" else 4
    return "right" if any(t[:width] == day[:width] for t in days) else "wrong"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--limit", type=int, default=0, help="only the first N texts of each set (a quick try)")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--answers", type=Path, help="every text's answers, one JSON line each")
    a = ap.parse_args()
    counts: Counter = Counter()
    differ: list[dict] = []
    every = open(a.answers, "w", encoding="utf-8") if a.answers else None  # noqa: SIM115 - closed below
    for label, texts in (("reuters", reuters(a.data)), ("pages", pages(a.data)),
                         ("corpus", shipped(a.data.parent / "checks"))):
        for i, text in enumerate(texts):
            if a.limit and i >= a.limit:
                break
            got, pinned = answers(text)
            for kind, by in got.items():
                counts[label, kind, "texts"] += 1
                counts[label, kind, "through pinning"] += kind in pinned
                for name, answer in by.items():
                    counts[label, kind, text.half, name, verdict(answer, text.truth)] += 1
                if every:
                    every.write(json.dumps({"text": text.name, "kind": kind, **by}) + "\n")
                if len(set(by.values())) > 1:
                    counts[label, kind, "differ"] += 1
                    differ.append({"text": text.name, "half": text.half, "kind": kind, "truth": text.truth, **by})
    if every:
        every.close()
    report = {"hook": HOOK, "cpu_seconds_in_date_from_text": {k: round(v, 2) for k, v in CPU.items()},
              "counts": {" ".join(k): v for k, v in sorted(counts.items())}, "differ": differ}
    print(json.dumps(report, indent=1))
    if a.out:
        a.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

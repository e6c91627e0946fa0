"""Same rule output before and after a change that must change none (issue 12): the entity rules and the dates.

    python bench/rules_equality.py capture --root CODE_DIR --out FILE.jsonl.gz [--reuters 3000] [--data DIR]
    python bench/rules_equality.py check --root CODE_DIR FILE.jsonl.gz

`capture` runs the entity model ONCE, with the code in CODE_DIR (its `model_view`, then spaCy), over the CoNLL-2003
development stories, the first N Reuters development articles and the shipped corpus, and records for each text
the model's input, the model's spans and the rule layer's output; then the answers of the date functions
(`find_dateline`, `date_from_text`, `parse_given_date` on every Reuters article's body, dateline and date fields;
`date_in_line` and `parse_given_date` on the text lines of the 1,050 web pages; `infer_from_mates` on generated
cases). `check` gives the same inputs to the code in another CODE_DIR and counts what differs. The extraction cache
holds rule output, so an index build from a cache would not run moved rule code: this runs it, and the model runs
only once. This file imports nothing of the project at its top, so that one copy of it can serve both trees.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

MATE_CASES = 20_000
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _load(root: Path):  # noqa: ANN202 - the modules of another tree
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(root / "bench"))
    from indexer import dates, entities

    return entities, dates


def _plain(x):  # noqa: ANN001, ANN202 - a date function's answer as JSON (the classes differ between trees)
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return [type(x).__name__] + [_plain(v) for v in dataclasses.astuple(x)]
    if isinstance(x, tuple | list):
        return [_plain(v) for v in x]
    if isinstance(x, dt.date):
        return x.isoformat()
    return x


def _texts(root: Path, data: Path, n: int) -> list[str]:
    from entities_bench import read_conll  # the bench of the tree under test

    texts = [t for t, _, _ in read_conll(data / "conll2003_dev.txt")]
    with gzip.open(data / "reuters-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n:
                break
            r = json.loads(line)
            texts.append(r["title"] + "\n\n" + (r.get("dateline", "") + " " + r["body"]).strip())
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "corpus").glob("*.txt"))]
    return texts


def _date_calls(data: Path) -> Iterator[tuple[str, list]]:
    """(function name, arguments) of every date call compared."""
    with gzip.open(data / "reuters-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            for body in (r["body"], (r.get("dateline", "") + " " + r["body"]).strip(), r["title"] + "\n" + r["body"]):
                yield "find_dateline", [body]
                yield "date_from_text*", [body]  # with the dateline the same tree finds
            yield "parse_given_date", [r["date_raw"]]
            yield "parse_given_date", [r["date"]]
    for p in sorted((data / "pages").rglob("*.htm*")):
        text = re.sub(r"<[^>]+>", "\n", p.read_text(encoding="utf-8", errors="replace"))
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for ln in lines[:400]:
            yield "date_in_line", [ln, "page"]
            if len(ln) < 60:
                yield "parse_given_date", [ln]
        yield "date_from_text*", ["\n".join(lines)]
    rnd = random.Random(12)
    for _ in range(MATE_CASES):
        month, day = rnd.randint(1, 12), rnd.choice([None, *range(1, 32)])
        mates = [(rnd.randint(1986, 2021), rnd.randint(1, 12), rnd.randint(1, 28), rnd.choice(["day", "month"]))
                 for _ in range(rnd.randint(0, 3))]
        yield "infer_from_mates", [month, day, mates]


def _date_answer(dates, name: str, args: list):  # noqa: ANN001, ANN202
    if name == "date_from_text*":
        return _plain(dates.date_from_text(args[0], dates.find_dateline(args[0])))
    if name == "infer_from_mates":
        month, day, mates = args
        given = [dates.DateInfo(dt.date(y, m, d), prec, "mate") for y, m, d, prec in mates]
        return _plain(dates.infer_from_mates(dates.PartialDate(month, day, "text"), given))
    return _plain(getattr(dates, name)(*args))


def _postprocess(entities):  # noqa: ANN001, ANN202 - the rule layer (a private name before issue 12's split)
    return getattr(entities, "postprocess", None) or entities._postprocess


def capture(root: Path, out: Path, n: int, data: Path) -> int:
    entities, dates = _load(root)
    texts = _texts(root, data, n)
    post = _postprocess(entities)
    nlp = entities.EntityExtractor().nlp
    with gzip.open(out, "wt", encoding="utf-8") as dst:
        views = (entities.model_view(t[: entities.MAX_MODEL_CHARS]) for t in texts)
        for text, doc in zip(texts, nlp.pipe(views, batch_size=32), strict=True):
            ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            found = post(doc.text, ents).to_json()
            dst.write(json.dumps({"text": text, "view": doc.text, "ents": ents, "out": found}) + "\n")
        calls = 0
        for name, args in _date_calls(data):
            dst.write(json.dumps({"call": name, "args": args, "out": _date_answer(dates, name, args)}) + "\n")
            calls += 1
    print(f"{len(texts)} texts through the model, {calls} date calls -> {out}")
    return 0


def check(root: Path, path: Path) -> int:
    entities, dates = _load(root)
    post = _postprocess(entities)
    texts = view_diff = ent_diff = calls = date_diff = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if "call" in r:
                calls += 1
                if _date_answer(dates, r["call"], r["args"]) != r["out"]:
                    date_diff += 1
                    print("date differs:", r["call"], str(r["args"])[:100])
                continue
            texts += 1
            view_diff += entities.model_view(r["text"][: entities.MAX_MODEL_CHARS]) != r["view"]
            if post(r["view"], [tuple(e) for e in r["ents"]]).to_json() != r["out"]:
                ent_diff += 1
                print("entities differ:", r["text"][:100].replace("\n", " "))
    print(f"{texts} texts: model input differs for {view_diff}, rule output for {ent_diff}; "
          f"{calls} date calls: {date_diff} differ")
    return 1 if view_diff or ent_diff or date_diff else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("--root", type=Path, required=True)
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--reuters", type=int, default=3000)
    c.add_argument("--data", type=Path, default=DATA)
    k = sub.add_parser("check")
    k.add_argument("--root", type=Path, required=True)
    k.add_argument("file", type=Path)
    a = ap.parse_args()
    if a.cmd == "capture":
        return capture(a.root.resolve(), a.out, a.reuters, a.data)
    return check(a.root.resolve(), a.file)


if __name__ == "__main__":
    raise SystemExit(main())

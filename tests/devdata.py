"""The development data beside the project (../shared/data, or ARCHIVE_BENCH_DATA), for tests that skip
cleanly without it."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("ARCHIVE_BENCH_DATA", ROOT.parent / "shared" / "data"))
REUTERS = DATA / "reuters-dev.jsonl.gz"


def reuters_records() -> Iterator[dict]:
    """The Reuters development half's records in file order; skips the calling test when the file is absent."""
    if not REUTERS.exists():
        pytest.skip(f"{REUTERS} is absent")
    with gzip.open(REUTERS, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def reuters_corpus(corpus: Path, articles: int,
                   date: Callable[[int, str | None], str | None] = lambda _i, given: given) -> None:
    """A JSON Lines corpus in the folder `corpus` of the first `articles` Reuters records: title, body, persons
    and orgs given (the entity model is not needed), and the date `date` makes of each (by position) or its own;
    skips the calling test when the file is absent."""
    lines = [json.dumps({"title": r["title"], "body": r["body"], "persons": r.get("people", []),
                         "orgs": r.get("orgs", []), "date": date(i, r.get("date"))})
             for i, r in enumerate(islice(reuters_records(), articles))]
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

"""The development data beside the project (../shared/data, or ARCHIVE_BENCH_DATA), for tests that skip
cleanly without it."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
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

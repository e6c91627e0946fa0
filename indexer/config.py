"""Where the corpus and the index live: defaults, overridden by the environment, then by options."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CORPUS = "corpus"
DEFAULT_INDEX = os.path.join("instance", "index")


def corpus_dir(value: str | None = None) -> Path:
    return Path(value or os.environ.get("ARCHIVE_CORPUS_DIR") or DEFAULT_CORPUS)


def index_dir(value: str | None = None) -> Path:
    return Path(value or os.environ.get("ARCHIVE_INDEX_DIR") or DEFAULT_INDEX)

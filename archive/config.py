"""Where the corpus and the index live, and how many processes build it: defaults, overridden by the
environment, then by options."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CORPUS = "corpus"
DEFAULT_INDEX = os.path.join("instance", "index")


def corpus_dir(value: str | None = None) -> Path:
    return Path(value or os.environ.get("ARCHIVE_CORPUS_DIR") or DEFAULT_CORPUS)


def index_dir(value: str | None = None) -> Path:
    return Path(value or os.environ.get("ARCHIVE_INDEX_DIR") or DEFAULT_INDEX)


def default_procs() -> int:
    """Both cores of the usual machine, never more processes than CPUs."""
    return max(1, min(2, os.cpu_count() or 1))


def procs(value: int | None = None) -> int:
    """Processes for the entity model and the Whoosh writer: option, else ARCHIVE_INDEX_PROCS, else default."""
    if value is None:
        env = os.environ.get("ARCHIVE_INDEX_PROCS")
        if not env:
            return default_procs()
        try:
            value = int(env)
        except ValueError:
            raise ValueError(f"ARCHIVE_INDEX_PROCS must be a whole number, not {env!r}") from None
    if value < 1:
        raise ValueError(f"the number of processes must be at least 1, not {value}")
    return value

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


def env_int(name: str) -> int | None:
    """A whole number from the environment variable `name`; None when it is unset or blank."""
    text = os.environ.get(name, "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {text!r}") from None


def default_procs() -> int:
    """Both cores of the usual machine, never more processes than CPUs."""
    return max(1, min(2, os.cpu_count() or 1))


def procs(value: int | None = None) -> int:
    """Processes for the entity model and the Whoosh writer: option, else ARCHIVE_INDEX_PROCS, else default."""
    if value is None:
        value = env_int("ARCHIVE_INDEX_PROCS")
        if value is None:
            return default_procs()
    if value < 1:
        raise ValueError(f"the number of processes must be at least 1, not {value}")
    return value

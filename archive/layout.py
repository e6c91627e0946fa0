"""The index folder as readers see it: generations behind one pointer, and the files of a generation.

    <index>/CURRENT                 name of the serving generation (replaced atomically)
    <index>/generations/<name>/     one complete index: whoosh/, articles.sqlite, facets.npz, ...
    <index>/generations/tmp-*       a generation being built; never read, removed by the next run
    <index>/cache.sqlite            extraction cache shared by all generations
    <index>/indexer.lock            held (flock) by the running indexer; says its pid and start time

Readers only ever follow CURRENT, so they see either the old or the new generation, never a half-built one.
Writing (new generations, publishing, the lock) is the indexer's (`indexer/layout.py`).
"""

from __future__ import annotations

import json
from pathlib import Path

POINTER = "CURRENT"
GENERATIONS = "generations"

# The files of one generation.
INFO_FILE = "info.json"  # when it was built, how many articles (every JSON answer quotes it)
STORE_FILE = "articles.sqlite"  # the article store (`archive.store`)
WHOOSH_DIR = "whoosh"  # the Whoosh index (`archive.schema`)
ARRAYS_FILE = "facets.npz"  # facet, date and story arrays (`archive.facetarrays`)
VOCAB_FILE = "facets.json"  # their value vocabularies
CANON_FILE = "canon.json"  # canonical names and their variants (`archive.names`)
STORIES_FILE = "stories"  # the story index the next update starts from (`indexer.dedupe`)
WORDS_FILE = "words.json"  # whole words and their article counts, for "did you mean" (`indexer.wordlist`)


def generations_dir(index_dir: Path) -> Path:
    return Path(index_dir) / GENERATIONS


def current_name(index_dir: Path) -> str | None:
    """The serving generation's name, or None when there is no index yet."""
    try:
        name = (Path(index_dir) / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name or None


def current_path(index_dir: Path) -> Path | None:
    """The serving generation's folder, or None."""
    name = current_name(index_dir)
    if not name:
        return None
    path = generations_dir(index_dir) / name
    return path if path.is_dir() else None


def read_info(gen_dir: Path) -> dict:
    """A generation's `info.json`: `built_at`, `articles` and what the build counted."""
    return json.loads((Path(gen_dir) / INFO_FILE).read_text(encoding="utf-8"))

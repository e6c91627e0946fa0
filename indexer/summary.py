"""What a run did and what it changed, shared by the stages; a progress bar on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from tqdm import tqdm


@dataclass
class Summary:
    """What a run did; printed at the end and, with --json, as one JSON object."""

    mode: str
    files_read: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    articles: int = 0
    articles_added: int = 0
    articles_removed: int = 0
    duplicates_merged: int = 0
    pages_without_body: int = 0  # pages indexed by headline and description: no article text found
    pages_read_flat: list[dict] = field(default_factory=list)  # pages lxml could not read: their flat text, why
    story_groups: int = 0
    duplicate_groups: int = 0
    same_story_groups: int = 0
    extracted: int = 0
    extraction_cached: int = 0
    extraction_given: int = 0  # articles whose given persons and orgs made the entity model needless
    skipped: list[dict] = field(default_factory=list)
    entity_merges: list[dict] = field(default_factory=list)
    generation: str | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)  # ids of new articles
    removed: list[str] = field(default_factory=list)  # ids of articles whose every source is gone
    touched: set[str] = field(default_factory=set)  # ids whose record changed (sources)


def progress(iterable: Iterable, desc: str, total: int | None = None, unit: str = "it") -> Iterable:
    # A bar only on a terminal: logs and CI output stay clean.
    return tqdm(iterable, desc=desc, total=total, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty(),
                leave=False, dynamic_ncols=True)

"""The article record: what the indexer stores for each article and the search side reads back.

One record per distinct article text. The reading stage fills the first fields; later stages add theirs (None
until a stage has run: `places is None` is "not found yet", which an index from an older version also gives).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class ArticleRecord:
    # read and parsed (indexer/article.py)
    id: str
    key: str  # identity of the normalized text: equal keys are identical copies
    title: str
    body: str
    sources: list[str]
    title_derived: bool = False  # no headline given: made from the text's start
    dateline: str | None = None
    date: str | None = None  # "YYYY-MM-DD"; month and year precision give the first day of the period
    date_precision: str | None = None  # "day", "month" or "year"
    date_source: str | None = None
    date_tz: str | None = None
    time: str | None = None
    partial_date: dict | None = None  # a month (and day) without a year, for the date stage (dates.PartialDate)
    original_url: str | None = None
    source: str | None = None  # the publisher
    authors: list[str] = field(default_factory=list)
    given: dict | None = None  # persons / orgs / resolutions given as metadata
    body_missing: bool = False  # a page where no article text was found: indexed by headline and description
    date_unknown_because: str | None = None  # a saved page whose own dates disagree: why it has none
    # extracted (the entity model, resolutions)
    resolution_list: list[list] | None = None  # [number, year or None] as the text cites them
    entities: dict | None = None  # entities.ArticleEntities as JSON
    # canonicalised (names, places)
    places: list[str] | None = None
    place_forms: dict[str, str] | None = None  # a spelling the article gives -> the place it stands for
    persons: list[str] | None = None
    orgs: list[str] | None = None
    resolutions: list[str] | None = None
    resolution_labels: dict[str, str] | None = None
    # related (near-duplicates and stories)
    story: str | None = None
    related: list[dict] | None = None

    @property
    def story_id(self) -> str:
        """The story the article belongs to: its group's id, or its own when it stands alone."""
        return self.story or self.id

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleRecord:
        """A stored record; fields a newer version added are left at their defaults, unknown ones ignored."""
        return cls(**{k: data[k] for k in _FIELDS if k in data})


_FIELDS = tuple(f.name for f in fields(ArticleRecord))

"""A relation between two articles: what the story index finds and story groups join."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Relation:
    """A relation between two articles (a < b).

    similarity: for "duplicate", max(5-shingle Jaccard, containment of the smaller text in the larger);
    for "same-story", the largest share of one text's countable sentences (>= 7 words, not stock) that
    have a near-identical sentence in the other text.
    """

    a: str
    b: str
    kind: str  # "duplicate" | "same-story"
    similarity: float

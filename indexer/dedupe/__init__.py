"""Near-duplicate and same-story detection over an archive, in time linear in its size.

Each article is reduced to 32-bit hashes of its 5-word shingles in reading order, with its sentence
boundaries (see `indexer.fingerprints`). A third of them (a fixed hash sample, so two texts sample
the same shingles) go into an inverted table; candidate pairs are the articles sharing sampled
shingles whose document frequency is below a cut-off. Only candidates are compared, with two tests:

* duplicate: the same article edited -- 5-shingle Jaccard or containment of the smaller text high;
* same-story: separately written reports that share several near-identical sentences (quotes of one
  statement, one agency paragraph), published within a few days of each other. Stock sentences
  (frequent shingles) do not count, and one shared sentence is never enough.

The modules, one job each: thresholds (every figure, with where it comes from), storyindex (StoryIndex: the
articles' arrays and the inverted table, relations), candidates (candidate pairs of a query chunk), verify (the
duplicate and same-story tests, the lead check), facts (the facts veto, the table check), groups (story_groups),
persist (the .npz file), arrays (numpy helpers), relation (Relation).
"""

from __future__ import annotations

from .groups import story_groups
from .relation import Relation
from .storyindex import StoryIndex

__all__ = ["Relation", "StoryIndex", "story_groups"]

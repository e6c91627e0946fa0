"""The pairs fields (`archive.schema.PAIR_FIELDS`) written with fused analysis: a pairs field's terms are the
adjacent kept words of its source field, which `fusedindex.FusedField` has just split for the source's own
postings (a document's fields are added in name order: `body` before `body_pairs`), so they are not analysed
again. The same postings as Whoosh's `field.index(value)` (`tests/test_fusedindex.py` compares whole indexes).
"""

from __future__ import annotations

from array import array
from collections import Counter, deque
from collections.abc import Iterable
from itertools import repeat
from typing import Any

from whoosh import formats

from archive.schema import PAIR_SEP, PairFilter, make_schema
from archive.store import Store

from .fusedindex import FieldPostings, FusedField, Item

# The words whose pairs a generation indexes: the most frequent of the first articles' bodies. At 10,000 articles
# the 400 most frequent body words are each in about a tenth of the articles or more; their pairs are about a
# fifth of all pairs' postings and 1/20 of their terms (bench/README.md, "phrases from pairs"; 1,000 words made
# the pairs cost three times the index size and build CPU, for no clear gain).
SAMPLE_ARTICLES = 2000
PAIRED_WORDS = 400


class FusedPairs:
    """`field.index(value)` for a pairs field whose analysis is its source field's followed by `PairFilter`."""

    def __init__(self, source: FusedField, field: Any) -> None:
        self.source = source
        self.boost = field.format.field_boost
        self.words = field.analyzer.items[-1].words

    @staticmethod
    def supports(field: Any, source: Any) -> bool:
        """True when `field` holds the pairs of `source`'s analysed words, documents only (`Existence`)."""
        items = list(getattr(field.analyzer, "items", ()))
        return (type(field.format) is formats.Existence and bool(items) and type(items[-1]) is PairFilter
                and items[:-1] == list(getattr(source.analyzer, "items", ())) and FusedField.supports(source))

    def _pairs(self, value: str) -> set[str]:
        """The distinct pairs, as a set built in stream order (Whoosh's `Existence` gives them in its order)."""
        kept, _ = self.source.kept(value)
        words = self.words
        return {a + PAIR_SEP + b for a, b in zip(kept, kept[1:], strict=False) if a in words and b in words}

    def index(self, value: str) -> list[Item]:
        return [(t.encode("utf-8"), 1, self.boost, b"") for t in self._pairs(value)]

    def post(self, value: str, docnum: int, into: FieldPostings) -> tuple[int, int, int]:
        """As `FusedField.post`: one document's pairs appended to a pool's postings of the field; (0: the field
        keeps no length, new terms, postings added)."""
        found = self._pairs(value)
        terms = list(found)
        ids, weights, values = into.ids, into.weights, into.values
        new = found.difference(ids)
        for t in new:
            ids[t], weights[t], values[t] = array("I"), array("d"), []
        if docnum <= into.top:  # documents out of order (never in a rebuild): mark the terms Whoosh must sort
            into.unordered.update(t for t in terms if t not in new and docnum <= ids[t][-1])
        into.top = max(into.top, docnum)
        deque(map(array.append, map(ids.__getitem__, terms), repeat(docnum)), 0)
        deque(map(array.append, map(weights.__getitem__, terms), repeat(self.boost)), 0)
        deque(map(list.append, map(values.__getitem__, terms), repeat(b"")), 0)
        return 0, len(new), len(terms)


def common_words(field: Any, texts: Iterable[str], size: int) -> list[str]:
    """The `size` words (as `field` analyses them) found in most of `texts`, ties by word: the words whose pairs a
    generation indexes (`archive.schema.PairFilter`); any choice is exact, a good one makes phrases fast."""
    analysed = FusedField(field)
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(analysed.kept(text)[0]))
    return sorted(counts, key=lambda w: (-counts[w], w))[:size]


def sampled_common_words(store_path: Any, ords: list[int]) -> list[str]:
    """`common_words` of the bodies of the first `SAMPLE_ARTICLES` of `ords` in the store at `store_path`."""
    store = Store(store_path, readonly=True)
    try:
        texts = [rec.body for _o, rec in store.in_order(ords[:SAMPLE_ARTICLES])]
    finally:
        store.close()
    return common_words(make_schema()["body"], texts, PAIRED_WORDS)

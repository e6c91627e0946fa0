"""Fill a generation's caches before it serves: the fast path's document lengths, the postings and positions
of the words whose posting lists are largest, and every body word's collection frequency for "more like this".

A phrase of two frequent words costs 100-300 ms the first time (both words' positions decoded from their
posting blocks) and a few ms afterwards; the larger a word's posting list, the more its first use costs, so
the largest lists are read ahead, up to a byte budget. The production server (web/serve.py) does this once
in its parent process, before forking its workers, so that they share the arrays (copy-on-write: numpy
buffers are never written) instead of each decoding the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.searching import Searcher

from . import similar
from .generation import Generation

FIELDS = ("body", "title")  # the fields plain queries search (search/query.py)
WARM_FIELD = "body"  # the field whose common words are expensive: titles are short
# Bytes a word's arrays take in the postings cache, per document and per position: (docs, weights) and
# (docs, positions per document) at 4 + 8 + 4 + 4 bytes a document, 4 bytes a position.
PER_DOC, PER_POSITION = 20, 4


@dataclass
class Warmed:
    """What `warm` read: the words (largest first) and the bytes the postings cache holds."""

    words: list[str]
    bytes: int


def warm(gen: Generation, budget: int) -> Warmed:
    """Read the document lengths of the searched fields and, largest first, the postings and positions of the
    words of `WARM_FIELD` whose arrays fit in `budget` bytes (at most the postings cache's size)."""
    searcher = gen.searcher()
    for name in FIELDS:
        if name in gen.schema and gen.schema[name].scorable:
            gen.lengths.get(searcher, name)
    if WARM_FIELD not in gen.schema:
        return Warmed([], 0)
    budget = min(budget, gen.postings.max_bytes)
    totals = field_totals(searcher, WARM_FIELD)
    if WARM_FIELD == similar.MLT_FIELD:
        similar.keep_frequencies(gen, totals.weights)
    words = []
    for text, size in largest_words(gen, WARM_FIELD, totals):
        if gen.postings.bytes + size > budget:
            continue  # a smaller one may still fit
        gen.postings.positions(searcher, WARM_FIELD, text)
        words.append(text)
    return Warmed(words, gen.postings.bytes)


@dataclass
class FieldTotals:
    """Per word of a field (its bytes), over every segment: documents, positions, and the collection frequency as
    the index reader sums it (segment after segment, from 0)."""

    docs: dict[bytes, int]
    positions: dict[bytes, int]
    weights: dict[bytes, float]


def field_totals(searcher: Searcher, fieldname: str) -> FieldTotals:
    """Every word of the field with its totals, read from each segment's term table once."""
    totals = FieldTotals({}, {}, {})
    docs, positions, weights = totals.docs, totals.positions, totals.weights
    for sub, _offset in searcher.leaf_searchers():
        for raw, info in sub.reader().iter_field(fieldname):
            docs[raw] = docs.get(raw, 0) + info.doc_frequency()
            positions[raw] = positions.get(raw, 0) + int(info.weight())
            weights[raw] = weights.get(raw, 0) + info.weight()
    return totals


def largest_words(gen: Generation, fieldname: str, totals: FieldTotals | None = None) -> list[tuple[str, int]]:
    """Every word of the field with the bytes its arrays take once cached, largest first (ties by word)."""
    totals = totals or field_totals(gen.searcher(), fieldname)
    field = gen.schema[fieldname]
    sizes = [(field.from_bytes(raw), PER_DOC * n + PER_POSITION * totals.positions[raw])
             for raw, n in totals.docs.items()]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))

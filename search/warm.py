"""Fill a generation's caches before it serves: the fast path's document lengths, the postings and positions
of the words whose posting lists are largest, the postings of the rarest words, and every body word's
collection frequency for "more like this".

A phrase of two frequent words costs 100-300 ms the first time (both words' positions decoded from their
posting blocks) and a few ms afterwards; the larger a word's posting list, the more its first use costs, so
the largest lists are read ahead, up to a byte budget. A rare word costs little each (0.1-2 ms), but a server's
first minute asks for thousands of them (queries, prefixes, "more like this" key words), and each worker
decodes its own (search/sharedfiles.py shares only large values): their postings are read too, rarest first,
up to a second budget. The production server (web/serve.py) does this once in its parent process, before
forking its workers, so that they share the arrays (copy-on-write: numpy buffers are never written) instead of
each decoding the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.formats import Positions
from whoosh.searching import Searcher

from archive.schema import DEFAULT_FIELDS

from . import similar
from .generation import Generation

FIELDS = ("body", "title")  # the fields plain queries search (search/query.py)
WARM_FIELD = "body"  # the field whose common words are expensive: titles are short
# Bytes a word's arrays take in the postings cache, per document and per position: (docs, weights) and
# (docs, positions per document) at 4 + 8 + 4 + 4 bytes a document, 4 bytes a position.
PER_DOC, PER_POSITION = 20, 4
PER_POSTING = 12  # (docs, weights) alone: 4 + 8 bytes a document
# Fields whose names "more like this" looks for as phrases (search/similar.py): few words, all of them read.
NAME_FIELDS = ("person", "org")


@dataclass
class Warmed:
    """What `warm` read: the words whose positions it read (largest first), how many rare words' postings, and
    the bytes the postings cache holds."""

    words: list[str]
    bytes: int
    rare: int = 0


def warm(gen: Generation, budget: int, rare_budget: int = 0) -> Warmed:
    """Read the document lengths of the searched fields; largest first, the postings and positions of the
    words of `WARM_FIELD` whose arrays fit in `budget` bytes; then, rarest first, the postings of the words of
    the fields a query searches (DEFAULT_FIELDS) that fit in `rare_budget` more (all within the postings
    cache's size)."""
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
    limit = min(gen.postings.bytes + rare_budget, gen.postings.max_bytes)
    count = 0
    for fieldname in NAME_FIELDS:
        if fieldname in gen.schema and type(gen.schema[fieldname].format) is Positions:
            for text, size in largest_words(gen, fieldname):
                if gen.postings.bytes + size > limit:
                    continue
                gen.postings.positions(searcher, fieldname, text)
                count += 1
    for fieldname, text, size in rarest_words(gen, searcher, {WARM_FIELD: totals}):
        if gen.postings.bytes + size > limit:
            break  # rarest first: the next ones are larger still
        gen.postings.get(searcher, fieldname, text)
        count += 1
    return Warmed(words, gen.postings.bytes, count)


def rarest_words(gen: Generation, searcher: Searcher,
                 known: dict[str, FieldTotals]) -> list[tuple[str, str, int]]:
    """(field, word, bytes of its postings) of every word of the scorable DEFAULT_FIELDS, fewest documents first
    (ties by field and word); `known`: totals already read."""
    out = []
    for fieldname in DEFAULT_FIELDS:
        if fieldname not in gen.schema or not gen.schema[fieldname].scorable:
            continue
        totals = known.get(fieldname) or field_totals(searcher, fieldname)
        field = gen.schema[fieldname]
        out += [(fieldname, field.from_bytes(raw), PER_POSTING * n) for raw, n in totals.docs.items()]
    return sorted(out, key=lambda item: (item[2], item[0], item[1]))


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

"""Whoosh's index-time analysis in one loop: the same postings as `field.index(value)`, about 3x faster.

A build spends most of its time in Whoosh's writer, and most of the writer's time in analysis: every word
of every body goes through four chained generators (tokenizer | lowercase | stop | stem), each token an
object whose attributes are set and read again, and the stemmer's cache is a pure-Python LFU. For the
chains the schema uses (`StemmingAnalyzer`, `StandardAnalyzer`; regex tokens, no gaps) `FusedField`
computes the same (term bytes, frequency, weight, encoded positions) items with one regex pass over the
text and a dict from each distinct word to its term. Any other field keeps Whoosh's own `field.index`.
`add_document` is `SegmentWriter.add_document` with that one call swapped; with `indexer.fusedpool`'s pool a
fused field's postings go straight into the pool's arrays of that field (`FusedField.post`), by term text,
without building the items. `tests/test_fusedindex.py` checks the items and whole indexes against Whoosh's
on real articles.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from itertools import repeat
from typing import Any

from whoosh import formats
from whoosh.analysis.tokenizers import default_pattern

from archive.schema import PAIR_FIELDS

Item = tuple[bytes, int, float, bytes]
Postings = tuple[array, array, list]  # a term's docnums ("I"), weights ("d"), values (bytes)
# Whoosh's default token pattern without its capturing group, so `findall` returns whole matches.
_DEFAULT_WORDS = re.compile(default_pattern.pattern.replace("(", "(?:"), default_pattern.flags)


class FusedField:
    """`field.index(value)` for a Positions field whose analyzer is tokenizer | lowercase [| stop [| stem]]."""

    def __init__(self, field: Any) -> None:
        items = list(field.analyzer.items)
        tok = items[0]
        self.findall: Callable[[str], list[str]] | None = None
        if tok.expression.pattern == default_pattern.pattern and tok.expression.flags == default_pattern.flags:
            self.findall = _DEFAULT_WORDS.findall
        self.finditer = tok.expression.finditer
        stop = items[2] if len(items) > 2 else None
        stem = items[3] if len(items) > 3 else None
        self.stops = stop.stops if stop else frozenset()
        self.min = stop.min if stop else 0
        self.max = stop.max if stop else None
        self.renumber = bool(stop.renumber) if stop else False
        self.stemfn = stem.stemfn if stem else None
        self.ignore = stem.ignore if stem else frozenset()
        self.boost = field.format.field_boost
        self.encode = field.format.encode
        self.terms: dict[str, str | None] = {}  # lower-case word -> its term, None for a stop word
        self.last: tuple[str, tuple[list[str], int]] | None = None  # the last value's `kept`, for its pairs field
        self.once: list[bytes] = []  # by position: the encoded value of a word found there only

    @staticmethod
    def supports(field: Any) -> bool:
        """True when the field's analysis is one this class reproduces exactly."""
        if type(getattr(field, "format", None)) is not formats.Positions:
            return False
        kinds = [type(i).__name__ for i in getattr(field.analyzer, "items", ())]
        if kinds not in (["RegexTokenizer", "LowercaseFilter"],
                         ["RegexTokenizer", "LowercaseFilter", "StopFilter"],
                         ["RegexTokenizer", "LowercaseFilter", "StopFilter", "StemFilter"]):
            return False
        items = field.analyzer.items
        if items[0].gaps or (len(items) > 2 and items[2].renumber is not True):
            return False
        return len(items) < 4 or not getattr(items[3], "lang", None)

    def _term(self, word: str) -> str | None:
        if len(word) < self.min or (self.max is not None and len(word) > self.max) or word in self.stops:
            term = None
        elif self.stemfn is None or word in self.ignore:
            term = word
        else:
            term = self.stemfn(word)
        self.terms[word] = term
        return term

    def words(self, value: str) -> list[str]:
        """The lower-cased tokens, as RegexTokenizer | LowercaseFilter gives them."""
        if self.findall is not None and value.isascii():  # lower-casing ASCII changes no match
            return self.findall(value.lower())
        return [m.group(0).lower() for m in self.finditer(value)]

    def kept(self, value: str) -> tuple[list[str], int]:
        """`_kept(value)`, kept for the next call with the same string (the field's pairs: `fusedpairs`)."""
        last = self.last
        if last is not None and last[0] is value:
            return last[1]
        got = self._kept(value)
        self.last = (value, got)
        return got

    def _kept(self, value: str) -> tuple[list[str], int]:
        """The terms of the kept words in order, and the position of the first (what StopFilter(renumber=True)
        numbers from: the first kept word keeps its place, the next ones follow it)."""
        words = self.words(value)
        terms = self.terms
        for word in set(words).difference(terms):
            self._term(word)
        seq = list(map(terms.__getitem__, words))
        if not self.renumber:  # no StopFilter (`supports`): every word is kept, at its own position
            return seq, 0  # type: ignore[return-value]
        base = next((i for i, t in enumerate(seq) if t is not None), 0)
        return [t for t in seq if t is not None], base

    @staticmethod
    def _positions(kept: list[str], base: int) -> dict[str, list[int]]:
        poses: defaultdict[str, list[int]] = defaultdict(list)
        for pos, term in enumerate(kept, base):
            poses[term].append(pos)
        return poses

    def _once(self, n: int) -> list[bytes]:
        """The encoded value of a word found once, by position, for positions up to `n` (most words of an
        article occur once: their value depends on the position only)."""
        once = self.once
        if len(once) < n:
            once.extend(self.encode([pos]) for pos in range(len(once), n))
        return once

    def index(self, value: str) -> list[Item]:
        kept, base = self.kept(value)
        boost, encode, once = self.boost, self.encode, self._once(len(kept) + base)
        out = []
        for t, p in self._positions(kept, base).items():
            if len(p) == 1:
                out.append((t.encode("utf-8"), 1, 1.0 * boost, once[p[0]]))
            else:
                out.append((t.encode("utf-8"), len(p), float(len(p)) * boost, encode(p)))
        return out

    def post(self, value: str, docnum: int, into: FieldPostings) -> tuple[int, int, int]:
        """`index(value)` appended straight to a pool's postings of this field, as `fusedpool.FusedPool.add_field`
        appends the items, without term bytes, item tuples or keys per posting: each append runs over the
        document's terms at C level (`map`). Returns (the field's length, new terms, postings added)."""
        kept, base = self.kept(value)
        poses = self._positions(kept, base)
        once, encode = self._once(len(kept) + base), self.encode
        ids, weights, values = into.ids, into.weights, into.values
        new = set(poses).difference(ids)
        for t in new:
            ids[t], weights[t], values[t] = array("I"), array("d"), []
        if docnum <= into.top:  # documents out of order (never in a rebuild): mark the terms Whoosh must sort
            into.unordered.update(t for t in poses if t not in new and docnum <= ids[t][-1])
        into.top = max(into.top, docnum)
        terms, found = list(poses), list(poses.values())
        deque(map(array.append, map(ids.__getitem__, terms), repeat(docnum)), 0)
        freqs = map(float, map(len, found))  # a weight is frequency x field boost, as Whoosh's Positions gives it
        boost = self.boost
        deque(map(array.append, map(weights.__getitem__, terms),
                  freqs if boost == 1.0 else map(boost.__mul__, freqs)), 0)
        deque(map(list.append, map(values.__getitem__, terms),
                  [once[p[0]] if len(p) == 1 else encode(p) for p in found]), 0)
        return len(kept), len(new), len(terms)


@dataclass
class FieldPostings:
    """A fused field's postings in a pool, by term text: docnums ("I"), weights ("d"), values, one entry a
    posting in each; the terms whose postings arrived out of docnum order; the largest docnum so far."""

    ids: dict[str, array] = default(default_factory=dict)
    weights: dict[str, array] = default(default_factory=dict)
    values: dict[str, list[bytes]] = default(default_factory=dict)
    unordered: set[str] = default(default_factory=set)
    top: int = -1


class FusedSchema:
    """The fused fields of a schema, by name (fields it cannot reproduce are left to Whoosh)."""

    def __init__(self, schema: Any) -> None:
        self.fields: dict[str, Any] = {name: FusedField(schema[name]) for name in schema.names()
                                       if FusedField.supports(schema[name])}
        from .fusedpairs import FusedPairs  # it builds on FusedField

        for name, pairs in PAIR_FIELDS.items():
            if name in self.fields and pairs in schema and FusedPairs.supports(schema[pairs], schema[name]):
                self.fields[pairs] = FusedPairs(self.fields[name], schema[pairs])


def add_document(writer: Any, fused: FusedSchema, fields: dict) -> None:
    """`whoosh.writing.SegmentWriter.add_document(writer, **fields)`, with fused analysis where it applies.

    Same steps in the same order (Whoosh 2.7.4): postings into the pool, lengths, stored values, columns.
    Per-field boosts (`_name_boost`), spelling fields and term vectors are not used by this archive's schema
    and are refused rather than reimplemented."""
    writer._check_state()
    perdocwriter, schema, docnum = writer.perdocwriter, writer.schema, writer.docnum
    if any(name.startswith("_") for name in fields):
        raise ValueError("fused add_document: boosts and _stored_ values are not supported")
    fieldnames = sorted(fields)
    writer._check_fields(schema, fieldnames)
    perdocwriter.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            if field.separate_spelling() or field.vector:
                raise ValueError(f"fused add_document: field {fieldname!r} has spelling or vectors")
            length = 0
            if field.indexed:
                length = _post(writer.pool, fused.fields.get(fieldname), field, fieldname, docnum, value)
            perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
    except Exception:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    writer._added = True
    writer.docnum += 1


def _post(pool: Any, own: FusedField | None, field: Any, fieldname: str, docnum: int, value: Any) -> int:
    """One field's postings of a document into the pool; the field's length (0 if it keeps none, as Whoosh)."""
    if own is not None and isinstance(value, str) and hasattr(pool, "field_postings"):  # indexer.fusedpool's
        length, new, added = own.post(value, docnum, pool.field_postings(fieldname))
        pool.grew(fieldname, new, added)
    else:
        items = own.index(value) if own is not None and isinstance(value, str) else list(field.index(value))
        length = sum(item[1] for item in items)
        add_field = getattr(pool, "add_field", None)  # indexer.fusedpool's: a field's postings at once
        if add_field is not None:
            add_field(fieldname, docnum, items)
        else:
            for tbytes, _freq, weight, vbytes in items:
                pool.add((fieldname, tbytes, docnum, weight * 1.0, vbytes))
    return length if field.scorable else 0

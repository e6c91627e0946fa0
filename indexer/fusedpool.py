"""Whoosh's posting pool and posting writer for a writer that adds documents in order: the same segment files,
without sorting every posting as a tuple and without reading a field length from disk per posting.

`whoosh.writing.PostingPool` keeps every posting as a (field, term, docnum, weight, value) tuple, sorts them
all when the segment is written (spilling sorted runs to disk when its memory estimate is full) and then
`FieldWriter.add_postings` reads each posting's field length through the length column's file, one posting at
a time. Here each term's postings are appended to its own arrays: documents arrive in order, so a term's
postings are already in Whoosh's order (docnum); only the distinct (field, term) keys are sorted. The lengths
of a field are read once per document. A term whose postings did arrive out of order is sorted as Whoosh
sorts them, and when the pool is fuller than its limit it spills a sorted run exactly as Whoosh's does (and
the segment is then written through Whoosh's own merge of runs). `tests/test_fusedindex.py` checks that whole
indexes are equal to Whoosh's.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.writing import PostingPool

# Bytes a posting takes here (a docnum, a float weight, a reference to its value) and a new term, for the
# pool's memory limit: Whoosh's own estimate counts about 150 bytes per posting tuple.
_POSTING_BYTES = 24
_TERM_BYTES = 200

Postings = tuple[array, array, list]  # docnums ("I"), weights ("d"), values (bytes)


class FusedPool(PostingPool):
    """A `PostingPool` whose postings are kept per term (see the module docstring)."""

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.terms: dict[tuple[str, bytes], Postings] = {}
        self.unordered: set[tuple[str, bytes]] = set()

    def add(self, item: tuple) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        key = (fieldname, tbytes)
        postings = self.terms.get(key)
        if postings is None:
            postings = self.terms[key] = (array("I"), array("d"), [])
            self.fieldnames.add(fieldname)
            self.currentsize += _TERM_BYTES
        elif docnum <= postings[0][-1]:
            self.unordered.add(key)
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(vbytes)
        self.currentsize += _POSTING_BYTES
        if self.currentsize > self.limit:
            self.save()

    def add_field(self, fieldname: str, docnum: int, items: list[tuple[bytes, int, float, bytes]]) -> None:
        """`add((fieldname, term, docnum, weight, value))` for each (term, frequency, weight, value) of one field of
        one document, in one loop (a document's postings all arrive this way from `fusedindex.add_document`)."""
        terms, fieldnames = self.terms, self.fieldnames
        new = 0
        for tbytes, _freq, weight, vbytes in items:
            key = (fieldname, tbytes)
            postings = terms.get(key)
            if postings is None:
                postings = terms[key] = (array("I"), array("d"), [])
                new += 1
            elif docnum <= postings[0][-1]:
                self.unordered.add(key)
            postings[0].append(docnum)
            postings[1].append(weight * 1.0)
            postings[2].append(vbytes)
        if items:
            fieldnames.add(fieldname)
        self.currentsize += new * _TERM_BYTES + len(items) * _POSTING_BYTES
        if self.currentsize > self.limit:
            self.save()

    def save(self) -> None:
        """Spill the pool as one sorted run of Whoosh's tuples (as `PostingPool.save` does)."""
        self.current.extend(self._tuples())
        self.terms, self.unordered = {}, set()
        super().save()

    def _tuples(self) -> Iterator[tuple]:
        for (fieldname, tbytes), (ids, weights, values) in self.terms.items():
            for docnum, weight, vbytes in zip(ids, weights, values, strict=True):
                yield fieldname, tbytes, docnum, weight, vbytes

    def iter_postings(self) -> Any:
        if self.runs:  # spilled: Whoosh's merge of sorted runs
            self.current.extend(self._tuples())
            self.terms = {}
            return self.items()
        return SortedTerms(self.terms, self.unordered)


class SortedTerms:
    """The pool's postings in Whoosh's order: by field, term, then docnum (weight and value on ties)."""

    def __init__(self, terms: dict[tuple[str, bytes], Postings], unordered: set[tuple[str, bytes]]) -> None:
        self.terms = terms
        for key in unordered:
            ids, weights, values = terms[key]
            rows = sorted(zip(ids, weights, values, strict=True))
            terms[key] = (array("I", [r[0] for r in rows]), array("d", [r[1] for r in rows]), [r[2] for r in rows])
        self.top = max((ids[-1] for ids, _w, _v in terms.values()), default=-1)  # the last docnum

    def keys(self) -> list[tuple[str, bytes]]:
        return sorted(self.terms)

    def __iter__(self) -> Iterator[tuple]:
        for key in self.keys():
            ids, weights, values = self.terms[key]
            for docnum, weight, vbytes in zip(ids, weights, values, strict=True):
                yield key[0], key[1], docnum, weight, vbytes


def install(writer: Any) -> None:
    """Give a new, empty `SegmentWriter` this pool and the posting writer that reads it."""
    old = writer.pool
    writer.pool = FusedPool(old.tempstore, old.segment, limitmb=old.limit // (1024 * 1024))
    fieldwriter = writer.fieldwriter
    if type(fieldwriter) is not W3FieldWriter:  # another codec: its own writer reads the pool's tuples
        return
    generic = fieldwriter.add_postings

    def add_postings(schema: Any, lengths: Any, items: Any) -> None:
        if isinstance(items, SortedTerms):
            write_terms(fieldwriter, schema, lengths, items)
        else:
            generic(schema, lengths, items)

    fieldwriter.add_postings = add_postings


def write_terms(fw: Any, schema: Any, lengths: Any, terms: SortedTerms) -> None:
    """`FieldWriter.add_postings(schema, lengths, iter(terms))` of Whoosh's W3 codec, a block at a time."""
    lastfn = None
    lens: list = []
    for fieldname, tbytes in terms.keys():
        if fieldname != lastfn:
            if lastfn is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            lastfn = fieldname
            lens = _field_lengths(lengths, fieldname, terms)
        fw.start_term(tbytes)
        ids, weights, values = terms.terms[(fieldname, tbytes)]
        pw = fw._postwriter
        limit = pw._blocklimit
        for start in range(0, len(ids), limit):
            if start:
                pw._write_block()  # Whoosh writes a full block when the next posting arrives
            _add_block(pw, ids[start:start + limit], weights[start:start + limit], values[start:start + limit],
                       lens)
        fw.finish_term()
    if lastfn is not None:
        fw.finish_field()


def _add_block(pw: Any, ids: array, weights: array, values: list, lens: list) -> None:
    """`pw.add_posting(docnum, weight, value or b"", length)` for each posting of one block."""
    pw._ids.extend(ids)
    pw._weights.extend(weights.tolist())  # Whoosh's weights array is "f": each float rounded as it is appended
    top = max(weights)
    if top > pw._maxweight:
        pw._maxweight = top
    pw._values.extend(v for v in values if v)
    ls = [n for n in map(lens.__getitem__, ids) if n]
    if ls:
        low, high = min(ls), max(ls)
        if pw._minlength is None or low < pw._minlength:
            pw._minlength = low
        if high > pw._maxlength:
            pw._maxlength = high


def _field_lengths(lengths: Any, fieldname: str, terms: SortedTerms) -> list:
    """Per docnum, the length `FieldWriter.add_postings` passes for this field (0 without length statistics)."""
    if not lengths:
        return [0] * (terms.top + 1)
    return [lengths.doc_field_length(d, fieldname) for d in range(terms.top + 1)]

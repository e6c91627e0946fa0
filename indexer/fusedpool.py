"""Whoosh's posting pool and posting writer for a writer that adds documents in order: the same segment files,
without sorting every posting as a tuple and without reading a field length from disk per posting.

`whoosh.writing.PostingPool` keeps every posting as a (field, term, docnum, weight, value) tuple, sorts them
all when the segment is written (spilling sorted runs to disk when its memory estimate is full) and then
`FieldWriter.add_postings` reads each posting's field length through the length column's file, one posting at
a time. Here each term's postings are appended to its own arrays: documents arrive in order, so a term's
postings are already in Whoosh's order (docnum); only the distinct (field, term) keys are sorted. The lengths
of a field are read once per document. The fused fields (`fusedindex.FusedField.post`) keep theirs by field and
term text (`FieldPostings`), keyed as Whoosh keys them once per term, when the segment is written. A term whose
postings did arrive out of order is sorted as Whoosh sorts them, and when the pool is fuller than its limit it
spills a sorted run exactly as Whoosh's does (and the segment is then written through Whoosh's own merge of
runs). `tests/test_fusedindex.py` checks that whole indexes are equal to Whoosh's.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo
from whoosh.compat import dumps
from whoosh.filedb.filetables import _lengths as _LENGTHS
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode
from whoosh.writing import PostingPool

from .fusedindex import FieldPostings, Postings

# Bytes a posting and a new term take here, for the pool's memory limit: measured (`bench/pool_memory.py`) as the
# resident memory of a writer holding 3-15 million postings of the generated corpora, 33-34 bytes a posting (a
# docnum, a float weight, a reference to its value, the value of a word found more than once, the arrays' spare
# room) and 430-650 a term (its text in three dicts, two arrays and a list; its key once folded).
_POSTING_BYTES = 36
_TERM_BYTES = 600



class FusedPool(PostingPool):
    """A `PostingPool` whose postings are kept per term (see the module docstring)."""

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.terms: dict[tuple[str, bytes], Postings] = {}
        self.unordered: set[tuple[str, bytes]] = set()
        # the fused fields' postings (`fusedindex.FusedField.post`), by field and term text: no key per posting
        self.fused: dict[str, FieldPostings] = {}
        self.postings = self.nterms = 0  # held now (since the last spill)

    def add(self, item: tuple) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        key = (fieldname, tbytes)
        postings = self.terms.get(key)
        if postings is None:
            postings = self.terms[key] = (array("I"), array("d"), [])
            self.fieldnames.add(fieldname)
        elif docnum <= postings[0][-1]:
            self.unordered.add(key)
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(vbytes)
        self._count(0 if len(postings[0]) > 1 else 1, 1)

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
        self._count(new, len(items))

    def field_postings(self, fieldname: str) -> FieldPostings:
        """A fused field's postings, by term text."""
        got = self.fused.get(fieldname)
        if got is None:
            got = self.fused[fieldname] = FieldPostings()
        return got

    def grew(self, fieldname: str, new: int, added: int) -> None:
        """`field_postings(fieldname)` got `added` postings of one document, `new` of them of new terms."""
        if added:
            self.fieldnames.add(fieldname)
        self._count(new, added)

    def _count(self, new: int, added: int) -> None:
        """`added` postings came in, `new` of them of new terms: spill a run when the pool is over its limit."""
        self.postings += added
        self.nterms += new
        self.currentsize += new * _TERM_BYTES + added * _POSTING_BYTES
        if self.currentsize > self.limit:
            self.save()

    def _fold(self) -> None:
        """The fused fields' postings into `terms`, keyed by (field, term bytes) as Whoosh keys them."""
        terms = self.terms
        for fieldname, fp in self.fused.items():
            for text, ids in fp.ids.items():
                key = (fieldname, text.encode("utf-8"))
                row = (ids, fp.weights[text], fp.values[text])
                had = terms.get(key)
                if had is None:
                    terms[key] = row
                    if text in fp.unordered:
                        self.unordered.add(key)
                else:  # the same field also took postings as items (a value that was not a str): sort them
                    for mine, more in zip(had, row, strict=True):
                        mine.extend(more)
                    self.unordered.add(key)
        self.fused = {}

    def save(self) -> None:
        """Spill the pool as one sorted run: the tuples `PostingPool.save` writes, in its order, made one term at a
        time (never all the pool's postings as tuples at once, which took about six times the pool's memory)."""
        self._fold()
        if self.terms:
            path, f = self._new_run()
            self._write_run(f, SortedTerms(self.terms, self.unordered))
            self._add_run(path)
        self.terms, self.unordered = {}, set()
        self.currentsize = self.postings = self.nterms = 0

    def iter_postings(self) -> Any:
        self._fold()
        if self.runs:  # spilled: the rest as one more run, then Whoosh's merge of sorted runs
            self.save()
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
    """`FieldWriter.add_postings(schema, lengths, iter(terms))` of Whoosh's W3 codec, a block at a time; a term
    whose postings fill one block (most of them) is written by `_write_one_block_term`."""
    lastfn = None
    lens: list = []
    for fieldname, tbytes in terms.keys():
        if fieldname != lastfn:
            if lastfn is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            lastfn = fieldname
            lens = _field_lengths(lengths, fieldname, terms)
            pw = fw._postwriter
            limit = pw._blocklimit
            keyhead = pack_ushort(fw._fieldid)
            fixedsize = fw._format.fixed_value_size()
        ids, weights, values = terms.terms[(fieldname, tbytes)]
        if len(ids) <= limit and pw._inlinelimit <= 1:
            _write_one_block_term(fw, pw, keyhead + tbytes, ids, weights, values, lens, fixedsize)
            continue
        fw.start_term(tbytes)
        for start in range(0, len(ids), limit):
            if start:
                pw._write_block()  # Whoosh writes a full block when the next posting arrives
            _add_block(pw, ids[start:start + limit], weights[start:start + limit], values[start:start + limit],
                       lens)
        fw.finish_term()
    if lastfn is not None:
        fw.finish_field()


def _write_one_block_term(fw: Any, pw: Any, key: bytes, ids: array, weights: array, values: list, lens: list,
                          fixedsize: int | None) -> None:
    """`start_term`, one `add_posting` per posting and `finish_term` of Whoosh's W3 field and postings writers
    for a term of one block (never inlined: the codec's inline limit is 1), written out in one function: the
    same bytes in the postings file and the same row in the terms table (`tests/test_fusedindex.py` compares
    the files byte for byte). Whoosh's steps are named beside each part."""
    postfile = pw._postfile
    start = postfile.tell()  # start_postings
    weights32 = array("f", weights.tolist())  # _new_block's weights array: each weight rounded to a float
    top = max(weights)  # add_posting: the largest weight as given, against a start of 0
    maxweight = top if top > 0 else 0
    ls = [n for n in map(lens.__getitem__, ids) if n]  # add_posting: lengths of 0 are not counted
    minlength = min(ls) if ls else None
    maxlength = max(ls) if ls else 0
    # _write_block(last=True): the magic, the (ids, weights, values) pickle compressed, the block's info
    if all(w == 1.0 for w in weights32):  # _mini_weights
        mini_weights: Any = None
    elif all(w == weights32[0] for w in weights32):
        mini_weights = weights32[0]
    else:
        mini_weights = tuple(weights32)
    kept = [v for v in values if v]  # add_posting keeps non-empty values; _mini_values
    if fixedsize is None or fixedsize < 0:
        mini_values: Any = tuple(kept)
    elif fixedsize == 0:
        mini_values = None
    else:
        mini_values = b"".join(kept)
    databytes = dumps((tuple(delta_encode(ids)), mini_weights, mini_values), 2)  # _mini_ids
    comp = pw._compression
    if comp:
        databytes = zlib.compress(databytes, comp)
    last = ids[-1]
    infobytes = dumps((len(ids), last, maxweight, comp, length_to_byte(minlength), length_to_byte(maxlength)), 2)
    # one write of what Whoosh writes in four (a file's bytes do not depend on how its writes were cut)
    block = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(infobytes) + len(databytes))), infobytes, databytes))
    postfile.write(block)
    # finish_postings: the term info of the one block (W3TermInfo.add_block, set_extent, to_bytes)
    valbytes = W3TermInfo._struct.pack(
        False, 0 + sum(weights32), len(ids), 0 if minlength is None else length_to_byte(minlength),
        length_to_byte(max(0, maxlength)), max(0, maxweight), ids[0], last,
    ) + pack_long(start) + pack_int(len(block))
    _add_term_row(fw._tindex, key, valbytes)  # finish_term


def _add_term_row(tindex: Any, key: bytes, value: bytes) -> None:
    """`OrderedHashWriter.add(key, value)` (the terms table of Whoosh's filetables), its three writes as one."""
    if key <= tindex.lastkey:
        raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
    dbfile = tindex.dbfile
    pos = dbfile.tell()
    tindex.index.append(pos)
    dbfile.write(b"".join((_LENGTHS.pack(len(key), len(value)), key, value)))
    h = tindex.hashfn(key)
    tindex.buckets[h & 255].append((h, pos))
    tindex.lastkey = key


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

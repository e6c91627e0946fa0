"""Word and phrase queries answered with numpy over Whoosh's own postings: matching documents and top-N.

Whoosh finds and scores matches one document at a time in Python, which costs hundreds of
milliseconds per common word at 100,000 articles, and seconds for a phrase of common words (it decodes
and compares positions document by document). For queries made of words and phrases (`Term`s and
`Phrase`s joined by `And`/`Or`, the parser's output for `one two` or `"one two"`; the engine expands
prefixes and wildcards into an `Or` of words), this module reads each word's posting blocks (and, for
phrases, their positions) into arrays and combines them with numpy: the set of matching documents is
exact set logic (a phrase: Whoosh's own rule, each word within `slop` positions after the previous
one); BM25F scores are computed for every match in numpy, and the few candidates that can reach the
top N are scored again exactly as Whoosh adds them up, so the ranking (score, then document number) is
exactly Whoosh's. Anything else (NOT, boosts, other scorers) returns None and the caller uses Whoosh.

Size: the numpy reimplementation of Whoosh's matching and BM25F scoring reads Whoosh internals in one place,
so that a Whoosh upgrade is checked against one module.
"""

from __future__ import annotations

import copy
import io
import pickle
import struct
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.matching.binary import IntersectionMatcher, UnionMatcher
from whoosh.matching.combo import ArrayUnionMatcher
from whoosh.matching.mcore import LeafMatcher, NullMatcherClass
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util import make_binary_tree
from whoosh.util.numeric import byte_to_length

_BYTE_LENGTH = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
_lengths_lock = threading.Lock()
_INT = struct.Struct("!i")  # Whoosh's StructFile.write_int
MAX_SLOP = 10  # a phrase allowing more words between its words ("a b"~50) goes to Whoosh


def supported(q: wq.Query, searcher: Searcher) -> bool:
    """True when every node is a plain Term, And or Or with no boost, and scoring is stock BM25F."""
    w = searcher.weighting
    if type(w) is not BM25F or w._field_B:
        return False
    return _plain(q, searcher.schema)


def _plain(q: wq.Query, schema) -> bool:
    if q.boost != 1.0:
        return False
    if type(q) is wq.Term:
        return q.fieldname in schema and schema[q.fieldname].scorable and isinstance(q.text, str)
    if type(q) is wq.Phrase:
        # Positions decoded as Whoosh's Positions format writes them (a pickled list of deltas).
        return (q.fieldname in schema and schema[q.fieldname].scorable
                and type(schema[q.fieldname].format) is Positions and bool(q.words)
                and all(isinstance(w, str) for w in q.words)
                and isinstance(q.slop, int) and 1 <= q.slop <= MAX_SLOP)
    if type(q) is wq.Or:
        return q.scale is None and not q.minmatch and all(_plain(s, schema) for s in q.subqueries)
    if type(q) is wq.And:
        return all(_plain(s, schema) for s in q.subqueries)
    return False


class FieldLengths:
    """Per field, the length Whoosh scores with for every document number (read once per generation)."""

    def __init__(self) -> None:
        self._cache: dict[str, np.ndarray] = {}

    def get(self, searcher: Searcher, fieldname: str) -> np.ndarray:
        arr = self._cache.get(fieldname)
        if arr is None:
            with _lengths_lock:
                arr = self._cache.get(fieldname)
                if arr is None:
                    arr = self._cache[fieldname] = _read_lengths(searcher, fieldname)
        return arr


def _read_lengths(searcher: Searcher, fieldname: str) -> np.ndarray:
    parts = []
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        n = reader.doc_count_all()
        if not n:
            continue
        raw = np.zeros(n, dtype=np.uint8)
        perdoc = getattr(reader, "_perdoc", None)
        col = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
        if col is not None:
            count = min(col._count, n)
            raw[:count] = np.frombuffer(col._dbfile.get(col._basepos, count), dtype=np.uint8)
        parts.append(_BYTE_LENGTH[raw])
    return np.concatenate(parts) if parts else np.zeros(0)


class PostingsCache:
    """Decoded postings (document numbers, weights) and positions of recently used words, per generation,
    bounded in bytes.

    Decoding a common word's posting blocks (pickle + zlib per block of 128) is most of what a plain-word
    query costs once its matches are counted in numpy; the words people search for repeat, so the arrays
    are kept, least recently used dropped first. Generations never change, so entries never go stale.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[tuple[str, str, str], tuple[np.ndarray, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, searcher: Searcher, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, weights) of one word."""
        docs, weights = self._cached(("postings", fieldname, text), lambda: _postings(searcher, fieldname, text))
        return docs, weights

    def positions(self, searcher: Searcher, fieldname: str, text: str) -> WordPositions:
        """Where one word occurs: document numbers and, per document, its positions. The same blocks give
        the word's postings, kept too (a phrase's words are scored next)."""
        def load() -> tuple[np.ndarray, ...]:
            docs, weights, counts, positions = _positions(searcher, fieldname, text)
            self._store(("postings", fieldname, text), (docs, weights))
            return docs, counts, positions

        return WordPositions(*self._cached(("positions", fieldname, text), load))

    def _cached(self, key: tuple[str, str, str], load) -> tuple[np.ndarray, ...]:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
        value = load()
        self._store(key, value)
        return value

    def _store(self, key: tuple[str, str, str], value: tuple[np.ndarray, ...]) -> None:
        size = sum(a.nbytes for a in value)
        if size <= self.max_bytes:
            with self._lock:
                if key not in self._items:
                    self._items[key] = value
                    self.bytes += size
                while self.bytes > self.max_bytes:
                    _, old = self._items.popitem(last=False)
                    self.bytes -= sum(a.nbytes for a in old)


def _postings(searcher: Searcher, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Global document numbers (int32) and weights (float64) of one term, over every segment (deleted ones
    included)."""
    docs, weights, _ = _read(searcher, fieldname, text, with_values=False)
    return docs, weights


def _read(searcher: Searcher, fieldname: str, text: str,
          with_values: bool) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    """A term's document numbers, weights and (if asked) raw values, block by block over every segment."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    values: list[bytes] = []
    for sub, offset in searcher.leaf_searchers():
        try:
            m = sub.reader().postings(fieldname, text)
        except TermNotFound:
            continue
        if isinstance(m, FilterMatcher):  # deletions: dropped by the caller (their ord is -1)
            m = m.child
        if type(m) is W3LeafMatcher and not m._byteids and m._fixedsize is None:
            bids, bweights = _read_blocks(m, offset, values if with_values else None)
            ids += bids
            weights += bweights
        elif isinstance(m, W3LeafMatcher):
            while m.is_active():
                if m._ids is None:
                    m._read_ids()
                if m._weights is None:
                    m._read_weights()
                ids.append(np.asarray(m._ids[m._i:m._blocklength], dtype=np.int64) + offset)
                w: Any = m._weights  # one weight for the block, or one per posting
                block = m._blocklength - m._i
                weights.append(np.full(block, float(w), dtype=np.float64) if _is_scalar(w)
                               else np.asarray(w[m._i:m._blocklength], dtype=np.float64))
                if with_values:
                    if m._values is None:
                        m._read_values()
                    values.extend(m._values[m._i:m._blocklength])
                m._next_block()
        else:
            i, w = [], []
            while m.is_active():
                i.append(m.id())
                w.append(m.weight())
                if with_values:
                    values.append(m.value())
                m.next()
            ids.append(np.asarray(i, dtype=np.int64) + offset)
            weights.append(np.asarray(w, dtype=np.float64))
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0), values
    return np.concatenate(ids).astype(np.int32), np.concatenate(weights), values


def _read_blocks(m: W3LeafMatcher, offset: int, values: list | None) -> tuple[list, list]:
    """All posting blocks of a fresh Whoosh 3 matcher, read in one go: Whoosh reads each block's length,
    info and data through several small file reads, which cost as much as decoding them. The layout is
    the one `W3PostingsWriter._write_block` writes: a signed length (negative for the last block), the
    pickled block info, the (maybe compressed) pickled (id deltas, weights, values)."""
    length: Any = m._length  # W3TermInfo.from_bytes gives it as a 1-tuple
    raw = m._postfile.get(m._startoffset, length[0] if isinstance(length, tuple) else length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("unexpected postings header")
    buf = io.BytesIO(raw)
    pos, ids, weights = 4, [], []
    while True:
        (length,) = _INT.unpack_from(raw, pos)
        buf.seek(pos + _INT.size)
        count, _maxid, _maxweight, compression, _mn, _mx = pickle.load(buf)
        end = pos + _INT.size + abs(length)
        data = raw[buf.tell():end]
        if compression:
            data = zlib.decompress(data)
        quick = _ids_weights(data, count) if values is None else None
        if quick is None:
            deltas, w, vs = pickle.loads(data)
            if values is not None:
                values.extend(vs)
            quick = (np.asarray(deltas, dtype=np.int64),
                     np.ones(count) if w is None else np.full(count, float(w)) if isinstance(w, float)
                     else np.asarray(w, dtype=np.float64))
        ids.append(np.cumsum(quick[0]) + offset)
        weights.append(quick[1])
        if length < 0:
            return ids, weights
        pos = end


def _ids_weights(data: bytes, count: int) -> tuple[np.ndarray, np.ndarray] | None:
    """A block's id deltas and weights read straight from its pickle, without unpickling its values (a
    word's positions: one `_codecs.encode` call each in protocol 2, most of what unpickling a block costs).
    Only the common layout is read here: more than three ids, the first (the block's first document
    number) any int, the other deltas under 256 (`(J....K.K.K...t`), then the tuple's memo (`q.`), then
    no weights (`N`), one (`G` + 8 bytes) or one per id (`(G........G...t`). None for anything else: the
    caller unpickles the block."""
    if count <= 3 or len(data) < 8 or data[2] != 0x28:
        return None
    size = _FIRST_INT.get(data[3])
    if size is None:
        return None
    first = int.from_bytes(data[4:4 + size], "little")
    at = 4 + size  # the other deltas: BININT1 opcode and byte pairs
    n2 = 2 * (count - 1)
    if len(data) < at + n2 + 12 or data[at + n2] != 0x74 or data[at + n2 + 1] != 0x71:
        return None
    pairs = np.frombuffer(data, dtype=np.uint8, count=n2, offset=at)
    if (pairs[0::2] != 0x4B).any():
        return None
    deltas = np.empty(count, dtype=np.int64)
    deltas[0] = first
    deltas[1:] = pairs[1::2]
    at += n2 + 3  # after the ids' TUPLE and BINPUT
    if data[at] == 0x4E:  # None: every weight 1.0
        return deltas, np.ones(count)
    if data[at] == 0x47:  # one float for the block
        return deltas, np.full(count, float(np.frombuffer(data, dtype=">f8", count=1, offset=at + 1)[0]))
    end = at + 1 + 9 * count
    if data[at] != 0x28 or len(data) <= end or data[end] != 0x74:
        return None
    rows = np.frombuffer(data, dtype=np.uint8, count=9 * count, offset=at + 1).reshape(count, 9)
    if (rows[:, 0] != 0x47).any():  # BINFLOAT
        return None
    return deltas, rows[:, 1:].copy().view(">f8").ravel().astype(np.float64)


_FIRST_INT = {0x4B: 1, 0x4D: 2, 0x4A: 4}  # BININT1, BININT2 (unsigned), BININT (signed; ids are >= 0)


@dataclass
class WordPositions:
    """One word's occurrences: sorted global document numbers, the number of positions in each, and all
    positions document after document (ascending within each)."""

    docs: np.ndarray
    counts: np.ndarray
    positions: np.ndarray


def _positions(searcher: Searcher, fieldname: str,
               text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Document numbers, weights, number of positions per document and the positions of one term."""
    docs, weights, values = _read(searcher, fieldname, text, with_values=True)
    if not values:
        empty = np.zeros(0, dtype=np.int32)
        return docs, weights, empty, empty
    counts, positions = _decode_positions(values)
    return docs, weights, counts, positions


def _decode_positions(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Decode many `Positions` values at C speed: each is a 4-byte count, then a protocol-2 pickle of a list
    of position deltas ending in STOP. Their list-building bodies are spliced into one pickle of a list of
    lists (each body pushes one list; `l` collects them), which one `pickle.loads` reads."""
    lists = pickle.loads(b"\x80\x02(" + b"".join([v[6:-1] for v in values]) + b"l.")
    if len(lists) != len(values):
        raise ValueError("unexpected positions encoding")
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    deltas = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    running = np.cumsum(deltas)
    starts = np.cumsum(counts) - counts
    before = np.concatenate(([0], running))[starts]  # running total before each document's first delta
    positions = running - np.repeat(before, counts)
    return counts.astype(np.int32), positions.astype(np.int32)


@dataclass
class FastMatches:
    """What the fast path found: sorted matching document numbers, their approximate scores, and each
    word's own (document numbers, BM25F scores) for exact re-scoring of the top candidates."""

    docs: np.ndarray
    scores: np.ndarray
    leaves: dict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def only(self, keep: np.ndarray) -> FastMatches:
        return FastMatches(self.docs[keep], self.scores[keep], self.leaves)


def matches(q: wq.Query, searcher: Searcher, lengths: FieldLengths, postings: PostingsCache) -> FastMatches:
    """Sorted document numbers matching `q` and their (approximate) BM25F scores."""
    leaves: dict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = {}
    docs, scores = _matches(q, searcher, lengths, postings, leaves)
    return FastMatches(docs, scores, leaves)


def _matches(q: wq.Query, searcher: Searcher, lengths: FieldLengths, postings: PostingsCache,
             leaves: dict) -> tuple[np.ndarray, np.ndarray]:
    if type(q) is wq.Term:
        docs, w = postings.get(searcher, q.fieldname, q.text)
        if docs.size:
            weighting = searcher.weighting
            idf = searcher.idf(q.fieldname, q.text)
            avgfl = searcher.avg_field_length(q.fieldname) or 1
            B, K1 = weighting.B, weighting.K1
            fl = lengths.get(searcher, q.fieldname)[docs]
            # The same operations in the same order as whoosh.scoring.bm25, so each word's score is Whoosh's.
            scores = idf * ((w * (K1 + 1)) / (w + K1 * ((1 - B) + B * fl / avgfl)))
            docs = docs.astype(np.int64)
        else:
            scores = np.zeros(0)
        leaves[(q.fieldname, searcher.schema[q.fieldname].to_bytes(q.text))] = (docs, scores)
        return docs, scores
    if type(q) is wq.Phrase:
        return _phrase_matches(q, searcher, lengths, postings, leaves)
    parts = [_matches(s, searcher, lengths, postings, leaves) for s in q.subqueries]
    if type(q) is wq.And and any(p[0].size == 0 for p in parts):
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    parts = [p for p in parts if p[0].size]
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    if len(parts) == 1:
        return parts[0]
    docs = np.concatenate([p[0] for p in parts])
    scores = np.concatenate([p[1] for p in parts])
    uniq, inv, counts = np.unique(docs, return_inverse=True, return_counts=True)
    summed = np.bincount(inv, weights=scores, minlength=uniq.size)
    if type(q) is wq.And:
        keep = counts == len(q.subqueries)
        return uniq[keep], summed[keep]
    return uniq, summed


def _phrase_key(fieldname: str, words: tuple[bytes, ...], slop: int) -> tuple:
    return ("phrase", fieldname, words, slop)


def _phrase_matches(q: wq.Phrase, searcher: Searcher, lengths: FieldLengths, postings: PostingsCache,
                    leaves: dict) -> tuple[np.ndarray, np.ndarray]:
    """Documents where the phrase occurs, scored (approximately) as the sum of its words' scores, which is
    what Whoosh's phrase matcher adds up; its words' scores go into `leaves` for exact re-scoring."""
    field = searcher.schema[q.fieldname]
    docs = phrase_docs(q, searcher, postings)  # first: reading positions caches the words' postings too
    words = [_matches(wq.Term(q.fieldname, w), searcher, lengths, postings, leaves) for w in q.words]
    scores = np.zeros(docs.size)
    for wdocs, wscores in words:
        scores += wscores[np.searchsorted(wdocs, docs)]
    leaves[_phrase_key(q.fieldname, tuple(field.to_bytes(w) for w in q.words), q.slop)] = (docs, scores)
    return docs, scores


def phrase_docs(q: wq.Phrase, searcher: Searcher, postings: PostingsCache) -> np.ndarray:
    """Sorted document numbers (int64) where Whoosh's `Phrase` matches: positions p0 < p1 < ... of its
    words with 1 <= p(i+1) - p(i) <= slop (Whoosh's SpanNear2, ordered, mindist 1)."""
    occ = [postings.positions(searcher, q.fieldname, w) for w in q.words]
    cand = occ[0].docs
    for o in occ[1:]:
        cand = np.intersect1d(cand, o.docs, assume_unique=True)
    ends = None  # (document << 32 | position) where a match of the words so far ends
    for o in occ:
        if not cand.size:
            break
        keys = _keys_in(o, cand)
        if ends is not None:
            reach = np.zeros(keys.size, dtype=bool)
            for gap in range(1, q.slop + 1):
                reach |= _in_sorted(ends, keys - gap)
            keys = keys[reach]
            cand = np.unique(keys >> 32)
        ends = keys
    if not cand.size:
        return np.zeros(0, dtype=np.int64)
    return cand.astype(np.int64)


def _keys_in(o: WordPositions, docs: np.ndarray) -> np.ndarray:
    """Sorted (document << 32 | position) keys of the word's positions in `docs` (sorted)."""
    keep = _in_sorted(docs, o.docs)
    per_pos = np.repeat(keep, o.counts)
    return (np.repeat(o.docs[keep].astype(np.int64), o.counts[keep]) << 32) | o.positions[per_pos].astype(np.int64)


def _in_sorted(hay: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """Which of `needles` are in the sorted array `hay`."""
    if not hay.size:
        return np.zeros(needles.size, dtype=bool)
    k = np.minimum(np.searchsorted(hay, needles), hay.size - 1)
    return hay[k] == needles


class _PhraseShadow(WrappingMatcher):
    """Stands where Whoosh's phrase matcher would: the same tree of its words' matchers (so the same
    additions), without its document-by-document position checks; which documents match is known."""

    def __init__(self, child, key: tuple) -> None:
        super().__init__(child)
        self.key = key

    def is_active(self) -> bool:
        # Never walked: the matches are known, and a parent that preloads its children's scores
        # (ArrayUnionMatcher in small segments) would otherwise score every candidate in Python.
        return False


class _ShadowPhrase(wq.Phrase):
    """A `Phrase` whose matcher is a `_PhraseShadow` (the same words, size estimate and tree as Whoosh's)."""

    def matcher(self, searcher, context=None):
        field = searcher.schema[self.fieldname]
        reader = searcher.reader()
        words = tuple(field.to_bytes(w) for w in self.words)
        if any((self.fieldname, w) not in reader for w in words):  # as Phrase.matcher
            return NullMatcherClass()
        ms = [wq.Term(self.fieldname, w).matcher(searcher, context) for w in words]
        m = _PhraseShadow(make_binary_tree(IntersectionMatcher, ms), _phrase_key(self.fieldname, words, self.slop))
        return WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m  # as Phrase.matcher


def _shadowed(q: wq.Query) -> wq.Query:
    """`q` with its phrases as `_ShadowPhrase`s (for replaying scores; the fast path has found the matches)."""
    if type(q) is wq.Phrase:
        return _ShadowPhrase(q.fieldname, q.words, slop=q.slop, boost=q.boost, char_ranges=q.char_ranges)
    if isinstance(q, (wq.And, wq.Or)):
        new = copy.copy(q)
        new.subqueries = [_shadowed(s) for s in q.subqueries]
        return new
    return q


class _Unknown(Exception):
    """A matcher tree this module cannot replay; Whoosh's own matcher scores instead."""


def _replay(m, docs: np.ndarray, leaves: dict) -> tuple[np.ndarray, np.ndarray]:
    """(present, score) of each of `docs` under matcher `m`, adding sub-scores as Whoosh's tree does."""
    if isinstance(m, FilterMatcher):  # deletions only: the candidates are live documents
        m = m.child
    t = type(m)
    if t is UnionMatcher or t is IntersectionMatcher:
        pa, sa = _replay(m.a, docs, leaves)
        pb, sb = _replay(m.b, docs, leaves)
        both = pa & pb
        if t is IntersectionMatcher:
            return both, np.where(both, sa + sb, 0.0)
        return pa | pb, np.where(both, sa + sb, np.where(pa, sa, sb))
    if t is ArrayUnionMatcher:  # Whoosh's Or in small segments: scores added into 0.0, child after child
        present, acc = np.zeros(docs.size, dtype=bool), np.zeros(docs.size)
        for child in m._submatchers:
            p, s = _replay(child, docs, leaves)
            acc = np.where(p, acc + s * m._boost, acc)
            present |= p
        return present, acc
    if t is WrappingMatcher:  # a boosted word or phrase: Whoosh multiplies its score by the boost
        present, scores = _replay(m.child, docs, leaves)
        return present, np.where(present, scores * m.boost, 0.0)
    if t is _PhraseShadow:
        present, scores = _replay(m.child, docs, leaves)
        present &= _in_sorted(leaves[m.key][0], docs)
        return present, np.where(present, scores, 0.0)
    if isinstance(m, NullMatcherClass):
        return np.zeros(docs.size, dtype=bool), np.zeros(docs.size)
    if isinstance(m, LeafMatcher) and m.term() in leaves:
        ldocs, lscores = leaves[m.term()]
        k = np.minimum(np.searchsorted(ldocs, docs), max(ldocs.size - 1, 0))
        present = ldocs[k] == docs if ldocs.size else np.zeros(docs.size, dtype=bool)
        return present, np.where(present, lscores[k] if ldocs.size else 0.0, 0.0)
    raise _Unknown(t.__name__)


def exact_scores(q: wq.Query, searcher: Searcher, docnums: np.ndarray, leaves: dict | None = None) -> np.ndarray:
    """Whoosh's own scores of the given (sorted, matching) documents, segment by segment as it collects.

    Whoosh adds the words' scores along a matcher tree whose shape depends on each segment's term
    statistics, and floating-point addition is not associative; so the tree is built by Whoosh and replayed
    over the words' numpy scores (the same per-word arithmetic). Trees with other node types are walked
    with Whoosh's matcher."""
    out = np.zeros(docnums.size)
    context = searcher.context()
    shadow = _shadowed(q) if leaves is not None else q
    for sub, offset in searcher.leaf_searchers():
        n = sub.reader().doc_count_all()
        lo, hi = np.searchsorted(docnums, [offset, offset + n])
        if lo == hi:
            continue
        if leaves is not None:
            try:
                _, out[lo:hi] = _replay(shadow.matcher(sub, context), docnums[lo:hi] - offset,
                                        _local(leaves, offset, n))
                continue
            except _Unknown:
                pass
        m = q.matcher(sub, context)
        for k in range(lo, hi):
            d = int(docnums[k]) - offset
            if not m.is_active():
                break
            if m.id() < d:
                m.skip_to(d)
                if not m.is_active():
                    break
            if m.id() == d:
                out[k] = m.score()
    return out


def _local(leaves: dict, offset: int, n: int) -> dict:
    """The words' postings within one segment, in its own document numbers."""
    out = {}
    for key, (docs, scores) in leaves.items():
        lo, hi = np.searchsorted(docs, [offset, offset + n])
        out[key] = (docs[lo:hi] - offset, scores[lo:hi])
    return out


def top(q: wq.Query, searcher: Searcher, found: FastMatches, limit: int) -> np.ndarray:
    """Document numbers of the best `limit` matches in Whoosh's order: score descending, then docnum."""
    docs, approx = found.docs, found.scores
    if docs.size > limit:
        kth = np.partition(approx, docs.size - limit)[docs.size - limit]
        eps = 1e-9 * max(abs(float(kth)), 1.0)
        keep = approx >= kth - eps
        docs = docs[keep]
    exact = exact_scores(q, searcher, docs, found.leaves)
    order = np.lexsort((docs, -exact))
    return docs[order][:limit]


def _is_scalar(w: Any) -> bool:
    """`np.isscalar`, without narrowing the type of what it tests (Whoosh's weights are untyped)."""
    return bool(np.isscalar(w))

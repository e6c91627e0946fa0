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
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
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

from .postingbytes import decode_values, read_blocks

_BYTE_LENGTH = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
_lengths_lock = threading.Lock()
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
    docs, weights, _ = _read(searcher, fieldname, text, with_positions=False)
    return docs, weights


def _read(searcher: Searcher, fieldname: str, text: str,
          with_positions: bool) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """A term's document numbers, weights and (if asked) positions (per segment: positions per document,
    positions), block by block over every segment."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    found: list[tuple[np.ndarray, np.ndarray]] = []
    for sub, offset in searcher.leaf_searchers():
        try:
            m = sub.reader().postings(fieldname, text)
        except TermNotFound:
            continue
        if isinstance(m, FilterMatcher):  # deletions: dropped by the caller (their ord is -1)
            m = m.child
        if type(m) is W3LeafMatcher and not m._byteids and m._fixedsize is None:
            bids, bweights = read_blocks(m, offset, found if with_positions else None)
            ids += bids
            weights += bweights
            continue
        values: list[bytes] = []
        if isinstance(m, W3LeafMatcher):
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
                if with_positions:
                    if m._values is None:
                        m._read_values()
                    values.extend(m._values[m._i:m._blocklength])
                m._next_block()
        else:
            i, w = [], []
            while m.is_active():
                i.append(m.id())
                w.append(m.weight())
                if with_positions:
                    values.append(m.value())
                m.next()
            ids.append(np.asarray(i, dtype=np.int64) + offset)
            weights.append(np.asarray(w, dtype=np.float64))
        if values:
            found.append(decode_values(b"".join(values), np.fromiter(map(len, values), dtype=np.int64)))
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0), found
    return np.concatenate(ids).astype(np.int32), np.concatenate(weights), found


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
    docs, weights, found = _read(searcher, fieldname, text, with_positions=True)
    if not found:
        empty = np.zeros(0, dtype=np.int32)
        return docs, weights, empty, empty
    return docs, weights, np.concatenate([c for c, _ in found]), np.concatenate([p for _, p in found])


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


class _LeafStandIn(LeafMatcher):
    """Stands where Whoosh would open a word's postings: the replay reads only the tree's shape and which word
    each leaf is (opening a posting list reads its first block, which cost more than the replay). Never
    walked, like `_PhraseShadow`."""

    def __init__(self, fieldname: str, text: bytes) -> None:
        self._term = (fieldname, text)

    def term(self) -> tuple[str, bytes]:
        return self._term

    def is_active(self) -> bool:
        return False


class _TreeOnly:
    """A segment's searcher whose `postings` are `_LeafStandIn`s: Whoosh builds the same matcher tree (which
    words are in the segment, their sizes and the segment's size decide its shape), without reading them."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self._searcher, name)

    def postings(self, fieldname: str, text: bytes, weighting=None, qf: int = 1) -> _LeafStandIn:
        return _LeafStandIn(fieldname, text)


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
                _, out[lo:hi] = _replay(shadow.matcher(_TreeOnly(sub), context), docnums[lo:hi] - offset,
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

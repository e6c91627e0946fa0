"""Whoosh's own scores of given matching documents, replayed with numpy over the words' scores.

Whoosh adds a query's word scores along a matcher tree whose shape depends on each segment's term
statistics, and floating-point addition is not associative; so Whoosh builds the tree (with stand-in leaves
that read nothing) and this module walks it over the words' numpy scores, giving the same sums to the last
bit. A tree with other node types is scored by Whoosh's own matcher.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching.binary import IntersectionMatcher, UnionMatcher
from whoosh.matching.combo import ArrayUnionMatcher
from whoosh.matching.mcore import LeafMatcher, NullMatcherClass
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.searching import Searcher
from whoosh.util import make_binary_tree

from .memo import Recent
from .phrasematch import in_sorted, phrase_key


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
        m = _PhraseShadow(make_binary_tree(IntersectionMatcher, ms), phrase_key(self.fieldname, words, self.slop))
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
        present &= in_sorted(leaves[m.key][0], docs)
        return present, np.where(present, scores, 0.0)
    if isinstance(m, NullMatcherClass):
        return np.zeros(docs.size, dtype=bool), np.zeros(docs.size)
    if isinstance(m, LeafMatcher) and m.term() in leaves:
        ldocs, lscores = leaves[m.term()]
        k = np.minimum(np.searchsorted(ldocs, docs), max(ldocs.size - 1, 0))
        present = ldocs[k] == docs if ldocs.size else np.zeros(docs.size, dtype=bool)
        return present, np.where(present, lscores[k] if ldocs.size else 0.0, 0.0)
    raise _Unknown(t.__name__)


def exact_scores(q: wq.Query, searcher: Searcher, docnums: np.ndarray, leaves: dict | None = None,
                 trees: Recent | None = None) -> np.ndarray:
    """Whoosh's own scores of the given (sorted, matching) documents, segment by segment as it collects.

    Whoosh adds the words' scores along a matcher tree whose shape depends on each segment's term
    statistics, and floating-point addition is not associative; so the tree is built by Whoosh and replayed
    over the words' numpy scores (the same per-word arithmetic). Trees with other node types are walked
    with Whoosh's matcher. `trees` keeps the trees built (per query object and segment: building one looks up
    every word in the segment, most of the cost of a query asked again)."""
    out = np.zeros(docnums.size)
    context = searcher.context()
    shadow = _shadowed(q) if leaves is not None else q
    for i, (sub, offset) in enumerate(searcher.leaf_searchers()):
        n = sub.reader().doc_count_all()
        lo, hi = np.searchsorted(docnums, [offset, offset + n])
        if lo == hi:
            continue
        if leaves is not None:
            try:
                tree = _tree(shadow, sub, context, trees, (id(q), i), q)
                _, out[lo:hi] = _replay(tree, docnums[lo:hi] - offset, _local(leaves, offset, n))
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


def _tree(shadow: wq.Query, sub: Searcher, context, trees: Recent | None, key: tuple, q: wq.Query):  # noqa: ANN001, ANN202
    """The matcher tree of one segment, built by Whoosh over stand-in leaves, or kept from an earlier request.

    The tree depends only on the query and the segment's term statistics (a generation never changes; its
    searchers list the segments in one order), and `_replay` only reads it. The key holds the query's id and
    the kept value the query itself, so the id cannot be another query's while the entry lives."""
    if trees is None:
        return shadow.matcher(_TreeOnly(sub), context)
    kept, tree = trees.get(key, lambda: (q, shadow.matcher(_TreeOnly(sub), context)))
    return tree if kept is q else shadow.matcher(_TreeOnly(sub), context)


def _local(leaves: dict, offset: int, n: int) -> dict:
    """The words' postings within one segment, in its own document numbers."""
    out = {}
    for key, (docs, scores) in leaves.items():
        lo, hi = np.searchsorted(docs, [offset, offset + n])
        out[key] = (docs[lo:hi] - offset, scores[lo:hi])
    return out

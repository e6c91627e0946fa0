"""Word and phrase queries answered with numpy over Whoosh's own postings: matching documents and top-N.

Whoosh finds and scores matches one document at a time in Python, which costs hundreds of
milliseconds per common word at 100,000 articles, and seconds for a phrase of common words (it decodes
and compares positions document by document). For queries made of words and phrases (`Term`s and
`Phrase`s joined by `And`/`Or`, the parser's output for `one two` or `"one two"`; the engine expands
prefixes and wildcards into an `Or` of words), each word's postings (and, for phrases, positions) are read
into arrays (`postingcache`) and combined with numpy here: the set of matching documents is exact set
logic (a phrase: `phrasematch`, Whoosh's own rule); BM25F scores are computed for every match in numpy
(document lengths from `fieldlengths`), and the few candidates that can reach the top N are scored again
exactly as Whoosh adds them up (`exactscores`), so the ranking (score, then document number) is exactly
Whoosh's. Anything else (NOT, boosts, other scorers) is not `supported` and the caller uses Whoosh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .exactscores import exact_scores
from .fieldlengths import FieldLengths
from .memo import Recent
from .phrasematch import phrase_docs, phrase_key
from .postingcache import PostingsCache

MAX_SLOP = 10  # a phrase allowing more words between its words ("a b"~50) goes to Whoosh
DENSE_RATIO = 12  # parts with at least 1/12 as many postings as the index has documents: combined by counting


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
    return combine(parts, len(q.subqueries) if type(q) is wq.And else 0, searcher.doc_count_all())


def combine(parts: list[tuple[np.ndarray, np.ndarray]], need: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The documents of `parts` (each: sorted distinct document numbers under `size`, their scores) found in
    `need` of them (0: in any), with their scores summed part after part.

    Sorting every posting (np.unique) costs most of a query of common words at a million articles; counting
    into arrays as long as the index is linear, and wins once the postings are a good part of its length.
    Both add each document's scores in the parts' order, so the sums are the same to the last bit."""
    docs = np.concatenate([p[0] for p in parts])
    scores = np.concatenate([p[1] for p in parts])
    if docs.size * DENSE_RATIO < size:
        uniq, inv, counts = np.unique(docs, return_inverse=True, return_counts=True)
        summed = np.bincount(inv, weights=scores, minlength=uniq.size)
        if need:
            keep = counts == need
            return uniq[keep], summed[keep]
        return uniq, summed
    if need:
        found = np.flatnonzero(np.bincount(docs) == need)
    else:
        seen = np.zeros(size, dtype=bool)
        seen[docs] = True
        found = np.flatnonzero(seen)
    return found, np.bincount(docs, weights=scores)[found]


def _phrase_matches(q: wq.Phrase, searcher: Searcher, lengths: FieldLengths, postings: PostingsCache,
                    leaves: dict) -> tuple[np.ndarray, np.ndarray]:
    """Documents where the phrase occurs, scored (approximately) as the sum of its words' scores, which is
    what Whoosh's phrase matcher adds up; its words' scores go into `leaves` for exact re-scoring."""
    field = searcher.schema[q.fieldname]
    docs = phrase_docs(q, searcher, postings)  # first: a word read whole with positions keeps its postings too
    words = [_matches(wq.Term(q.fieldname, w), searcher, lengths, postings, leaves) for w in q.words]
    scores = np.zeros(docs.size)
    for wdocs, wscores in words:
        scores += wscores[np.searchsorted(wdocs, docs)]
    leaves[phrase_key(q.fieldname, tuple(field.to_bytes(w) for w in q.words), q.slop)] = (docs, scores)
    return docs, scores


def top(q: wq.Query, searcher: Searcher, found: FastMatches, limit: int, trees: Recent | None = None) -> np.ndarray:
    """Document numbers of the best `limit` matches in Whoosh's order: score descending, then docnum (`trees`:
    see `exact_scores`)."""
    docs, approx = found.docs, found.scores
    if docs.size > limit:
        kth = np.partition(approx, docs.size - limit)[docs.size - limit]
        eps = 1e-9 * max(abs(float(kth)), 1.0)
        keep = approx >= kth - eps
        docs = docs[keep]
    exact = exact_scores(q, searcher, docs, found.leaves, trees)
    order = np.lexsort((docs, -exact))
    return docs[order][:limit]

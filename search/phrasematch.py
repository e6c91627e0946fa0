"""Which documents a phrase matches, from its words' positions with numpy: Whoosh's own rule (`Phrase` as
SpanNear2, ordered: each word 1 to `slop` positions after the previous one), without walking documents one
by one as Whoosh's phrase matcher does.

Where the index has the field's pairs field (`archive.schema.PAIR_FIELDS`), a phrase of two common words with
slop 1 is one pair's posting list, exactly: no positions are read. A longer phrase with slop 1 can only match
where each pair of its adjacent common words does, so its positions are compared in those documents only (none
read when such a pair is absent). Other phrases, and generations written before the pairs fields, use positions
alone; a word much more common than the others is read only where they occur (`phraseblocks`).
"""

from __future__ import annotations

import hashlib

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from archive.schema import PAIR_FIELDS, PAIR_SEP, pair_term, paired_words

from .phraseblocks import positions_in
from .postingcache import PostingsCache, WordPositions

FEW_CANDIDATES = 8  # a word's blocks are chosen when its documents are over 8 times the candidates


def phrase_key(fieldname: str, words: tuple[bytes, ...], slop: int) -> tuple:
    """How a phrase's documents and scores are found among a query's leaves (see `exactscores`)."""
    return ("phrase", fieldname, words, slop)


def phrase_docs(q: wq.Phrase, searcher: Searcher, postings: PostingsCache) -> np.ndarray:
    """Sorted document numbers (int64) where Whoosh's `Phrase` matches: positions p0 < p1 < ... of its
    words with 1 <= p(i+1) - p(i) <= slop (Whoosh's SpanNear2, ordered, mindist 1)."""
    paired = pair_docs(q, searcher, postings)
    if paired is not None and (len(q.words) == 2 or not paired.size):  # two words: their pair is the answer
        return paired
    occ, cand = _occurrences(q, searcher, postings, paired)
    ends = None  # (document << 32 | position) where a match of the words so far ends
    for o in occ:
        if not cand.size:
            break
        keys = _keys_in(o, cand)
        if ends is not None:
            reach = np.zeros(keys.size, dtype=bool)
            for gap in range(1, q.slop + 1):
                reach |= in_sorted(ends, keys - gap)
            keys = keys[reach]
            docs = keys >> 32  # sorted, as the keys are: their distinct values without np.unique's sort
            cand = docs[np.r_[True, docs[1:] != docs[:-1]]] if docs.size else docs
        ends = keys
    if not cand.size:
        return np.zeros(0, dtype=np.int64)
    return cand.astype(np.int64)


def pair_docs(q: wq.Phrase, searcher: Searcher, postings: PostingsCache) -> np.ndarray | None:
    """Sorted document numbers (int64) where each two adjacent words of the phrase that the pairs field holds
    (both common: `archive.schema.paired_words`) are adjacent; None when no pair decides anything: slop over 1,
    one word, no pair of common words, or no pairs field in this index."""
    common = paired_words(searcher.schema, q.fieldname)
    words = [str(w) for w in q.words]
    if common is None or q.slop != 1 or len(words) < 2 or any(PAIR_SEP in w for w in words):
        return None
    docs = None
    for a, b in zip(words, words[1:], strict=False):
        if a not in common or b not in common:
            continue
        found = postings.get(searcher, PAIR_FIELDS[q.fieldname], pair_term((a, b)))[0].astype(np.int64)
        docs = found if docs is None else np.intersect1d(docs, found, assume_unique=True)
        if not docs.size:
            break
    return docs


def _occurrences(q: wq.Phrase, searcher: Searcher, postings: PostingsCache,
                 within: np.ndarray | None) -> tuple[list[WordPositions], np.ndarray]:
    """Each word's positions, and the documents that have every word (and are `within`, if given). The rarest
    word is read first; a more common word whose positions are not kept is read only in the blocks of the
    documents found so far when they are few (`phraseblocks`), else whole (and kept)."""
    words = list(q.words)
    dfs = [searcher.doc_frequency(q.fieldname, w) for w in words]
    occ: list[WordPositions] = []
    cand = within
    rarest_first = sorted(range(len(words)), key=dfs.__getitem__)
    for i in rarest_first:
        kept = postings.peek(("positions", q.fieldname, words[i]))
        got = None if kept is None else WordPositions(*kept)
        if got is None and cand is not None and cand.size * FEW_CANDIDATES < dfs[i]:
            got = _in_blocks(searcher, postings, q.fieldname, words[i], cand)
        if got is None:
            got = postings.positions(searcher, q.fieldname, words[i])
        cand = got.docs if cand is None else np.intersect1d(cand, got.docs, assume_unique=True)
        occ.append(got)
        if not cand.size:
            return [], cand
    by_word = dict(zip(rarest_first, occ, strict=True))
    return [by_word[i] for i in range(len(words))], np.zeros(0, dtype=np.int64) if cand is None else cand


def _in_blocks(searcher: Searcher, postings: PostingsCache, fieldname: str, word: str,
               docs: np.ndarray) -> WordPositions | None:
    """`phraseblocks.positions_in`, kept per word and documents (the same phrase asked again, its next page)."""
    digest = hashlib.blake2b(docs.astype(np.int64).tobytes(), digest_size=16).hexdigest()
    key = ("blocks", fieldname, f"{word}\0{digest}")
    kept = postings.peek(key)
    if kept is not None:
        return WordPositions(*kept)
    got = positions_in(searcher, fieldname, word, docs)
    if got is not None:
        postings.keep(key, (got.docs, got.counts, got.positions))
    return got


def _keys_in(o: WordPositions, docs: np.ndarray) -> np.ndarray:
    """Sorted (document << 32 | position) keys of the word's positions in `docs` (sorted)."""
    keep = in_sorted(docs, o.docs)
    per_pos = np.repeat(keep, o.counts)
    return (np.repeat(o.docs[keep].astype(np.int64), o.counts[keep]) << 32) | o.positions[per_pos].astype(np.int64)


def in_sorted(hay: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """Which of `needles` are in the sorted array `hay`."""
    if not hay.size:
        return np.zeros(needles.size, dtype=bool)
    k = np.minimum(np.searchsorted(hay, needles), hay.size - 1)
    return hay[k] == needles



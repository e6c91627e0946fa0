"""The two tests a candidate pair is verified with: duplicate (the same article edited) and same-story
(separately written reports sharing several near-identical sentences, within a news day, and their leads where
the shared sentences are a small part of both)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import thresholds
from .arrays import in_sorted, unique_sorted
from .relation import Relation

if TYPE_CHECKING:
    from .storyindex import StoryIndex

# Per query chunk: the stock-sentence mask of a slot under the slot, its distinct hashes under ~slot.
Cache = dict[int, np.ndarray]


def verify(index: StoryIndex, a: int, b: int, cache: Cache) -> Relation | None:
    """The relation of two indexed articles (by slot), or None."""
    ua, ub = _unique(index, a, cache), _unique(index, b, cache)
    inter = int(in_sorted(ua, ub).sum())
    if not inter:
        return None
    jacc = inter / (len(ua) + len(ub) - inter)
    cont = inter / min(len(ua), len(ub))
    ida, idb = index.ids[a], index.ids[b]
    if ida > idb:
        ida, idb = idb, ida
    if jacc >= thresholds.DUP_JACCARD or (cont >= thresholds.DUP_CONTAINMENT and inter >= thresholds.DUP_MIN_SHARED):
        if index.facts_differ(a, b):
            return None
        return Relation(ida, idb, "duplicate", round(max(jacc, cont), 4))
    da, db = index.dates[a], index.dates[b]
    if da != thresholds.NO_DATE and db != thresholds.NO_DATE and abs(da - db) > thresholds.SAME_STORY_MAX_DAYS:
        return None
    ma, na = matched_sentences(index, a, ub, cache)
    if ma < thresholds.SAME_STORY_MIN_SENTENCES_OTHER:
        return None
    mb, nb = matched_sentences(index, b, ua, cache)
    if min(ma, mb) < thresholds.SAME_STORY_MIN_SENTENCES_OTHER or max(ma, mb) < thresholds.SAME_STORY_MIN_SENTENCES:
        return None
    share = max(ma / max(1, na), mb / max(1, nb))
    if share < thresholds.LEAD_CHECK_SHARE and not leads_shared(index, a, b, ub, ua):
        return None
    if index.facts_differ(a, b):
        return None
    return Relation(ida, idb, "same-story", round(min(1.0, share), 4))


def leads_shared(index: StoryIndex, a: int, b: int, ub: np.ndarray, ua: np.ndarray) -> bool:
    """Whether the lead of either text (its first LEAD_SENTENCES sentences: headline, byline, lead sentence)
    has LEAD_MIN_SHINGLES or more of its shingles in the other text (`ua`, `ub`: their distinct shingles)."""
    return max(_lead_hits(index, a, ub), _lead_hits(index, b, ua)) >= thresholds.LEAD_MIN_SHINGLES


def _lead_hits(index: StoryIndex, slot: int, other: np.ndarray) -> int:
    sh, starts = index.sh[slot], index.starts[slot]
    assert sh is not None and starts is not None
    n = thresholds.LEAD_SENTENCES
    end = int(starts[n]) - 4 if len(starts) > n else len(sh)  # the shingles lying inside the lead
    return int(in_sorted(sh[: max(0, end)], other).sum())


def matched_sentences(index: StoryIndex, slot: int, other: np.ndarray, cache: Cache) -> tuple[int, int]:
    """(near-identical countable sentences of `slot` found in `other`, countable sentences)."""
    sh = index.sh[slot]
    assert sh is not None
    if not len(sh):
        return 0, 0
    n_hit, length = sentence_sums(index, slot, in_sorted(sh, other))
    countable = (length >= thresholds.SENT_MIN_SHINGLES) & ~_stock_mask(index, slot, cache)
    matched = countable & (n_hit >= thresholds.SENT_MATCH_FRACTION * length)
    return int(matched.sum()), int(countable.sum())


def sentence_sums(index: StoryIndex, slot: int, flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: (sum of `flags` over the shingles inside it, number of such shingles).

    Shingle i covers tokens i..i+4, so it lies inside sentence [t, u) when t <= i <= u - 5."""
    sh, starts = index.sh[slot], index.starts[slot]
    assert sh is not None and starts is not None
    n_tok = len(sh) + 4
    ends = np.append(starts[1:], n_tok).astype(np.int64)
    length = np.maximum(0, ends - 4 - starts)
    cum = np.concatenate([[0], np.cumsum(flags, dtype=np.int64)])
    lo = np.minimum(starts, len(sh))
    return cum[lo + length] - cum[lo], length


def _stock_mask(index: StoryIndex, slot: int, cache: Cache) -> np.ndarray:
    """Per sentence: True when most of its sampled shingles are common (df above the cut-off)."""
    m = cache.get(slot)
    if m is None:
        sh = index.sh[slot]
        assert sh is not None
        sampled = sh % thresholds.SAMPLE_MOD == 0
        common = np.zeros(len(sh), dtype=bool)
        if sampled.any():
            # sorted distinct needles: numpy's binary search then reuses the previous hit
            keys, inverse = np.unique(sh[sampled], return_inverse=True)
            common[sampled] = (index.df(keys) > index.df_cutoff())[inverse]
        n_common, _ = sentence_sums(index, slot, common)
        n_sampled, _ = sentence_sums(index, slot, sampled)
        m = (n_sampled > 0) & (2 * n_common > n_sampled)
        cache[slot] = m
    return m


def _unique(index: StoryIndex, slot: int, cache: Cache) -> np.ndarray:
    """The sorted distinct shingle hashes of one article (cached per query chunk)."""
    u = cache.get(~slot)
    if u is None:
        sh = index.sh[slot]
        assert sh is not None
        u = cache[~slot] = unique_sorted(sh)
    return u

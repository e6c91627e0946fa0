"""The two tests a candidate pair is verified with: duplicate (the same article edited) and same-story
(separately written reports sharing several near-identical sentences, within a news day, and their leads where
the shared sentences are a small part of both; sentences shared only in both texts' endings do not count)."""

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
    count_a, match_a = sentence_masks(index, a, ub, cache)
    ma, na = int(match_a.sum()), int(count_a.sum())
    if ma < thresholds.SAME_STORY_MIN_SENTENCES_OTHER:
        return None
    count_b, match_b = sentence_masks(index, b, ua, cache)
    mb, nb = int(match_b.sum()), int(count_b.sum())
    if not _enough_sentences(ma, mb):
        return None
    if thresholds.ENDING_CHECK and _ends_only(_shared_ending(count_a, match_a), _shared_ending(count_b, match_b)):
        return None
    share = max(ma / max(1, na), mb / max(1, nb))
    lead_a, lead_b = (a, count_a, match_a), (b, count_b, match_b)
    if share < thresholds.LEAD_CHECK_SHARE and not leads_shared(index, lead_a, lead_b, ub, ua):
        return None
    if index.facts_differ(a, b):
        return None
    return Relation(ida, idb, "same-story", round(min(1.0, share), 4))


Lead = tuple[int, np.ndarray, np.ndarray]  # (slot, its countable sentences, those near-identical in the other)


def leads_shared(index: StoryIndex, a: Lead, b: Lead, ub: np.ndarray, ua: np.ndarray) -> bool:
    """Whether the lead of either text has LEAD_MIN_SHINGLES or more of its shingles in the other text (`ua`,
    `ub`: their distinct shingles).

    The lead is the text's first LEAD_SENTENCES sentences after the opening block both texts share (a site's
    disclaimer over each of its posts; none on most pairs), and only its countable sentences' own shingles
    count: a byline, a dateline or a section label is the same line over one desk's stories of a day, not the
    event (thresholds.LEAD_FURNITURE_CHECK; off, the lead is the first sentences' shingles as before)."""
    open_a, open_b = _shared_opening(*a[1:]), _shared_opening(*b[1:])
    if not (open_a and open_b):  # an opening block counts as furniture only where both texts have one
        open_a = open_b = 0
    return max(_lead_hits(index, a, ub, open_a), _lead_hits(index, b, ua, open_b)) >= thresholds.LEAD_MIN_SHINGLES


def _lead_hits(index: StoryIndex, lead: Lead, other: np.ndarray, opening: int) -> int:
    slot, countable, _ = lead
    sh, starts = index.sh[slot], index.starts[slot]
    assert sh is not None and starts is not None
    n = thresholds.LEAD_SENTENCES
    if not thresholds.LEAD_FURNITURE_CHECK:
        end = int(starts[n]) - 4 if len(starts) > n else len(sh)  # the shingles lying inside the lead
        return int(in_sorted(sh[: max(0, end)], other).sum())
    hits = in_sorted(sh, other) if len(sh) else np.zeros(0, dtype=bool)
    sums, _ = sentence_sums(index, slot, hits)
    in_lead = np.zeros(len(countable), dtype=bool)
    in_lead[opening : opening + n] = True
    return int(sums[in_lead & countable].sum()) if len(countable) == len(sums) else 0


def _shared_opening(countable: np.ndarray, matched: np.ndarray) -> int:
    """How many sentences open the text before its first countable sentence of its own, when the countable
    ones among them are all near-identical in the other text (at least one) and the text's own sentences
    outnumber them: an opening block over a body of its own (0 otherwise; see `_shared_ending`). Unlike a shared
    ending it is not set aside from the sentence counts: two versions of one wire story open alike (on the tuning
    half a company's results sent twice would be lost); only the lead check reads past it."""
    rows = np.flatnonzero(countable)
    own = np.flatnonzero(~matched[rows])
    if not len(own) or not own[0] or len(own) <= own[0]:
        return 0
    return int(rows[own[0]])


def _enough_sentences(ma: int, mb: int) -> bool:
    """Whether near-identical sentences counted on each side make a same-story link."""
    low, high = sorted((ma, mb))
    return low >= thresholds.SAME_STORY_MIN_SENTENCES_OTHER and high >= thresholds.SAME_STORY_MIN_SENTENCES


def _shared_ending(countable: np.ndarray, matched: np.ndarray) -> tuple[int, int]:
    """(near-identical sentences, how many of them are the text's shared ending).

    The shared ending is the run of near-identical sentences after the text's last sentence of its own (one not
    found in the other text), counted only when the text's own sentences outnumber it: closing furniture under
    a body of its own. A short item whose body is mostly the other's has no such ending (0)."""
    rows = np.flatnonzero(countable)
    own = np.flatnonzero(~matched[rows])
    n_matched = len(rows) - len(own)
    ending = len(rows) - 1 - int(own[-1]) if len(own) else 0
    return n_matched, ending if len(own) > ending else 0


def _ends_only(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether a link rests on the two texts' shared endings: both have one (a site's closing boilerplate,
    "about the company", a show's information box, sits at the end of each of its posts), and the sentences
    shared elsewhere are too few to make the link by themselves."""
    (ma, ea), (mb, eb) = a, b
    return bool(ea and eb) and not _enough_sentences(ma - ea, mb - eb)


def sentence_masks(index: StoryIndex, slot: int, other: np.ndarray, cache: Cache) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence of `slot`: (countable, countable and near-identical to a passage of `other`)."""
    sh = index.sh[slot]
    assert sh is not None
    if not len(sh):
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    n_hit, length = sentence_sums(index, slot, in_sorted(sh, other))
    countable = (length >= thresholds.SENT_MIN_SHINGLES) & ~_stock_mask(index, slot, cache)
    return countable, countable & (n_hit >= thresholds.SENT_MATCH_FRACTION * length)


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

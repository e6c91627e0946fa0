"""Candidate pairs: the articles that share sampled shingles with a query article, pre-filtered and capped, so that
only they are verified (never all pairs). One vectorised pass over a query chunk, in steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import thresholds
from .arrays import rank_within, sample_keys_all

if TYPE_CHECKING:
    from .storyindex import StoryIndex


def candidate_pairs(
    index: StoryIndex, qslots: np.ndarray, only_touching: bool, alive: np.ndarray, ncommon: np.ndarray
) -> np.ndarray:
    """Candidate pairs (q, o) for query slots, as an (n, 2) int64 array, each pair once.

    `ncommon` (per slot: sampled keys above the df cut-off, -1 = not yet known) is filled in as a
    cache across query chunks."""
    keys = _query_keys(index, qslots)
    if keys is None:
        return _none()
    found = _pairs_through_postings(index, *keys, qslots, ncommon)
    if found is None:
        return _none()
    nkeys = np.asarray(index.nkeys, dtype=np.int64)
    a, b, counts = _shared_key_counts(*found, nkeys, qslots, only_touching, alive)
    if not len(a):
        return _none()
    _count_common_keys(index, a, b, ncommon)
    a, b, counts, maybe_dup = _prefilter(index, a, b, counts, nkeys, ncommon)
    return _cap_per_article(a, b, counts, maybe_dup)


def _none() -> np.ndarray:
    return np.zeros((0, 2), dtype=np.int64)


def _query_keys(index: StoryIndex, qslots: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(sampled keys of the query articles, the slot of each), ordered by key; None when there are none."""
    parts = [sample_keys_all(index.sh[q]) for q in qslots]
    lens = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    if not lens.sum():
        return None
    qk = np.concatenate(parts)
    qd = np.repeat(qslots.astype(np.int64), lens)
    # Sorted needles: numpy's binary search then starts from the previous hit, which keeps the
    # lookups into a large segment cache-friendly (3x faster at 1M articles).
    order = np.argsort(qk, kind="stable")
    return qk[order], qd[order]


def _pairs_through_postings(
    index: StoryIndex, qk: np.ndarray, qd: np.ndarray, qslots: np.ndarray, ncommon: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """(query slot, other slot) once per shared key that is not common; sets `ncommon` of the query slots."""
    cutoff = index.df_cutoff()
    bounds = []
    df = np.zeros(len(qk), dtype=np.int64)
    for sk, _ in index.segments:
        left = np.searchsorted(sk, qk, "left")
        right = np.searchsorted(sk, qk, "right")
        df += right - left
        bounds.append((left, right))
    use = (df >= 2) & (df <= cutoff)
    ncommon[qslots] = 0
    np.add.at(ncommon, qd[df > cutoff], 1)
    pq: list[np.ndarray] = []
    po: list[np.ndarray] = []
    for (_, ss), (left, right) in zip(index.segments, bounds, strict=True):
        cnt = right - left
        nz = use & (cnt > 0)
        left, cnt, d = left[nz], cnt[nz], qd[nz]
        if not len(cnt):
            continue
        # expand each (query, key) row into the postings of that key
        offs = np.repeat(left - np.cumsum(cnt) + cnt, cnt) + np.arange(cnt.sum())
        pq.append(np.repeat(d, cnt))
        po.append(ss[offs].astype(np.int64))
    if not pq:
        return None
    return np.concatenate(pq), np.concatenate(po)


def _shared_key_counts(
    q: np.ndarray, o: np.ndarray, nkeys: np.ndarray, qslots: np.ndarray, only_touching: bool, alive: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, shared keys) per distinct pair of two live articles sharing enough keys (MIN_SHARED_KEYS)."""
    keep = (q != o) & alive[o]
    q, o = q[keep], o[keep]
    if only_touching:
        # a pair of two query articles is seen from both sides: keep it once
        inq = np.zeros(len(alive), dtype=bool)
        inq[qslots] = True
        keep = ~inq[o] | (q < o)
    else:
        keep = q < o
    q, o = q[keep], o[keep]
    codes, counts = np.unique(q << 32 | o, return_counts=True)
    a, b = codes >> 32, codes & 0xFFFFFFFF
    need = np.where(np.minimum(nkeys[a], nkeys[b]) < thresholds.SHORT_DOC_KEYS, 1, thresholds.MIN_SHARED_KEYS)
    ok = counts >= need
    return a[ok], b[ok], counts[ok]


def _count_common_keys(index: StoryIndex, a: np.ndarray, b: np.ndarray, ncommon: np.ndarray) -> None:
    """Fill in `ncommon` (sampled keys above the df cut-off) for the slots of the pairs where it is not known."""
    unknown = np.unique(np.concatenate([a, b]))
    unknown = unknown[ncommon[unknown] < 0]
    if not len(unknown):
        return
    parts = [sample_keys_all(index.sh[s]) for s in unknown.tolist()]
    lens = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    common = np.zeros(int(lens.sum()), dtype=bool)
    if len(common):
        # sorted needles, as above: unsorted, these lookups took a quarter of relations() at 200k
        keys = np.concatenate(parts)
        order = np.argsort(keys, kind="stable")
        common[order] = index.df(keys[order]) > index.df_cutoff()
    offsets = np.minimum(np.cumsum(lens) - lens, max(0, len(common) - 1))
    ncommon[unknown] = np.add.reduceat(common, offsets) if len(common) else 0
    ncommon[unknown[lens == 0]] = 0


def _prefilter(
    index: StoryIndex, a: np.ndarray, b: np.ndarray, counts: np.ndarray, nkeys: np.ndarray, ncommon: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The pairs left by the cheap pre-filter on shared-key counts and dates (see DUP_PREFILTER_SHARE), and
    which of them may be duplicates."""
    ka = np.maximum(1, nkeys[a] - ncommon[a])
    kb = np.maximum(1, nkeys[b] - ncommon[b])
    maybe_dup = (counts >= thresholds.DUP_PREFILTER_SHARE * np.minimum(ka, kb)) | (
        np.minimum(nkeys[a], nkeys[b]) < thresholds.SHORT_DOC_KEYS
    )
    dates = np.asarray(index.dates, dtype=np.int64)
    da, db = dates[a], dates[b]
    no_date = thresholds.NO_DATE
    far = (da != no_date) & (db != no_date) & (np.abs(da - db) > thresholds.SAME_STORY_MAX_DAYS)
    ok = maybe_dup | ~far
    return a[ok], b[ok], counts[ok], maybe_dup[ok]


def _cap_per_article(a: np.ndarray, b: np.ndarray, counts: np.ndarray, maybe_dup: np.ndarray) -> np.ndarray:
    """The pairs within the per-article limits of both their articles: the pairs sharing most keys first,
    possible duplicates before the rest."""
    score = counts + np.where(maybe_dup, 1 << 40, 0)
    # ties (e.g. many reports quoting one passage): nearer slots (added closer in time) first, so
    # that the kept pairs still chain the whole group together
    n = len(a)
    rank = rank_within(np.concatenate([a, b]), np.concatenate([score, score]), np.tile(np.abs(a - b), 2))
    limit = np.where(maybe_dup, thresholds.MAX_CANDIDATES_PER_ARTICLE, thresholds.MAX_STORY_CANDIDATES_PER_ARTICLE)
    ok = (rank[:n] < limit) & (rank[n:] < limit)
    return np.stack([a[ok], b[ok]], axis=1)

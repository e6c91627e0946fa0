"""Numpy helpers of the story index: sampled keys, sorted-set membership, ranks within groups."""

from __future__ import annotations

import numpy as np

from indexer.fingerprints import Facts

from . import thresholds


def sample_keys(sh: np.ndarray) -> np.ndarray:
    """The sampled, de-duplicated index keys of one article."""
    return unique_sorted(sh[sh % thresholds.SAMPLE_MOD == 0])


def sample_keys_all(sh: np.ndarray | None) -> np.ndarray:
    """`sample_keys`, or no keys for a removed article."""
    return sample_keys(sh) if sh is not None else np.zeros(0, dtype=np.uint32)


def unique_sorted(x: np.ndarray) -> np.ndarray:
    """np.unique of a 1-D array (sorted distinct values) by sort and compare: numpy 2.3's hash-based
    np.unique takes ~150 us on one article's few hundred hashes, this ~8 us (a quarter of relations()
    at 200k articles went there)."""
    s = np.sort(x)
    if len(s) < 2:
        return s
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def fact_pairs(f: Facts) -> np.ndarray:
    """One uint64 per fact: its slot in the high half, its value in the low half."""
    return f.slots.astype(np.uint64) << np.uint64(32) | f.values.astype(np.uint64)


def in_sorted(x: np.ndarray, sorted_unique: np.ndarray) -> np.ndarray:
    """Per element of x: whether it occurs in `sorted_unique` (sorted, distinct); like np.isin."""
    if not len(sorted_unique):
        return np.zeros(len(x), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_unique, x), len(sorted_unique) - 1)
    return sorted_unique[pos] == x


def rank_within(group: np.ndarray, score: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    """Per element: its rank (0 = highest score, then lowest tiebreak) among the elements of its group."""
    order = np.lexsort((tiebreak, -score, group))
    g = group[order]
    idx = np.arange(len(g))
    start = np.ones(len(g), dtype=bool)
    start[1:] = g[1:] != g[:-1]
    first = np.maximum.accumulate(np.where(start, idx, 0))
    rank = np.empty(len(g), dtype=np.int64)
    rank[order] = idx - first
    return rank


def sorted_segment(keys: np.ndarray, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A postings segment: (keys, slots) ordered by key (stable, so equal keys keep their slot order)."""
    order = np.argsort(keys, kind="stable")
    return keys[order], slots[order]

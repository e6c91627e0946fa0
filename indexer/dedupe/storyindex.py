"""The story index: each article's fingerprint arrays and the inverted table of its sampled shingle hashes, from
which `relations` finds candidate pairs (candidates.py) and verifies them (verify.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from indexer import workers
from indexer.fingerprints import Facts, Fingerprint, fingerprint

from . import facts, persist, thresholds
from .arrays import sample_keys, sorted_segment
from .candidates import candidate_pairs
from .relation import Relation
from .verify import Cache, verify


class StoryIndex:
    """Persistent fingerprint index (inverted table of sampled shingle hashes) for candidate pairs.

    Per article (by slot, in order of arrival) it keeps its shingle hashes (uint32, reading order) and sentence
    starts; the inverted table is a list of sorted (key, slot) numpy segments, merged log-structured as articles
    arrive. The package's other modules read these arrays; only this class changes them.
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.slot_of: dict[str, int] = {}
        self.dates: list[int] = []  # day numbers, thresholds.NO_DATE when unknown
        self.sh: list[np.ndarray | None] = []  # uint32 shingle hashes, reading order
        self.starts: list[np.ndarray | None] = []  # int32 token index where each sentence starts
        self.facts: list[Facts | None] = []  # fact slots and values (see Facts)
        self.nkeys: list[int] = []
        self.alive: list[bool] = []
        self._n_alive = 0
        self.segments: list[tuple[np.ndarray, np.ndarray]] = []  # (keys uint32 sorted, slots int32)
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self.fact_df: tuple[np.ndarray, np.ndarray] | None = None  # facts.fact_tables, while nothing changes

    # -- building -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n_alive

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.slot_of

    def add(self, article_id: str, text: str, date: datetime.date | None = None) -> None:
        """Fingerprint and index one article (replaces an earlier text with the same id)."""
        self.add_fingerprint(article_id, fingerprint(text), date)

    def add_fingerprint(self, article_id: str, fp: Fingerprint, date: datetime.date | None = None) -> None:
        """Index one article by its fingerprint (`fingerprints.fingerprint` of its text, which another process
        may have computed)."""
        if "\n" in article_id:
            raise ValueError("article ids may not contain a newline (the saved form is line-separated)")
        sh = (fp.shingles & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        day = date.toordinal() if date else thresholds.NO_DATE
        self._add_arrays(article_id, sh, fp.sentence_starts, day, fp.facts)

    def _add_arrays(self, article_id: str, sh: np.ndarray, starts: np.ndarray, date: int, facts: Facts) -> None:
        if article_id in self.slot_of:
            self.remove(article_id)
        slot = len(self.ids)
        keys = sample_keys(sh)
        self.ids.append(article_id)
        self.slot_of[article_id] = slot
        self.dates.append(date)
        self.sh.append(sh)
        self.starts.append(starts.astype(np.int32, copy=False))
        self.facts.append(facts)
        self.nkeys.append(len(keys))
        self.alive.append(True)
        self._n_alive += 1
        self.fact_df = None
        if len(keys):
            self._pending.append((keys, np.full(len(keys), slot, dtype=np.int32)))

    def remove(self, article_id: str) -> None:
        """Forget an article; its postings are dropped at the next segment merge."""
        slot = self.slot_of.pop(article_id, None)
        if slot is None:
            return
        self.alive[slot] = False
        self.sh[slot] = None
        self.starts[slot] = None
        self.facts[slot] = None
        self._n_alive -= 1
        self.fact_df = None

    def _flush(self) -> None:
        """Turn pending postings into a sorted segment; merge segments of similar size."""
        if not self._pending:
            return
        keys = np.concatenate([k for k, _ in self._pending])
        slots = np.concatenate([s for _, s in self._pending])
        self._pending = []
        self.segments.append(sorted_segment(keys, slots))
        alive = np.asarray(self.alive, dtype=bool)
        while len(self.segments) >= 2 and len(self.segments[-2][0]) <= thresholds.SEGMENT_MERGE_RATIO * len(
            self.segments[-1][0]
        ):
            (k1, s1), (k2, s2) = self.segments[-2], self.segments[-1]
            k, s = np.concatenate([k1, k2]), np.concatenate([s1, s2])
            keep = alive[s]
            self.segments[-2:] = [sorted_segment(k[keep], s[keep])]

    def df_cutoff(self) -> int:
        """Document frequency above which a sampled shingle counts as common."""
        return thresholds.DF_CUTOFF

    def df(self, keys: np.ndarray) -> np.ndarray:
        """Per key: its number of postings (document frequency) in the table."""
        df = np.zeros(len(keys), dtype=np.int64)
        for sk, _ in self.segments:
            df += np.searchsorted(sk, keys, "right") - np.searchsorted(sk, keys, "left")
        return df

    # -- candidates and verification ------------------------------------------------------------
    def _candidates(
        self, qslots: np.ndarray, only_touching: bool, alive: np.ndarray, ncommon: np.ndarray | None = None
    ) -> np.ndarray:
        """`candidates.candidate_pairs` of query slots (`ncommon` created when not given)."""
        if ncommon is None:
            ncommon = np.full(len(alive), -1, dtype=np.int64)
        return candidate_pairs(self, qslots, only_touching, alive, ncommon)

    def fact_agreement(self, a: int, b: int) -> tuple[int, int, int]:
        """`facts.fact_agreement` of two slots."""
        return facts.fact_agreement(self, a, b)

    def facts_differ(self, a: int, b: int) -> bool:
        """Whether two texts that share a template state different facts in it (`facts.facts_differ`; a bench
        script measures the index without the veto by overriding this)."""
        return facts.facts_differ(self, a, b)

    def iter_relations(self, ids: Iterable[str] | None = None, progress: bool = False) -> Iterator[Relation]:
        """Like `relations`, as a generator (optionally with a tqdm bar on stderr)."""
        chunks, alive = self._query_chunks(ids)
        ncommon = np.full(len(alive), -1, dtype=np.int64)  # per slot, filled by _candidates
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=sum(map(len, chunks)), desc="relations", unit="art", file=None)
        for chunk in chunks:
            yield from self._chunk_relations(chunk, ids is not None, alive, ncommon)
            if bar is not None:
                bar.update(len(chunk))
        if bar is not None:
            bar.close()

    def _query_chunks(self, ids: Iterable[str] | None) -> tuple[list[np.ndarray], np.ndarray]:
        """The query slots in chunks of QUERY_CHUNK (the per-article candidate limits apply within one chunk), and
        which slots are alive."""
        self._flush()
        alive = np.asarray(self.alive, dtype=bool)
        if ids is None:
            qslots = np.flatnonzero(alive)
        else:
            qslots = np.unique(np.asarray([self.slot_of[i] for i in ids if i in self.slot_of], dtype=np.int64))
        size = thresholds.QUERY_CHUNK
        return [qslots[i : i + size] for i in range(0, len(qslots), size)], alive

    def _chunk_relations(self, chunk: np.ndarray, only_touching: bool, alive: np.ndarray,
                         ncommon: np.ndarray) -> Iterator[Relation]:
        cache: Cache = {}
        for a, b in self._candidates(chunk, only_touching, alive, ncommon).tolist():
            rel = verify(self, a, b, cache)
            if rel is not None:
                yield rel

    def relations(self, ids: Iterable[str] | None = None, procs: int = 1) -> list[Relation]:
        """Relations among all added articles (or only those touching `ids`, for an incremental update).
        Candidates come from the fingerprint table, never all pairs; common fingerprints (df above a
        cut-off) ignored. With `procs` > 1 the query chunks are shared out among forked processes: each chunk's
        relations depend on that chunk alone (`ncommon` is a cache of values that do not depend on the order)."""
        ids = list(ids) if ids is not None else None
        chunks, alive = self._query_chunks(ids)
        if procs <= 1 or len(chunks) < 2:
            found: Iterable[Relation] = self.iter_relations(ids)
        else:
            facts.fact_tables(self)  # computed once here: the workers inherit it
            shared = (self, ids is not None, alive)
            found = [r for rels in workers.ordered_map(_relations_of_chunk, chunks, procs, batch=1, shared=shared)
                     for r in rels]
        return sorted(found, key=lambda r: (r.a, r.b))

    # -- persistence ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write live articles as flat numpy arrays (`persist.save`); postings are rebuilt on load."""
        persist.save(self, path)

    @classmethod
    def load(cls, path: Path) -> StoryIndex:
        """Read an index written by `save`."""
        idx = cls()
        for article_id, sh, starts, date, fact_slots in persist.read(path):
            idx._add_arrays(article_id, sh, starts, date, fact_slots)
        return idx


def _relations_of_chunk(chunk: np.ndarray) -> list[Relation]:
    index, only_touching, alive = workers.shared()  # the index, only relations touching ids, alive
    return list(index._chunk_relations(chunk, only_touching, alive, np.full(len(alive), -1, dtype=np.int64)))

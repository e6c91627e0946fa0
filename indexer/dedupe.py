"""Near-duplicate and same-story detection over an archive, in time linear in its size.

Each article is reduced to 32-bit hashes of its 5-word shingles in reading order, with its sentence
boundaries (see `indexer.fingerprints`). A third of them (a fixed hash sample, so two texts sample
the same shingles) go into an inverted table; candidate pairs are the articles sharing sampled
shingles whose document frequency is below a cut-off. Only candidates are compared, with two tests:

* duplicate: the same article edited -- 5-shingle Jaccard or containment of the smaller text high;
* same-story: separately written reports that share several near-identical sentences (quotes of one
  statement, one agency paragraph), published within a few days of each other. Stock sentences
  (frequent shingles) do not count, and one shared sentence is never enough.

Size: the story index (fingerprint postings, candidate pairs, relations, persistence) is one data structure
with its on-disk form; splitting persistence out is not done yet.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import numpy as np

from indexer import workers
from indexer.fingerprints import NUMBER_BIT, Facts, Fingerprint, fingerprint

# ---------------------------------------------------------------------------------------------
# Thresholds: all in one place. Figures are from bench/dedupe_bench.py and bench/reuters_pairs.py
# (see bench/README.md, section "De-duplication").
# ---------------------------------------------------------------------------------------------
# Index one shingle in SAMPLE_MOD (by hash value, so both texts sample the same shingles). With 3, a
# 26-shingle (30-word) copy still shares >= 2 sampled keys with its original 99.96% of the time
# (binomial), and the postings are a third of the shingles: 94 MB of index at 100k articles.
SAMPLE_MOD = 3
# Candidate needs this many shared sampled keys; texts with fewer than SHORT_DOC_KEYS keys need only
# one, so that short wire items are not lost. On Reuters, 1 for all gave 75,112 candidate pairs
# instead of 18,021 and the same 590 relations.
MIN_SHARED_KEYS = 2
SHORT_DOC_KEYS = 8
# Document frequency cut-off: a sampled shingle in more than DF_CUTOFF live articles is boilerplate / a
# stock phrase: it yields no candidate and its sentence counts for no same-story match. The cut-off is
# fixed, not a share of the archive: with max(50, 0.1% of N) a passage reused by a fixed share of the
# articles (recombined agency paragraphs, one topic's boilerplate) stayed under it and each article's
# candidate list grew with N (bench/generate.py corpus: 8.5 candidate pairs per article at 10k, 13.8
# at 20k; relations() 0.79 s -> 1.56 s per 1,000 articles). On Reuters (10k) the largest family of true
# near-duplicates has 11 members; 12 of 431,622 sampled keys are above 50 (the most common is in 321).
DF_CUTOFF = 50
# Candidate pairs are pre-filtered on their shared sampled keys (counted over keys under the cut-off)
# before any text comparison: a pair whose dates are known and more than SAME_STORY_MAX_DAYS apart can
# only be a duplicate, which needs containment >= 0.5 (Jaccard >= 0.5 implies it), so it is dropped
# when fewer than DUP_PREFILTER_SHARE of the smaller text's (non-common) sampled keys are shared and
# both texts have at least SHORT_DOC_KEYS keys. 0.2 leaves a wide margin for sampling noise: on the 10k
# generate.py corpus all 722 duplicates share >= 0.75, and 97% of the rejected pairs < 0.15.
DUP_PREFILTER_SHARE = 0.2
# At most this many candidates per article (per query chunk) are verified, the ones sharing most keys
# first, possible duplicates before the rest: MAX_CANDIDATES_PER_ARTICLE in all, of which at most
# MAX_STORY_CANDIDATES_PER_ARTICLE that can only be same-story (dates within the window or unknown). A
# pair is verified when it is within the limits of both its articles, so the verification work per
# article is bounded whatever the text (undated articles escape the date pre-filter; a topic's reused
# paragraphs give every article many weak candidates). A story told by many outlets still forms one
# group (story_groups joins the pairs), but an article then lists only its closest versions.
MAX_CANDIDATES_PER_ARTICLE = 30
MAX_STORY_CANDIDATES_PER_ARTICLE = 10
# Duplicate (same article edited): the definition, Jaccard >= ~0.5 or one text largely
# contained in the other. With these, all 489 Reuters truth pairs (computed with the same figures on
# whole-text shingles by bench/reuters_pairs.py) are found; same-story pairs lie far below (000/001:
# Jaccard 0.085, containment 0.16). Containment needs DUP_MIN_SHARED shared shingles so that a
# one-line item is not a "duplicate" of every text quoting it. (0.7 would also take 11 more Reuters
# pairs, e.g. an item re-sent with a longer ending; not needed for the goals, so left at 0.8.)
DUP_JACCARD = 0.5
DUP_CONTAINMENT = 0.8
DUP_MIN_SHARED = 8
# A sentence is "near-identical" in the other text when >= SENT_MATCH_FRACTION of its shingles occur
# there. 000/001's four shared statements match at 0.6-1.0 ("..., it said" appended, "cross -border"),
# their variant stock sentence ("Tensions flared up ...") at 0.3, and 003 (same topic) at <= 0.07.
# Sentences need SENT_MIN_SHINGLES shingles (7 words) so that datelines and "he said." fragments do
# not count.
SENT_MATCH_FRACTION = 0.5
SENT_MIN_SHINGLES = 3
# Same story: at least SAME_STORY_MIN_SENTENCES near-identical sentences on one side and
# SAME_STORY_MIN_SENTENCES_OTHER on the other (sentence cuts differ between outlets: one long sentence
# may hold two quoted ones). 000/001 share 4 both ways; a stock background sentence alone is 1.
# Requiring 3 both ways missed 6% of the 10k bench's planted rewrites (counted 2 on one side).
SAME_STORY_MIN_SENTENCES = 3
SAME_STORY_MIN_SENTENCES_OTHER = 2
# Where both dates are known, separately written reports of one story lie within this many days (one
# news day across time zones); a stock passage recurring months later does not merge stories, nor does a
# report days later that repeats the background and quotes of an earlier one: that is a follow-up, another
# event of one topic (a company's charge, then its possible sale four days later; a debt rescheduling
# with one creditor, then with another). Copies of one text re-sent days later are duplicates, which
# the window does not bound. On the Reuters development half used for tuning (even ids) no same-story
# link spans more than a day once the facts veto has run; with 7 days, the two such links left on the
# other half were both two stories (bench/README.md, issue 16, second round).
SAME_STORY_MAX_DAYS = 1
# Story groups are not the connected components of the relations: one article quoting two stories, or
# a chain of reports each quoting the previous one, would join everything it touches (the 100k
# generate.py corpus, whose articles recombine agency paragraphs, had one component of 9,562 articles
# with undated articles as bridges). Two groups merge only when they are linked by at least
# STORY_LINK_SHARE of all their cross pairs or STORY_LINKS_PER_MEMBER relations per member of the
# smaller group: a copy joining a wire story relates to several of its copies; a bridge relates to one.
# A single article also joins a group through the group's earliest version (its face): a report quoting
# the original of a wire story whose copies it was not compared with (planted bench, 10k: group recall
# 0.9888 without this, 0.9901 with connected components).
STORY_LINK_SHARE = 0.5
STORY_LINKS_PER_MEMBER = 3
# Formula items (one template, other facts: bond issues of two issuers, one fund family's payouts, a
# daily rate table of two days) pass both tests above on their template alone. Their facts veto the
# link: per slot (the two words before or after a number or a capitalised word inside a sentence,
# see fingerprints.Facts) both texts fill with a different value, a name counts FACT_NAME_WEIGHT and a
# number 1; publication dates more than FACT_SAME_DATE_DAYS apart count as a name (the daily rate item
# of another day, the weekly bill auction, the central bank's unchanged policy two weeks later: same
# text, another event); the link stands only when the distinctive facts both texts share (same value
# in the same slot) outweigh them. Slots in
# more than FACT_SLOT_MAX_DF articles ("and the ___") are too common to be a template's; a shared
# (slot, value) in more than FACT_PAIR_MAX_DF articles ("Pay March 31": every fund of the family that
# day) is template, not evidence. Tuned on the even-id half of the Reuters development set (bench/
# story_facts.py): the errors there need a name weight above 12.5 (two bond issuers sharing 15 facts)
# and the true pairs one below 20 (two versions of one story naming two outlets differently, 40 shared);
# for dates, the Fed's repurchase item of two days three weeks apart shares 2 distinctive facts, a
# coalition story re-sent two days later (over a weekend) 16. One day apart is the same news day
# across time zones.
FACT_NAME_WEIGHT = 16
FACT_SAME_DATE_DAYS = 1
FACT_SLOT_MAX_DF = 20
FACT_PAIR_MAX_DF = 3
# Query the inverted table in chunks of this many articles (bounds memory of the candidate arrays).
QUERY_CHUNK = 20_000
# Merge postings segments when the older one is at most this many times larger (amortised O(n log n)).
SEGMENT_MERGE_RATIO = 2

_NO_DATE = -1
_FORMAT_VERSION = 2  # 2: fact slots added


@dataclass(frozen=True)
class Relation:
    """A relation between two articles (a < b).

    similarity: for "duplicate", max(5-shingle Jaccard, containment of the smaller text in the larger);
    for "same-story", the largest share of one text's countable sentences (>= 7 words, not stock) that
    have a near-identical sentence in the other text.
    """

    a: str
    b: str
    kind: str  # "duplicate" | "same-story"
    similarity: float


class StoryIndex:
    """Persistent fingerprint index (inverted table of sampled shingle hashes) for candidate pairs.

    Per article it keeps its shingle hashes (uint32, reading order) and sentence starts; the inverted
    table is a list of sorted (key, slot) numpy segments, merged log-structured as articles arrive.
    """

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._slot: dict[str, int] = {}
        self._dates: list[int] = []
        self._sh: list[np.ndarray | None] = []  # uint32 shingle hashes, reading order
        self._starts: list[np.ndarray | None] = []  # int32 token index where each sentence starts
        self._facts: list[Facts | None] = []  # fact slots and values (see Facts)
        self._nkeys: list[int] = []
        self._alive: list[bool] = []
        self._n_alive = 0
        self._segments: list[tuple[np.ndarray, np.ndarray]] = []  # (keys uint32 sorted, slots int32)
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self._fact_df: tuple[np.ndarray, np.ndarray] | None = None

    # -- building -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n_alive

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._slot

    def add(self, article_id: str, text: str, date: datetime.date | None = None) -> None:
        """Fingerprint and index one article (replaces an earlier text with the same id)."""
        self.add_fingerprint(article_id, fingerprint(text), date)

    def add_fingerprint(self, article_id: str, fp: Fingerprint, date: datetime.date | None = None) -> None:
        """Index one article by its fingerprint (`fingerprints.fingerprint` of its text, which another process
        may have computed)."""
        if "\n" in article_id:
            raise ValueError("article ids may not contain a newline (the saved form is line-separated)")
        sh = (fp.shingles & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        self._add_arrays(article_id, sh, fp.sentence_starts, date.toordinal() if date else _NO_DATE, fp.facts)

    def _add_arrays(self, article_id: str, sh: np.ndarray, starts: np.ndarray, date: int, facts: Facts) -> None:
        if article_id in self._slot:
            self.remove(article_id)
        slot = len(self._ids)
        keys = _sample_keys(sh)
        self._ids.append(article_id)
        self._slot[article_id] = slot
        self._dates.append(date)
        self._sh.append(sh)
        self._starts.append(starts.astype(np.int32, copy=False))
        self._facts.append(facts)
        self._nkeys.append(len(keys))
        self._alive.append(True)
        self._n_alive += 1
        self._fact_df = None
        if len(keys):
            self._pending.append((keys, np.full(len(keys), slot, dtype=np.int32)))

    def remove(self, article_id: str) -> None:
        """Forget an article; its postings are dropped at the next segment merge."""
        slot = self._slot.pop(article_id, None)
        if slot is None:
            return
        self._alive[slot] = False
        self._sh[slot] = None
        self._starts[slot] = None
        self._facts[slot] = None
        self._n_alive -= 1
        self._fact_df = None

    def _flush(self) -> None:
        """Turn pending postings into a sorted segment; merge segments of similar size."""
        if not self._pending:
            return
        keys = np.concatenate([k for k, _ in self._pending])
        slots = np.concatenate([s for _, s in self._pending])
        self._pending = []
        self._segments.append(_sorted_segment(keys, slots))
        alive = np.asarray(self._alive, dtype=bool)
        while len(self._segments) >= 2 and len(self._segments[-2][0]) <= SEGMENT_MERGE_RATIO * len(
            self._segments[-1][0]
        ):
            (k1, s1), (k2, s2) = self._segments[-2], self._segments[-1]
            k, s = np.concatenate([k1, k2]), np.concatenate([s1, s2])
            keep = alive[s]
            self._segments[-2:] = [_sorted_segment(k[keep], s[keep])]

    def df_cutoff(self) -> int:
        """Document frequency above which a sampled shingle counts as common."""
        return DF_CUTOFF

    def _df(self, keys: np.ndarray) -> np.ndarray:
        df = np.zeros(len(keys), dtype=np.int64)
        for sk, _ in self._segments:
            df += np.searchsorted(sk, keys, "right") - np.searchsorted(sk, keys, "left")
        return df

    # -- candidates and verification ------------------------------------------------------------
    def _candidates(
        self, qslots: np.ndarray, only_touching: bool, alive: np.ndarray, ncommon: np.ndarray | None = None
    ) -> np.ndarray:
        """Candidate pairs (q, o) for query slots, as an (n, 2) int64 array, each pair once.

        `ncommon` (per slot: sampled keys above the df cut-off, -1 = not yet known) is filled in as a
        cache across query chunks.

        Size: one vectorised pass (sampled keys, df cut-off, pair expansion, dedup) whose arrays are shared by
        every step; split, each step would pass half a dozen arrays along."""
        if ncommon is None:
            ncommon = np.full(len(alive), -1, dtype=np.int64)
        cutoff = self.df_cutoff()
        parts = [_sample_keys_all(self._sh[q]) for q in qslots]
        lens = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
        if not lens.sum():
            return np.zeros((0, 2), dtype=np.int64)
        qk = np.concatenate(parts)
        qd = np.repeat(qslots.astype(np.int64), lens)
        # Sorted needles: numpy's binary search then starts from the previous hit, which keeps the
        # lookups into a large segment cache-friendly (3x faster at 1M articles).
        order = np.argsort(qk, kind="stable")
        qk, qd = qk[order], qd[order]
        bounds = []
        df = np.zeros(len(qk), dtype=np.int64)
        for sk, _ in self._segments:
            left = np.searchsorted(sk, qk, "left")
            right = np.searchsorted(sk, qk, "right")
            df += right - left
            bounds.append((left, right))
        use = (df >= 2) & (df <= cutoff)
        ncommon[qslots] = 0
        np.add.at(ncommon, qd[df > cutoff], 1)
        pq: list[np.ndarray] = []
        po: list[np.ndarray] = []
        for (_, ss), (left, right) in zip(self._segments, bounds, strict=True):
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
            return np.zeros((0, 2), dtype=np.int64)
        q, o = np.concatenate(pq), np.concatenate(po)
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
        nkeys = np.asarray(self._nkeys, dtype=np.int64)
        need = np.where(np.minimum(nkeys[a], nkeys[b]) < SHORT_DOC_KEYS, 1, MIN_SHARED_KEYS)
        ok = counts >= need
        a, b, counts = a[ok], b[ok], counts[ok]
        if not len(a):
            return np.zeros((0, 2), dtype=np.int64)
        # cheap pre-filter on shared-key counts and dates (see DUP_PREFILTER_SHARE)
        unknown = np.unique(np.concatenate([a, b]))
        unknown = unknown[ncommon[unknown] < 0]
        if len(unknown):
            parts = [_sample_keys_all(self._sh[s]) for s in unknown.tolist()]
            lens = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
            common = np.zeros(int(lens.sum()), dtype=bool)
            if len(common):
                # sorted needles, as above: unsorted, these lookups took a quarter of relations() at 200k
                keys = np.concatenate(parts)
                order = np.argsort(keys, kind="stable")
                common[order] = self._df(keys[order]) > cutoff
            offsets = np.minimum(np.cumsum(lens) - lens, max(0, len(common) - 1))
            ncommon[unknown] = np.add.reduceat(common, offsets) if len(common) else 0
            ncommon[unknown[lens == 0]] = 0
        ka = np.maximum(1, nkeys[a] - ncommon[a])
        kb = np.maximum(1, nkeys[b] - ncommon[b])
        maybe_dup = (counts >= DUP_PREFILTER_SHARE * np.minimum(ka, kb)) | (
            np.minimum(nkeys[a], nkeys[b]) < SHORT_DOC_KEYS
        )
        dates = np.asarray(self._dates, dtype=np.int64)
        da, db = dates[a], dates[b]
        far = (da != _NO_DATE) & (db != _NO_DATE) & (np.abs(da - db) > SAME_STORY_MAX_DAYS)
        ok = maybe_dup | ~far
        a, b, counts, maybe_dup = a[ok], b[ok], counts[ok], maybe_dup[ok]
        # cap per article: the pairs sharing most keys first, possible duplicates before the rest
        score = counts + np.where(maybe_dup, 1 << 40, 0)
        # ties (e.g. many reports quoting one passage): nearer slots (added closer in time) first, so
        # that the kept pairs still chain the whole group together
        n = len(a)
        rank = _rank_within(np.concatenate([a, b]), np.concatenate([score, score]), np.tile(np.abs(a - b), 2))
        limit = np.where(maybe_dup, MAX_CANDIDATES_PER_ARTICLE, MAX_STORY_CANDIDATES_PER_ARTICLE)
        ok = (rank[:n] < limit) & (rank[n:] < limit)
        return np.stack([a[ok], b[ok]], axis=1)

    def _sentence_sums(self, slot: int, flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per sentence: (sum of `flags` over the shingles inside it, number of such shingles).

        Shingle i covers tokens i..i+4, so it lies inside sentence [t, u) when t <= i <= u - 5."""
        sh, starts = self._sh[slot], self._starts[slot]
        assert sh is not None and starts is not None
        n_tok = len(sh) + 4
        ends = np.append(starts[1:], n_tok).astype(np.int64)
        length = np.maximum(0, ends - 4 - starts)
        cum = np.concatenate([[0], np.cumsum(flags, dtype=np.int64)])
        lo = np.minimum(starts, len(sh))
        return cum[lo + length] - cum[lo], length

    def _stock_mask(self, slot: int, cache: dict[int, np.ndarray]) -> np.ndarray:
        """Per sentence: True when most of its sampled shingles are common (df above the cut-off).

        `cache` holds these masks under the slot and distinct hashes under ~slot (see `_unique`)."""
        m = cache.get(slot)
        if m is None:
            sh = self._sh[slot]
            assert sh is not None
            sampled = sh % SAMPLE_MOD == 0
            common = np.zeros(len(sh), dtype=bool)
            if sampled.any():
                # sorted distinct needles: numpy's binary search then reuses the previous hit
                keys, inverse = np.unique(sh[sampled], return_inverse=True)
                common[sampled] = (self._df(keys) > self.df_cutoff())[inverse]
            n_common, _ = self._sentence_sums(slot, common)
            n_sampled, _ = self._sentence_sums(slot, sampled)
            m = (n_sampled > 0) & (2 * n_common > n_sampled)
            cache[slot] = m
        return m

    def _unique(self, slot: int, cache: dict[int, np.ndarray]) -> np.ndarray:
        """The sorted distinct shingle hashes of one article (cached per query chunk)."""
        u = cache.get(~slot)
        if u is None:
            sh = self._sh[slot]
            assert sh is not None
            u = cache[~slot] = _unique_sorted(sh)
        return u

    def _fact_tables(self) -> tuple[np.ndarray, np.ndarray]:
        """Sorted arrays of every live article's distinct fact slots and (slot, value) pairs, for their
        document frequencies; rebuilt after articles were added or removed."""
        if self._fact_df is None:
            live = [f for f, ok in zip(self._facts, self._alive, strict=True) if ok and f is not None]
            slots = [_unique_sorted(f.slots) for f in live]
            pairs = [_unique_sorted(_fact_pairs(f)) for f in live]
            self._fact_df = (
                np.sort(np.concatenate(slots)) if slots else np.zeros(0, np.uint32),
                np.sort(np.concatenate(pairs)) if pairs else np.zeros(0, np.uint64),
            )
        return self._fact_df

    def fact_agreement(self, a: int, b: int) -> tuple[int, int, int]:
        """(template slots the two texts fill with different names, with different numbers, distinctive
        facts they share).

        A template slot is a fact's context that is not common (document frequency at most
        FACT_SLOT_MAX_DF: "Franklin ___ Tax-Free", not "and the ___"); a distinctive shared fact is a
        (slot, value) pair found in at most FACT_PAIR_MAX_DF articles (not "Pay March 31", which every
        fund of one family announces on one day)."""
        fa, fb = self._facts[a], self._facts[b]
        assert fa is not None and fb is not None
        both = np.intersect1d(fa.slots, fb.slots)
        if not len(both):
            return 0, 0, 0
        slot_df, pair_df = self._fact_tables()
        pa, pb = _unique_sorted(_fact_pairs(fa)), _unique_sorted(_fact_pairs(fb))
        same = np.intersect1d(pa, pb)
        differ = np.setdiff1d(both, (same >> np.uint64(32)).astype(np.uint32))
        # a value the other text states elsewhere is a shifted word (a ticker inserted, names swapped
        # in a correction), not another fact
        moved = np.union1d(fa.slots[np.isin(fa.values, fb.values)], fb.slots[np.isin(fb.values, fa.values)])
        differ = np.setdiff1d(differ, moved, assume_unique=True)
        # a name conflict: the slot holds names in both texts, with different first letters (a name
        # misspelt after its first letter, "Braodcasting", is the same name). Any slot counts, common
        # ones too ("___ said its": the subject of the item)
        ina, inb = np.isin(fa.slots, differ), np.isin(fb.slots, differ)
        words_a, words_b = ina & (fa.values & NUMBER_BIT == 0), inb & (fb.values & NUMBER_BIT == 0)
        first_a = fa.slots[words_a].astype(np.uint64) << np.uint64(8) | (fa.values[words_a] & 0xFF)
        first_b = fb.slots[words_b].astype(np.uint64) << np.uint64(8) | (fb.values[words_b] & 0xFF)
        named = np.setdiff1d(
            np.intersect1d(fa.slots[words_a], fb.slots[words_b]),
            (np.intersect1d(first_a, first_b) >> np.uint64(8)).astype(np.uint32),
        )
        # a number conflict: numbers in both, in a slot that is not common ("mln vs ___": two
        # versions of an earnings table rounding differently)
        numbers = np.setdiff1d(differ, np.union1d(fa.slots[words_a], fb.slots[words_b]))
        df = np.searchsorted(slot_df, numbers, "right") - np.searchsorted(slot_df, numbers, "left")
        numbers = numbers[df <= FACT_SLOT_MAX_DF]
        df = np.searchsorted(pair_df, same, "right") - np.searchsorted(pair_df, same, "left")
        return len(named), len(numbers), int((df <= FACT_PAIR_MAX_DF).sum())

    def facts_differ(self, a: int, b: int) -> bool:
        """Whether two texts that share a template state different facts in it (see FACT_NAME_WEIGHT)."""
        names, numbers, shared = self.fact_agreement(a, b)
        da, db = self._dates[a], self._dates[b]
        names += da != _NO_DATE and db != _NO_DATE and abs(da - db) > FACT_SAME_DATE_DAYS
        return FACT_NAME_WEIGHT * names + numbers > shared

    def _verify(self, a: int, b: int, cache: dict[int, np.ndarray]) -> Relation | None:
        ua, ub = self._unique(a, cache), self._unique(b, cache)
        inter = int(_in_sorted(ua, ub).sum())
        if not inter:
            return None
        jacc = inter / (len(ua) + len(ub) - inter)
        cont = inter / min(len(ua), len(ub))
        ida, idb = self._ids[a], self._ids[b]
        if ida > idb:
            ida, idb = idb, ida
        if jacc >= DUP_JACCARD or (cont >= DUP_CONTAINMENT and inter >= DUP_MIN_SHARED):
            if self.facts_differ(a, b):
                return None
            return Relation(ida, idb, "duplicate", round(max(jacc, cont), 4))
        da, db = self._dates[a], self._dates[b]
        if da != _NO_DATE and db != _NO_DATE and abs(da - db) > SAME_STORY_MAX_DAYS:
            return None
        ma, na = self._matched_sentences(a, ub, cache)
        if ma < SAME_STORY_MIN_SENTENCES_OTHER:
            return None
        mb, nb = self._matched_sentences(b, ua, cache)
        if min(ma, mb) < SAME_STORY_MIN_SENTENCES_OTHER or max(ma, mb) < SAME_STORY_MIN_SENTENCES:
            return None
        if self.facts_differ(a, b):
            return None
        share = max(ma / max(1, na), mb / max(1, nb))
        return Relation(ida, idb, "same-story", round(min(1.0, share), 4))

    def _matched_sentences(
        self, slot: int, other: np.ndarray, cache: dict[int, np.ndarray]
    ) -> tuple[int, int]:
        """(near-identical countable sentences of `slot` found in `other`, countable sentences)."""
        sh = self._sh[slot]
        assert sh is not None
        if not len(sh):
            return 0, 0
        n_hit, length = self._sentence_sums(slot, _in_sorted(sh, other))
        countable = (length >= SENT_MIN_SHINGLES) & ~self._stock_mask(slot, cache)
        matched = countable & (n_hit >= SENT_MATCH_FRACTION * length)
        return int(matched.sum()), int(countable.sum())

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
        alive = np.asarray(self._alive, dtype=bool)
        if ids is None:
            qslots = np.flatnonzero(alive)
        else:
            qslots = np.unique(np.asarray([self._slot[i] for i in ids if i in self._slot], dtype=np.int64))
        return [qslots[i : i + QUERY_CHUNK] for i in range(0, len(qslots), QUERY_CHUNK)], alive

    def _chunk_relations(self, chunk: np.ndarray, only_touching: bool, alive: np.ndarray,
                         ncommon: np.ndarray) -> Iterator[Relation]:
        cache: dict[int, np.ndarray] = {}
        for a, b in self._candidates(chunk, only_touching, alive, ncommon).tolist():
            rel = self._verify(a, b, cache)
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
            self._fact_tables()  # computed once here: the workers inherit it
            _FORKED[:] = [self, ids is not None, alive]
            try:
                found = [r for rels in workers.ordered_map(_relations_of_chunk, chunks, procs, batch=1) for r in rels]
            finally:
                _FORKED.clear()
        return sorted(found, key=lambda r: (r.a, r.b))

    # -- persistence ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write live articles as flat numpy arrays (.npz); postings are rebuilt on load."""
        live = [s for s, ok in enumerate(self._alive) if ok]
        with open(path, "wb") as f:  # a file object: np.savez would append ".npz" to a bare path
            self._write(f, live)

    def _write(self, f: BinaryIO, live: list[int]) -> None:
        sh = cast(list[np.ndarray], [self._sh[s] for s in live])  # a live slot has its arrays
        st = cast(list[np.ndarray], [self._starts[s] for s in live])
        facts = [self._facts[s] or Facts.empty() for s in live]
        np.savez(
            f,
            meta=np.frombuffer(json.dumps({"version": _FORMAT_VERSION}).encode(), dtype=np.uint8),
            ids=np.frombuffer("\n".join(self._ids[s] for s in live).encode(), dtype=np.uint8),
            dates=np.asarray([self._dates[s] for s in live], dtype=np.int32),
            sh=np.concatenate(sh) if sh else np.zeros(0, np.uint32),
            sh_len=np.asarray([len(x) for x in sh], dtype=np.int64),
            st=np.concatenate(st) if st else np.zeros(0, np.int32),
            st_len=np.asarray([len(x) for x in st], dtype=np.int64),
            fs=np.concatenate([x.slots for x in facts]) if facts else np.zeros(0, np.uint32),
            fv=np.concatenate([x.values for x in facts]) if facts else np.zeros(0, np.uint32),
            f_len=np.asarray([len(x.slots) for x in facts], dtype=np.int64),
        )

    @classmethod
    def load(cls, path: Path) -> StoryIndex:
        """Read an index written by `save`."""
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes().decode())
            if meta.get("version") != _FORMAT_VERSION:
                raise ValueError(f"unsupported StoryIndex format {meta!r}")
            raw = z["ids"].tobytes().decode()
            ids = raw.split("\n") if raw else []
            dates, sh, sh_len, st, st_len = z["dates"], z["sh"], z["sh_len"], z["st"], z["st_len"]
            fs, fv, f_len = z["fs"], z["fv"], z["f_len"]
        idx = cls()
        sh_parts = np.split(sh, np.cumsum(sh_len)[:-1]) if len(ids) else []
        st_parts = np.split(st, np.cumsum(st_len)[:-1]) if len(ids) else []
        fs_parts = np.split(fs, np.cumsum(f_len)[:-1]) if len(ids) else []
        fv_parts = np.split(fv, np.cumsum(f_len)[:-1]) if len(ids) else []
        for i, aid in enumerate(ids):
            idx._add_arrays(aid, sh_parts[i], st_parts[i], int(dates[i]), Facts(fs_parts[i], fv_parts[i]))
        return idx


_FORKED: list = []  # (index, only touching, alive) for the forked workers of `StoryIndex.relations`


def _relations_of_chunk(chunk: np.ndarray) -> list[Relation]:
    index, only_touching, alive = _FORKED
    return list(index._chunk_relations(chunk, only_touching, alive, np.full(len(alive), -1, dtype=np.int64)))


def _sample_keys(sh: np.ndarray) -> np.ndarray:
    """The sampled, de-duplicated index keys of one article."""
    return _unique_sorted(sh[sh % SAMPLE_MOD == 0])


def _unique_sorted(x: np.ndarray) -> np.ndarray:
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


def _fact_pairs(f: Facts) -> np.ndarray:
    """One uint64 per fact: its slot in the high half, its value in the low half."""
    return f.slots.astype(np.uint64) << np.uint64(32) | f.values.astype(np.uint64)


def _sample_keys_all(sh: np.ndarray | None) -> np.ndarray:
    return _sample_keys(sh) if sh is not None else np.zeros(0, dtype=np.uint32)


def _in_sorted(x: np.ndarray, sorted_unique: np.ndarray) -> np.ndarray:
    """Per element of x: whether it occurs in `sorted_unique` (sorted, distinct); like np.isin."""
    if not len(sorted_unique):
        return np.zeros(len(x), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_unique, x), len(sorted_unique) - 1)
    return sorted_unique[pos] == x


def _rank_within(group: np.ndarray, score: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
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


def _sorted_segment(keys: np.ndarray, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(keys, kind="stable")
    return keys[order], slots[order]


def story_groups(
    ids: Iterable[str],
    relations: Iterable[Relation],
    dates: Mapping[str, datetime.date | None] | None = None,
) -> dict[str, str]:
    """article id -> story id. Relations are taken strongest first (duplicates, then by similarity) and
    join two groups only when enough relations link them (STORY_LINK_SHARE, STORY_LINKS_PER_MEMBER), so
    a chain or a single bridging article does not fuse separate stories. A single article's story id is
    its own id; a group's story id is its earliest-dated member's id (ties / unknown dates: smallest id),
    so it is stable. Deterministic: the same relations give the same groups, whatever their order."""
    parent: dict[str, str] = {i: i for i in ids}
    rels = sorted(
        (r for r in relations if r.a in parent and r.b in parent and r.a != r.b),  # outside `ids`: ignored
        key=lambda r: (r.kind != "duplicate", -r.similarity, r.a, r.b),
    )
    neighbours: dict[str, set[str]] = {}
    for r in rels:
        neighbours.setdefault(r.a, set()).add(r.b)
        neighbours.setdefault(r.b, set()).add(r.a)
    members: dict[str, list[str]] = {}  # root -> members, for groups of two or more
    dates = dates or {}

    def rank(i: str) -> tuple[bool, datetime.date, str]:
        d = dates.get(i)
        return (d is None, d or datetime.date.max, i)

    face: dict[str, str] = {}  # root -> earliest member, for groups of two or more

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for r in rels:
        ra, rb = find(r.a), find(r.b)
        if ra == rb:
            continue
        ma, mb = members.get(ra, [ra]), members.get(rb, [rb])
        if len(ma) > len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        fa, fb = face.get(ra, ra), face.get(rb, rb)
        joins_face = len(ma) == 1 and fb in neighbours[ma[0]]
        if not joins_face:
            links = sum(1 for x in ma for y in neighbours[x] if find(y) == rb)
            if links < min(math.ceil(STORY_LINK_SHARE * len(ma) * len(mb)), STORY_LINKS_PER_MEMBER * len(ma)):
                continue
        root, other = min(ra, rb), max(ra, rb)
        parent[other] = root
        members[root] = ma + mb
        members.pop(other, None)
        face[root] = min(fa, fb, key=rank)
        face.pop(other, None)
    return {i: face.get(find(i), i) for i in parent}

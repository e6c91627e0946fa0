"""Facet, year and month counts read from the facet table (rows of every article's values, the overflow, and the
complement when most of the archive matches) equal the counts made facet by facet and article by article; many
matches in date order (taken from the archive's whole order) and their first stories (from a prefix) are the
ones a sort of the matches gives."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from devdata import reuters_corpus

from archive.days import from_day_number
from archive.facetarrays import FACETS, UNKNOWN
from indexer import build
from search import facets, facettable, ranking
from search.engine import match
from search.generation import IndexHandle
from search.params import SearchRequest

ARTICLES = 300


@pytest.fixture(scope="module")
def reuters_index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("facet-table")
    reuters_corpus(root / "corpus", ARTICLES, _date)
    build.rebuild(root / "corpus", root / "ix")
    return root / "ix"


def _date(i: int, given: str | None) -> str | None:
    """Reuters' dates are all of early 1987: moved over seven years, given to the day, the month or the year,
    or left out, so that every kind of date slot is counted."""
    if not given:
        return None
    day = f"{1987 - i % 7}{given[4:10]}"
    return [day, day[:7], day[:4], None][i % 4]


def _expected_dates(gen, mask: np.ndarray) -> tuple[list[dict], list[dict]]:
    """Years and months counted article by article: ascending, then the undated ones."""
    a = gen.arrays
    years: Counter = Counter()
    months: Counter = Counter()
    for o in np.flatnonzero(mask).tolist():
        if a.start[o] == UNKNOWN:
            years["unknown"] += 1
            months["unknown"] += 1
            continue
        day = from_day_number(int(a.start[o]))
        years[f"{day.year:04d}"] += 1
        if a.precision[o] <= 1:
            months[f"{day.year:04d}-{day.month:02d}"] += 1
    def listed(c: Counter) -> list[dict]:
        return [{"value": k, "count": c[k]} for k in sorted(c, key=lambda k: (k == "unknown", k))]
    return listed(years), listed(months)


def _check(gen, masks: list[np.ndarray]) -> set[bool]:
    """Assert every mask's counts; returns which ways were taken (True: the complement)."""
    table = facettable.facet_table(gen)
    ways = set()
    for mask in masks:
        ords = np.flatnonzero(mask)
        counts = table.counts(mask, ords)
        for facet in FACETS:
            got = table.facet(counts, facet, len(gen.arrays.values[facet]))
            assert got.tolist() == gen.arrays.counts(facet, mask).tolist(), facet
        listed = facets.facet_counts(gen, mask, 0, ords=ords)
        assert (listed["year"], listed["month"]) == _expected_dates(gen, mask)
        ways.add(ords.size * 2 > mask.size)
    return ways


def test_counts_of_every_small_and_large_set_of_the_shipped_articles(seed_index):
    gen = IndexHandle(seed_index).current()
    size = gen.arrays.live.size
    picks = [p for n in range(size + 1) for p in combinations(range(size), n)]
    assert _check(gen, [np.isin(np.arange(size), p) for p in picks]) == {False, True}


def test_counts_of_queries_matching_few_and_most_articles(reuters_index):
    gen = IndexHandle(reuters_index).current()
    table = facettable.facet_table(gen)
    assert table.over_ords.size  # some articles have more values than a row holds
    masks = [match(gen, SearchRequest(q=q)).mask for q in ("said", "said OR pct OR year", "oil", "bank rate",
                                                           "xqzzyvv")]
    masks.append(gen.arrays.live.copy())
    rng = np.random.default_rng(3)
    masks += [rng.random(gen.arrays.live.size) < p for p in (0.02, 0.3, 0.7, 0.98)]
    assert max(m.sum() for m in masks[:2]) * 2 > gen.arrays.live.size  # a query matching most of the archive
    assert _check(gen, masks) == {False, True}
    assert {0, 1, 2} <= set(gen.arrays.precision.tolist())  # dated to the day, the month and the year only
    assert len(facets.facet_counts(gen, gen.arrays.live, 0)["year"]) > 7  # seven years and the undated


def test_date_order_and_first_stories_of_few_and_many_matches(reuters_index):
    gen = IndexHandle(reuters_index).current()
    a = gen.arrays
    rng = np.random.default_rng(5)
    masks = [match(gen, SearchRequest(q=q)).mask for q in ("said", "oil", "bank rate")]
    masks += [rng.random(a.live.size) < p for p in (0.02, 0.3, 0.9)] + [a.live.copy()]
    whole = 0
    for mask in masks:
        ords = np.flatnonzero(mask)
        whole += ords.size * ranking.WHOLE_ORDER_RATIO >= mask.size
        for newest in (True, False):
            sign = -1 if newest else 1
            expected = sorted(ords.tolist(), key=lambda o: (a.start[o] == UNKNOWN, sign * int(a.start[o]), sign * o))
            ranked = ranking.date_order(gen, ords, newest, mask)
            assert ranked.tolist() == expected
            stories = list(dict.fromkeys(a.story[o] for o in expected))
            firsts = [next(o for o in expected if a.story[o] == s) for s in stories]
            assert ranking.collapse(gen, ranked).tolist() == firsts
            for need in (1, 3, 20, 60):
                cut = ranking.collapse(gen, ranked, need).tolist()
                assert cut == firsts[:len(cut)] and len(cut) >= min(need, len(firsts))
    assert 0 < whole < len(masks)  # both ways taken

"""Facet counts read from the matching articles' own entries (few matches) equal the counts over every entry."""

from __future__ import annotations

from itertools import combinations

import numpy as np

from archive.facetarrays import FACETS
from search import facets
from search.generation import IndexHandle


def test_counts_from_the_matches_entries_equal_counts_over_all_entries(seed_index):
    gen = IndexHandle(seed_index).current()
    size = gen.arrays.live.size
    masks = [np.isin(np.arange(size), pick) for n in (1, 2) for pick in combinations(range(size), n)]
    sparse = 0
    for facet in FACETS:
        for mask in masks:
            ords = np.flatnonzero(mask)
            sparse += ords.size * facets.SPARSE_RATIO < gen.arrays.doc[facet].size
            assert facets._counts(gen, facet, mask, ords).tolist() == gen.arrays.counts(facet, mask).tolist()
    assert sparse  # some of them took the path that reads only the matches' entries

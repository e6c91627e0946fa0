"""Shortcuts a request takes that must not change an answer: snippets kept per article and query words, the
stories of the matches counted without a sort, and facet links' parameters without a new validated request."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from search import engine, records, snippets
from search.params import parse_params
from search.query import parse_query


def test_kept_snippets_are_the_computed_ones_and_differ_by_query_words(app, api):
    """A query's snippets asked again (its next page, another sort, the HTML page) come from the memo: the
    same text as computing them, and another query's words mark the same articles differently."""
    gen = app.extensions["archive_index"].current()
    firsts = {}
    for q in ("security council", "council", "resolution"):
        first = api("/api/search", q=q)
        assert first["hits"], q
        again = api("/api/search", q=q, sort="newest")
        by_id = {h["id"]: h["snippet"] for h in first["hits"]}
        for hit in again["hits"]:
            if hit["id"] in by_id:
                assert hit["snippet"] == by_id[hit["id"]]
        parsed = parse_query(gen, q)
        for hit in first["hits"]:
            rec = gen.store().get(hit["id"])
            fresh = snippets.snippet(gen.snippet_analyzer, rec.body[:records.SNIPPET_SCAN_CHARS], parsed)
            assert hit["snippet"] == fresh
        firsts[q] = by_id
    shared = set(firsts["council"]) & set(firsts["resolution"])
    assert shared, "the two queries should share an article"
    assert any(firsts["council"][i] != firsts["resolution"][i] for i in shared)
    memo = gen.derived("snippets", lambda: None)
    assert memo is not None and len(memo._items) >= len(shared)


def _gen_with_stories(story: np.ndarray) -> SimpleNamespace:
    """What `story_count` reads of a generation: its story array, and its once-per-generation values."""
    kept: dict = {}
    return SimpleNamespace(arrays=SimpleNamespace(story=story),
                           derived=lambda key, make: kept[key] if key in kept else kept.setdefault(key, make()))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-1, 40), max_size=200), st.data())
def test_story_count_is_uniques_count(stories, data):
    story = np.array(stories, dtype=np.int32)
    ords = np.array(sorted(data.draw(st.sets(st.integers(0, max(0, len(stories) - 1))))) if stories else [],
                    dtype=np.int64)
    gen = _gen_with_stories(story)
    assert engine.story_count(gen, ords) == (np.unique(story[ords]).size if ords.size else 0)


def test_story_count_on_the_served_generation(app):
    gen = app.extensions["archive_index"].current()
    rng = np.random.default_rng(3)
    n = gen.arrays.story.size
    for _ in range(20):
        ords = np.flatnonzero(rng.random(n) < 0.5)
        assert engine.story_count(gen, ords) == (np.unique(gen.arrays.story[ords]).size if ords.size else 0)


QUERY_STRINGS = [
    [("q", "oil prices"), ("person", "Ann Lee"), ("not_org", "UN"), ("from", "1987"), ("to", "1988-03"),
     ("sort", "newest"), ("page", "3"), ("per_page", "50"), ("versions", "all")],
    [("any_person", "A"), ("any_person", "B"), ("place", "Oslo"), ("date", "unknown"), ("facet_limit", "25")],
    [],
]


@pytest.mark.parametrize("pairs", QUERY_STRINGS)
def test_facet_link_parameters_equal_a_replaced_request(pairs):
    req = parse_params(MultiDict(pairs))
    changes = [{}, {"page": 1}, {"date_from": None, "date_to": None, "page": 1}, {"unknown_date": False},
               {"include": {**req.include, "person": ("X", "Y")}}, {"any_of": {"org": ("Z",)}, "include": {}},
               {"exclude": {"source": ("S",)}, "sort": "oldest", "q": "other words"}]
    for change in changes:
        assert req.to_params(**change) == replace(req, **change).to_params()
    with pytest.raises(TypeError):
        req.to_params(pages=2)

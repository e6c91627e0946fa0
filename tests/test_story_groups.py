"""Story groups: wire copies and reports of one story are one group; bridges and chains do not fuse stories."""

from __future__ import annotations

import datetime
import itertools
import random

from indexer.dedupe import Relation, story_groups

D = datetime.date


def rel(a: str, b: str, kind: str = "duplicate", sim: float = 0.9) -> Relation:
    return Relation(min(a, b), max(a, b), kind, sim)


def clique(names: list[str], kind: str = "duplicate", sim: float = 0.9) -> list[Relation]:
    return [rel(a, b, kind, sim) for a, b in itertools.combinations(names, 2)]


def groups_of(mapping: dict[str, str]) -> list[set[str]]:
    out: dict[str, set[str]] = {}
    for art, story in mapping.items():
        out.setdefault(story, set()).add(art)
    return sorted((g for g in out.values() if len(g) > 1), key=sorted)


def test_an_article_quoting_two_stories_does_not_fuse_them():
    s1 = ["s1a", "s1b", "s1c"]
    s2 = ["s2a", "s2b", "s2c"]
    rels = clique(s1) + clique(s2)
    # an undated round-up that quotes both stories (it shares sentences with one copy of each)
    rels += [rel("roundup", "s1b", "same-story", 0.4), rel("roundup", "s2c", "same-story", 0.35)]
    ids = s1 + s2 + ["roundup"]
    dates = {"s1a": D(2020, 1, 1), "s1b": D(2020, 1, 1), "s1c": D(2020, 1, 2),
             "s2a": D(2020, 1, 1), "s2b": D(2020, 1, 2), "s2c": D(2020, 1, 2)}
    groups = groups_of(story_groups(ids, rels, dates))
    assert set(s1) in groups and set(s2) in groups  # the round-up joined neither (one link each)
    assert not any(set(s1) <= g and set(s2) <= g for g in groups)


def test_a_chain_of_reports_each_quoting_the_previous_is_not_one_story():
    chain = [f"r{i}" for i in range(8)]
    rels = [rel(a, b, "same-story", 0.3) for a, b in zip(chain, chain[1:])]
    mapping = story_groups(chain, rels, {})
    assert max(len(g) for g in groups_of(mapping)) <= 3
    assert len(set(mapping.values())) >= 3


def test_a_report_quoting_the_original_joins_its_wire_copies():
    copies = ["orig", "copy1", "copy2", "copy3"]
    rels = clique(copies) + [rel("report", "orig", "same-story", 0.3)]
    dates = {"orig": D(2021, 4, 30), "copy1": D(2021, 5, 1), "copy2": D(2021, 5, 2), "copy3": D(2021, 5, 2),
             "report": D(2021, 5, 3)}
    mapping = story_groups([*copies, "report"], rels, dates)
    assert set(mapping.values()) == {"orig"}  # one story, fronted by the earliest version


def test_a_wire_story_in_a_hundred_papers_is_one_group_though_each_was_compared_with_thirty():
    papers = [f"p{i:03d}" for i in range(100)]
    rng = random.Random(3)
    rels = {rel(a, b, "duplicate", 0.95) for a in papers for b in rng.sample(papers, 30) if a != b}
    mapping = story_groups(papers, sorted(rels, key=lambda r: (r.a, r.b)), {})
    assert len(set(mapping.values())) == 1


def test_groups_do_not_depend_on_the_order_of_the_relations():
    names = [f"a{i}" for i in range(12)]
    rng = random.Random(7)
    rels = [rel(a, b, rng.choice(["duplicate", "same-story"]), round(rng.random(), 2))
            for a, b in itertools.combinations(names, 2) if rng.random() < 0.3]
    first = story_groups(names, rels, {})
    for _ in range(5):
        rng.shuffle(rels)
        assert story_groups(names, rels, {}) == first

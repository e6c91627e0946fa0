"""Story groups: the relations joined into stories, strongest first, without letting a chain or a single bridging
article fuse separate stories (see thresholds.STORY_LINK_SHARE)."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping

from . import thresholds
from .relation import Relation


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
            if links < min(
                math.ceil(thresholds.STORY_LINK_SHARE * len(ma) * len(mb)), thresholds.STORY_LINKS_PER_MEMBER * len(ma)
            ):
                continue
        root, other = min(ra, rb), max(ra, rb)
        parent[other] = root
        members[root] = ma + mb
        members.pop(other, None)
        face[root] = min(fa, fb, key=rank)
        face.pop(other, None)
    return {i: face.get(find(i), i) for i in parent}

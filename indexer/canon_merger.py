"""The canon's merges: union-find over merge keys, with the surface forms of each key and why keys were joined."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from archive.names import merge_key


class UnionFind:
    """Union-find over strings, the root of a set its smallest member (deterministic)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:  # deterministic root: the smaller key
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


class Merger:
    """Union-find over merge keys, recording why each merge happened."""

    def __init__(self, kind: str, surfaces: Iterable[str]) -> None:
        self.kind = kind
        self.uf = UnionFind()
        self.forms: dict[str, list[str]] = defaultdict(list)  # merge key -> surface forms
        self.why: list[dict] = []
        for s in sorted(set(surfaces)):
            self.add(s)

    def add(self, surface: str) -> str:
        k = merge_key(self.kind, surface)
        if surface not in self.forms[k]:
            self.forms[k].append(surface)
        self.uf.find(k)
        return k

    def link(self, a: str, b: str, reason: str) -> None:
        if self.uf.union(a, b):
            self.why.append({"kind": self.kind, "a": a, "b": b, "reason": reason})

    def keys(self) -> list[str]:
        return sorted(self.forms)

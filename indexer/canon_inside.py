"""A name written only inside one longer name: the model's fragment of it ("Poor's Corp" of "Standard and Poor's
Corp", "Harris Upham and Co" of "Smith Barney, Harris Upham and Co"). Evidence: wherever the archive names the
fragment, its article writes the longer name around it, and the archive names the longer name in an article of
its own. Keyed by `norm` strings: linear in the names and the words around them."""

from __future__ import annotations

from collections import Counter, defaultdict

from archive.names import norm
from indexer.entities import ArticleEntities


def _around(name: str, left: str, right: str) -> set[str]:
    """Every longer run of words around one mention, normalised ("standard and poor s corp")."""
    lw, rw = left.split(), right.split()
    runs = {
        norm(" ".join(lw[len(lw) - i :] + [name] + rw[:j]))
        for i in range(len(lw) + 1)
        for j in range(len(rw) + 1)
        if i or j
    }
    return runs - {norm(name)}  # "The" + "Meat Export Federation" is the name itself


class Inside:
    """Counts, article by article, the longer names each name is written inside."""

    def __init__(self) -> None:
        self.longer: dict[tuple[str, str], set[str]] = {}  # (kind, name) -> runs around every mention so far
        self.articles: Counter[tuple[str, str]] = Counter()  # (kind, name) -> articles writing it only so
        self.together: Counter[tuple[str, str]] = Counter()  # (name, run) -> articles naming both

    def add(self, ae: ArticleEntities) -> None:
        named = {norm(n) for n in ae.persons + ae.orgs}
        for kind, names in (("person", ae.persons), ("org", ae.orgs)):
            for n in dict.fromkeys(names):
                if n not in ae.runs:
                    continue
                runs = set.intersection(*(_around(n, left, right) for left, right in ae.runs[n]))
                key = (kind, n)
                self.longer[key] = runs if key not in self.longer else self.longer[key] & runs
                self.articles[key] += 1
                self.together.update((n, r) for r in runs & named)

    def fragments(self, counts: dict[str, Counter]) -> dict[tuple[str, str], tuple[str, str]]:
        """(kind, name) -> (kind, longer name) for each name every article naming it writes inside that longer
        name, one the archive names in an article without the fragment (the longest if several)."""
        by_norm: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for kind, cnt in counts.items():
            for s in cnt:
                by_norm[norm(s)].append((kind, s))
        out = {}
        for (kind, n), runs in self.longer.items():
            if self.articles[(kind, n)] < counts[kind].get(n, 0) or not counts[kind].get(n):
                continue
            alone = [
                r for r in runs
                if sum(counts[k][s] for k, s in by_norm.get(r, ())) > self.together[(n, r)]
            ]
            if alone:
                best = max(alone, key=lambda r: (len(r.split()), r))
                out[(kind, n)] = max(by_norm[best], key=lambda ks: (counts[ks[0]][ks[1]], ks))
        return out

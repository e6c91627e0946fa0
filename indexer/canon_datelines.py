"""Names that are the places the archive's datelines name ("ROTTERDAM, March 3 -"): no person or organisation."""

from __future__ import annotations

from collections import Counter

from indexer.entities import ArticleEntities


class Datelines:
    """Counts the articles datelined at each place, and the names of an article that are its own dateline's."""

    def __init__(self) -> None:
        self.dated: Counter[str] = Counter()  # lower-case place -> articles datelined there
        self.self_dated: Counter[str] = Counter()  # name -> articles naming it under a dateline of that name

    def add(self, ae: ArticleEntities) -> None:
        if ae.dateline:
            place = ae.dateline.lower()
            self.dated[place] += 1
            self.self_dated.update({n for n in ae.persons + ae.orgs if n.lower() == place})

    def places(self, kind: str, counts: Counter) -> set[str]:
        """Names of this type that articles are datelined at as often as the archive names them ("Rotterdam");
        a firm named after the town of its own article's dateline keeps its name ("CORNING, N.Y. - Corning Glass
        Works"), a person does not."""
        return {
            n for n, c in counts.items()
            if self.dated[n.lower()] >= c and (kind == "person" or not self.self_dated[n])
        }

"""The typed result of entity extraction for one article, and its JSON form for the extraction cache."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArticleEntities:
    """What one article names: people, organisations, the short forms it defines (acronyms, "Fed",
    "Ford" after "Ford Motor Co") and the names it has only in capitals (headlines, datelines) or that the
    model typed as a law, product, building or event ("General Agreement on Tariffs and Trade"), which count
    only where the archive has them as names of that kind in normal case. `case_votes`: for each one-word
    name, how often the article writes it in lower case and capitalised inside a sentence (a common word
    such as "Bill" or "Debt" is no name where the archive mostly writes it in lower case). `located`,
    `numbered`, `paired`: the names it writes only after "in"/"near", only after a number, only inside one
    "X and Y" (a place, a product, half of a longer name where every article naming them does so); a name after a
    quantity ("125.9 mln SDR's") counts as `numbered`. `dateline`: the place of its dateline ("ROTTERDAM"). `runs`:
    the capitalised words around each mention of a name always written inside more ("Standard and" + "Poor's Corp").
    `prose`:
    the words of its text in lower case and capitalised inside a sentence, and the text
    (`passes.votes.prose_case`), set while the canon is built and never stored."""

    persons: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    caps_persons: list[str] = field(default_factory=list)
    caps_orgs: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # the model's GPE and LOC spans as written (indexer/places.py)
    case_votes: dict[str, list[int]] = field(default_factory=dict)  # one-word name -> [lower case, capitalised]
    located: list[str] = field(default_factory=list)
    articled: list[str] = field(default_factory=list)
    numbered: list[str] = field(default_factory=list)
    paired: list[str] = field(default_factory=list)
    dateline: str = ""
    runs: dict[str, list[list[str]]] = field(default_factory=dict)  # name -> [words before, after] each mention
    prose: tuple[list[str], list[str], str] | None = None

    def to_json(self) -> dict:
        d: dict = {"persons": list(self.persons), "orgs": list(self.orgs), "acronyms": dict(self.acronyms),
                   "places": list(self.places)}
        if self.caps_persons or self.caps_orgs:
            d["caps_persons"], d["caps_orgs"] = list(self.caps_persons), list(self.caps_orgs)
        if self.case_votes:
            d["case_votes"] = {k: list(v) for k, v in self.case_votes.items()}
        for key in ("located", "numbered", "paired", "articled"):
            if getattr(self, key):
                d[key] = list(getattr(self, key))
        if self.dateline:
            d["dateline"] = self.dateline
        if self.runs:
            d["runs"] = {k: [list(x) for x in v] for k, v in self.runs.items()}
        return d

    @classmethod
    def from_json(cls, d: dict) -> ArticleEntities:
        return cls(
            persons=[str(x) for x in d.get("persons", [])],
            orgs=[str(x) for x in d.get("orgs", [])],
            acronyms={str(k): str(v) for k, v in d.get("acronyms", {}).items()},
            caps_persons=[str(x) for x in d.get("caps_persons", [])],
            caps_orgs=[str(x) for x in d.get("caps_orgs", [])],
            places=[str(x) for x in d.get("places", [])],
            case_votes={str(k): [int(x) for x in v] for k, v in d.get("case_votes", {}).items()},
            located=[str(x) for x in d.get("located", [])],
            articled=[str(x) for x in d.get("articled", [])],
            numbered=[str(x) for x in d.get("numbered", [])],
            paired=[str(x) for x in d.get("paired", [])],
            dateline=str(d.get("dateline", "")),
            runs={str(k): [[str(a), str(b)] for a, b in v] for k, v in d.get("runs", {}).items()},
        )

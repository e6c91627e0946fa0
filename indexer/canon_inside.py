"""A name written only inside one longer name: the model's fragment of it ("Poor's Corp" of "Standard and Poor's
Corp", "Harris Upham and Co" of "Smith Barney, Harris Upham and Co"). Evidence: wherever the archive names the
fragment, its article writes the longer name around it, and the archive names the longer name in an article of
its own. An organisation's fragment whose longer name the archive never names is that name when every mention
of it, in every article, has the same capitalised words glued right before it ("Norfolk" + "Southern", "Pye" +
"TVT"): no comma, join, possessive, hyphen or article between them, the name as the article writes it.
Keyed by `norm` strings: linear in the names and the words around them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from archive.names import CORP_SUFFIXES, norm
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


_LOOSE = frozenset("the a an and & of de du des del der van von".split())  # an article or a join: not glued


def _glued(left: str) -> list[str]:
    """The capitalised words right before a mention that nothing parts from it or from each other ("Continental"
    of "Continental Illinois National Bank"; not "Toshin Steel Co Ltd and", "Comalco's", "Frankfurt-based")."""
    taken: list[str] = []
    for w in reversed(left.split()):
        if w.lower() in _LOOSE or not w[:1].isupper() or not w[-1:].isalnum() or any(c in w for c in "-'\""):
            break
        taken.insert(0, w)
    return taken


def _legal_form(right: str) -> str:
    """The legal form a mention is followed by ("Co Inc" of "Co Inc to accomodate", "and Co"), "" if none."""
    words = right.split()
    lead = 1 if words[:1] in (["and"], ["&"]) else 0
    tail = []
    for w in words[lead:]:
        if w.lower().strip(".") not in CORP_SUFFIXES:
            break
        tail.append(w)
    return " ".join(words[:lead] + tail) if tail else ""


def _common_tail(a: list[str], b: list[str]) -> list[str]:
    """The words both lists end with (the glued words every mention shares)."""
    n = 0
    while n < min(len(a), len(b)) and a[len(a) - 1 - n] == b[len(b) - 1 - n]:
        n += 1
    return a[len(a) - n :]


class Inside:
    """Counts, article by article, the longer names each name is written inside."""

    def __init__(self) -> None:
        self.longer: dict[tuple[str, str], set[str]] = {}  # (kind, name) -> runs around every mention so far
        self.articles: Counter[tuple[str, str]] = Counter()  # (kind, name) -> articles writing it only so
        self.together: Counter[tuple[str, str]] = Counter()  # (name, run) -> articles naming both
        self.glued: dict[str, list[str]] = {}  # organisation -> the words glued before every mention so far
        self.cut: set[tuple[str, str]] = set()  # fragments made whole from their own articles' words alone
        self.legal: Counter[str] = Counter()  # person -> articles where a legal form follows every mention
        self.company: dict[str, str] = {}  # ... and the name with the legal form ("J.C. Penney Co Inc")

    def add(self, ae: ArticleEntities) -> None:
        named = {norm(n) for n in ae.persons + ae.orgs}
        own = set(ae.orgs) | set(ae.acronyms)  # "David Haggard, ASA president": the article's ASA
        for kind, names in (("person", ae.persons), ("org", ae.orgs)):
            for n in dict.fromkeys(names):
                if n not in ae.runs:
                    continue
                runs = set.intersection(*(_around(n, left, right) for left, right in ae.runs[n]))
                key = (kind, n)
                self.longer[key] = runs if key not in self.longer else self.longer[key] & runs
                self.articles[key] += 1
                self.together.update((n, r) for r in runs & named)
                if kind == "org":
                    self._glue(n, ae.runs[n])
                else:
                    self._legal_forms(n, ae.runs[n], own)

    def _glue(self, org: str, mentions: list[list[str]]) -> None:
        """Keep the capitalised words glued before every mention of the organisation so far."""
        for left, _ in mentions:
            words = _glued(left)
            self.glued[org] = _common_tail(self.glued.get(org, words), words)

    def _legal_forms(self, person: str, mentions: list[list[str]], own: set[str]) -> None:
        """Count the article when a legal form the article does not name as its own follows every mention."""
        forms = [_legal_form(right) for _, right in mentions]
        if all(forms) and not own & {w for f in forms for w in f.split()}:
            self.legal[person] += 1
            self.company[person] = person + " " + forms[0]

    def _named(self, person: str, counts: dict[str, Counter]) -> bool:
        """Whether the legal form after the person is the archive's name of an organisation ("ASA" of the
        American Soybean Association), so no company "David Haggard ASA"."""
        form = self.company[person][len(person) + 1 :].split()
        return any(counts[kind].get(w) for kind in counts for w in form if w not in ("and", "&"))

    def fragments(
        self, counts: dict[str, Counter], low: Counter[str], cap: Counter[str], places: Iterable[str]
    ) -> dict[tuple[str, str], tuple[str, str]]:
        """(kind, name) -> (kind, longer name) for each name every article naming it writes inside that longer
        name, one the archive names in an article without the fragment (the longest if several); else, for an
        organisation, its glued words and itself when the first of them is a word of another name or place of the
        archive ("Continental" of Continental Grain; not "Monday") that its prose (`low`, `cap`: words in lower
        case, capitalised inside a sentence) capitalises inside sentences more often than not: no sentence's
        first word ("But", "While") nor a word the name may not have ("New" of "New South Wales")."""
        by_norm: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for kind, cnt in counts.items():
            for s in cnt:
                by_norm[norm(s)].append((kind, s))
        named = {w for cnt in counts.values() for s in cnt for w in norm(s).split()}
        named |= {w for s in places for w in norm(s).split()}
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
                continue
            if kind == "person" and self.legal[n] >= counts[kind][n] and not self._named(n, counts):
                out[(kind, n)] = ("org", self.company[n])  # a company's name: "J.C. Penney" of "J.C. Penney Co Inc"
                continue
            glued = self.glued.get(n, []) if kind == "org" else []
            first = glued[0].lower() if glued else ""
            if first and cap[first] > low[first] and norm(first) in named:
                out[(kind, n)] = (kind, " ".join(glued + [n]))  # a name the model cut: the whole of it
                self.cut.add((kind, n))
        return out

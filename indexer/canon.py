"""Archive-wide canonical entities: one facet value per real person or organisation.

Merges, within one type: the user's aliases (they win); identical normalized forms (case, accents,
punctuation, a leading "the", "Department of X" = "X Department"); an acronym linked to a long form in
any article; a token acronym expanded ("UN Security Council" = "United Nations Security Council");
a country prefix when only one country uses it ("US State Department" = "State Department");
near-identical spellings (rapidfuzz >= 90 and every differing word similar); a surname left alone
into the unique full name. Candidates are blocked, so the cost grows with the number of names, not
its square. Deterministic: same input, same output.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from indexer.aliases import Aliases
from indexer.entities import ArticleEntities

MERGE_AT = 90.0
WORD_AT = 80.0  # a differing word of a person's name ("Jeoff"/"Geoff"; "John"/"Joan" stays apart)
ORG_WORD_AT = 75.0  # organisations transliterate more freely ("Hezb"/"Hizb", "Mohammed"/"Muhammad")
KINDS = ("person", "org")

# A general list of country prefixes -> one code per country, for "US State Department" = "State Department".
_COUNTRIES = {
    "us": "us", "u s": "us", "usa": "us", "american": "us", "united states": "us",
    "uk": "gb", "british": "gb", "britain": "gb", "united kingdom": "gb",
    "india": "in", "indian": "in", "pakistan": "pk", "pakistani": "pk", "china": "cn", "chinese": "cn",
    "russia": "ru", "russian": "ru", "france": "fr", "french": "fr", "germany": "de", "german": "de",
    "japan": "jp", "japanese": "jp", "italy": "it", "italian": "it", "spain": "es", "spanish": "es",
    "canada": "ca", "canadian": "ca", "australia": "au", "australian": "au", "brazil": "br",
    "brazilian": "br", "mexico": "mx", "mexican": "mx", "iran": "ir", "iranian": "ir", "iraq": "iq",
    "iraqi": "iq", "israel": "il", "israeli": "il", "afghan": "af", "afghanistan": "af",
    "bangladesh": "bd", "bangladeshi": "bd", "sri lanka": "lk", "sri lankan": "lk", "nepal": "np",
    "turkey": "tr", "turkish": "tr", "egypt": "eg", "egyptian": "eg", "saudi": "sa", "saudi arabia": "sa",
    "south africa": "za", "south african": "za", "nigeria": "ng", "nigerian": "ng", "kenya": "ke",
    "kenyan": "ke", "korea": "kr", "korean": "kr", "south korean": "kr", "north korean": "kp",
    "indonesia": "id", "indonesian": "id", "malaysia": "my", "malaysian": "my", "philippine": "ph",
    "philippines": "ph", "thai": "th", "thailand": "th", "vietnam": "vn", "vietnamese": "vn",
    "poland": "pl", "polish": "pl", "dutch": "nl", "netherlands": "nl", "belgian": "be", "belgium": "be",
    "swiss": "ch", "switzerland": "ch", "swedish": "se", "sweden": "se", "norway": "no", "norwegian": "no",
    "ukraine": "ua", "ukrainian": "ua", "argentina": "ar", "argentine": "ar", "syria": "sy", "syrian": "sy",
    "new zealand": "nz", "irish": "ie", "ireland": "ie", "greek": "gr", "greece": "gr",
    "austrian": "at", "austria": "at", "danish": "dk", "denmark": "dk", "finnish": "fi", "finland": "fi",
    "portugal": "pt", "portuguese": "pt", "chile": "cl", "chilean": "cl", "colombia": "co",
    "colombian": "co", "peru": "pe", "peruvian": "pe", "venezuela": "ve", "venezuelan": "ve",
    "taiwan": "tw", "taiwanese": "tw", "singapore": "sg", "jordan": "jo", "jordanian": "jo",
    "lebanon": "lb", "lebanese": "lb", "qatar": "qa", "kuwait": "kw", "kuwaiti": "kw", "uae": "ae",
}  # fmt: skip
_INST_HEADS = ("department", "ministry", "office", "bureau", "board", "agency", "commission", "council")
_GENERIC_SINGLE = frozenset("department ministry office government council agency force army police".split())


_RX_DOTS = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\.)|(?<=\b[a-z]\.[a-z])\.")
_RX_POSS = re.compile(r"['\u2019]s\b")
_RX_PUNCT = re.compile(r"[^\w\s]|_")
_RX_INST = re.compile(r"^(.*?)\b(" + "|".join(_INST_HEADS) + r") of (?:the )?(.+)$")


@lru_cache(maxsize=1 << 18)
def norm(name: str) -> str:
    """Lower case, accents and punctuation removed, "the" dropped, "department of x" -> "x department"."""
    s = name if name.isascii() else unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower() if not s.isascii() else s.lower()
    s = _RX_DOTS.sub("", s)  # "u.s." -> "us"
    s = _RX_POSS.sub("", s)
    s = " ".join(_RX_PUNCT.sub(" ", s).split())
    if s.startswith("the "):
        s = s[4:]
    m = _RX_INST.match(s) if " of " in s else None
    if m:
        s = re.sub(r"\s+", " ", f"{m.group(1)}{m.group(3)} {m.group(2)}").strip()
    return s


class _UF:
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


def _words_similar(a: str, b: str, word_at: float = WORD_AT) -> bool:
    """Near-identical overall and every differing word similar (so Mike Pompeo != Mike Mullen)."""
    ta, tb = a.split(), b.split()
    if fuzz.ratio(a, b) < MERGE_AT:
        # organisations: one transliterated word in an otherwise identical name ("al qaeda" / "al qaida")
        if word_at >= WORD_AT or len(ta) != len(tb):
            return False
        diff = [(x, y) for x, y in zip(ta, tb) if x != y]
        return len(diff) == 1 and min(map(len, diff[0])) >= 5 and fuzz.ratio(*diff[0]) >= WORD_AT
    if len(ta) != len(tb):
        # "zakiur rehman" / "zaki ur rehman": compare without spaces
        return fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")) >= MERGE_AT + 5
    diff = [(x, y) for x, y in zip(ta, tb) if x != y]
    if len(diff) > 1 and len(ta) <= 3:
        return False
    return all(min(len(x), len(y)) >= 4 and fuzz.ratio(x, y) >= word_at for x, y in diff)


@dataclass
class Canon:
    """Canonical display names and the variants seen for each, per kind."""

    display: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: {} for k in KINDS}
    )  # norm -> display
    by_variant: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: {} for k in KINDS}
    )  # lower -> display
    spellings: dict[str, dict[str, list[str]]] = field(default_factory=lambda: {k: {} for k in KINDS})
    dropped: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    merges: list[dict] = field(default_factory=list)

    def lookup(self, kind: str, name: str) -> str | None:
        """Any known variant (case-insensitive) -> canonical display name."""
        name = name.strip()
        hit = self.by_variant.get(kind, {}).get(name.lower())
        return hit if hit is not None else self.display.get(kind, {}).get(norm(name))

    def _map(self, kind: str, names: Iterable[str]) -> list[str]:
        out: list[str] = []
        drop = set(self.dropped.get(kind, []))
        for n in names:
            if n.lower() in drop:
                continue
            c = self.lookup(kind, n) or n
            if c not in out:
                out.append(c)
        return out

    def persons(self, ae: ArticleEntities) -> list[str]:
        return self._map("person", ae.persons)

    def orgs(self, ae: ArticleEntities) -> list[str]:
        return self._map("org", ae.orgs)

    def variants(self, kind: str, canonical: str) -> list[str]:
        return list(self.spellings.get(kind, {}).get(canonical, [canonical]))

    def to_json(self) -> dict:
        return {
            "version": 1,
            "display": self.display,
            "by_variant": self.by_variant,
            "spellings": self.spellings,
            "dropped": self.dropped,
            "merges": self.merges,
        }

    @classmethod
    def from_json(cls, d: dict) -> Canon:
        return cls(
            display={k: dict(d.get("display", {}).get(k, {})) for k in KINDS},
            by_variant={k: dict(d.get("by_variant", {}).get(k, {})) for k in KINDS},
            spellings={k: {c: list(v) for c, v in d.get("spellings", {}).get(k, {}).items()} for k in KINDS},
            dropped={k: list(d.get("dropped", {}).get(k, [])) for k in KINDS},
            merges=list(d.get("merges", [])),
        )


def _blocks(keys: list[str]) -> Iterable[tuple[list[str], list[str], float]]:
    """Candidate groups for fuzzy comparison, so the cost is not quadratic in the number of names.

    Names that may merge differ in one word (or in several words of a long name) and agree on the rest:
    block on the other words plus the differing word's first or last letter and rough length; names
    whose word split differs ("zaki ur rehman") block on the compact string's ends. Yields
    (names, strings to compare, cutoff).
    """
    buckets: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
    for k in keys:
        toks = k.split()
        for i, w in enumerate(toks):
            if len(w) >= 4:
                rest = " ".join(toks[:i] + toks[i + 1 :])
                for lb in {len(w) // 3, (len(w) + 1) // 3}:
                    buckets[("m", len(toks), i, rest, "f", w[0], lb)].append((k, w))
                    buckets[("m", len(toks), i, rest, "l", w[-1], lb)].append((k, w))
        compact = k.replace(" ", "")
        if len(toks) >= 4:
            buckets[("i", "".join(t[0] for t in toks))].append((k, compact))
        if len(compact) >= 6:
            buckets[("c", compact[:4], compact[-3:])].append((k, compact))
    # insertion order is deterministic: keys arrive sorted
    for key, items in buckets.items():
        if len(items) > 1:
            yield [k for k, _ in items], [w for _, w in items], (ORG_WORD_AT if key[0] == "m" else MERGE_AT)


def _candidate_pairs(names: list[str], strings: list[str], cutoff: float) -> Iterable[tuple[str, str]]:
    """Pairs whose compared strings score at least cutoff (rapidfuzz cdist: vectorised, in C++)."""
    if len(names) == 2:
        if fuzz.ratio(strings[0], strings[1]) >= cutoff:
            yield names[0], names[1]
        return
    m = process.cdist(strings, strings, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8)
    for i, j in zip(*np.nonzero(np.triu(m, 1))):
        yield names[i], names[j]


def build_canon(articles: Iterable[ArticleEntities], aliases: Aliases | None = None) -> Canon:
    """Canonicalise names across the whole archive."""
    aliases = aliases or Aliases()
    counts = {k: Counter() for k in KINDS}  # surface form -> number of articles
    acr_links: dict[str, Counter] = defaultdict(Counter)  # acronym -> long forms
    for ae in articles:
        counts["person"].update(set(ae.persons))
        counts["org"].update(set(ae.orgs))
        for acr, lf in ae.acronyms.items():
            acr_links[acr].update([lf])
    canon = Canon()
    for kind in KINDS:
        _build_kind(canon, kind, counts[kind], acr_links if kind == "org" else {}, aliases)
    return canon


def _build_kind(canon: Canon, kind: str, counts: Counter, acr_links: dict, aliases: Aliases) -> None:
    surfaces = sorted(s for s in counts if not aliases.is_not_entity(kind, s))
    canon.dropped[kind] = sorted({s.lower() for s in counts if aliases.is_not_entity(kind, s)})
    acr_surfaces = {a for a in acr_links}
    for acr in sorted(acr_links):
        for lf in acr_links[acr]:
            if lf not in counts:
                surfaces.append(lf)
    surfaces = sorted(set(surfaces) | acr_surfaces)
    uf = _UF()
    why: list[dict] = []
    by_norm: dict[str, list[str]] = defaultdict(list)
    for s in surfaces:
        by_norm[norm(s) or s.lower()].append(s)
    norms = sorted(by_norm)
    for n in norms:
        uf.find(n)

    def link(a: str, b: str, reason: str) -> None:
        if uf.union(a, b):
            why.append({"kind": kind, "a": a, "b": b, "reason": reason})

    # aliases: every listed variant joins its canonical name
    forced: dict[str, str] = {}
    extra_norms: list[str] = []
    for n in norms:
        for s in by_norm[n]:
            target = aliases.lookup(kind, s)
            if target is not None:
                tn = norm(target)
                if tn not in by_norm:
                    by_norm[tn] = []
                    extra_norms.append(tn)
                uf.find(tn)
                forced[tn] = target
                link(tn, n, "alias file")
    norms = sorted(set(norms) | set(extra_norms))
    # acronyms linked to long forms (long forms of one acronym merge when they look alike)
    for acr in sorted(acr_links):
        lfs = sorted(acr_links[acr], key=lambda x: (-acr_links[acr][x], x))
        an = norm(acr)
        main = norm(lfs[0])
        if an in by_norm:
            link(main, an, f"acronym {acr}")
        for other in lfs[1:]:
            if fuzz.ratio(norm(other), main) >= 75:
                link(main, norm(other), f"long forms of {acr}")
    if kind == "org":
        _undefined_acronyms(norms, by_norm, set(acr_links), uf, link)
        acr_norm = {norm(a): norm(Counter(c).most_common(1)[0][0]) for a, c in acr_links.items()}
        _expand_token_acronyms(norms, acr_norm, link)
        _country_prefix(norms, link)
    # near-identical spellings, within blocks
    word_at = ORG_WORD_AT if kind == "org" else WORD_AT
    for names, strings, cutoff in _blocks(norms):
        for a, b in _candidate_pairs(names, strings, cutoff):
            if a != b and uf.find(a) != uf.find(b) and _words_similar(a, b, word_at):
                link(a, b, f"similar spelling ({fuzz.ratio(a, b):.0f})")
    if kind == "person":
        _fold_surnames(norms, counts, by_norm, uf, link)

    # display names: alias canonical, else the most frequent full form
    why_by: dict[str, list[dict]] = defaultdict(list)
    for w in why:
        why_by[w["a"]].append(w)
        why_by[w["b"]].append(w)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in norms:
        groups[uf.find(n)].append(n)
    for root in sorted(groups):
        members = groups[root]
        forms = [s for n in members for s in by_norm[n]]
        alias_name = next((forced[n] for n in sorted(members) if n in forced), None)
        if alias_name:
            disp = alias_name
        else:
            full = [s for s in forms if _is_full(kind, s)] or forms
            disp = min(full, key=lambda s: (-counts.get(s, 0), -len(s.split()), s))
        variants = sorted(set(forms) | ({alias_name} if alias_name else set()))
        for a in sorted(acr_links):
            if norm(a) in members:
                variants = sorted(set(variants) | {a})
        for n in members:
            canon.display[kind][n] = disp
        for v in variants:
            canon.by_variant[kind][v.lower()] = disp
        canon.spellings[kind][disp] = variants
        if len(variants) > 1:
            reasons = sorted({w["reason"] for n in members for w in why_by.get(n, [])})
            canon.merges.append({"kind": kind, "canonical": disp, "variants": variants, "reasons": reasons})
    # alias variants never seen in the archive still resolve
    for var, target in aliases.canonical.get(kind, {}).items():
        canon.by_variant[kind].setdefault(var, canon.lookup(kind, target) or target)


def _is_full(kind: str, s: str) -> bool:
    if kind == "person":
        return len(s.split()) >= 2
    letters = s.replace(".", "")
    return not (letters.isupper() and " " not in s) and not re.fullmatch(r"[A-Z][a-z]?[A-Z][A-Za-z]*", s)


def _expand_token_acronyms(norms: list[str], acr_norm: dict[str, str], link) -> None:
    """ "un security council" joins "united nations security council" when UN is defined as United Nations."""
    known = set(norms)
    for n in norms:
        toks = n.split()
        if len(toks) < 2:
            continue
        for i, t in enumerate(toks):
            lf = acr_norm.get(t)
            if lf and lf != n:
                cand = " ".join(toks[:i] + [lf] + toks[i + 1 :])
                if cand in known:
                    link(cand, n, f"acronym {t.upper()} expanded")


def _country_prefix(norms: list[str], link) -> None:
    """Country-prefixed forms join the bare form when only one country uses that prefix with it."""
    known = set(norms)
    prefixed: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for n in norms:
        toks = n.split()
        for k in (2, 1):  # "united states ...", then "us ..."
            p = " ".join(toks[:k])
            if len(toks) > k and p in _COUNTRIES:
                rest = " ".join(toks[k:])
                if rest in known and (len(rest.split()) >= 2 or rest not in _GENERIC_SINGLE):
                    prefixed[rest][_COUNTRIES[p]].append(n)
                break
    for rest in sorted(prefixed):
        if len(prefixed[rest]) == 1:
            for n in sorted(next(iter(prefixed[rest].values()))):
                link(rest, n, "country prefix")


def _fold_surnames(norms, counts, by_norm, uf: _UF, link) -> None:
    """A one-word person left over joins the only full name in the archive ending with it."""
    last: dict[str, set[str]] = defaultdict(set)
    for n in norms:
        toks = n.split()
        if len(toks) >= 2:
            last[toks[-1]].add(uf.find(n))
    for n in norms:
        if len(n.split()) == 1 and len(last.get(n, ())) == 1:
            link(next(iter(last[n])), n, "surname")


def _initials(n: str) -> set[str]:
    """Initials of a normalized name, with and without its function words."""
    toks = n.split()
    if len(toks) < 2:
        return set()
    return {"".join(t[0] for t in toks), "".join(t[0] for t in toks if t not in _FUNCTION)}


_FUNCTION = frozenset("of the and for on in at to a an".split())


def _undefined_acronyms(norms, by_norm, defined: set[str], uf: _UF, link) -> None:
    """An acronym never defined anywhere joins the one long form whose initials spell it ("CRPF")."""
    index: dict[str, set[str]] = defaultdict(set)
    for n in norms:
        for key in _initials(n):
            index[key].add(n)
    for n in norms:
        if " " in n or any(s in defined for s in by_norm[n]):
            continue
        if not any(re.fullmatch(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*", s.replace(".", "")) for s in by_norm[n]):
            continue
        roots = {uf.find(c) for c in index.get(n, ())}
        if len(roots) == 1:
            link(next(iter(roots)), n, f"acronym {by_norm[n][0]} spells it")

"""Names of the other type, by archive-wide evidence the majority vote of `canon._wrong_type` misses for names it
rarely sees: an "organisation" that is a surname of people the archive names ("Xuto" of "Manaspas Xuto"), and a
"person" with a word only organisations' names have ("Banque Paribas Capital Markets"). Names in capitals
(headlines) are no evidence. Keyed by `norm` strings: linear in the names and their words."""

from __future__ import annotations

from collections import Counter

from archive.names import CORP_SUFFIXES, norm


def surnames_as_orgs(counts: dict[str, Counter]) -> set[str]:
    """One-word organisations that end full names of people the archive names in mixed case in at least as many
    articles as it names that organisation (in any case) and every longer one beginning with its word ("Xuto"
    beside "Manaspas Xuto"; "Ford" beside Ford Motor Co stays, and so does "Nasdaq" beside a headline's "MEETS
    NASDAQ")."""
    surname: Counter[str] = Counter()  # last word of a full name in mixed case -> articles naming such a person
    for p, c in counts["person"].items():
        toks = norm(p).split()
        if len(toks) >= 2 and p != p.upper():
            surname[toks[-1]] += c
    named: Counter[str] = Counter()  # one word -> articles naming it as an organisation, in any case
    first: Counter[str] = Counter()  # first word of a longer organisation's name -> articles naming one
    for o, c in counts["org"].items():
        toks = norm(o).split()
        if len(toks) >= 2:
            first[toks[0]] += c
        elif toks:
            named[toks[0]] += c
    out = set()
    for o in counts["org"]:
        toks = norm(o).split()
        if len(toks) == 1 and surname[toks[0]] and surname[toks[0]] >= named[toks[0]] + first[toks[0]]:
            out.add(o)
    return out


def org_worded(
    counts: dict[str, Counter],
    prose_low: Counter[str],
    prose_cap: Counter[str],
    wrong: frozenset[str] | set[str] = frozenset(),
) -> set[str]:
    """Persons with a word of three letters or more that at least three organisations' names of the archive have
    and no other person's ("Markets", "Banque", "Volksbank"), whose first word begins no other person's name (a
    given name is evidence of a person). The last word of a full name is a surname unless the archive's prose writes
    it in lower case more often than capitalised ("Mines", "Fund"; "Norma Brown" beside Alex. Brown and Sons Inc
    stays, a "person" called only "Harris" beside Harris Corp does not); a legal form ends no person's name ("Nobel
    Industrier Sweden AB"). Persons already shown `wrong` are no evidence ("U.S. Oil", a country's initials, does
    not keep "Getty Oil" a person)."""
    in_orgs: Counter[str] = Counter()  # word -> organisations' names with it
    for key in {norm(o) for o in counts["org"]}:
        in_orgs.update(set(key.split()))
    in_persons: Counter[str] = Counter()  # word -> persons' names with it
    first: Counter[str] = Counter()  # first word -> persons' names of two words or more beginning with it
    for key in {norm(p) for p in counts["person"] if p not in wrong}:
        toks = key.split()
        in_persons.update(set(toks))
        if len(toks) >= 2:
            first[toks[0]] += 1

    def org_word(t: str, last: bool) -> bool:
        common = prose_low[t] > prose_cap[t]
        legal = last and t in CORP_SUFFIXES  # "Nobel Industrier Sweden AB": a company's legal form ends it
        return legal or len(t) >= 3 and in_orgs[t] >= 3 and in_persons[t] <= 1 and (common or not last)

    out = set()
    for p in counts["person"]:
        toks = norm(p).split()
        surname = len(toks) - 1 if len(toks) >= 2 else -1
        if toks and first[toks[0]] <= 1 and any(org_word(t, i == surname) for i, t in enumerate(toks)):
            out.add(p)
    return out

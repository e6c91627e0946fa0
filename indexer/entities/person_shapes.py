"""People found by the shape of the text, whatever the model says: a name after a title word, an initial and
a surname, a name with a country in brackets, goal scorers, team line-ups."""

from __future__ import annotations

import re

from .spans import Span, strip_possessive
from .words import MONTHS_DAYS, NAME_PARTICLES, NAME_TOKEN, ORG_HEADS, PORTFOLIO_WORDS, TITLE_WORDS, WS

_TITLE_RUN = re.compile(
    r"(?=\b([A-Za-z][a-z]+\.?)@WS@((?:(?:[A-Z][\w'\u2019.\-]*|@PART@)@WS@){1,3}[A-Z][\w'\u2019\-]*))".replace(
        "@WS@", WS
    ).replace("@PART@", "|".join(sorted(NAME_PARTICLES)))
)


# office nouns that introduce a name in lower case too ("finance minister Jaime Ongpin")
_LOWER_OFFICES = frozenset(
    """minister secretary president chairman chairwoman governor spokesman spokeswoman ambassador senator
    director premier chancellor mayor envoy commissioner coach manager captain""".split()
)


def title_persons(text: str) -> list[Span]:
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
            t2 = strip_possessive(t).rstrip(".,;:")
            low = t2.lower()
            if low in NAME_PARTICLES and good:
                good.append(t)
                continue
            if (
                low in TITLE_WORDS
                or low in ORG_HEADS
                or low in MONTHS_DAYS
                or low in PORTFOLIO_WORDS
                or not NAME_TOKEN.match(t2)
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
            keep = len(strip_possessive(last).rstrip(".,;:")) if len(last.rstrip(".")) > 1 else len(last)
            start, end = m.start(2), m.start(2) + wm[len(good) - 1].start() + keep
            # after a lower-case office word the model's own longer span may still win ("Billie Jean King")
            out.append(Span(start, end, "PERSON", text[start:end], 0 if title.islower() else 2))
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


def lineup_persons(text: str, ents: list[tuple[int, int, str]]) -> list[Span]:
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
            out.append(Span(s, e, "PERSON", text[s:e], 2))
    return out


# goal scorers and their minutes: "Cosmin Contra (31st)", "Ronaldo (12th, pen)"
_SCORER = re.compile(
    r"\b([A-Z][\w'\u2019\-]+(?:[ \t][A-Z][\w'\u2019\-]+){0,2})[ \t]\(\d{1,3}(?:st|nd|rd|th)"
    r"(?:[ \t]*,[ \t]*(?:\d{1,3}(?:st|nd|rd|th)|pen(?:alty)?|o\.?g\.?))*\)"
)


def pattern_persons(text: str, ents: list[tuple[int, int, str]]) -> list[Span]:
    """Two shapes that are people whatever the model says: an initial and a surname ("D. Blenkiron",
    "T. O'Gorman"), and a name followed by a country in brackets ("Tim Henman (Britain)")."""
    out = [
        Span(m.start(), m.end(), "PERSON", m.group(0), 1)
        for m in _INITIAL_NAME.finditer(text)
        if not _FIRST_NAME_BEFORE.search(text, max(0, m.start() - 20), m.start())  # "Ivan F. Boesky": the model's
    ]
    out += [Span(m.start(1), m.end(1), "PERSON", m.group(1), 1) for m in _SCORER.finditer(text)]
    places = {text[s:e] for s, e, lab in ents if lab in ("GPE", "NORP")}
    for m in _NAME_PAREN.finditer(text):
        words = m.group(1).split()
        if m.group(2) not in places or words[0] in places:
            continue
        if any(w.lower() in ORG_HEADS or w.lower() in TITLE_WORDS or w.lower() in MONTHS_DAYS for w in words):
            continue
        if any(w.isupper() and len(w) > 1 for w in words):
            continue
        out.append(Span(m.start(1), m.end(1), "PERSON", m.group(1), 1))
    return out

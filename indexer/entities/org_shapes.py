"""Organisations found by the shape of the text: capitalised phrases headed by an organisation word, and the
names heading rows of results tables and score lines (teams)."""

from __future__ import annotations

import re

from .spans import Span, strip_possessive
from .words import CAPW, EXTENSIBLE_HEADS, MONTHS_DAYS, ORG_HEADS, TITLE_WORDS, WS, sporty

_CAP_RUN_ORG = re.compile(
    (
        r"\b(?:@CAPW@@WS@){0,5}(?:@HEADS@)\b(?:@WS@(?:of|on|for)@WS@(?:the@WS@)?"
        r"@CAPW@(?:@WS@(?:and@WS@)?@CAPW@){0,4})?"
    )
    .replace("@WS@", WS)
    .replace("@CAPW@", CAPW)
    .replace("@HEADS@", "|".join(w.capitalize() for w in sorted(ORG_HEADS)))
)


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
                    out.append(strip_possessive(x))
                    break
                out.append(x)
            while out and out[-1] in ("of", "on", "for", "the", "and"):
                out.pop()
            return out
    return words


def rule_orgs(text: str) -> list[Span]:
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
        out.append(Span(start, end, "ORG", text[start:end], 0, rule=True))
    return out


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


def table_teams(text: str, ents: list[tuple[int, int, str]]) -> list[Span]:
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
    if len(found) < 3 or not sporty(text):
        return []
    out = []
    for s, e in found:
        name = text[s:e]
        words = name.split()
        if any(w.lower() in MONTHS_DAYS or w.lower() in TITLE_WORDS for w in words):
            continue
        if len(words) >= 2 and (s, e) in persons:
            continue
        out.append(Span(s, e, "ORG", name, 2))
    return out

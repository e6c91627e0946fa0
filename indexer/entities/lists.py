"""Lists of names ("A, B, C and D"): an item is typed by the list's majority, people or organisations."""

from __future__ import annotations

import re

from .spans import Span
from .words import CAPW, NAME_TOKEN, NOT_NAME_WORDS, PORTFOLIO_WORDS

_LIST_SEP = (
    r"(?:['\u2019]s)?[ \t]*(?:\([^()\n]{1,12}\)[ \t]*)?"  # a bracketed acronym: "Lashkar-e-Taiba (LeT), "
    r"(?:,[ \t\n]*(?:(?:and|or)[ \t\n]+)?|[ \t\n]+(?:and|or)[ \t\n]+)(?:the[ \t\n]+)?"
)
_LIST_GAP = re.compile(
    "((?:[ \t]" + CAPW + "){0,2})" + _LIST_SEP + "(?:(" + CAPW + "(?:[ \t]" + CAPW + "){0,3})" + _LIST_SEP + ")?"
)


def _list_groups(text: str, chosen: list[Span]) -> tuple[list[list[Span]], dict[int, int]]:
    """The chosen spans cut into runs joined by list separators ("A, B, C and D"); a capitalised phrase
    between two items that no span covers joins the run as an item of type NONE. Also, per item (by id),
    where its name really ends when capitalised words follow it before the separator."""
    # a bracketed acronym after a name is part of the separator, not an item: "Jaish-e-Mohammad (JeM) and"
    items = [
        c
        for c in chosen
        if c.label != "DROP" and not (text[c.start - 1 : c.start] == "(" and text[c.end : c.end + 1] == ")")
    ]
    groups: list[list[Span]] = []
    cur: list[Span] = []
    tail: dict[int, int] = {}
    for a, b in zip(items, items[1:] + [None]):
        cur.append(a)
        m = _LIST_GAP.fullmatch(text, a.end, b.start) if b is not None and b.start - a.end <= 60 else None
        if m and m.group(1):
            tail[id(a)] = m.end(1)  # "Islamic" + " State": the rest of a name the model cut short
        if m and m.group(2):
            cur.append(Span(m.start(2), m.end(2), "NONE", m.group(2), 0))
        if m is None:
            groups.append(cur)
            cur = []
    return groups, tail


def _retype_people(group: list[Span], chosen: list[Span], added: list[Span]) -> None:
    """A list of people: a name-shaped item the model called an organisation, or missed, is a person."""
    for c in group:
        toks = c.text.split()
        if (
            c.label in ("ORG", "NONE")
            and c.prio == 0
            and 2 <= len(toks) <= 3
            and all(NAME_TOKEN.match(t) and t.lower() not in NOT_NAME_WORDS for t in toks)
        ):
            c.label = "PERSON"
            if c not in chosen:
                added.append(c)


def _retype_orgs(text: str, group: list[Span], tail: dict[int, int], chosen: list[Span], added: list[Span]) -> None:
    """A list of organisations: a capitalised item the model typed as a nationality, or missed, is one too."""
    for c in group:
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


def coordinated_orgs(text: str, chosen: list[Span]) -> list[Span]:
    """In a list "A, B, C and D" whose items are mostly organisations, an item the model typed as a
    nationality, or missed, that is a capitalised phrase (not followed by a lower-case noun)
    is an organisation too ("al-Qaida, the Islamic State, Lashkar-e-Taiba and ..."). In a list of
    mostly people, a name-shaped item the model called an organisation, or missed, is a person."""
    groups, tail = _list_groups(text, chosen)
    added: list[Span] = []
    for g in groups:
        if len(g) < 3:
            continue
        n_org = sum(c.label == "ORG" for c in g)
        n_per = sum(c.label == "PERSON" for c in g)
        if n_per >= 2 and n_per * 2 > len(g):
            _retype_people(g, chosen, added)
        elif n_org >= 2 and n_org * 2 > len(g):
            _retype_orgs(text, g, tail, chosen, added)
    return sorted(chosen + added, key=lambda c: c.start)

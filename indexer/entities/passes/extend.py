"""Pass extending organisations the model cut short, and typing the lists they stand in."""

from __future__ import annotations

import re

from ..lists import coordinated_orgs
from ..spans import Span, clean_ws, headline_lines, is_acronym
from ..words import CAPW, LEGAL_FORMS, ORG_HEADS, TITLE_WORDS, WS
from .doc import Doc

_NEXT_ORG_SUFFIX = re.compile(r"(?:\s+[A-Z][a-z]+)?\s+(" + "|".join(sorted(ORG_HEADS)) + r")\b", re.I)
_AMPERSAND_BEFORE = re.compile(r"((?:[A-Z][\w'\u2019.\-]*[ \t]+){1,3}(?:&|and)[ \t]+)$")


def _one_company(sp: Span, before: list[Span]) -> bool:
    """"American Telephone" + "and Telegraph Co": a short name with a legal form after "and" continues the
    organisation the model cut there; two companies ("IBM and Apple Inc") have a name each."""
    words = sp.text.split()
    return (
        len(words) <= 2
        and words[-1].lower().strip(".,") in LEGAL_FORMS
        and all(c.label == "ORG" and not is_acronym(c.text.strip()) for c in before)
        and not any(c.text.split()[-1].lower().strip(".,") in LEGAL_FORMS for c in before)
    )


_CAP_LEAD = re.compile(r"(?:(?<=[a-z,(][ \t])|(?<=[a-z,(][ \t]{2}))((?:[A-Z][\w'\u2019&\-]*[ \t]+){1,2})$")


def _take_capitalised_lead(sp: Span, text: str, chosen: list[Span]) -> None:
    """A company's name the model began too late ("president of Dextran" + "Products Limited"): the one or
    two capitalised words right before it, after a lower-case word or a comma, belong to it (a span the model
    gave those words alone is dropped)."""
    m = _CAP_LEAD.search(text[max(0, sp.start - 50) : sp.start])
    if not m:
        return
    lead = re.split(r"['\u2019]s[ \t]+", m.group(1))[-1]  # "Japan's Fujitsu Ltd": the company is Fujitsu's
    if not lead.strip():
        return
    start = sp.start - len(lead)
    before = [c for c in chosen if c is not sp and c.start < sp.start and c.end > start]
    if lead.split()[0].lower() in _FUNCTION_LEADS or any(c.start < start for c in before):
        return
    for c in before:  # "Century" typed a date, "Dextran" a product: the company's first word
        c.label = "DROP"
    sp.start = start
    sp.text = text[sp.start : sp.end]


_FUNCTION_LEADS = frozenset("the a an in on at by for of and but if as to from with".split())


def extend_orgs(d: Doc) -> None:
    """Organisations cut short: before their head word ("External Affairs" + " Ministry"), before a
    lower-case group word ("Haqqani network"), after "X &" or "X and" ("Standard and" + "Poor's Corp")."""
    text, chosen = d.text, d.chosen
    for sp in chosen:
        if sp.label == "PERSON" and sp.text.split()[-1].lower().strip(".,") in LEGAL_FORMS:
            sp.label = "ORG"  # "Loser Inc" of "Wyrough and Loser Inc", "Alan B. Slifka and Co": a company
        if sp.label == "ORG" and sp.text.split()[-1].lower().strip(".,") in LEGAL_FORMS:
            _take_capitalised_lead(sp, text, chosen)
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
            legal_only = all(w.lower().strip(".,") in LEGAL_FORMS for w in sp.text.split())
            if m and (not inside or legal_only or _one_company(sp, inside)):
                lead = re.match(r"(?:(?:The|A|An|In|On|At|By|For|Of)[ \t]+)*", m.group(1))
                sp.start = m.start() + (lead.end() if lead else 0)
                sp.text = text[sp.start : sp.end]
                for c in inside:
                    c.label = "DROP"
        # "Haqqani network", "the Jaish-e Mohammed group": a name before a lower-case group word
        if sp.label in ("PERSON", "ORG") or sp.label.startswith("OTHER"):
            m = re.match(WS + r"(network|group|movement)\b", text[sp.end : sp.end + 16])
            if m and (len(sp.text.split()) == 1 or sp.label == "ORG") and sp.label != "OTHER:NORP":
                sp.label = "ORG"
                if m.group(1) == "network":
                    sp.end += m.end()
                sp.text = text[sp.start : sp.end]
    rx = (r"\b[Tt]he@WS@(" + CAPW + "(?:@WS@" + CAPW + r")?)@WS@(?:group|movement)\b").replace("@WS@", WS)
    for m in re.finditer(rx, text):
        if (
            all(m.end(1) <= c.start or m.start(1) >= c.end for c in chosen)
            and m.group(1).lower() not in TITLE_WORDS
        ):
            chosen = [c for c in chosen if c.end <= m.start(1) or c.start >= m.end(1)]
            chosen.append(Span(m.start(1), m.end(1), "ORG", m.group(1), 0))
    chosen.sort(key=lambda c: c.start)
    d.chosen = coordinated_orgs(text, chosen)
    d.place_words = {clean_ws(c.text) for c in d.chosen if c.label in ("OTHER:GPE", "OTHER:LOC", "OTHER:NORP")}
    d.heads = headline_lines(text)

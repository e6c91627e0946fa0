"""Pass dropping "persons" that the article itself writes as a company."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..spans import mentions
from ..words import PORTFOLIO_WORDS, TITLE_WORDS
from .doc import Doc

# legal forms as written after a company's name, dotted or not ("Sedio N.V.", "Baker International corp")
_FORMS = (
    "Inc Corp Co Cos Ltd PLC Plc LLC AG SA NV GmbH SpA Spa BV Oy AB Pty Corporation Incorporated Company Limited"
    " N.V. S.A. S.p.A. S.P.A. A.G. corp inc ltd"
).split()
_LEGAL_AFTER = re.compile(
    r"(?:[ \t]+(?:[A-Z][\w&\-]*|and|&))?(?:[ \t]+[A-Z][\w&\-]*)?[ \t]+(?:"
    + "|".join(re.escape(f) for f in sorted(_FORMS, key=len, reverse=True))
    + r")(?![\w\-])"
)
# what follows a company, not a person: "Gould said its", "Harrah's subsidiary", "Diamond Shamrock, which"
_COMPANY_AFTER = re.compile(
    r"(?:['\u2019]s)?[ \t]+(?:said|says|added)[ \t]+(?:its\b|it[ \t]+(?:has|had|plans|agreed|expects|intends|received"
    r"|signed|sold|bought|acquired|completed|raised|filed|reached|will|would)\b(?![ \t]+(?:be|not|have)\b))"
    r"|['\u2019]s[ \t]+(?:subsidiary|subsidiaries|unit|units"
    r"|division|shares|stock|stores|plants?|shareholders|stake)\b|,[ \t]+which\b"
)
# what comes right before a company, not a person: its markup ("<Jeumont-Schneider>"), a noun of a firm ("subsidiary
# Jeumont-Schneider", "savings bank Cassa di Risparmio di Roma", "the owners, Townsend Thoresen")
_COMPANY_BEFORE = re.compile(
    r"(?:<|\b(?:subsidiary|unit|affiliate|firm|company|bank|owners|concern|maker|manufacturer|carrier|airline"
    r"|retailer|brokerage),?[ \t]+)$"
)
# an apposition naming a firm: "Novo Astro, a private company"
_COMPANY_APPOSITION = re.compile(
    r",[ \t]+an?[ \t]+(?:[\w\-]+[ \t]+){0,3}?(?:company|firm|concern|subsidiary|unit|maker|manufacturer|carrier"
    r"|retailer|brokerage)(?=[ \t]*[,.;)\n]|[ \t]+(?:that|which|based|in|of|with|owned|controlled)\b)"
)
# what follows or precedes a person: "Jacobs said he", "Irwin Jacobs, who", "chairman Tony O'Reilly"
_PERSON_AFTER = re.compile(
    r"(?:[ \t]+(?:said|says|added|told)[ \t]+(?:he|she|him|her)\b|,[ \t]+(?:who|whose)\b|,[ \t]+\d{2},)"
)
# titles that come right before a person's name; portfolio and rank adjectives ("Home", "Former") also begin
# companies' names ("Home Intensive Care Inc")
_TITLES = sorted(
    (TITLE_WORDS - PORTFOLIO_WORDS - {"dr.", "former", "acting", "under", "field", "air", "vice", "rear", "prime"})
    | {"analyst", "economist"},
    key=len,
    reverse=True,
)
_TITLE_BEFORE = re.compile(r"\b(?:" + "|".join(_TITLES) + r")(?:-[a-z]+)?\.?,?[ \t]+$", re.I)


def _company_context(text: str, start: int, end: int) -> bool:
    after = text[end : end + 60]
    return bool(
        _LEGAL_AFTER.match(after)
        or _COMPANY_AFTER.match(after)
        or _COMPANY_APPOSITION.match(after)
        or _COMPANY_BEFORE.search(text[max(0, start - 30) : start])
    )


def _evidence(text: str, name: str, marks: Sequence[tuple[int, int]] = ()) -> tuple[int, int]:
    """How often the article writes the name as a company's (a legal form after it, "said its", "'s
    subsidiary") and as a person's (a title before it, "said he", ", who"; for a name of two words or more,
    its last word alone outside a company's context: "Ivan F. Boesky and Co LP" then "Boesky deceived")."""
    company = person = 0
    full = []
    for m in mentions(text, name):
        full.append((m.start(), m.end()))
        company += _company_context(text, m.start(), m.end()) or any(a <= m.start() < b for a, b in marks)
        person += bool(_PERSON_AFTER.match(text[m.end() : m.end() + 40]))
        person += bool(_TITLE_BEFORE.search(text[max(0, m.start() - 40) : m.start()]))
    if " " in name:
        for m in mentions(text, name.split()[-1]):
            if not any(a <= m.start() < b for a, b in full) and not _company_context(text, m.start(), m.end()):
                person += 1
    return company, person


def drop_company_persons(d: Doc) -> None:
    """A "person" the article writes only as a company is no person here: "Gould Inc said" then "Gould said",
    "Stanley Works said its", "Sedio N.V.", "Harrah's subsidiary", "<Jeumont-Schneider>" (the wire's company
    markup), "subsidiary Jeumont-Schneider", "Novo Astro, a private company"; a name with any person's context in the
    article ("chairman Irwin Jacobs", "Jacobs said he") stays."""
    for p in list(d.persons):
        company, person = _evidence(d.text, p, d.marks)
        if company and not person:
            d.persons.remove(p)

"""The dateline opening an article's body ("NEW DELHI, Mar 12 (Agencies) -")."""

from __future__ import annotations

import re

from .lines import paragraphs
from .patterns import DAY_NUM, DAY_RE, FOREIGN_MONTH_RE, MONTH_RE, YEAR_RE

# Place in capitals ("NEW DELHI", "RIO DE JANEIRO", "WASHINGTON D.C."), optionally ", Country".
_PLACE = (
    r"[A-Z][A-Z.'’\-]+(?:[ /][A-Z][A-Z.'’\-]*){0,4}"
    rf"(?:,\s+(?!(?i:{MONTH_RE})\s*\d)[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+\.?)?)?"  # ", France", not ", Mar 12"
)
_DL_DATE = (
    rf"(?i:{MONTH_RE}\s+{DAY_RE}(?:,?\s+{YEAR_RE})?|{DAY_RE}\s+{MONTH_RE}(?:\s+{YEAR_RE})?"
    rf"|{DAY_NUM}\.?\s+{FOREIGN_MONTH_RE}(?:\s+{YEAR_RE})?)"
)
_AGENCY = r"\((?:[A-Z][\w&.'’\-]*(?:\s+[\w&.'’\-]+){0,3})\)"
_DASH = r"(?:-{1,2}|–|—)"
_DATELINE_RE = re.compile(
    rf"(?P<dl>(?P<place>{_PLACE})"
    rf"(?:(?:,\s*|\s+)(?P<date>{_DL_DATE}))?"
    rf"(?:\s*(?P<agency>{_AGENCY}))?"
    rf"(?:\s*(?P<dash>{_DASH}))?)"
    rf"(?P<colon>\s*:)?\s+(?=\S)",
    # Case-sensitive on purpose: the place must be in capitals (the date part is (?i:...)).
)
_AGENCY_ONLY_RE = re.compile(rf"(?P<dl>{_AGENCY}\s*{_DASH})\s+(?=\S)")
_DATELINE_LINES = 5


# Capitalised labels that open a line like a place but are not one ("EXCLUSIVE - ...").
_NOT_PLACES = {
    "UPDATE",
    "UPDATED",
    "EXCLUSIVE",
    "BREAKING",
    "BREAKING NEWS",
    "ANALYSIS",
    "OPINION",
    "WATCH",
    "LIVE",
    "VIDEO",
    "PHOTOS",
    "CORRECTED",
    "REFILE",
    "FACTBOX",
    "EDITORIAL",
    "INTERVIEW",
    "REVIEW",
    "NOTE",
}


def _trim_dash(dl: str) -> str:
    """Keep a wire-style ASCII dash ("(Reuters) -"), drop a typographic one ("(Sputnik) –")."""
    return re.sub(r"\s*[–—]$", "", dl.strip())


def find_dateline(text: str) -> str | None:
    """The dateline opening the first body paragraph ("NEW DELHI, Mar 12 (Agencies)"), or None.

    The first few lines are tried because headlines and page furniture may precede the body;
    a dateline must open its line and carry a date, an agency or a dash after the place.
    """
    if not isinstance(text, str):
        return None
    for line in paragraphs(text[:5000])[:_DATELINE_LINES]:
        m = _DATELINE_RE.match(line)
        if m:
            place = m.group("place")
            has_mark = m.group("date") or m.group("agency") or m.group("dash")
            letters = re.sub(r"[^A-Za-z]", "", place.split(",")[0])
            # Capitals only: "NEW DELHI" yes, "India and" no; 3+ letters so "A" or "US" alone do not count.
            head = place.split(",")[0]
            if has_mark and len(letters) >= 3 and head.upper() == head and head.strip().upper() not in _NOT_PLACES:
                # The rest of the line must read as a sentence, not a headline in capitals.
                rest = line[m.end() :]
                if rest[:1].isalnum() or rest[:1] in "\"'“‘(":
                    return _trim_dash(m.group("dl"))
        m = _AGENCY_ONLY_RE.match(line)
        if m:
            return _trim_dash(m.group("dl"))
    return None

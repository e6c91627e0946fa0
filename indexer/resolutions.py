"""UN Security Council resolutions cited in a text: "resolution 1267 (1999)", "UNSCR 2231", "S/RES/1373".

Precision first: a number counts only in a Security Council form (UNSCR, SCR, S/RES/) or after
"resolution(s)" when the nearby context names the Security Council (or the citation carries the
Council's "(year)" style) and no General Assembly, House or Senate reference is nearer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Resolution:
    number: str  # digits, "1267"
    year: str | None  # "1999" where the text gives it

    def label(self) -> str:
        return f"{self.number} ({self.year})" if self.year else self.number


_YEAR = r"(?:\(\s*((?:19[4-9]\d|20[0-4]\d))\s*\))"
_ITEM = r"(\d{1,4})(?![\d/.,]\d)(?:\s*" + _YEAR + r")?"
_SEP = r"(?:\s*,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+or\s+|\s*;\s*|\s*&\s*)"
# a list of numbers after the keyword: "1267 (1999), 1333 (2000) and 1989 (2011)"
_LIST = r"(?:No\.?\s*|Nos\.?\s*|number\s+)?" + _ITEM + r"(?:" + _SEP + r"(?:No\.?\s*)?" + _ITEM + r")*"
_KEYWORD = re.compile(r"\b(UNSCRs?|SCRs?|[Rr]esolutions?|RESOLUTIONS?)\s+" + r"(" + _LIST + r")")
_SRES = re.compile(r"\bS/RES/(\d{1,4})(?:\s*" + _YEAR + r")?")
_ONE_ITEM = re.compile(_ITEM)

_UNSC = re.compile(r"Security\s+Council|\bUNSC\b|\bUN\s*SC\b", re.I)
_OTHER_BODY = re.compile(
    r"General\s+Assembly|\bUNGA\b|\bHouse\b|\bSenate\b|\bCongress\b|Human\s+Rights\s+Council|\bH\.\s*Res\b|"
    r"\bS\.\s*Res\b|\bAssembly\b|\bParliament\b|\bboard\b|\bshareholders?\b|\bcity\s+council\b|\bcabinet\b",
    re.I,
)
_WINDOW_BEFORE = 220
_WINDOW_AFTER = 120


def _context_ok(text: str, start: int, end: int, has_year: bool) -> bool:
    """The Security Council is named near the citation and no other body is nearer."""
    lo = max(0, start - _WINDOW_BEFORE)
    para = text.rfind("\n\n", lo, start)
    lo = para + 2 if para >= 0 else lo
    hi = min(len(text), end + _WINDOW_AFTER)
    para = text.find("\n\n", end, hi)
    hi = para if para >= 0 else hi

    def nearest(rx: re.Pattern) -> int | None:
        dists = [start - m.end() if m.end() <= start else m.start() - end for m in rx.finditer(text, lo, hi)]
        return min((abs(d) for d in dists), default=None)

    council = nearest(_UNSC)
    other = nearest(_OTHER_BODY)
    if council is not None:
        return other is None or council <= other
    # "resolution 1267 (1999)": the number-and-year style is the Council's own; GA uses "68/262"
    return has_year and other is None


def find_resolutions(text: str) -> list[Resolution]:
    """Distinct UN Security Council resolutions cited, in order of first mention."""
    found: dict[str, Resolution] = {}
    first: dict[str, int] = {}

    def add(num: str, year: str | None, pos: int) -> None:
        num = num.lstrip("0") or "0"
        if num == "0":
            return
        first[num] = min(first.get(num, pos), pos)
        old = found.get(num)
        if old is None or (old.year is None and year):
            found[num] = Resolution(num, year)

    for m in _SRES.finditer(text):
        add(m.group(1), m.group(2), m.start())
    for m in _KEYWORD.finditer(text):
        kw = m.group(1).upper()
        items = [(i.group(1), i.group(2)) for i in _ONE_ITEM.finditer(m.group(2))]
        if not items:
            continue
        # "resolution 2019" alone could be a year; four digits above the Council's range are years
        if kw.startswith("RESOLUTION"):
            has_year = any(y for _, y in items)
            if not _context_ok(text, m.start(), m.end(), has_year):
                continue
        for num, year in items:
            if int(num) > 2999:
                continue
            add(num, year, m.start())
    return sorted(found.values(), key=lambda r: first[r.number])

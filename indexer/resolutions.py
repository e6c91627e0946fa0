"""UN Security Council resolutions cited in a text: "resolution 1267 (1999)", "UNSCR 2231", "S/RES/1373".

The grammar, one citation form per rule (built from real sentences,
tests/data/resolution_sentences.tsv; how they were split and measured: bench/README.md):

- a Council symbol, always the Council's: "UNSCR 2231", "SCRs 1820 and 1888", "S/RES/1373 (2001)";
- "resolution(s)" (any case, "No."/"number" or an acronym in brackets allowed) before a list of numbers:
  "resolutions 1267 (1999), 1333 (2000) ... and 2253 (2015)", with separators ",", ";", "|", "and", "&",
  "as well as", a missing comma between two bracketed years, a missing space after "and", or a repeated
  "resolution" inside the list;
- "N resolutions: 1696 (2006), 1737 (2006) ..." and "... resolutions were adopted: 1820 (2009); ...": the
  plural noun, a few words, a colon, then such a list;
- the noun, a comma, then the list: "Security Council Resolutions, 1267 and 1333 (2000), were adopted";
- the noun and "in particular", "including" or "notably": "its previous resolutions, in particular 2359 (2017)".

Each number may carry its year: "(1999)", "( 1990)", "(24 September 2014)", "of 15 October 1999",
"of October 15, 1999" (a space may be missing around the month), or "(all 1990)" / "(all in 1990)" for
every number before it in the list.

A "resolution" citation counts as the Council's when (precision first, in this order):
1. another body names it ("General Assembly resolution 377", "House Resolution 11") -> never;
2. the Council or the UN names it ("UN Security Council Resolution 2397", "U.N. Resolution 2397") -> yes;
3. the body named nearest to it in its paragraph is the Council, one of its organs (sanctions committee,
   Ombudsperson, panel of experts, snapback, Chapter VII) or the UN, not another body -> yes;
4. no other body is named in the paragraph and either a number carries the Council's "(year)" style, the
   number was already cited as a Council resolution earlier in the text, or a capitalised "Resolution"
   stands in a text that names the Security Council somewhere.
General Assembly and Human Rights Council numbers never count: "60/288", "A/RES/...", "ES-11/1",
"1514 (XV)", "377 A (V)" (a Roman-numeral session).
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


@dataclass(frozen=True)
class Citation:
    """One mention of a Council resolution: its number, the year this mention gives, where the number is."""

    number: str
    year: str | None
    start: int


_MAX_NUMBER = 2999  # above the Council's range: a year or something else
_YEAR = r"(?:19[4-9]\d|20[0-4]\d)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# a space may be missing on either side of the month ("of 11October 1991", "3 April1991")
_DATE = rf"(?:\d{{1,2}}\s*{_MONTH}\s*,?\s*({_YEAR})|{_MONTH}\s+\d{{1,2}}\s*,\s*({_YEAR}))"
# one number of a list and what may follow it
_NUM = re.compile(r"(?:No\.?\s*|Nos\.?\s*|number\s+)?(?<![\d.\-])(?<!\d/)(\d{1,4})(?![\d/]|[.,]\d|\w)")
_BRACKET_YEAR = re.compile(rf"\s*\(\s*(?:({_YEAR})|{_DATE})\s*\)")
_ALL_YEAR = re.compile(rf"\s*\(\s*all\s+(?:in\s+)?({_YEAR})\s*\)")
_OF_DATE = re.compile(rf"\s*,?\s*of\s*{_DATE}")
_GA_SESSION = re.compile(r"\s*(?:[A-Z](?:\s+(?:and|to)\s+[A-Z])?\s*)?\(\s*(?:E?S-)?[IVXLC]+\s*\)")
_SEP = re.compile(
    r"\s*[,;|&]\s*(?:and\s*|as\s+well\s+as\s+)?(?:resolutions?\s+)?"
    r"|\s+(?:and|or|as\s+well\s+as)\s*(?:resolutions?\s+)?"
    r"|(?<=\))\s+(?=\d{1,4}\s*\()"  # a missing comma between two "(year)" items
)

_ANY_HEAD = re.compile(r"esolution|ESOLUTION|SCR|S/RES/")
_SYMBOL = re.compile(r"\b(?:UNSCRs?|SCRs?)\s+(?=\d)|\bS/RES/(?=\d)")
_KEYWORD = re.compile(
    r"\b(?:[Rr]esolutions?|RESOLUTIONS?)(?:\s*\((?:UNSCR|SCR|UNSC)\))?"
    r"(?:\s+(?=(?:No\.?|Nos\.?|number)?\s*\d)|,\s+(?=\d[^.]{0,40}?\d)"  # "Resolutions, 1267 and 1333 (2000),"
    r"|,?\s+(?:in\s+particular|including|notably)\s+(?=\d)"  # "its resolutions, in particular 2359 (2017)"
    r"|(?:\s+[A-Za-z][a-z]+){0,4}\s*:\s+(?=\d))"  # "seven resolutions: 1696 (2006), ..."
)

_COUNCIL = re.compile(
    r"Security\s+Council|\bUNSC\b|\bUN\s?SC\b|\b(?:the|its|this|that)\s+Council\b(?!\s+of\b)|\b15-(?:member|nation)\b"
    r"|Sanctions\s+Committee|Committee\s+(?:(?:established|set\s+up)\s+)?(?:pursuant\s+to|under)|Ombudsperson|snap-?back"
    r"|Panel\s+of\s+Experts|Chapter\s+VII|Monitoring\s+Team|\bUN\b|\bU\.N\b\.?|United\s+Nations",
    re.I,
)
_OTHER_BODY = re.compile(
    r"General\s+Assembly|\bUNGA\b|\bAssembly\b|(?<!White\s)\bHouse\b|\bSenate\b|\bCongress\b|Human\s+Rights\s+Council"
    r"|\bHRC\b|\bH\.\s*Res\b|\bS\.\s*Res\b|\bParliament\b|\b(?:the|its|a)\s+board\b|\bshareholders?\b"
    r"|\bcity\s+council\b|\bcabinet\b",
    re.I,
)
# the words right before the keyword name its body: "UN Security Council Resolution", "House Resolution"
_COUNCIL_PREFIX = re.compile(r"(?:Security\s+Council|UNSC|\bUN|U\.N\.?|United\s+Nations|Council)(?:['’]s)?\s*$")
_OTHER_PREFIX = re.compile(
    r"(?:General\s+Assembly|\(?UNGA\)?|Assembly|House|Senate|Human\s+Rights\s+Council|HRC|Parliament|Board"
    r"|city\s+council)(?:['’]s)?\s*$",
    re.I,
)
_COUNCIL_NAME = re.compile(r"Security\s+Council|\bUNSC\b", re.I)
_PARA_BEFORE = 1500  # how far back a paragraph is read for the body that issued a resolution
_PARA_AFTER = 400


@dataclass
class _Item:
    number: str
    year: str | None
    start: int
    bracket_year: bool  # the Council's own "(1999)" style


def _date_year(m: re.Match) -> str | None:
    return next((g for g in m.groups() if g), None)


def _parse_item(text: str, pos: int) -> tuple[_Item | None, int]:
    """One number and its year at `pos`; (None, pos) when no number starts there."""
    m = _NUM.match(text, pos)
    if not m:
        return None, pos
    end = m.end()
    if ga := _GA_SESSION.match(text, end):  # "1514 (XV)", "377 A (V)": a General Assembly resolution
        return _Item("", None, m.start(1), False), ga.end()
    item = _Item(m.group(1).lstrip("0"), None, m.start(1), False)
    if y := _BRACKET_YEAR.match(text, end):
        item.year, item.bracket_year, end = _date_year(y), True, y.end()
    if d := _OF_DATE.match(text, end):
        item.year, end = item.year or _date_year(d), d.end()
    return item, end


def _parse_list(text: str, pos: int) -> tuple[list[_Item], int]:
    """The numbers of a list starting at `pos`, with "(all 1990)" years spread back over the list."""
    items: list[_Item] = []
    while True:
        item, end = _parse_item(text, pos)
        if item is None:
            break
        items.append(item)
        pos = end
        if a := _ALL_YEAR.match(text, pos):
            for it in items:
                if it.year is None:
                    it.year, it.bracket_year = a.group(1), True
            pos = a.end()
        sep = _SEP.match(text, pos)
        if not sep or not _NUM.match(text, sep.end()):
            break
        pos = sep.end()
    return [it for it in items if it.number and int(it.number) <= _MAX_NUMBER], pos


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - _PARA_BEFORE)
    brk = text.rfind("\n\n", lo, start)
    lo = brk + 2 if brk >= 0 else lo
    hi = min(len(text), end + _PARA_AFTER)
    brk = text.find("\n\n", end, hi)
    return lo, (brk if brk >= 0 else hi)


def _nearest(rx: re.Pattern, text: str, lo: int, hi: int, start: int, end: int) -> int | None:
    dists = [start - m.end() if m.end() <= start else m.start() - end for m in rx.finditer(text, lo, hi)
             if m.end() <= start or m.start() >= end]
    return min(dists, default=None)


@dataclass
class _Context:
    text: str
    cited: set[str]  # numbers already accepted as Council resolutions
    _council_named: bool | None = None

    @property
    def council_named(self) -> bool:
        """The Security Council is named somewhere in the text (looked up once, only when a rule asks)."""
        if self._council_named is None:
            self._council_named = bool(_COUNCIL_NAME.search(self.text))
        return self._council_named


def _is_council(ctx: _Context, head: re.Match, items: list[_Item], end: int) -> bool:
    """Whether a "resolution(s)" citation is the Council's (the order of checks is the module's rule list)."""
    text, start = ctx.text, head.start()
    before = text[max(0, start - 40):start]
    if _OTHER_PREFIX.search(before):
        return False
    if _COUNCIL_PREFIX.search(before):
        return True
    lo, hi = _paragraph(text, start, end)
    council = _nearest(_COUNCIL, text, lo, hi, start, end)
    other = _nearest(_OTHER_BODY, text, lo, hi, start, end)
    if other is not None:
        return council is not None and council < other
    if council is not None or any(it.bracket_year for it in items):
        return True
    if any(it.number in ctx.cited for it in items):
        return True
    return ctx.council_named and text[start] == "R"


def _heads(text: str) -> list[tuple[re.Match, bool]]:
    """Every citation head in text order, with whether it is a Council symbol (no context needed)."""
    heads = [(m, True) for m in _SYMBOL.finditer(text)] + [(m, False) for m in _KEYWORD.finditer(text)]
    return sorted(heads, key=lambda h: h[0].start())


def find_citations(text: str) -> list[Citation]:
    """Every mention of a Security Council resolution, in text order, each with the year it gives."""
    if not _ANY_HEAD.search(text):  # most articles cite nothing: one cheap scan
        return []
    ctx = _Context(text, set())
    out: list[Citation] = []
    for head, symbol in _heads(text):
        items, end = _parse_list(text, head.end())
        if not items or not (symbol or _is_council(ctx, head, items, end)):
            continue
        ctx.cited.update(it.number for it in items)
        out += [Citation(it.number, it.year, it.start) for it in items]
    return out


def find_resolutions(text: str) -> list[Resolution]:
    """Distinct UN Security Council resolutions cited, in order of first mention; a year any mention gives."""
    found: dict[str, Resolution] = {}
    for c in find_citations(text):
        old = found.get(c.number)
        if old is None or (old.year is None and c.year):
            found[c.number] = Resolution(c.number, c.year)
    return list(found.values())

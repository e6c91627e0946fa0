"""The text as the model and the rules read it: wire markup, datelines, figure tables and wrapped paragraph
breaks made harmless, offsets kept."""

from __future__ import annotations

import re

from ..dates.patterns import MONTH_RE
from .words import sporty

_MARKUP = re.compile(r"<([A-Z][^<>\n]{0,60})>")
_TICKER = re.compile(r"[A-Z][A-Z.&\-]{0,7}")
# "MONTREAL, March 3 -", "NEW YORK -", "LONDON 1996-08-30", "TAUPO, New Zealand, March 23 -", "Calgary, Alberta,
# March 16 -", "NEW YORK, MARCH 20 -": a dateline at the start of a line; a place in mixed case only before a date.
# A month by its name in any case, written without the comma, the day before it or the dash glued to the day
# ("Bogota, march 4 -", "JOHANNESBURG March 13 -", "AMSTERDAM, 2 March -", "LONDON, March 16-"): wire typing
_PLACE_CAPS = r"[A-Z][A-Z.'&/\-]*(?:[ \t]+[A-Z][A-Z.'&/\-]*){0,3}"
_PLACE_MIXED = r"[A-Z][A-Za-z.'&/\-]*(?:[ \t]+[A-Z][A-Za-z.'&/\-]*){0,3}"
_PLACE_LOOSE = r"[A-Z][A-Za-z.'&/\-]*(?:[ \t]+[A-Za-z][A-Za-z.'&/\-]*){0,3}"  # "Mexico city", before a month only
_QUALIFIERS = r"(?:[ \t]*,[ \t]*[A-Z][A-Za-z.]{1,12}(?:[ \t]+[A-Z][A-Za-z.]{1,12}){0,2}){0,3}"  # state, country
_DATE = r",[ \t]*[A-Z](?:[a-z]{2,8}|[A-Z]{2,8})\.?[ \t]+\d{1,2}[ \t]+-(?=[ \t])"
_MONTH_DATE = (
    rf"[ \t]*(?:-[ \t]+)?(?:(?i:{MONTH_RE})[ \t]+\d{{1,3}}|\d{{1,2}}[ \t]+(?i:{MONTH_RE}))[ \t]*,?[ \t]*-(?=[ \t])"
)
_DATELINE = re.compile(
    rf"^[ \t]*\**(?:(?P<caps>{_PLACE_CAPS})(?:{_QUALIFIERS}(?:{_DATE}|,?{_MONTH_DATE})|[ \t]+-(?=[ \t])"
    rf"|[ \t]+\d{{4}}-\d\d-\d\d[ \t]*$)|(?P<mixed>{_PLACE_MIXED}){_QUALIFIERS}(?:{_DATE}|,{_MONTH_DATE})"
    rf"|(?P<loose>{_PLACE_LOOSE}){_QUALIFIERS},{_MONTH_DATE})",
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


def dateline_place(text: str) -> str:
    """The place of the article's dateline ("ROTTERDAM" of "ROTTERDAM, March 3 -"), "" if it has none."""
    m = _DATELINE.search(text, 0, 400)
    return next((g.strip() for g in m.group("caps", "mixed", "loose") if g), "") if m else ""


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
    if not sporty(text):
        text = re.sub(r"[^\n]+", lambda m: blank(m) if _figure_row(m.group(0)) else m.group(0), text)
    # joined after the rows are blanked (two rows are no sentence), before the markup ("<Daihatsu Motor" / "Co Ltd>")
    text = _BREAK.sub(lambda m: "  " if _wrapped_break(text, m.start(), m.end()) else m.group(0), text)
    return _MARKUP.sub(markup, text)


def company_marks(text: str, view: str) -> list[tuple[int, int]]:
    """Where the wire marked a company ("<Jeumont-Schneider>") and the view kept the name: (start, end) of
    the name inside the marks. Reuters writes the marks around company names only."""
    out = []
    for m in re.finditer("<", text):
        end = text.find(">", m.start())
        if 0 < end - m.start() <= 62 and view[m.start()] == " " and view[m.start() + 1 : m.start() + 2].strip():
            out.append((m.start() + 1, end))
    return out

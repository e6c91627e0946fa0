"""A year for a day and month stated without one, from the text itself: the same day written with a year,
or a past reference and a weekday together. Very conservative: None unless the text rules out every other
year. Sentences are the product's one splitter's (`archive.sentences`): with it no date answer of the development
texts changed (bench/README.md, issue 12, fourth round), and "since Sept. 5, 2018" stays one date."""

from __future__ import annotations

import datetime as dt
import re

from archive.days import month_end
from archive.sentences import split_sentences

from .patterns import DATE_RE, MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS, YEAR_RE, match_to_parts
from .values import DateInfo, PartialDate, mk_date, plausible

# A past reference bounds the year from below only; we accept the year it implies when the stated
# weekday rules out every other year this many years ahead (see _infer_from_past_reference).
PAST_REF_HORIZON_YEARS = 5


_PAST_CUE = re.compile(
    r"\b(?:since|last|ago|earlier|previous|was|were|had|did|held|visited|visit|took place|began|"
    r"ended|signed|met|said)\b|\w+ed\b",
    re.I,
)
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|would|next|upcoming|scheduled|planned|plans?|due|expected|until|till|through|"
    r"by the end|deadline|target|aims?)\b",
    re.I,
)
_MONTH_YEAR_RE = re.compile(rf"\b(?P<m>{MONTH_RE})\s+(?P<y>{YEAR_RE})\b", re.I)
# A past reference is introduced as a point in time: "(visit) in September 2018", "since March 2017".
_PAST_INTRO = re.compile(r"\b(?:in|since|on|during|of|from)\s+$", re.I)
_ON_WEEKDAY_RE = re.compile(rf"\b(?:on|last|this)\s+(?P<w>{WEEKDAY_RE})(?![\w])", re.I)


# A line without four digits in a row states no year, so it holds no past reference: it is not split at all
# (the product's splitter is slow; most lines of a text name no year).
_FOUR_DIGITS = re.compile(r"\d{4}")


def lead_sentence(text: str) -> str:
    """The first sentence of six words or more; its lines are split one by one until it is found (a sentence
    never crosses a line, so these are the sentences `split_sentences` gives for the whole text)."""
    for line in text.splitlines():
        for sent in split_sentences(line):
            if len(sent.split()) >= 6:
                return sent
    return ""


def pin_year(partial: PartialDate, body: str, lead: str) -> DateInfo | None:
    """A year for `partial` from the text itself, or None. Very conservative."""
    if partial.day is None:
        return None
    same = _same_day_with_year(partial, body)
    if same:
        return same
    return _infer_from_past_reference(partial, body, lead)


def _same_day_with_year(partial: PartialDate, body: str) -> DateInfo | None:
    """The same day and month written with a year elsewhere in the text ("on March 12, 2019")."""
    years = set()
    for m in DATE_RE.finditer(body):
        year, month, day = match_to_parts(m)
        if year and month == partial.month and day == partial.day:
            years.add(year)
    if len(years) == 1:
        d = mk_date(years.pop(), partial.month, partial.day or 1)
        if d and plausible(d):
            return DateInfo(d, "day", "inferred: same day with year in text")
    return None


def _past_references(body: str) -> list[dt.date]:
    """Ends of the periods the text names with a year and speaks of as past."""
    out: list[dt.date] = []
    for sent in (s for line in body.splitlines() if _FOUR_DIGITS.search(line) for s in split_sentences(line)):
        if _FUTURE_CUE.search(sent) or not _PAST_CUE.search(sent):
            continue
        for m in DATE_RE.finditer(sent):
            year, month, day = match_to_parts(m)
            if year and _PAST_INTRO.search(sent[max(m.start() - 12, 0) : m.start()]):
                d = mk_date(year, month, day or 1)
                if d:
                    out.append(d)
        for m in _MONTH_YEAR_RE.finditer(sent):
            if not _PAST_INTRO.search(sent[max(m.start() - 12, 0) : m.start()]):
                continue
            y, mo = int(m.group("y")), MONTHS[m.group("m").lower().rstrip(".")]
            out.append(month_end(y, mo))
    return out


def _infer_from_past_reference(partial: PartialDate, body: str, lead: str) -> DateInfo | None:
    """Pin the year from a past reference plus a stated weekday, both required.

    The latest past reference ("the visit in September 2018") bounds the date from below; the first
    matching day after it is the candidate. A weekday the text gives ("on Monday") must fit the
    candidate or the day before (reports often carry the next day's dateline), and must fit no other
    year within PAST_REF_HORIZON_YEARS, so neither clue alone decides.
    """
    refs = _past_references(body)
    # Only the lead's weekday: later weekdays are side events ("arrived on Sunday").
    weekdays = {WEEKDAYS[m.group("w").lower().rstrip(".")] for m in _ON_WEEKDAY_RE.finditer(lead)}
    if not refs or len(weekdays) != 1:
        return None
    wd = weekdays.pop()
    bound = max(refs)
    cands = []
    for y in range(bound.year, bound.year + PAST_REF_HORIZON_YEARS + 1):
        d = mk_date(y, partial.month, partial.day or 1)
        if d is None or d <= bound or not plausible(d):
            continue
        cands.append(d)
    if not cands:
        return None
    first = cands[0]
    fits = [d for d in cands if wd in (d.weekday(), (d - dt.timedelta(days=1)).weekday())]
    if fits != [first] or len(cands) < PAST_REF_HORIZON_YEARS:
        # Either the weekday fits another year too, or too few years remain to rule them out.
        return None
    ref = max(refs)
    return DateInfo(first, "day", f"inferred: past reference {ref:%B %Y} and weekday")

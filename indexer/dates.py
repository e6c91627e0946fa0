"""Publication dates: parse given values, datelines and dates in text; never guess a year.

A wrong date hides an article from a reader filtering by date, an unknown one does not, so every
function here returns None rather than a date it cannot justify from the text or metadata.

Size: one grammar of dates in text (patterns, partial dates, datelines, inference from story-mates) that
shares its patterns; its split into patterns and policy is not done yet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil import parser as du_parser

from archive.days import month_end

__all__ = [
    "DateInfo",
    "PartialDate",
    "parse_given_date",
    "find_dateline",
    "date_from_text",
    "infer_from_mates",
    "date_in_line",
]

MIN_YEAR = 1800
# Story-mates are reports of one event: published within a few days of each other.
MATE_WINDOW_DAYS = 3
# A past reference bounds the year from below only; we accept the year it implies when the stated
# weekday rules out every other year this many years ahead (see _infer_from_past_reference).
PAST_REF_HORIZON_YEARS = 5


@dataclass(frozen=True)
class DateInfo:
    """A publication date, how precisely it is known and where it came from."""

    date: dt.date
    precision: str
    source: str
    tz: str | None = None
    time: str | None = None  # time of day as the source gives it, "HH:MM" or "HH:MM:SS" (in `tz` if known)

    def iso(self) -> str:
        """ "YYYY-MM-DD"; month and year precision give the first day of the period."""
        d = self.date
        if self.precision == "year":
            d = d.replace(month=1, day=1)
        elif self.precision == "month":
            d = d.replace(day=1)
        return d.isoformat()


@dataclass(frozen=True)
class PartialDate:
    """A month (and maybe day) stated without a year, kept for later inference."""

    month: int
    day: int | None
    source: str


# ---------------------------------------------------------------- vocabulary

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\.?"
)
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:1[89]\d\d|2[01]\d\d)"

# "Mar 12", "March 12, 2019", "12 March 2019", "12th of March"
_MD = rf"(?P<m1>{_MONTH_RE})\s+(?P<d1>{_DAY_RE})(?:,?\s+(?P<y1>{_YEAR_RE}))?"
_DM = rf"(?P<d2>{_DAY_RE})\s+(?:of\s+)?(?P<m2>{_MONTH_RE}),?(?:\s+(?P<y2>{_YEAR_RE}))?"
_NUMERIC = r"(?P<y3>" + _YEAR_RE + r")[-/.](?P<m3>0?[1-9]|1[0-2])[-/.](?P<d3>0?[1-9]|[12]\d|3[01])"
_DATE_RE = re.compile(rf"(?:{_MD}|{_DM}|{_NUMERIC})(?![\w-])", re.I)

# Month names of other common languages (French, German, Spanish, Italian, Portuguese, Dutch), with and
# without accents. Used only where a whole line (or a metadata value) must be a date, and in datelines,
# so short forms such as Portuguese "out" or Italian "set" never turn a sentence into a date.
FOREIGN_MONTHS = {
    **dict.fromkeys(
        [
            "janvier",
            "janv",
            "januar",
            "jänner",
            "jaenner",
            "jän",
            "enero",
            "ene",
            "gennaio",
            "gen",
            "janeiro",
            "januari",
        ],
        1,
    ),
    **dict.fromkeys(
        ["février", "fevrier", "févr", "fevr", "februar", "febrero", "febbraio", "fevereiro", "fev", "februari"], 2
    ),
    **dict.fromkeys(["mars", "märz", "maerz", "marz", "marzo", "março", "marco", "maart", "mrt"], 3),
    **dict.fromkeys(["avril", "avr", "abril", "abr", "aprile"], 4),
    **dict.fromkeys(["mai", "mayo", "maggio", "mag", "maio", "mei"], 5),
    **dict.fromkeys(["juin", "juni", "junio", "giugno", "giu", "junho"], 6),
    **dict.fromkeys(["juillet", "juil", "juli", "julio", "luglio", "lug", "julho"], 7),
    **dict.fromkeys(["août", "aout", "agosto", "ago", "augustus"], 8),
    **dict.fromkeys(["septembre", "septiembre", "setiembre", "settembre", "set", "setembro"], 9),
    **dict.fromkeys(["octobre", "oktober", "okt", "octubre", "ottobre", "ott", "outubro", "out"], 10),
    **dict.fromkeys(["novembre", "noviembre", "novembro"], 11),
    **dict.fromkeys(["décembre", "decembre", "déc", "dezember", "dez", "diciembre", "dic", "dicembre", "dezembro"], 12),
}
_FOREIGN_MONTH_RE = "(?:" + "|".join(re.escape(k) for k in sorted(FOREIGN_MONTHS, key=len, reverse=True)) + r")\.?"
_FOREIGN_WEEKDAY_RE = (
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag"
    r"|samstag|sonnabend|sonntag|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|luned[ìi]"
    r"|marted[ìi]|mercoled[ìi]|gioved[ìi]|venerd[ìi]|sabato|domenica|segunda(?:-feira)?|ter[çc]a(?:-feira)?"
    r"|quarta(?:-feira)?|quinta(?:-feira)?|sexta(?:-feira)?|maandag|dinsdag|woensdag|donderdag|vrijdag"
    r"|zaterdag|zondag)"
)
# "12 mars 2019", "12. März 2019", "9 de enero de 2014", "1er avril 2020", "12 maart 2019"
_DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])"
_FOREIGN_DM = (
    rf"(?P<d4>{_DAY_NUM}(?:er|º|°|\.)?)\s*(?:de\s+)?(?P<m4>{_FOREIGN_MONTH_RE}),?"
    rf"(?:\s+(?:(?:de|del)\s+)?(?P<y4>{_YEAR_RE}))?"
)
# Numeric forms beyond ISO: "12.03.2019" (day first wherever dots are used), "2019年3月12日",
# "2019년 3월 12일", and "21/01/2019" only when the order is unambiguous (one number above 12).
_DOTTED = rf"(?P<d5>{_DAY_NUM})\.(?P<m5>0?[1-9]|1[0-2])\.(?P<y5>{_YEAR_RE})"
_CJK = rf"(?P<y6>{_YEAR_RE})\s*[年년]\s*(?P<m6>0?[1-9]|1[0-2])\s*[月월]\s*(?P<d6>{_DAY_NUM})\s*[日일]"
_SLASHED = rf"(?P<a7>\d{{1,2}})/(?P<b7>\d{{1,2}})/(?P<y7>{_YEAR_RE})"
# The English order with another language's month, as blog themes print it: "Juli 12, 2017" (year required).
_FOREIGN_MDY = rf"(?P<m8>{_FOREIGN_MONTH_RE})\s+(?P<d8>{_DAY_NUM}),?\s+(?P<y8>{_YEAR_RE})"
_INTL_DATE_RE = re.compile(
    rf"(?<![\w.]){_FOREIGN_DM}(?![\w-])|(?<![\w./]){_DOTTED}(?![\w.])|(?<!\d){_CJK}|(?<![\w./]){_SLASHED}(?![\w/])"
    rf"|(?<![\w.]){_FOREIGN_MDY}(?![\w-])",
    re.I,
)


def _mk_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _today_limit() -> dt.date:
    # A publication date cannot lie in the future (a day of slack for time zones).
    return dt.date.today() + dt.timedelta(days=1)


def _plausible(d: dt.date) -> bool:
    return MIN_YEAR <= d.year and d <= _today_limit()


def _norm_tz(t: str | None) -> str | None:
    """'Z' -> '+00:00', '+0530' -> '+05:30'; None stays None."""
    if not t:
        return None
    if t.upper() == "Z":
        return "+00:00"
    m = re.fullmatch(r"([+-])(\d\d):?(\d\d)?", t)
    if not m:
        return None
    return f"{m.group(1)}{m.group(2)}:{m.group(3) or '00'}"


def _tz_from_offset(off: dt.timedelta | None) -> str | None:
    if off is None:
        return None
    total = int(off.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{sign}{total // 60:02d}:{total % 60:02d}"


# ---------------------------------------------------------------- given values

_ISO_RE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?P<tz>Z|[+-]\d\d:?\d\d|[+-]\d\d)?)?)?)?"
)
_COMPACT_RE = re.compile(r"(?P<y>\d{4})(?P<m>\d\d)(?P<d>\d\d)(?:T\d{4,6}(?P<tz>Z|[+-]\d{4})?)?")


def parse_given_date(value: str) -> DateInfo | None:
    """A date from metadata or a JSON field: ISO 8601 first, then common written forms.

    The precision is what the value states ("2020-09" is a month); a value without a year is None.
    """
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 100:
        return None
    m = _ISO_RE.fullmatch(s) or _COMPACT_RE.fullmatch(s)
    if m:
        y = int(m.group("y"))
        mo = int(m.group("m")) if m.group("m") else None
        d = int(m.group("d")) if m.group("d") else None
        tz = _norm_tz(m.group("tz"))
        if mo is None:
            date, prec = _mk_date(y, 1, 1), "year"
        elif d is None:
            date, prec = _mk_date(y, mo, 1), "month"
        else:
            date, prec = _mk_date(y, mo, d), "day"
        if date is None or not _plausible(date):
            return None
        return DateInfo(date, prec, "given", tz, _clock(m.groupdict().get("time")) if prec == "day" else None)
    return _parse_written(s, "given")


def _parse_written(s: str, source: str) -> DateInfo | None:
    """Parse a written date ("Tue, 12 Mar 2019 10:00:00 +0000", "March 2019") with dateutil.

    Two different defaults reveal which parts the string really states, so no part is invented.
    """
    if not re.search(r"\d", s):
        return None
    if re.search(r"\d[./]\d{1,2}[./]\d", s):
        # "12.03.2019" is day first; "03/04/2019" may be either: dateutil would guess month first.
        return date_in_line(s, source)
    dashed = re.search(r"(?<![\d-])(\d{1,2})-(\d{1,2})-\d{4}(?![\d-])", s)
    if dashed and int(dashed.group(1)) != int(dashed.group(2)) and max(map(int, dashed.groups())) <= 12:
        return None  # "02-12-2025" is 2 December in Bristol, 12 February in Boston: never guessed
    try:
        a = du_parser.parse(s, default=dt.datetime(2000, 1, 1), fuzzy=False)
        b = du_parser.parse(s, default=dt.datetime(2001, 2, 2), fuzzy=False)
    except (ValueError, OverflowError, TypeError, du_parser.ParserError):
        return date_in_line(s, source)  # what dateutil cannot read ("jueves, 09 enero 2014")
    if a.year != b.year:
        return None  # no year stated: never guess one
    if a.month != b.month:
        prec = "year"
    elif a.day != b.day:
        prec = "month"
    else:
        prec = "day"
    date = a.date()
    if prec != "day":
        date = date.replace(day=1) if prec == "month" else date.replace(month=1, day=1)
    if not _plausible(date):
        return None
    tz = _tz_from_offset(a.utcoffset()) if a.tzinfo is not None else None
    # a time only where the string states one (both defaults give midnight otherwise)
    stated = prec == "day" and re.search(r"\d:\d\d", s)
    return DateInfo(date, prec, source, tz, _clock(a.strftime("%H:%M:%S")) if stated else None)


def _clock(value: str | None) -> str | None:
    """ "HH:MM" or "HH:MM:SS" from a stated time ("15:01:01.79" -> "15:01:01", "9:05" -> "09:05")."""
    if not value:
        return None
    parts = re.split(r"[.,]", value)[0].split(":")
    try:
        h, mi, *sec = (int(p) for p in parts)
    except ValueError:
        return None
    if not (0 <= h < 24 and 0 <= mi < 60) or (sec and not 0 <= sec[0] < 61):
        return None
    return f"{h:02d}:{mi:02d}" + (f":{sec[0]:02d}" if sec and sec[0] else "")


# ---------------------------------------------------------------- datelines

# Place in capitals ("NEW DELHI", "RIO DE JANEIRO", "WASHINGTON D.C."), optionally ", Country".
_PLACE = (
    r"[A-Z][A-Z.'’\-]+(?:[ /][A-Z][A-Z.'’\-]*){0,4}"
    rf"(?:,\s+(?!(?i:{_MONTH_RE})\s*\d)[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+\.?)?)?"  # ", France", not ", Mar 12"
)
_DL_DATE = (
    rf"(?i:{_MONTH_RE}\s+{_DAY_RE}(?:,?\s+{_YEAR_RE})?|{_DAY_RE}\s+{_MONTH_RE}(?:\s+{_YEAR_RE})?"
    rf"|{_DAY_NUM}\.?\s+{_FOREIGN_MONTH_RE}(?:\s+{_YEAR_RE})?)"
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


def _paragraphs(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def find_dateline(text: str) -> str | None:
    """The dateline opening the first body paragraph ("NEW DELHI, Mar 12 (Agencies)"), or None.

    The first few lines are tried because headlines and page furniture may precede the body;
    a dateline must open its line and carry a date, an agency or a dash after the place.
    """
    if not isinstance(text, str):
        return None
    for line in _paragraphs(text[:5000])[:_DATELINE_LINES]:
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


# ---------------------------------------------------------------- dates in text


def _match_to_parts(m: re.Match[str]) -> tuple[int | None, int, int | None]:
    """(year or None, month, day) from a _DATE_RE match."""
    if m.group("m1"):
        mon, day, year = m.group("m1"), m.group("d1"), m.group("y1")
    elif m.group("m2"):
        mon, day, year = m.group("m2"), m.group("d2"), m.group("y2")
    else:
        return int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))
    month = MONTHS[mon.lower().rstrip(".")]
    return (int(year) if year else None), month, int(re.sub(r"\D", "", day))


def _intl_parts(m: re.Match[str]) -> tuple[int | None, int, int | None] | None:
    """(year or None, month, day) from an _INTL_DATE_RE match; None for an ambiguous "03/04/2019"."""
    if m.group("m4"):
        year = m.group("y4")
        month = FOREIGN_MONTHS[m.group("m4").lower().rstrip(".")]
        return (int(year) if year else None), month, int(re.sub(r"\D", "", m.group("d4")))
    if m.group("y5"):
        return int(m.group("y5")), int(m.group("m5")), int(m.group("d5"))
    if m.group("y6"):
        return int(m.group("y6")), int(m.group("m6")), int(m.group("d6"))
    if m.group("m8"):
        return int(m.group("y8")), FOREIGN_MONTHS[m.group("m8").lower().rstrip(".")], int(m.group("d8"))
    a, b = int(m.group("a7")), int(m.group("b7"))
    if a > 12 and 1 <= b <= 12:
        return int(m.group("y7")), b, a
    if b > 12 and 1 <= a <= 12:
        return int(m.group("y7")), a, b
    return None


def _search_dates(text: str) -> list[tuple[re.Match[str], tuple[int | None, int, int | None]]]:
    """The first English-form date in `text`, then the first date in another language or numeric form."""
    out = []
    m = _DATE_RE.search(text)
    if m:
        out.append((m, _match_to_parts(m)))
    for m in _INTL_DATE_RE.finditer(text):
        parts = _intl_parts(m)
        if parts is not None:
            out.append((m, parts))
            break
    return out


_LABELS = (
    r"(?:published|posted|first published|submitted|date|dated|publication date|issued|created|on|at|last"
    # French, German, Spanish, Italian, Portuguese, Dutch: "Publié le", "Veröffentlicht am", ...
    r"|publié|publiée|mis en ligne|le|du|veröffentlicht|erschienen|am|vom|datum|publicado|publicada|el|fecha"
    r"|pubblicato|pubblicata|il|data|em|gepubliceerd|geplaatst|op)"
)
_UPDATED = re.compile(
    r"^\W*(?:last\s+)?(?:updated|modified|edited|mis à jour|modifié|actualisé|aktualisiert|geändert"
    r"|actualizado|actualizada|modificado|aggiornato|aggiornata|modificato|atualizado|atualizada"
    r"|bijgewerkt|gewijzigd)\b",
    re.I,
)
_TIME = r"\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?|\d{1,2}h\d{2}"
_TZ_WORD = r"(?:[A-Z]{2,5}|GMT[+-]\d{1,2}(?::?\d\d)?|UTC[+-]\d{1,2}(?::?\d\d)?|[+-]\d\d:?\d\d)"


def _standalone_date(line: str) -> tuple[int | None, int, int, str | None] | None:
    """A line that is nothing but a date ("October 21, 2010 09:43 IST", "Published: 12 Mar 2019").

    Returns (year or None, month, day, tz) or None. Lines that say "updated" are skipped: the
    publication date is wanted, not the last edit.
    """
    if len(line) > 80 or _UPDATED.match(line):
        return None
    for m, (year, month, day) in _search_dates(line):
        before, after = line[: m.start()], line[m.end() :]
        before = re.sub(rf"(?i)\b{_LABELS}\b|\b{_WEEKDAY_RE}|\b{_FOREIGN_WEEKDAY_RE}\.?|[\s,:|\-–—•·]+", " ", before)
        if before.strip():
            continue
        tz = None
        tzm = re.search(r"([+-]\d\d:?\d\d)\b", after)
        if tzm:
            tz = _norm_tz(tzm.group(1))
        rest = re.sub(rf"(?i)\b(?:at|à|a|um|alle|às|om|ore|las|uhr|h|hrs)\b|{_TIME}", " ", after)
        rest = re.sub(rf"\b{_TZ_WORD}\b|[\s,:|()\-–—•·.]+", " ", rest)
        if rest.strip():
            continue
        if day is None:
            continue
        return year, month, day, tz
    return None


def date_in_line(line: str, source: str) -> DateInfo | None:
    """A full date (with year) that a short line consists of, such as a page's byline date."""
    found = _standalone_date(_clean_line(line))
    if not found or found[0] is None:
        return None
    year, month, day, tz = found
    return _full_or_partial(year, month, day, source, tz)[0]


def _clean_line(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


_FIRST_LINES = 6


def _full_or_partial(
    year: int | None, month: int, day: int | None, source: str, tz: str | None = None
) -> tuple[DateInfo | None, PartialDate | None]:
    if year is not None:
        d = _mk_date(year, month, day or 1)
        if d is not None and _plausible(d):
            return DateInfo(d, "day" if day else "month", source, tz), None
        return None, None
    if day is not None and _mk_date(2000, month, day) is None:  # 2000 is a leap year
        return None, None
    return None, PartialDate(month, day, source)


def date_from_text(body: str, dateline: str | None) -> tuple[DateInfo | None, PartialDate | None]:
    """The date a text states for itself: its dateline, else a date standing alone in its first lines.

    A day and month without year give a PartialDate, and a DateInfo only where the text pins the
    year itself (source "inferred: ..."); dates inside sentences are events, not publication dates.
    """
    if not isinstance(body, str):
        body = ""
    partial: PartialDate | None = None
    lead_at = 0  # where the lead sentence starts: it says when the news happened
    if dateline:
        lead_at = max(body.find(dateline), 0)
        found = _search_dates(dateline)
        if found:
            year, month, day = found[0][1]
            info, partial = _full_or_partial(year, month, day, "dateline")
            if info:
                return info, None
    if partial is None:
        for line in _paragraphs(body[:3000])[:_FIRST_LINES]:
            standalone = _standalone_date(line)
            if standalone:
                year, month, day, tz = standalone
                info, partial = _full_or_partial(year, month, day, "text", tz)
                if info:
                    return info, None
                if partial:
                    lead_at = max(body.find(line) + len(line), 0)
                    break
    if partial is None:
        return None, None
    return _pin_year(partial, body, _lead_sentence(body[lead_at:])), partial


def _lead_sentence(text: str) -> str:
    return next((s for s in _sentences(text) if len(s.split()) >= 6), "")


# ---------------------------------------------------------------- pinning a year from the text itself

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
_MONTH_YEAR_RE = re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<y>{_YEAR_RE})\b", re.I)
# A past reference is introduced as a point in time: "(visit) in September 2018", "since March 2017".
_PAST_INTRO = re.compile(r"\b(?:in|since|on|during|of|from)\s+$", re.I)
_ON_WEEKDAY_RE = re.compile(rf"\b(?:on|last|this)\s+(?P<w>{_WEEKDAY_RE})(?![\w])", re.I)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+|\n+", text)


def _pin_year(partial: PartialDate, body: str, lead: str) -> DateInfo | None:
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
    for m in _DATE_RE.finditer(body):
        year, month, day = _match_to_parts(m)
        if year and month == partial.month and day == partial.day:
            years.add(year)
    if len(years) == 1:
        d = _mk_date(years.pop(), partial.month, partial.day or 1)
        if d and _plausible(d):
            return DateInfo(d, "day", "inferred: same day with year in text")
    return None


def _past_references(body: str) -> list[dt.date]:
    """Ends of the periods the text names with a year and speaks of as past."""
    out: list[dt.date] = []
    for sent in _sentences(body):
        if _FUTURE_CUE.search(sent) or not _PAST_CUE.search(sent):
            continue
        for m in _DATE_RE.finditer(sent):
            year, month, day = _match_to_parts(m)
            if year and _PAST_INTRO.search(sent[max(m.start() - 12, 0) : m.start()]):
                d = _mk_date(year, month, day or 1)
                if d:
                    out.append(d)
        for m in _MONTH_YEAR_RE.finditer(sent):
            if not _PAST_INTRO.search(sent[max(m.start() - 12, 0) : m.start()]):
                continue
            y, mo = int(m.group("y")), MONTHS[m.group("m").lower().rstrip(".")]
            last = (_mk_date(y + (mo == 12), mo % 12 + 1, 1) or dt.date(y, 12, 31)) - dt.timedelta(days=1)
            out.append(last)
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
        d = _mk_date(y, partial.month, partial.day or 1)
        if d is None or d <= bound or not _plausible(d):
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


# ---------------------------------------------------------------- story-mates


def infer_from_mates(partial: PartialDate, mates: Iterable[DateInfo]) -> DateInfo | None:
    """A year from story-mates: a day-precision mate within MATE_WINDOW_DAYS of the month/day.

    All fitting mates must agree on one date; disagreement leaves the date unknown.
    """
    found: set[dt.date] = set()
    for mate in mates:
        if not isinstance(mate, DateInfo) or mate.precision != "day":
            continue
        for y in (mate.date.year - 1, mate.date.year, mate.date.year + 1):
            if partial.day is None:
                start = _mk_date(y, partial.month, 1)
                if start is None:
                    continue
                lo, hi = (
                    start - dt.timedelta(days=MATE_WINDOW_DAYS),
                    month_end(y, partial.month) + dt.timedelta(days=MATE_WINDOW_DAYS),
                )
                if lo <= mate.date <= hi:
                    found.add(start)
            else:
                d = _mk_date(y, partial.month, partial.day)
                if d and abs((d - mate.date).days) <= MATE_WINDOW_DAYS:
                    found.add(d)
    if len(found) != 1:
        return None
    d = found.pop()
    if not _plausible(d):
        return None
    return DateInfo(d, "day" if partial.day else "month", "inferred: story-mate")

"""Dates given as metadata or a JSON field: ISO 8601 first, then written forms read with dateutil."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as du_parser

from .lines import date_in_line
from .values import DateInfo, mk_date, norm_tz, plausible


def _tz_from_offset(off: dt.timedelta | None) -> str | None:
    if off is None:
        return None
    total = int(off.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{sign}{total // 60:02d}:{total % 60:02d}"


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
        tz = norm_tz(m.group("tz"))
        if mo is None:
            date, prec = mk_date(y, 1, 1), "year"
        elif d is None:
            date, prec = mk_date(y, mo, 1), "month"
        else:
            date, prec = mk_date(y, mo, d), "day"
        if date is None or not plausible(date):
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
    if not plausible(date):
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

"""The grammar of a date in text: month and weekday names (English and six other languages), the patterns of a
date, and the (year, month, day) a match states."""

from __future__ import annotations

import re

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
MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY_RE = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\.?"
)
DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR_RE = r"(?:1[89]\d\d|2[01]\d\d)"

# "Mar 12", "March 12, 2019", "12 March 2019", "12th of March"
_MD = rf"(?P<m1>{MONTH_RE})\s+(?P<d1>{DAY_RE})(?:,?\s+(?P<y1>{YEAR_RE}))?"
_DM = rf"(?P<d2>{DAY_RE})\s+(?:of\s+)?(?P<m2>{MONTH_RE}),?(?:\s+(?P<y2>{YEAR_RE}))?"
_NUMERIC = r"(?P<y3>" + YEAR_RE + r")[-/.](?P<m3>0?[1-9]|1[0-2])[-/.](?P<d3>0?[1-9]|[12]\d|3[01])"
DATE_RE = re.compile(rf"(?:{_MD}|{_DM}|{_NUMERIC})(?![\w-])", re.I)

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
FOREIGN_MONTH_RE = "(?:" + "|".join(re.escape(k) for k in sorted(FOREIGN_MONTHS, key=len, reverse=True)) + r")\.?"
FOREIGN_WEEKDAY_RE = (
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag"
    r"|samstag|sonnabend|sonntag|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|luned[ìi]"
    r"|marted[ìi]|mercoled[ìi]|gioved[ìi]|venerd[ìi]|sabato|domenica|segunda(?:-feira)?|ter[çc]a(?:-feira)?"
    r"|quarta(?:-feira)?|quinta(?:-feira)?|sexta(?:-feira)?|maandag|dinsdag|woensdag|donderdag|vrijdag"
    r"|zaterdag|zondag)"
)
# "12 mars 2019", "12. März 2019", "9 de enero de 2014", "1er avril 2020", "12 maart 2019"
DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])"
_FOREIGN_DM = (
    rf"(?P<d4>{DAY_NUM}(?:er|º|°|\.)?)\s*(?:de\s+)?(?P<m4>{FOREIGN_MONTH_RE}),?"
    rf"(?:\s+(?:(?:de|del)\s+)?(?P<y4>{YEAR_RE}))?"
)
# Numeric forms beyond ISO: "12.03.2019" (day first wherever dots are used), "2019年3月12日",
# "2019년 3월 12일", and "21/01/2019" only when the order is unambiguous (one number above 12).
_DOTTED = rf"(?P<d5>{DAY_NUM})\.(?P<m5>0?[1-9]|1[0-2])\.(?P<y5>{YEAR_RE})"
_CJK = rf"(?P<y6>{YEAR_RE})\s*[年년]\s*(?P<m6>0?[1-9]|1[0-2])\s*[月월]\s*(?P<d6>{DAY_NUM})\s*[日일]"
_SLASHED = rf"(?P<a7>\d{{1,2}})/(?P<b7>\d{{1,2}})/(?P<y7>{YEAR_RE})"
# The English order with another language's month, as blog themes print it: "Juli 12, 2017" (year required).
_FOREIGN_MDY = rf"(?P<m8>{FOREIGN_MONTH_RE})\s+(?P<d8>{DAY_NUM}),?\s+(?P<y8>{YEAR_RE})"
_INTL_DATE_RE = re.compile(
    rf"(?<![\w.]){_FOREIGN_DM}(?![\w-])|(?<![\w./]){_DOTTED}(?![\w.])|(?<!\d){_CJK}|(?<![\w./]){_SLASHED}(?![\w/])"
    rf"|(?<![\w.]){_FOREIGN_MDY}(?![\w-])",
    re.I,
)


def match_to_parts(m: re.Match[str]) -> tuple[int | None, int, int | None]:
    """(year or None, month, day) from a DATE_RE match."""
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


def search_dates(text: str) -> list[tuple[re.Match[str], tuple[int | None, int, int | None]]]:
    """The first English-form date in `text`, then the first date in another language or numeric form."""
    out = []
    m = DATE_RE.search(text)
    if m:
        out.append((m, match_to_parts(m)))
    for m in _INTL_DATE_RE.finditer(text):
        parts = _intl_parts(m)
        if parts is not None:
            out.append((m, parts))
            break
    return out

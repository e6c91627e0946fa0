"""A line that is nothing but a date ("Published: 12 Mar 2019 09:43 IST"): a page's byline, a body's first
lines."""

from __future__ import annotations

import re

from .patterns import FOREIGN_WEEKDAY_RE, WEEKDAY_RE, search_dates
from .values import DateInfo, full_or_partial, norm_tz


def paragraphs(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


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


def standalone_date(line: str) -> tuple[int | None, int, int, str | None] | None:
    """A line that is nothing but a date ("October 21, 2010 09:43 IST", "Published: 12 Mar 2019").

    Returns (year or None, month, day, tz) or None. Lines that say "updated" are skipped: the
    publication date is wanted, not the last edit.
    """
    if len(line) > 80 or _UPDATED.match(line):
        return None
    for m, (year, month, day) in search_dates(line):
        before, after = line[: m.start()], line[m.end() :]
        before = re.sub(rf"(?i)\b{_LABELS}\b|\b{WEEKDAY_RE}|\b{FOREIGN_WEEKDAY_RE}\.?|[\s,:|\-–—•·]+", " ", before)
        if before.strip():
            continue
        tz = None
        tzm = re.search(r"([+-]\d\d:?\d\d)\b", after)
        if tzm:
            tz = norm_tz(tzm.group(1))
        rest = re.sub(rf"(?i)\b(?:at|à|a|um|alle|às|om|ore|las|uhr|h|hrs)\b|{_TIME}", " ", after)
        rest = re.sub(rf"\b{_TZ_WORD}\b|[\s,:|()\-–—•·.]+", " ", rest)
        if rest.strip():
            continue
        if day is None:
            continue
        return year, month, day, tz
    return None


def _clean_line(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def date_in_line(line: str, source: str) -> DateInfo | None:
    """A full date (with year) that a short line consists of, such as a page's byline date."""
    found = standalone_date(_clean_line(line))
    if not found or found[0] is None:
        return None
    year, month, day, tz = found
    return full_or_partial(year, month, day, source, tz)[0]


def date_on_short_line(line: str, source: str) -> DateInfo | None:
    """The first full date (with year and day) in a short line, whatever words surround it: "Updated
    March 12, 2020", "By Jane Doe | 12 Mar 2019". What a page shows a reader, not only publication lines."""
    for _, (year, month, day) in search_dates(_clean_line(line)):
        if year is not None and day is not None:
            info = full_or_partial(year, month, day, source)[0]
            if info is not None:
                return info
    return None


def says_updated(line: str) -> bool:
    """A line that is only an update label ("Updated", "Last updated:", "Updated on")."""
    return bool(_UPDATED.match(line)) and len(re.sub(r"(?i)\bon\b|\W", "", _UPDATED.sub("", line))) == 0

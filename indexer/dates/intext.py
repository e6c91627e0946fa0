"""The date a text states for itself: its dateline, else a date standing alone in its first lines."""

from __future__ import annotations

from .lines import paragraphs, standalone_date
from .patterns import search_dates
from .pinning import lead_sentence, pin_year
from .values import DateInfo, PartialDate, full_or_partial

_FIRST_LINES = 6


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
        found = search_dates(dateline)
        if found:
            year, month, day = found[0][1]
            info, partial = full_or_partial(year, month, day, "dateline")
            if info:
                return info, None
    if partial is None:
        for line in paragraphs(body[:3000])[:_FIRST_LINES]:
            standalone = standalone_date(line)
            if standalone:
                year, month, day, tz = standalone
                info, partial = full_or_partial(year, month, day, "text", tz)
                if info:
                    return info, None
                if partial:
                    lead_at = max(body.find(line) + len(line), 0)
                    break
    if partial is None:
        return None, None
    return pin_year(partial, body, lead_sentence(body[lead_at:])), partial

"""Stage date: the date fields of a record, and the dates inferred from story-mates once stories are known.

A date is read with the article (indexer/article.py, from what was given, the page or the text); an article that
states a month and day but no year takes the year its story-mates give, here, after the relate stage.
"""

from __future__ import annotations

from datetime import date

from archive.record import ArticleRecord
from archive.store import Store

from .dates import DateInfo, PartialDate, infer_from_mates


def set_date(rec: ArticleRecord, info: DateInfo | None) -> None:
    """The record's date fields from `info` (all None when the date is unknown)."""
    rec.date = info.iso() if info else None
    rec.date_precision = info.precision if info else None
    rec.date_source = info.source if info else None
    rec.date_tz = info.tz if info else None
    rec.time = info.time if info else None


def known_day(rec: ArticleRecord) -> date | None:
    """The article's day, when it is known to the day."""
    return date.fromisoformat(rec.date) if rec.date and rec.date_precision == "day" else None


def mate_date(store: Store, art_id: str) -> DateInfo | None:
    rec = store.get(art_id)
    if not rec or not rec.date or rec.date_precision != "day":
        return None
    return DateInfo(date.fromisoformat(rec.date), "day", rec.date_source or "given", rec.date_tz, rec.time)


def infer_dates(store: Store, pending: list[str], members: dict[str, list[str]]) -> None:
    """Dates of the `pending` articles (a month and day without a year, in store order) from their story-mates;
    an inferred date counts for the mates after it."""
    for art_id in pending:
        rec = store.need(art_id)
        mates = [mate_date(store, m) for m in members[rec.story_id] if m != rec.id]
        inferred = infer_from_mates(PartialDate(**(rec.partial_date or {})), [m for m in mates if m])
        if inferred:
            set_date(rec, inferred)
            store.put(rec)

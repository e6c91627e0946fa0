"""Stored article records (archive/record.py) as the answers show them: a hit of a results page, an article, an
export row.

The fields they share are written once (`shared_fields`); URLs are the web layer's (web/urls.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from whoosh import query as wq

from archive.record import ArticleRecord

from .generation import Generation
from .memo import Recent
from .snippets import query_terms, snippet

SNIPPET_SCAN_CHARS = 200_000  # snippets come from the body's start: a 50 MB article must not cost seconds a page
SNIPPETS_KEPT = 20_000  # recent hits' snippets kept per generation (about 10 MB)


def shared_fields(rec: ArticleRecord, members: list[str]) -> dict:
    """The fields an API hit and an article share; `members`: its story's articles."""
    return {
        "id": rec.id,
        "title": rec.title,
        "date": rec.date,
        "date_precision": rec.date_precision,
        "persons": rec.persons or [],
        "orgs": rec.orgs or [],
        "resolutions": rec.resolutions or [],
        "source": rec.source,
        "story": rec.story_id,
        "versions": [m for m in members if m != rec.id],
    }


def page_hits(gen: Generation, ords: np.ndarray, q: wq.Query | None) -> list[dict]:
    """The hits of a results page, in the order of `ords`, each with its snippet."""
    store = gen.store()
    recs = store.get_many(ords.tolist())
    stories = store.story_members_many([rec.story_id for rec in recs.values()])
    out = []
    for o in ords.tolist():
        rec = recs.get(o)
        if rec is None:
            continue
        hit = shared_fields(rec, stories.get(rec.story_id, []))
        hit["snippet"] = hit_snippet(gen, rec, q)
        hit["dateline"] = rec.dateline
        hit["date_source"] = rec.date_source
        out.append(hit)
    return out


def hit_snippet(gen: Generation, rec: ArticleRecord, q: wq.Query | None) -> str:
    """A hit's snippet. The most recent are kept per generation, by article and the query's highlighted words (all
    a snippet depends on besides the article): a query's other pages, sorts, filters and formats show many of
    the same articles again, and a snippet costs about a fifth of a results page."""
    memo = gen.derived("snippets", lambda: Recent[str](SNIPPETS_KEPT))
    return memo.get((rec.id, query_terms(q)),
                    lambda: snippet(gen.snippet_analyzer, rec.body[:SNIPPET_SCAN_CHARS], q))


def article(gen: Generation, art_id: str) -> dict | None:
    """An article's full record with API fields, or None."""
    store = gen.store()
    rec = store.get(art_id)
    if rec is None:
        return None
    out = shared_fields(rec, store.story_members(rec.story_id))
    out.update(
        body=rec.body,
        sources=rec.sources,
        dateline=rec.dateline,
        title_derived=rec.title_derived,
        body_missing=rec.body_missing,
        date_source=rec.date_source,
        date_unknown_because=rec.date_unknown_because,
        date_tz=rec.date_tz,
        time=rec.time,
        original_url=rec.original_url,
        authors=rec.authors,
        related=rec.related or [],
        resolution_labels=rec.resolution_labels or {},
    )
    return out


def export_rows(gen: Generation, ords: np.ndarray) -> Iterator[dict]:
    """Every article of `ords` as an export row (its story's other versions are not listed), fetched in chunks."""
    for _o, rec in gen.store().in_order(ords.tolist()):
        row = shared_fields(rec, [])
        row.pop("versions")
        row.update(sources=rec.sources, body=rec.body, dateline=rec.dateline, date_source=rec.date_source,
                   original_url=rec.original_url)
        yield row

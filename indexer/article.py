"""From a raw corpus document to an article: headline, body, dateline, date, given metadata."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .dates import DateInfo, PartialDate, date_from_text, find_dateline, parse_given_date
from .htmlpage import parse_page
from .normalize import clean_text_article, normalize_text
from .read import RawDoc

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass
class Article:
    """One distinct article text, with everything read from its source before extraction."""

    id: str
    key: str  # identity of the normalized text: equal keys are identical copies
    title: str
    title_derived: bool
    body: str
    sources: list[str]
    dateline: str | None = None
    date: DateInfo | None = None
    partial_date: PartialDate | None = None
    original_url: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    given: dict = field(default_factory=dict)  # persons / orgs / resolutions given as metadata


def text_key(body: str) -> str:
    """Identity of a text after normalization: case, punctuation and spacing do not make a new article."""
    words = re.findall(r"\w+", body.lower())
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest()


def article_from(doc: RawDoc) -> Article | None:
    """Read one raw document; None when it holds no article text."""
    meta = doc.meta
    url = publisher = None
    authors: list[str] = []
    page_date = None
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    text = doc.text
    if doc.kind == "html":
        page = parse_page(doc.text)
        title = page.title
        text = page.body
        page_date, url, publisher, authors = page.date, page.url, page.site_name, list(page.authors)
    cleaned = clean_text_article(text, title=title)
    if not cleaned.body.strip():
        return None
    dateline = find_dateline(cleaned.body)
    date, partial = date_from_text(cleaned.body, dateline)
    given_date = parse_given_date(str(meta["date"])) if "date" in meta else None
    date = given_date or page_date or date
    key = text_key(cleaned.body)
    given_id = str(meta.get("id", ""))
    art_id = given_id if _SAFE_ID.match(given_id) else key[:16]
    given = {k: _str_list(meta[k]) for k in ("persons", "orgs", "resolutions") if k in meta}
    return Article(
        id=art_id,
        key=key,
        title=cleaned.title,
        title_derived=cleaned.title_derived,
        body=cleaned.body,
        sources=[doc.source],
        dateline=dateline,
        date=date,
        partial_date=None if date else partial,
        original_url=_clean(meta.get("url")) or url,
        publisher=_clean(meta.get("source")) or publisher,
        authors=authors,
        given=given,
    )


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(normalize_text(str(value)).split())
    return text or None


def _str_list(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [s for s in (_clean(x) for x in items) if s]

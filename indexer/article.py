"""From a raw corpus document to an article: headline, body, dateline, date, given metadata."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .dates import DateInfo, PartialDate, date_from_text, find_dateline, parse_given_date
from .htmlpage import parse_page
from .normalize import Cleaned, clean_text_article, fold_line, normalize_text
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
    body_missing: bool = False  # a page where no article text was found: indexed by headline and description
    problem: str | None = None  # how reading the page fell short (htmlpage.PageInfo.problem), for the build summary
    date_unknown_because: str | None = None  # a saved page whose own dates disagree: why it has none


# Fewer words than this are no evidence that two files are copies of one article: a few words of page
# furniture ("Sign up for our newsletter ...") are shared by every page of a site.
MIN_IDENTITY_WORDS = 50
# A page text shorter than this is no article text found (a headline repeated, a site name, a caption).
MIN_BODY_WORDS = 15


def text_key(body: str, *witnesses: str | None) -> str:
    """Identity of a text after normalization: case, punctuation and spacing do not make a new article.

    A body shorter than MIN_IDENTITY_WORDS words is an identity only together with its `witnesses`
    (headline, original URL): two different pages that share a short text stay two articles.
    """
    words = re.findall(r"\w+", body.lower())
    if len(words) < MIN_IDENTITY_WORDS:
        words += ["\x00" + " ".join(re.findall(r"\w+", (w or "").lower())) for w in witnesses]
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest()


def article_from(doc: RawDoc) -> Article | None:
    """Read one raw document; None when it holds no article text."""
    meta = doc.meta
    url = publisher = None
    authors: list[str] = []
    page_date = None
    date_doubt = None
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    text = doc.text
    body_missing = False
    problem = None
    if doc.kind == "html":
        page = parse_page(doc.text)
        title = page.title
        text = page.body
        page_date, url, publisher, authors = page.date, page.url, page.site_name, list(page.authors)
        problem = page.problem
        date_doubt = page.date_unknown_because
    cleaned = clean_text_article(text, title=title)
    if doc.kind == "html" and len(re.findall(r"\w+", cleaned.body)) < MIN_BODY_WORDS:
        # What an extractor finds on a page whose story never loaded is the site's furniture.
        without = _without_body(title, page.description, cleaned.body)
        if without is None:
            return None
        cleaned, body_missing = without, True
    if not cleaned.body.strip() and not body_missing:
        return None
    dateline = find_dateline(cleaned.body)
    given_date = parse_given_date(str(meta["date"])) if "date" in meta else None
    date = partial = None
    if not (given_date or page_date or date_doubt):
        # read from the text only when nothing better is given; not when the page's own dates disagree
        # (a date read from its text would be a guess)
        date, partial = date_from_text(cleaned.body, dateline)
    date = given_date or page_date or date
    key = text_key(cleaned.body, cleaned.title, _clean(meta.get("url")) or url)
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
        body_missing=body_missing,
        problem=problem,
        date_unknown_because=None if date else date_doubt,
    )


def _without_body(title: str | None, description: str | None, found: str) -> Cleaned | None:
    """A page with no article text found: its headline and description stand for it (nothing is lost;
    the few words found are kept when there is no description)."""
    title = fold_line(normalize_text(title or ""))
    body = fold_line(normalize_text(description or "")) or found
    if not title and not body:
        return None
    return Cleaned(title or body, not title, body)


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(normalize_text(str(value)).split())
    return text or None


def _str_list(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [s for s in (_clean(x) for x in items) if s]

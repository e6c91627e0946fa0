"""Every URL the pages, the API and the exports give, built with Flask's `url_for` (the routes' own names)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote_plus

from flask import has_request_context, request, url_for

QUOTED_MAX = 200  # keys and values up to this long are quoted once and kept (a page repeats them in its links)


def article_url(art_id: str) -> str:
    if not has_request_context():
        return url_for("pages.article", art_id=art_id)
    return _article_url(request.script_root, art_id)  # what `url_for` gives depends only on these two


@lru_cache(maxsize=65536)
def _article_url(_script_root: str, art_id: str) -> str:
    return url_for("pages.article", art_id=art_id)


def search_url(params: list[tuple[str, str]] | None = None) -> str:
    """The search page with these parameters."""
    return with_query(url_for("pages.search"), params or [])


def with_query(path: str, params: list[tuple[str, str]]) -> str:
    """`path?urlencode(params)`, byte for byte: the search page's ~150 facet links repeat the same keys and
    values, so each is quoted once."""
    return path + ("?" + "&".join(f"{_quote(str(k))}={_quote(str(v))}" for k, v in params) if params else "")


def _quote(text: str) -> str:
    return _quoted(text) if len(text) <= QUOTED_MAX else quote_plus(text)


@lru_cache(maxsize=65536)
def _quoted(text: str) -> str:
    return quote_plus(text)


def with_url(hit: dict) -> dict:
    """A hit or an article with the URL of its page, where the API has always listed it (after its date)."""
    out = {}
    for key, value in hit.items():
        out[key] = value
        if key == "date_precision":
            out["url"] = article_url(hit["id"])
    return out

"""Every URL the pages, the API and the exports give, built with Flask's `url_for` (the routes' own names)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import url_for


def article_url(art_id: str) -> str:
    return url_for("pages.article", art_id=art_id)


def search_url(params: list[tuple[str, str]] | None = None) -> str:
    """The search page with these parameters."""
    return with_query(url_for("pages.search"), params or [])


def with_query(path: str, params: list[tuple[str, str]]) -> str:
    return path + ("?" + urlencode(params) if params else "")


def with_url(hit: dict) -> dict:
    """A hit or an article with the URL of its page, where the API has always listed it (after its date)."""
    out = {}
    for key, value in hit.items():
        out[key] = value
        if key == "date_precision":
            out["url"] = article_url(hit["id"])
    return out

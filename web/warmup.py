"""What the production server does once before it forks its workers: fill the serving generation's caches and
run one request of each main kind, so that every worker starts with them (shared copy-on-write) instead of
each paying for them on its first requests.

The requests compile the templates and fill the per-generation values (facet orders, date keys, the
did-you-mean words); `search.warm` reads the largest words' postings and positions, and the rarest words'
postings. This thread's searcher and store connection are closed at the end: a worker opens its own (an
SQLite connection must not be used on both sides of a fork).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask

from search import warm as warm_search
from search.generation import NoIndex

WARM_BYTES = 64 * 1024 * 1024  # a quarter of the postings cache: the largest words' postings and positions
RARE_BYTES = 96 * 1024 * 1024  # the rarest words' postings; the rest of the cache is for what requests ask for


def warm(app: Flask) -> warm_search.Warmed | None:
    """Warm the app's serving generation; None when there is no index yet, or when another engine answers the
    full text (its connections must not be opened before the fork, and the caches warmed here are Whoosh's)."""
    handle = app.extensions["archive_index"]
    if handle.backend is not None:
        return None
    try:
        gen = handle.acquire()
    except NoIndex:
        return None
    try:
        warmed = warm_search.warm(gen, WARM_BYTES, RARE_BYTES)
        client = app.test_client()
        client.get("/")
        if warmed.words:
            query = urlencode({"q": warmed.words[0]})
            client.get(f"/search?{query}")
            hits = (client.get(f"/api/search?{query}").get_json() or {}).get("hits") or []
            if hits and hits[0].get("url"):
                client.get(hits[0]["url"])
        return warmed
    finally:
        handle.release(gen)
        gen.close_thread()

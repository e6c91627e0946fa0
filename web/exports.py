"""Every matching article, in order, streamed: CSV, JSON Lines and Atom."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from search.engine import match, ranked_ords
from search.generation import Generation
from search.params import SearchRequest
from search.records import SNIPPET_SCAN_CHARS, export_rows
from search.snippets import snippet

from .spreadsheet import spreadsheet_safe
from .urls import with_url

CSV_COLUMNS = ("id", "title", "date", "date_precision", "source", "dateline", "persons", "orgs", "resolutions",
               "story", "sources", "url", "snippet")
# Spreadsheet programs read a CSV as UTF-8 only when it starts with a byte-order mark.
CSV_BOM = "\ufeff"


def filename(req: SearchRequest, extension: str) -> str:
    """A download's name from its query: `archive-oil-prices.csv`; `archive-search.csv` without one."""
    words = re.findall(r"[a-z0-9]+", req.q.lower())
    slug = "-".join(words)[:60].strip("-") or "search"
    return f"archive-{slug}.{extension}"


def matching_ords(gen: Generation, req: SearchRequest, newest_first: bool = False) -> np.ndarray:
    """Ords of every matching article (stories not collapsed), by the request's order or newest first."""
    if newest_first:
        req = replace(req, sort="newest")
    m = match(gen, req)
    return ranked_ords(gen, req, m, need=int(m.mask.sum()), collapse=False)


def records(gen: Generation, ords: np.ndarray) -> Iterator[dict]:
    """Export rows with their article's URL (on this server)."""
    for row in export_rows(gen, ords):
        yield with_url(row)


def csv_rows(gen: Generation, req: SearchRequest, base_url: str) -> Iterator[str]:
    """The CSV export: absolute article URLs (from the request's host) and the snippet as plain text."""
    buf = io.StringIO()
    buf.write(CSV_BOM)
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL)  # a separator inside a value never starts a new cell
    writer.writerow(CSV_COLUMNS)
    m = match(gen, req)
    ords = ranked_ords(gen, req, m, need=int(m.mask.sum()), collapse=False)
    for rec in records(gen, ords):
        rec["url"] = base_url.rstrip("/") + rec["url"]
        marked = snippet(gen.snippet_analyzer, rec["body"][:SNIPPET_SCAN_CHARS], m.q)
        rec["snippet"] = html.unescape(marked.replace("<mark>", "").replace("</mark>", ""))
        writer.writerow([
            spreadsheet_safe("; ".join(v) if isinstance(v, list) else ("" if v is None else str(v)))
            for v in (rec[c] for c in CSV_COLUMNS)
        ])
        if buf.tell() > 32_000:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def jsonl_rows(gen: Generation, req: SearchRequest) -> Iterator[str]:
    for rec in records(gen, matching_ords(gen, req)):
        yield json.dumps(rec, ensure_ascii=False) + "\n"


# Entry and feed ids are tag URIs (RFC 4151) made from the article id or the query, never from the host the
# server answers on: a feed reader sees the same entry wherever the archive is served.
TAG_PREFIX = "tag:news-archive,2026:"


def atom_feed(gen: Generation, req: SearchRequest, base_url: str, self_url: str) -> Iterator[str]:
    """An Atom feed of the matching articles, newest first."""
    title = f"Archive search: {req.q}" if req.q else "Archive search"
    updated = gen.built_at
    feed_id = TAG_PREFIX + "search?" + urlsplit(self_url).query
    ords = matching_ords(gen, req, newest_first=True)  # before the first line: a refused search is a 400
    yield '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
    yield f"<title>{escape(title)}</title>\n<id>{escape(feed_id)}</id>\n<updated>{escape(updated)}</updated>\n"
    yield f"<link rel=\"self\" href={quoteattr(self_url)}/>\n"
    for rec in records(gen, ords):
        # The archive knows a publication day, not its hour: that is `published`. `updated` is when the
        # archive received its copy (a real instant that a rebuild does not move), not the build time, which
        # would present every article, undated ones included, as news after each rebuild.
        published = f"<published>{rec['date']}T00:00:00Z</published>\n" if rec["date"] else ""
        url = base_url.rstrip("/") + rec["url"]
        summary = " ".join(rec["body"].split())[:400]
        yield (
            "<entry>\n"
            f"<title>{escape(rec['title'])}</title>\n<id>{escape(TAG_PREFIX + 'article/' + rec['id'])}</id>\n"
            f"<link href={quoteattr(url)}/>\n<updated>{_received(gen, rec['sources'])}</updated>\n{published}"
            f"<summary>{escape(summary)}</summary>\n</entry>\n"
        )
    yield "</feed>\n"


def _received(gen: Generation, sources: list[str]) -> str:
    """When the archive received an article: its earliest source file's modification time, as the build
    read it."""
    files = [s.split("#", 1)[0] for s in sources]
    times = gen.store().file_mtimes(files).values()
    stamp = min(times) if times else 0.0  # no file known: the epoch, plainly not news
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

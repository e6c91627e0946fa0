"""Every matching article, in order, streamed: CSV, JSON Lines and Atom."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from .engine import SNIPPET_SCAN_CHARS, match, ranked_ords, record_hit
from .generation import Generation
from .params import SearchRequest
from .snippets import snippet

BATCH = 200
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
    store = gen.store()
    for i in range(0, ords.size, BATCH):
        chunk = ords[i:i + BATCH].tolist()
        recs = store.get_many(chunk)
        for o in chunk:
            if o in recs:
                rec = recs[o]
                hit = record_hit(rec, [])
                hit.pop("versions")
                hit["sources"] = rec["sources"]
                hit["body"] = rec["body"]
                hit["dateline"] = rec.get("dateline")
                hit["date_source"] = rec.get("date_source")
                hit["original_url"] = rec.get("original_url")
                yield hit


def csv_rows(gen: Generation, req: SearchRequest, base_url: str) -> Iterator[str]:
    """The CSV export: absolute article URLs (from the request's host) and the snippet as plain text."""
    buf = io.StringIO()
    buf.write(CSV_BOM)
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    m = match(gen, req)
    ords = ranked_ords(gen, req, m, need=int(m.mask.sum()), collapse=False)
    for rec in records(gen, ords):
        rec["url"] = base_url.rstrip("/") + rec["url"]
        marked = snippet(gen.snippet_analyzer, rec["body"][:SNIPPET_SCAN_CHARS], m.q)
        rec["snippet"] = html.unescape(marked.replace("<mark>", "").replace("</mark>", ""))
        writer.writerow([
            "; ".join(v) if isinstance(v, list) else ("" if v is None else v)
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


def atom_feed(gen: Generation, req: SearchRequest, base_url: str, self_url: str) -> Iterator[str]:
    """An Atom feed of the matching articles, newest first."""
    title = f"Archive search: {req.q}" if req.q else "Archive search"
    updated = gen.built_at
    yield '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
    yield f"<title>{escape(title)}</title>\n<id>{escape(self_url)}</id>\n<updated>{escape(updated)}</updated>\n"
    yield f"<link rel=\"self\" href={quoteattr(self_url)}/>\n"
    for rec in records(gen, matching_ords(gen, req, newest_first=True)):
        # The archive knows a publication day, not its hour: that is `published`; `updated` is when the
        # archive's copy was written (the index build), a real instant rather than a made-up midnight.
        published = f"<published>{rec['date']}T00:00:00Z</published>\n" if rec["date"] else ""
        url = base_url.rstrip("/") + rec["url"]
        summary = " ".join(rec["body"].split())[:400]
        yield (
            "<entry>\n"
            f"<title>{escape(rec['title'])}</title>\n<id>{escape(url)}</id>\n"
            f"<link href={quoteattr(url)}/>\n<updated>{escape(updated)}</updated>\n{published}"
            f"<summary>{escape(summary)}</summary>\n</entry>\n"
        )
    yield "</feed>\n"

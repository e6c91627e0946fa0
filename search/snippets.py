"""Highlighted snippets: Whoosh's highlighter over the stored body, HTML-escaped, matches in <mark>."""

from __future__ import annotations

from html import escape

from whoosh import highlight
from whoosh import query as wq
from whoosh.fields import Schema

SNIPPET_CHARS = 240
HIGHLIGHT_FIELDS = ("body", "title", "names")


class MarkFormatter(highlight.HtmlFormatter):
    """Matched words in a bare <mark>; everything else escaped."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" ... ")

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return "<mark>" + self._text(highlight.get_text(text, token, replace)) + "</mark>"


def _terms(q: wq.Query) -> set[str]:
    out = set()
    for fieldname, text in q.iter_all_terms():
        if fieldname in HIGHLIGHT_FIELDS and isinstance(text, str):
            out.add(text)
    return out


def plain_snippet(body: str) -> str:
    """The start of the body, escaped, for results without query words."""
    text = " ".join(body.split())
    if len(text) <= SNIPPET_CHARS:
        return escape(text)
    cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return escape(cut) + " ..."


def snippet(schema: Schema, body: str, q: wq.Query | None) -> str:
    """Up to three fragments of `body` around the query's words, as safe HTML."""
    if q is None:
        return plain_snippet(body)
    terms = _terms(q)
    if not terms:
        return plain_snippet(body)
    text = " ".join(body.split())
    out = highlight.highlight(
        text,
        terms,
        schema["body"].analyzer,
        highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60),
        MarkFormatter(),
        top=3,
    )
    return out or plain_snippet(body)

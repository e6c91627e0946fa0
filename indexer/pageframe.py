"""Where the article stands on a page, beyond the frame trafilatura finds (bench/README.md, issue 13, eighth round).

Two shapes of page, both measured on the tuning half of the development pages before the held-out run:
- The article continues in later containers of the same kind as its frame (an ad slot or a newsletter box
  between chunks, each chunk `<div class="... article__body">` with its own paragraphs): the library reads the
  first chunk only. `join_chunks` moves the later chunks' content into the first.
- Teasers of other stories stand before the headline (a "stream" column): the library's frame is then a
  container around both. `drop_before_headline` removes what precedes the headline in the document, when the
  headline element is the one the page's own metadata names.
"""

from __future__ import annotations

from lxml.etree import _Element
from lxml.html import HtmlElement

from indexer.pagemeta import PageMeta, clean, words

__all__ = ["drop_before_headline", "join_chunks"]

# A later chunk shares a near ancestor with the frame (the chunks of one article sit in one column) and is
# made of paragraphs of its own: at least two of at least 100 characters (a teaser card has one, a listing none).
CHUNK_ANCESTOR_LEVELS = 3
CHUNK_MIN_PARAGRAPHS = 2
CHUNK_MIN_CHARS = 100


def join_chunks(frame: _Element) -> None:
    """Move into `frame` the content of the later elements of its tag and class that hold paragraphs of their
    own and stand within `CHUNK_ANCESTOR_LEVELS` levels of it (document order kept)."""
    kind = frame.get("class")
    if not kind:
        return
    top = frame
    for _ in range(CHUNK_ANCESTOR_LEVELS):
        parent = top.getparent()
        if parent is None:
            break
        top = parent
    around = set(frame.iterancestors())
    for other in list(top.iter(frame.tag)):
        if other is frame or other in around or other.get("class") != kind or not _own_paragraphs(other):
            continue
        if any(a is frame for a in other.iterancestors()):
            continue  # inside the frame: read with it already
        for child in list(other):
            frame.append(child)


def _own_paragraphs(elem: _Element) -> bool:
    long_ones = sum(
        1 for c in elem if c.tag == "p" and len("".join(c.itertext()).strip()) >= CHUNK_MIN_CHARS
    )
    return long_ones >= CHUNK_MIN_PARAGRAPHS


def drop_before_headline(tree: HtmlElement, title: str | None, meta: PageMeta) -> None:
    """Remove from `tree` what precedes the headline's article (or the headline, outside any `<article>`) in
    document order, `<head>` kept. Only where exactly one h1 says the headline and another of the page's
    statements (og:title, twitter:title, JSON-LD headline, `<title>`) holds its words: an h1 that is a
    site's banner or a box's title is no landmark."""
    h1 = _headline_element(tree, title, meta)
    if h1 is None:
        return
    elem: _Element = next(h1.iterancestors("article"), h1)
    while (parent := elem.getparent()) is not None:
        for before in list(elem.itersiblings(preceding=True)):
            if before.tag != "head":
                parent.remove(before)
        elem = parent


def _headline_element(tree: HtmlElement, title: str | None, meta: PageMeta) -> _Element | None:
    if not title:
        return None
    said = words(title)
    if not said:
        return None
    h1s = [h for h in tree.iter("h1") if words(clean(h.text_content())) == said]
    if len(h1s) != 1:
        return None
    statements = [*meta.metas.get("og:title", []), *meta.metas.get("twitter:title", [])]
    statements += [d["headline"] for d in meta.ld if isinstance(d.get("headline"), str)]
    statements += [meta.doc_title] if meta.doc_title else []
    joined = " ".join(said)
    if not any(f" {joined} " in f" {' '.join(words(s))} " for s in statements):
        return None
    return h1s[0]

"""A page's article text: trafilatura's, with its defaults (fallback extractors on), at less cost.

Two changes that never change the text (bench/README.md, issue 13, third round):
- `PAGE_PARSER` builds the same tree as trafilatura's parser, but every element is an `HtmlElement`
  chosen inside lxml instead of by a Python call per element (`lxml.html`'s class lookup was ~10% of
  the reading time). Nothing of the reader or the library needs lxml's form-element classes.
- trafilatura compares its own extraction with readability's on every page, and takes readability's
  only when it is more than twice as long (or its own has no paragraph text, or is mostly tables).
  Readability's text is a part of the page's text in document order (less its scripts and styles),
  so when the page holds at most twice what trafilatura already found, readability cannot win: it is
  not run there. The rest of the comparison (jusText for a text with boilerplate left in) runs as
  the library has it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import trafilatura.core
import trafilatura.external
from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura import bare_extraction
from trafilatura.settings import Extractor
from trafilatura.utils import trim

from indexer.pagemeta import clean

__all__ = ["PAGE_PARSER", "TEXT_OPTIONS", "article_text"]

# trafilatura's HTML_PARSER settings; the class lookup done by lxml itself.
PAGE_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
PAGE_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)

# trafilatura's defaults (fallback extractors on). Recall mode measured better on the tuning pages (body
# F1 0.949 against 0.947) and worse on the held-out ones (0.946 against 0.948); precision mode worse on
# both (bench/README.md, issue 13).
TEXT_OPTIONS: dict[str, Any] = {}

_library_compare = trafilatura.external.compare_extraction
_library_readability = trafilatura.external.try_readability
_ours = contextvars.ContextVar("pagetext_ours", default=False)  # only our calls are gated
_skip_readability = contextvars.ContextVar("pagetext_skip_readability", default=False)


def article_text(tree: HtmlElement) -> str:
    """The main text as trafilatura reads it (`TEXT_OPTIONS`), one paragraph a block."""
    token = _ours.set(True)
    try:
        doc = bare_extraction(tree, with_metadata=False, include_comments=False, **TEXT_OPTIONS)
    finally:
        _ours.reset(token)
    raw = getattr(doc, "text", None) or ""  # a Document, or None when nothing was found
    return "\n\n".join(x for x in (clean(line) for line in raw.split("\n")) if x)


def readability_cannot_win(raw_tree: HtmlElement, body: _Element, text: str, options: Extractor) -> bool:
    """True when trafilatura's comparison would keep its own text whatever readability returns.

    Mirrors `trafilatura.external._prefer_readability` (2.3.1): with a non-empty text that has paragraph
    text and no more tables than paragraphs, outside recall mode, readability wins only by being more
    than twice as long; its text is at most the page's (whitespace folded, scripts and styles dropped
    as readability drops them first).
    """
    if not text or options.focus == "recall" or not body.xpath(".//p//text()"):
        return False
    if len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    for el in list(raw_tree.iter("script", "style", "fencedframe")):
        el.drop_tree()  # readability's own first step on this copy of the page
    return len(trim(raw_tree.text_content())) <= 2 * len(text)


def _compare(
    cleaned_tree: HtmlElement, raw_tree: HtmlElement, body: _Element, text: str, options: Extractor
) -> tuple[_Element, str]:
    skip = _ours.get() and readability_cannot_win(raw_tree, body, text, options)
    with _readability_off(skip):
        return _library_compare(cleaned_tree, raw_tree, body, text, options)


@contextmanager
def _readability_off(off: bool) -> Iterator[None]:
    token = _skip_readability.set(off)
    try:
        yield
    finally:
        _skip_readability.reset(token)


def _readability(htmlinput: HtmlElement) -> HtmlElement:
    if _skip_readability.get():
        return HtmlElement()  # what the library's own wrapper returns when readability finds nothing
    return _library_readability(htmlinput)


# The library has no option for this; its module names are the seam (trafilatura is pinned exactly).
trafilatura.core.compare_extraction = _compare
trafilatura.external.try_readability = _readability

"""A page's article text: trafilatura's, with its defaults (fallback extractors on), at less cost.

Changes that never change the text (bench/README.md, issue 13, third to fifth rounds):
- `PAGE_PARSER` builds the same tree as trafilatura's parser, but every element is an `HtmlElement`
  chosen inside lxml instead of by a Python call per element (`lxml.html`'s class lookup was ~10% of
  the reading time). Nothing of the reader or the library needs lxml's form-element classes.
- trafilatura compares its own extraction with readability's on every page, and takes readability's
  only when it is more than twice as long (or its own has no paragraph text, or is mostly tables).
  Readability's text is a part of the page's text in document order (less its scripts and styles),
  so when the page holds at most twice what trafilatura already found, readability cannot win: it is
  not run there, and the page is not copied for it. The rest of the comparison (jusText for a text
  with boilerplate left in) runs as the library has it.
- The caller hands its tree over (it has read what it needs from it), so the library does not copy it
  on entry; the cleaned tree's pre-conversion backup, which only jusText reads, is made when jusText
  is asked (the same cleaning of the same unchanged raw tree) instead of on every page.
- The library's XPaths that test regular expressions (the article's frame, the boilerplate prunes, the
  plain-text cleaning) call back into Python for every element; inside our calls their Python twins
  (`indexer.pagexpaths`, the same elements in the same order) run instead (fifth round).
"""

from __future__ import annotations

import contextvars
import importlib
from copy import copy
from typing import Any

import trafilatura.core
import trafilatura.external
import trafilatura.main_extractor
from lxml import etree
from lxml.etree import XPath, _Element
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura import bare_extraction, settings, xpaths
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor
from trafilatura.utils import trim

from indexer.pagemeta import clean, words
from indexer.pagexpaths import PYTHON_TWINS, Finder

__all__ = ["PAGE_PARSER", "TEXT_OPTIONS", "article_text", "without_repeats"]

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

_library_load_html = trafilatura.core.load_html
_library_prepare_tree = trafilatura.core._prepare_tree
_library_extract_and_compare = trafilatura.core._extract_and_compare
_library_readability = trafilatura.external.try_readability
_library_justext = trafilatura.external.justext_rescue
_ours = contextvars.ContextVar("pagetext_ours", default=False)  # only our calls take the short cuts
_skip_readability = contextvars.ContextVar("pagetext_skip_readability", default=False)
# The page's text as readability sees it: every text node but those inside scripts and styles (which
# readability drops first, keeping their tails).
_TEXT_BUT_SCRIPTS = etree.XPath(
    "descendant::text()[not(ancestor::script or ancestor::style or ancestor::fencedframe)]", smart_strings=False
)
# The same at half the cost where scripts and styles hold text only (libxml2's HTML parser reads them as raw
# text: every page seen) and no fencedframe exists: a text node is then inside a script or style only as
# its child.
_TEXT_BUT_SCRIPT_CHILDREN = etree.XPath("descendant::text()[not(parent::script or parent::style)]", smart_strings=False)
_SCRIPTS_NEST = etree.XPath("boolean(descendant::fencedframe | descendant::script/* | descendant::style/*)")


class _HandedOver:
    """A tree its owner is done with: the library may change it instead of copying it first."""

    def __init__(self, tree: HtmlElement) -> None:
        self.tree = tree


def article_text(tree: HtmlElement) -> str:
    """The main text as trafilatura reads it (`TEXT_OPTIONS`), one paragraph a block. The tree is the
    library's afterwards (it prunes it): pass a copy to keep using it."""
    token = _ours.set(True)
    try:
        doc = bare_extraction(_HandedOver(tree), with_metadata=False, include_comments=False, **TEXT_OPTIONS)
    finally:
        _ours.reset(token)
    raw = getattr(doc, "text", None) or ""  # a Document, or None when nothing was found
    return "\n\n".join(without_repeats([x for x in (clean(line) for line in raw.split("\n")) if x]))


# A run of paragraphs that repeats an earlier run word for word is the page's second copy of its article (an
# AMP or print copy, a carousel), when it holds at least this share of the text and this many words. Shorter
# repeats are the article's own (a recipe's steps for two plans, a pull quote).
REPEAT_MIN_SHARE = 0.2
REPEAT_MIN_WORDS = 50


def without_repeats(paragraphs: list[str]) -> list[str]:
    """The paragraphs less every run that repeats an earlier run (`REPEAT_MIN_SHARE`, `REPEAT_MIN_WORDS`);
    paragraphs without words (separators, dropped as furniture later) neither break nor make a run."""
    worded = [(i, " ".join(w)) for i, p in enumerate(paragraphs) if (w := words(p))]
    keys = [k for _, k in worded]
    sizes = [k.count(" ") + 1 for k in keys]
    least = max(REPEAT_MIN_WORDS, REPEAT_MIN_SHARE * sum(sizes))
    first: dict[str, int] = {}
    for j, k in enumerate(keys):
        first.setdefault(k, j)
    copies: set[int] = set()
    j = 0
    while j < len(keys):
        start, run = first[keys[j]], set[str]()
        while start + len(run) < j and j + len(run) < len(keys):
            k = keys[j + len(run)]
            if k != keys[start + len(run)] or k in run:  # a copy is a run of different paragraphs
                break
            run.add(k)
        n = len(run)
        if n and sum(sizes[j : j + n]) >= least:
            copies.update(worded[m][0] for m in range(j, j + n))  # a copy of the run from `start`
        j += max(n, 1)  # a shorter run inside this one is no copy either: each paragraph is looked at once
    return [p for i, p in enumerate(paragraphs) if i not in copies]


def readability_cannot_win(raw_tree: HtmlElement, body: _Element, text: str, options: Extractor) -> bool:
    """True when trafilatura's comparison would keep its own text whatever readability returns.

    Mirrors `trafilatura.external._prefer_readability` (2.3.1): with a non-empty text that has paragraph
    text and no more tables than paragraphs, outside recall mode, readability wins only by being more
    than twice as long; its text is at most the page's (whitespace folded, scripts and styles dropped
    as readability drops them first). The raw tree is not changed.
    """
    if not text or options.focus == "recall" or not body.xpath(".//p//text()"):
        return False
    if len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    texts = _TEXT_BUT_SCRIPTS if _SCRIPTS_NEST(raw_tree) else _TEXT_BUT_SCRIPT_CHILDREN
    return len(trim("".join(texts(raw_tree)))) <= 2 * len(text)


class _LazyBackup:
    """The cleaned, unconverted tree, made when jusText asks for it: `tree_cleaning` of a copy of the raw
    tree, which nothing changes before (readability works on a copy of its own)."""

    def __init__(self, raw_tree: HtmlElement, options: Extractor) -> None:
        self.raw_tree, self.options = raw_tree, options

    def tree(self) -> HtmlElement:
        return tree_cleaning(copy(self.raw_tree), self.options)


def _prepare_tree(tree: HtmlElement, options: Extractor, url: str | None) -> tuple[HtmlElement, Any]:
    if not _ours.get() or options.comments:  # comment capture and forum pages read the backup itself
        return _library_prepare_tree(tree, options, url)
    return convert_tags(tree_cleaning(copy(tree), options), options, url), _LazyBackup(tree, options)


def _extract_and_compare(
    cleaned_tree: HtmlElement, cleaned_tree_backup: Any, tree: HtmlElement, options: Extractor
) -> tuple[_Element, str]:
    if not _ours.get() or options.fast:
        return _library_extract_and_compare(cleaned_tree, cleaned_tree_backup, tree, options)
    body, text = trafilatura.core.extract_content(cleaned_tree, options)
    skip = readability_cannot_win(tree, body, text, options)
    # Readability and precision mode's pruning change the tree they are given: they get a copy, as in the library.
    raw = tree if skip and options.focus == "balanced" else copy(tree)
    token = _skip_readability.set(skip)
    try:
        return trafilatura.external.compare_extraction(cleaned_tree_backup, raw, body, text, options)
    finally:
        _skip_readability.reset(token)


def _load_html(htmlobject: Any, max_size: int | None = None) -> HtmlElement | None:
    if isinstance(htmlobject, _HandedOver):
        return htmlobject.tree  # not the object passed in: the library does not copy it
    return _library_load_html(htmlobject, max_size)


def _readability(htmlinput: HtmlElement) -> HtmlElement:
    if _skip_readability.get():
        return HtmlElement()  # what the library's own wrapper returns when readability finds nothing
    return _library_readability(htmlinput)


def _justext(tree: Any, options: Extractor) -> tuple[_Element, str]:
    return _library_justext(tree.tree() if isinstance(tree, _LazyBackup) else tree, options)


class _Either:
    """One of the library's XPaths: its Python twin (`indexer.pagexpaths`) inside our calls, else itself."""

    __slots__ = ("xpath", "twin")

    def __init__(self, xpath: XPath, twin: Finder) -> None:
        self.xpath, self.twin = xpath, twin

    def __call__(self, tree: _Element) -> list[_Element]:
        return self.twin(tree) if _ours.get() else self.xpath(tree)

    def __str__(self) -> str:  # the library logs the frame expression it took
        return str(self.xpath.path)


def _either(expressions: list[XPath]) -> list[_Either]:
    return [_Either(x, PYTHON_TWINS[x]) for x in expressions]


_baseline_module = importlib.import_module("trafilatura.baseline")  # `trafilatura.baseline` is a function too


# The library has no options for these; its module names are the seam (trafilatura is pinned exactly).
trafilatura.core.load_html = _load_html
trafilatura.core._prepare_tree = _prepare_tree
trafilatura.core._extract_and_compare = _extract_and_compare
trafilatura.external.try_readability = _readability
trafilatura.external.justext_rescue = _justext
trafilatura.main_extractor.BODY_XPATH = _either(xpaths.BODY_XPATH)
trafilatura.main_extractor.OVERALL_DISCARD_XPATH = _either(xpaths.OVERALL_DISCARD_XPATH)
trafilatura.main_extractor.DISCARD_IMAGE_ELEMENTS = _either(xpaths.DISCARD_IMAGE_ELEMENTS)
trafilatura.main_extractor.TEASER_DISCARD_XPATH = _either(xpaths.TEASER_DISCARD_XPATH)
trafilatura.core.RAW_TREE_PRUNE_XPATH = _either(xpaths.RAW_TREE_PRUNE_XPATH)
trafilatura.core.REMOVE_COMMENTS_AND_LISTS_XPATH = _either(xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH)
trafilatura.external.OVERALL_DISCARD_XPATH = _either(xpaths.OVERALL_DISCARD_XPATH)
_baseline_module.BASIC_CLEAN_XPATH = _either([settings.BASIC_CLEAN_XPATH])[0]  # type: ignore[attr-defined]

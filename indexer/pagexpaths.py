"""trafilatura's element-finding XPaths that test regular expressions, as Python predicates.

The library finds the article's frame (`BODY_XPATH`) and prunes boilerplate (`OVERALL_DISCARD_XPATH` and
others) with XPaths whose EXSLT `re:test` calls back into Python for every element they look at, each
call turning the attribute nodes into Python objects first: about a fifth of the reading time. The same
tests written in Python look at the same elements, with the same regular expressions (the library's own
tokens), and return the same elements in the same (document) order; `BODY_XPATH`'s, whose first hit
alone is used, stop at their first hit. Checked against the XPaths on every tree the reader builds for
the 1,050 development pages (tests/test_pagexpaths.py holds the real-page and crafted cases).

XPath semantics kept: an absent attribute is the empty string; `re:test(@id|@class, ...)` and
`starts-with(@id|@class, ...)` read the attribute written first in the element; `re:test` is `re.search`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml import etree
from lxml.etree import XPath, _Element
from trafilatura import settings
from trafilatura import xpaths as X

__all__ = ["PYTHON_TWINS"]

Finder = Callable[[_Element], list[_Element]]

_FRAME_TAGS = ("article", "div", "main", "section")
_BLOCK_TAGS = ("div", "item", "list", "p", "section", "span")


def _re(*tokens: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(tokens), flags)


def _attr(elem: _Element, name: str) -> str:
    return elem.get(name) or ""


def _written_first(elem: _Element, a: str, b: str) -> str:
    """The value of whichever of the two attributes comes first in the element ('' when neither)."""
    va, vb = elem.get(a), elem.get(b)
    if va is None or vb is None:
        return va or vb or ""
    return va if next(k for k in elem.keys() if k in (a, b)) == a else vb


def _all(elems: Iterable[_Element], test: Callable[[_Element], object]) -> list[_Element]:
    return [e for e in elems if test(e)]


def _first(elems: Iterable[_Element], test: Callable[[_Element], bool]) -> list[_Element]:
    return next(([e] for e in elems if test(e)), [])


# ------------------------------------------------------------------ the article's frame (BODY_XPATH)

_ARTICLE_ID = _re(*X._ARTICLE_CONTENT_ID_TOKENS)
_ARTICLE_CLASS = _re(*X._ARTICLE_CONTENT_CLASS_TOKENS)
_STORY_ID = _re(*X._STORY_ID_TOKENS)
_STORY_CLASS = _re(*X._STORY_CLASS_TOKENS)
_FULLTEXT = _re("fulltext", flags=re.I)
_MAIN_ID = _re(*X._MAIN_CONTENT_ID_TOKENS)
_MAIN_CLASS = _re(*X._MAIN_CONTENT_CLASS_TOKENS)


def _article_content(e: _Element) -> bool:
    i, c = _attr(e, "id"), _attr(e, "class")
    return bool(
        c in ("post", "entry")
        or e.get("itemprop") == "articleBody"
        or i == "articleContent"
        or _ARTICLE_ID.search(i)
        or _ARTICLE_CLASS.search(c)
    )


def _story(e: _Element) -> bool:
    i, c = _attr(e, "id"), _attr(e, "class")
    return bool(
        e.get("role") == "article"
        or i in ("article", "story")
        or c in ("postarea", "art-postcontent", "text", "cell", "story")
        or _STORY_ID.search(i)
        or _FULLTEXT.search(c)
        or _STORY_CLASS.search(c)
    )


def _main_content(e: _Element) -> bool:
    i, c = _attr(e, "id"), _attr(e, "class")
    return bool(
        i == "content"
        or c == "content"
        or _MAIN_ID.search(i)
        or _MAIN_CLASS.search(c)
        or "main-content" in i.replace("C", "c").replace("M", "m")
        or "main-content" in c.replace("C", "c").replace("M", "m")
        or "page-content" in c.replace("C", "c").replace("P", "p")
    )


def _main(e: _Element) -> bool:
    # the first frame whose class, id or role starts with "main", or the first <main>: whichever comes first
    return e.tag == "main" or any(_attr(e, k).startswith("main") for k in ("class", "id", "role"))


def _frames(test: Callable[[_Element], bool]) -> Finder:
    return lambda tree: _first(tree.iterdescendants(_FRAME_TAGS), test)


def _first_article(tree: _Element) -> list[_Element]:
    return next(([e] for e in tree.iterdescendants("article")), [])


def _first_main(tree: _Element) -> list[_Element]:
    return _first(tree.iterdescendants("article", "div", "section", "main"), _main)


# ------------------------------------------------------------------ pruning

_COMMENTS_ID = _re(f"^(?:{X._COMMENTS_ID}|disqus_thread|dsq-comments)")
_COMMENTS_ID_ONLY = _re(f"^(?:{X._COMMENTS_ID})")
_COMMENTS_CLASS = _re(X._COMMENTS_CLASS)


def _comments_and_lists(tree: _Element) -> list[_Element]:
    def test(e: _Element) -> bool:
        i, c = _attr(e, "id"), _attr(e, "class")
        if not (_COMMENTS_ID.search(i) or _COMMENTS_CLASS.search(c)):
            return False
        return e.tag not in ("ol", "ul") or bool(_COMMENTS_ID_ONLY.search(i) or _COMMENTS_CLASS.search(c))

    return _all(tree.iterdescendants("div", "list", "section", "details", "ol", "ul"), test)


_APPENDED = _re("mvp-post-add-(?:box|wrap)|infinite-?scroll")
_APPENDED_ALWAYS = _re("mvp-post-add-(?:box|wrap)")


def _appended_articles(tree: _Element) -> list[_Element]:
    def test(e: _Element) -> bool:
        i, c = _attr(e, "id"), _attr(e, "class")
        if not (_APPENDED.search(i) or _APPENDED.search(c)):
            return False
        return e.find(".//h1") is None or bool(_APPENDED_ALWAYS.search(i) or _APPENDED_ALWAYS.search(c))

    return _all(tree.iterdescendants("div", "section", "aside"), test)


def _share_buttons(tree: _Element) -> list[_Element]:
    frames = tree.iterdescendants("div", "section", "aside")
    return _all(frames, lambda e: "elementor-share-buttons" in _attr(e, "class"))


_CONSENT = _re(*X._CONSENT_ID_CLASS_TOKENS)
_DISCARD_ID = _re(*X._OVERALL_DISCARD_BOTH_TOKENS, *X._OVERALL_DISCARD_ID_TOKENS)
_DISCARD_CLASS = _re(*X._OVERALL_DISCARD_BOTH_TOKENS, *X._OVERALL_DISCARD_CLASS_TOKENS)


def _discard_blocks(tree: _Element) -> list[_Element]:
    def test(e: _Element) -> bool:
        return bool(
            e.get("data-lp-replacement-content") is not None
            or "nav" in _attr(e, "role").replace("N", "n")
            or "MostPopularStories" in _attr(e, "data-component")
            or _DISCARD_ID.search(_attr(e, "id"))
            or _DISCARD_CLASS.search(_attr(e, "class"))
            or _CONSENT.search(_written_first(e, "id", "class"))
        )

    return _all(tree.iterdescendants(_BLOCK_TAGS), test)


_HIDDEN = _re("hidden")
_HIDDEN_ID = _re("reader-comments|akismet")
_HIDDEN_CLASS = _re(
    "^hide-", "comments-title", "nocomments", "-reply-", "message", "akismet", "suggest-links", "-hide-", "hide-print",
    " hidden", " hide", "noprint", "notloaded",
)


def _discard_hidden(tree: _Element) -> list[_Element]:
    def test(e: _Element) -> bool:
        i, c, s = e.get("id"), e.get("class"), e.get("style")
        return bool(
            c == "comments-title"
            or e.get("aria-hidden") == "true"
            or (s is not None and ("display:none" in s or "display: none" in s))
            or (i is not None and _HIDDEN_ID.search(i))
            or (c is not None and _HIDDEN_CLASS.search(c))
            or _written_first(e, "id", "class").startswith("reply-")
            or _HIDDEN.search(_written_first(e, "id", "style"))
        )

    return _all(tree.iterdescendants(etree.Element), test)


def _named(word: str, fold: str = "") -> Finder:
    """Blocks whose id or class contains `word` (after folding `fold`, an upper-case letter, to lower case)."""

    def value(e: _Element, name: str) -> str:
        v = _attr(e, name)
        return v.replace(fold, fold.lower()) if fold else v

    def test(e: _Element) -> bool:
        return word in value(e, "id") or word in value(e, "class")

    return lambda tree: _all(tree.iterdescendants(_BLOCK_TAGS), test)


_COOKIE_BANNER = _re(settings._COOKIE_CONSENT_RE, flags=re.I)
_NEVER_TEXT = frozenset(("aside", "fencedframe", "footer", "script", "style", "svg", "template"))


def _basic_clean(tree: _Element) -> list[_Element]:
    """What the library's plain-text reading (`html2txt`, its baseline, jusText's input) leaves out."""

    def test(e: _Element) -> bool:
        return bool(
            e.tag in _NEVER_TEXT
            or (e.tag == "div" and "footer" in _written_first(e, "class", "id"))
            or _COOKIE_BANNER.search(_attr(e, "class"))
            or _COOKIE_BANNER.search(_attr(e, "id"))
        )

    return _all(tree.iterdescendants(etree.Element), test)


PYTHON_TWINS: dict[XPath, Finder] = {
    X.BODY_XPATH[0]: _frames(_article_content),
    X.BODY_XPATH[1]: _first_article,
    X.BODY_XPATH[2]: _frames(_story),
    X.BODY_XPATH[3]: _frames(_main_content),
    X.BODY_XPATH[4]: _first_main,
    X.REMOVE_COMMENTS_AND_LISTS_XPATH[0]: _comments_and_lists,
    X.RAW_TREE_PRUNE_XPATH[0]: _appended_articles,
    X.RAW_TREE_PRUNE_XPATH[1]: _share_buttons,
    X.OVERALL_DISCARD_XPATH[0]: _discard_blocks,
    X.OVERALL_DISCARD_XPATH[1]: _discard_hidden,
    X.DISCARD_IMAGE_ELEMENTS[0]: _named("caption"),
    X.TEASER_DISCARD_XPATH[0]: _named("teaser", "T"),
    settings.BASIC_CLEAN_XPATH: _basic_clean,
}

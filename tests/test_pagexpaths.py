"""trafilatura's regex XPaths written in Python find the same elements (issue 13, fifth round).

Each twin is compared with the library's XPath on the trees the reader hands it (the raw page, the
cleaned and converted tree, a subtree), on real pages of the tuning half of ../shared/data/pages (skipped
when the data is absent), and on crafted markup for the XPath rules that are easy to get wrong: which of
two attributes is read first, absent and empty attributes, case folding, empty elements.
"""

from __future__ import annotations

import gzip
from copy import deepcopy
from pathlib import Path

import pytest
from lxml.html import fromstring
from trafilatura import bare_extraction, xpaths
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor

from bench.pages_eval import half_of
from indexer import pagetext
from indexer.decode import decode_bytes
from indexer.htmlpage import _load_tree
from indexer.pagexpaths import PYTHON_TWINS

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pages"
# the library uses only the first element its frame XPaths find
FIRST_ONLY = set(xpaths.BODY_XPATH)


def _same(tree) -> list[str]:  # noqa: ANN001
    """The XPaths whose twin finds other elements than they do on this tree."""
    wrong = []
    for xpath, twin in PYTHON_TWINS.items():
        expected = xpath(tree)[:1] if xpath in FIRST_ONLY else xpath(tree)
        found = twin(tree)
        if len(found) != len(expected) or any(a is not b for a, b in zip(found, expected)):
            wrong.append(xpath.path)
    return wrong


def _trees(tree):  # noqa: ANN001, ANN202
    options = Extractor()
    yield tree
    yield convert_tags(tree_cleaning(deepcopy(tree), options), options, None)
    body = tree.find(".//body")
    if body is not None:
        yield body


@pytest.mark.skipif(not PAGES.is_dir(), reason="no page data in ../shared/data/pages")
def test_twins_find_what_the_xpaths_find_on_real_pages() -> None:
    checked = 0
    for source in ("scrapinghub-aeb", "wcxb", "readability", "postlight-parser", "trafilatura-eval"):
        files = sorted(p.name for p in (PAGES / source).glob("*.html.gz") if half_of(source, p.name) == "tune")
        for name in files[:8]:
            tree = _load_tree(decode_bytes(gzip.decompress((PAGES / source / name).read_bytes()), html=True))
            for t in _trees(tree):
                assert _same(t) == [], f"{source}/{name}"
                checked += 1
    assert checked >= 100


CRAFTED = [
    # which of id / class is read by re:test(@id|@class) and starts-with(@id|@class): the one written first
    '<div class="x" id="cookie-box"><p>a</p></div><div id="cookie-box" class="x"><p>b</p></div>',
    '<p class="cookie" id="x">c</p><p id="x" class="cookie">d</p>',
    '<span class="reply-1" id="x">e</span><span id="x" class="reply-1">f</span>',
    '<div style="x" id="hidden-1">g</div><div id="y" style="visibility:hidden">h</div><div id="hidden">i</div>',
    '<div class="footer-x" id="a">j</div><div id="a" class="footer-x">k</div><div id="footer">l</div>',
    # absent and empty attributes, case
    '<div data-lp-replacement-content="">m</div><div role="NAVigation">n</div><section class="Teaser">o</section>',
    '<div id="TEASER">p</div><span class="caption">q</span><p class="COOKIE-BANNER">r</p>',
    '<div aria-hidden="true">s</div><div aria-hidden="false" style="display: none">t</div>'
    '<i class="comments-title">u</i>',
    # frames: empty elements, several candidates, <main> against a "main..." class
    "<div><article></article><article><p>v</p></article></div>",
    '<section class="mainpart"><p>w</p></section><main><p>x</p></main>',
    '<main><p>y</p></main><div id="main-1"><p>z</p></div>',
    '<div class="Fulltext"><p>a</p></div><div class="story-body">b</div><div id="primary-x">c</div>',
    '<div itemprop="articleBody">d</div><div class="post">e</div><div id="content">f</div>'
    '<div class="page-Content">g</div>',
    # comment containers and lists, appended articles
    '<ul id="comments"><li>h</li></ul><ol class="comment-list"><li>i</li></ol><ul id="disqus_thread"><li>j</li></ul>',
    '<div id="dsq-comments">k</div><details class="post-comments">l</details>',
    '<div class="infinite-scroll"><h1>m</h1></div><div class="infinite-scroll">n</div>'
    '<aside id="mvp-post-add-box"><h1>o</h1></aside><div class="elementor-share-buttons">p</div>',
    '<aside>q</aside><svg><g/></svg><template><p>r</p></template><footer>s</footer><div class="CMPLZ">t</div>',
]


@pytest.mark.parametrize("markup", CRAFTED)
def test_twins_follow_the_xpath_rules_on_crafted_markup(markup: str) -> None:
    tree = fromstring(f"<html><body>{markup}</body></html>")
    for t in _trees(tree):
        assert _same(t) == []


def test_the_library_outside_our_calls_keeps_its_xpaths(monkeypatch) -> None:
    """Only the reader's own calls take the twins: a direct trafilatura call evaluates the XPaths."""
    used = {"twin": 0}
    for either in pagetext.trafilatura.main_extractor.BODY_XPATH:
        twin = either.twin

        def counted(tree, twin=twin):  # noqa: ANN001, ANN202
            used["twin"] += 1
            return twin(tree)

        monkeypatch.setattr(either, "twin", counted)
    page = "<html><body><article><p>" + "A sentence of the article. " * 20 + "</p></article></body></html>"
    bare_extraction(page)
    assert used["twin"] == 0
    pagetext.article_text(fromstring(page))
    assert used["twin"] > 0

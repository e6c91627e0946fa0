"""The article text at less cost is still trafilatura's text (issue 13, third round): the readability
comparison is skipped only where it cannot change the answer, and the tree is the one the library builds.
Real pages from the tuning half of ../shared/data/pages (skipped when the data is absent)."""

from __future__ import annotations

import gzip
from copy import copy
from pathlib import Path

import pytest
from lxml.html import fromstring
from trafilatura import bare_extraction
from trafilatura.utils import HTML_PARSER, repair_faulty_html

from bench.pages_eval import half_of
from indexer import pagetext
from indexer.decode import decode_bytes
from indexer.htmlpage import _load_tree
from indexer.pagemeta import clean
from indexer.pagetext import article_text

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pages"
# Tuning-half pages where trafilatura takes readability's text (its own is short or empty), then news
# and wcxb pages where it keeps its own.
READABILITY_WINS = ["wcxb/dev-0119.html.gz", "wcxb/dev-4072.html.gz", "postlight-parser/www.dmagazine.com.html.gz"]
pytestmark = pytest.mark.skipif(not PAGES.is_dir(), reason="no page data in ../shared/data/pages")


@pytest.fixture(autouse=True)
def _library_frame_only(monkeypatch) -> None:
    """The short cuts are compared with the library here, so the reader's own text rule (a second copy of the
    text dropped: eighth round, tests/test_page_repeats.py) is taken out."""
    monkeypatch.setattr("indexer.pagetext.without_repeats", lambda paragraphs: paragraphs)


def _sample() -> list[str]:
    names = []
    for source in ("scrapinghub-aeb", "wcxb", "readability"):
        files = sorted(p.name for p in (PAGES / source).glob("*.html.gz") if half_of(source, p.name) == "tune")
        names += [f"{source}/{f}" for f in files[:6]]
    return names + READABILITY_WINS


def _text(name: str) -> str:
    return decode_bytes(gzip.decompress((PAGES / name).read_bytes()), html=True)


def _library_text(text: str) -> str:
    """trafilatura alone: its own parser, its defaults, every comparison run."""
    tree = fromstring(repair_faulty_html(text, text[:50].lower()), parser=HTML_PARSER)
    doc = bare_extraction(tree, with_metadata=False, include_comments=False)
    raw = getattr(doc, "text", None) or ""
    return "\n\n".join(x for x in (clean(line) for line in raw.split("\n")) if x)


def test_text_is_the_librarys_on_real_pages_and_readability_runs_less(monkeypatch) -> None:
    runs = {"ours": 0, "library": 0}
    library_readability = pagetext._library_readability
    who = ["ours"]

    def counted(tree):  # noqa: ANN001, ANN202
        runs[who[0]] += 1
        return library_readability(tree)

    # both sides reach readability through the library function the gate calls: count there
    monkeypatch.setattr("indexer.pagetext._library_readability", counted)
    for name in _sample():
        text = _text(name)
        who[0] = "ours"
        ours = article_text(_load_tree(text))
        who[0] = "library"
        assert ours == _library_text(text), name
    assert runs["library"] >= len(_sample()) - 1  # the library compares on (nearly) every page
    assert runs["ours"] <= runs["library"] / 2  # ours where readability can win


def test_readability_still_wins_where_the_librarys_text_is_short() -> None:
    for name in READABILITY_WINS:
        tree = _load_tree(_text(name))
        ours = article_text(copy(tree))
        assert ours == _library_text(_text(name)) and len(ours) > 500, name


# Tuning-half pages where the comparison asks jusText (the extraction left boilerplate in or is short):
# it reads the cleaned tree that is made only then.
JUSTEXT_READS = ["wcxb/dev-0010.html.gz", "wcxb/dev-4105.html.gz", "wcxb/dev-4377.html.gz"]


def test_justext_reads_the_backup_made_when_asked_and_the_text_is_the_librarys(monkeypatch) -> None:
    asked, made = [], []
    library_justext, make = pagetext._library_justext, pagetext._LazyBackup.tree

    def seen(tree, options):  # noqa: ANN001, ANN202
        asked.append(tree)
        return library_justext(tree, options)

    def counted(self):  # noqa: ANN001, ANN202
        made.append(make(self))
        return made[-1]

    monkeypatch.setattr("indexer.pagetext._library_justext", seen)
    monkeypatch.setattr("indexer.pagetext._LazyBackup.tree", counted)
    for name in JUSTEXT_READS:
        asked.clear()
        made.clear()
        ours = article_text(_load_tree(_text(name)))
        assert asked and asked == made, name  # jusText read the backup made when it asked
        assert ours == _library_text(_text(name)), name


def test_the_handed_over_tree_is_not_copied_on_entry(monkeypatch) -> None:
    copies = []
    import trafilatura.core

    library_copy = trafilatura.core.copy

    def counted(x):  # noqa: ANN001, ANN202
        copies.append(x)
        return library_copy(x)

    monkeypatch.setattr("trafilatura.core.copy", counted)
    name = _sample()[0]
    tree = _load_tree(_text(name))
    article_text(tree)
    assert all(c is not tree for c in copies)  # the library prunes the tree it was handed, no copy of it

"""Where the article stands on a page (issue 13, eighth round): an article in chunks is read whole, teasers
before a confirmed headline are not the article, a second copy of the text is dropped. Crafted pages through
the real reader, and real pages of the tuning half of ../shared/data/pages (skipped when it is absent)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bench.pages_eval import half_of, word_f1
from indexer.article import article_from
from indexer.decode import decode_bytes
from indexer.htmlpage import parse_page
from indexer.pagetext import without_repeats
from indexer.read import RawDoc

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pages"

_PARAGRAPH = (
    "The harbour board met on Tuesday to discuss the {n} proposal for the northern quay, which would let "
    "container ships of the newest class berth without waiting for the tide to turn."
)


def _chunked_page() -> str:
    chunk = '<div class="story-text article__body">{}</div>'
    first = "".join(f"<p>{_PARAGRAPH.format(n=f'first {i}')}</p>" for i in range(3))
    later = "".join(f"<p>{_PARAGRAPH.format(n=f'second {i}')}</p>" for i in range(3))
    return (
        "<html><head><title>Quay plan approved</title></head><body><article><h1>Quay plan approved</h1>"
        '<div class="chunks"><div class="grid">' + chunk.format(first) + "</div>"
        '<div class="ad-slot"><p>Advertisement</p></div>'
        '<div class="grid">' + chunk.format(later) + "</div></div></article></body></html>"
    )


def test_an_article_in_chunks_is_read_whole() -> None:
    body = parse_page(_chunked_page()).body
    assert "first 0 proposal" in body
    assert "second 2 proposal" in body  # the library alone reads the first chunk only


def test_chunks_need_paragraphs_of_their_own() -> None:
    """A later element of the frame's class with one short line (a teaser card) is not a chunk of the article."""
    page = _chunked_page().replace(
        f"<p>{_PARAGRAPH.format(n='second 0')}</p><p>{_PARAGRAPH.format(n='second 1')}</p>"
        f"<p>{_PARAGRAPH.format(n='second 2')}</p>",
        "<p>Read our guide to the harbour.</p>",
    )
    assert "Read our guide" not in parse_page(page).body


def test_a_second_copy_of_the_text_is_dropped_and_short_repeats_kept() -> None:
    story = [f"Paragraph {i}: " + _PARAGRAPH.format(n=str(i)) for i in range(4)]
    assert without_repeats(["Intro line", *story, "-", *story, "Footer"]) == ["Intro line", *story, "-", "Footer"]
    # separators between the paragraphs of a copy do not hide it
    spaced = [x for p in story for x in (p, "-")]
    assert without_repeats(story + spaced) == story + ["-"] * len(story)
    # a recipe's steps repeated for a second plan: a short run, the article's own
    plan = ["Eat 60 minutes before", "Two eggs and toast"]
    steps = ["Plan A", *plan, "Plan B", *plan]
    long_text = steps + [_PARAGRAPH.format(n=str(i)) for i in range(5)]
    assert without_repeats(long_text) == long_text


def _tuning_page(source: str, prefix: str) -> tuple[str, dict]:
    truth_file = PAGES / source / "truth.jsonl"
    if not truth_file.is_file():
        pytest.skip("../shared/data/pages is not here")
    for line in truth_file.read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        if t["file"].startswith(prefix):
            assert half_of(source, t["file"]) == "tune"
            html = decode_bytes(gzip.decompress((PAGES / source / t["file"]).read_bytes()), html=True)
            return html, t
    raise AssertionError(f"{source}/{prefix} is not in the data")


@pytest.mark.parametrize(
    ("source", "prefix", "shape"),
    [
        ("scrapinghub-aeb", "d48aeb9cf2f2", "a news story in chunks with ads between (0.52 before)"),
        ("scrapinghub-aeb", "2f42ef1d3ea0", "another in chunks (0.62 before)"),
        ("readability", "yahoo-2", "other stories' teasers before the headline (0.58 before)"),
        ("scrapinghub-aeb", "fde930b01859", "the text three times on the page (0.49 before)"),
    ],
)
def test_real_pages_of_these_shapes_read_close_to_the_reference(source: str, prefix: str, shape: str) -> None:
    html, truth = _tuning_page(source, prefix)
    art = article_from(RawDoc(truth["file"], "html", html))
    assert art is not None
    assert word_f1(art.body, truth["body"]) >= 0.9, shape


def test_an_h1_the_metadata_does_not_name_is_no_landmark() -> None:
    """A page whose only h1 is a box's title after the story, taken as the headline for want of a better one:
    no other statement of the page names it, so nothing before it is dropped."""
    story = "".join(f"<p>{_PARAGRAPH.format(n=str(i))}</p>" for i in range(4))
    box = "<aside><h1>A message from the editor of this paper</h1><p>Support us.</p></aside>"
    page = f"<html><head><title>The Harbour Daily</title></head><body><div>{story}</div>{box}</body></html>"
    read = parse_page(page)
    assert read.title == "A message from the editor of this paper"
    assert "northern quay" in read.body
    named = page.replace("<title>The Harbour Daily", "<title>A message from the editor of this paper")
    assert "northern quay" not in parse_page(named).body  # the same h1, named by the page: a landmark

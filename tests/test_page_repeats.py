"""A second copy of a page's text is dropped (issue 13, eighth round): a run of different paragraphs repeating an
earlier run, holding a fifth of the text or more; a page's own short repeats stay. Crafted paragraphs, and a real
page of the tuning half of ../shared/data/pages (skipped when it is absent)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bench.pages_eval import half_of, word_f1
from indexer.article import article_from
from indexer.decode import decode_bytes
from indexer.pagetext import without_repeats
from indexer.read import RawDoc

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pages"

_PARAGRAPH = (
    "The harbour board met on Tuesday to discuss the {n} proposal for the northern quay, which would let "
    "container ships of the newest class berth without waiting for the tide to turn."
)


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
    # one line many times is no copy of a run of different paragraphs (tests/test_htmlpage.py: 10,000 lines)
    assert without_repeats([_PARAGRAPH.format(n="same")] * 50) == [_PARAGRAPH.format(n="same")] * 50


def test_a_real_page_holding_its_text_three_times_reads_close_to_the_reference() -> None:
    """businessinsider's "10 things in tech" (tuning half): the text stands three times on the page; the
    library and round 7's reader kept all three (F1 0.44 and 0.49)."""
    truth_file = PAGES / "scrapinghub-aeb" / "truth.jsonl"
    if not truth_file.is_file():
        pytest.skip("../shared/data/pages is not here")
    rows = [json.loads(x) for x in truth_file.read_text(encoding="utf-8").splitlines() if x.strip()]
    truth = next(t for t in rows if t["file"].startswith("fde930b01859"))
    assert half_of("scrapinghub-aeb", truth["file"]) == "tune"
    html = decode_bytes(gzip.decompress((PAGES / "scrapinghub-aeb" / truth["file"]).read_bytes()), html=True)
    art = article_from(RawDoc(truth["file"], "html", html))
    assert art is not None
    assert word_f1(art.body, truth["body"]) >= 0.9
    assert art.body.count("T-Mobile CEO John Legere is stepping down") == 1

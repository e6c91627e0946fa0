"""The story page on a 390 px phone (issue 16): versions in time order, one word's correction visible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FIRST = (
    "Detroit automakers said on Monday that sales of North American cars rose 4 pct in March, the U.S. "
    "Commerce Dept. said. Gen. Motors Corp. led the gains with a rise of 7 pct.\n\n"
    "Ford Motor Co. said its sales rose 3 pct, while Chrysler Corp. said its sales were unchanged from "
    "a year earlier at 112,000 cars. Details: https://example.com/a-very-long-address-that-must-wrap-on-a-"
    "phone-screen-without-scrolling-sideways/and/more/of/it\n\n"
    "Analysts said the figures pointed to a steady spring for the industry after a weak February."
)
SECOND = FIRST.replace("North American cars", "North American-made cars") + (
    "\n\nThe figures were compiled by Ward's Automotive Reports."
)


@pytest.fixture(scope="module")
def story_url(archive_of, correction_pair, serve) -> Iterator[str]:
    app = archive_of(correction_pair(FIRST, SECOND))
    story = app.test_client().get("/api/search", query_string={"q": "Chrysler"}).get_json()["hits"][0]["story"]
    with serve(app) as url:
        yield f"{url}/story/{story}"


def test_the_correction_reads_word_by_word_at_390_px(page: Page, story_url: str, screenshot_dir: Path):
    page.set_viewport_size(PHONE)
    page.goto(story_url)
    # no sideways scrolling, even with a long address in the text
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 2
    v1, v2 = page.get_by_text("Version 1 of 2"), page.get_by_text("Version 2 of 2")
    expect(v1).to_be_visible()
    assert v1.bounding_box()["y"] < v2.bounding_box()["y"]  # oldest first, one column
    times = page.locator("article.version time")
    expect(times.nth(0)).to_contain_text("09:05")
    expect(times.nth(1)).to_contain_text("15:40")
    ins = page.locator("article.version ins", has_text="American-made")
    dele = page.locator("article.version del", has_text="American")
    expect(ins).to_be_visible()
    expect(dele).to_be_visible()
    expect(page.locator(".changes")).to_contain_text("9 words added, 1 removed")
    style = page.evaluate(
        """() => ['ins', 'del'].map(t => {
            const s = getComputedStyle(document.querySelector('article.version ' + t));
            return {line: s.textDecorationLine, bg: s.backgroundColor, size: parseFloat(s.fontSize)};
        })"""
    )
    assert style[0]["line"] == "underline" and style[1]["line"] == "line-through"
    assert style[0]["bg"] != style[1]["bg"]
    assert min(s["size"] for s in style) >= 14  # readable on a phone
    for box in (ins.bounding_box(), dele.bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / "story-390.png"), full_page=True)

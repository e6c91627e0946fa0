"""Screenshots of the pages a user sees, saved to test-results/screenshots/ (git-ignored) to look at.

`UPDATE_DOCS_SCREENSHOT=1` also copies the results page, its filters column, the article page reached from it and
the phone view to docs/ (screenshot-search.png, screenshot-facets.png, screenshot-article.png,
screenshot-phone.png), the pictures in README.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1200, "height": 800}
PHONE = {"width": 390, "height": 844}
DOCS = Path(__file__).resolve().parents[2] / "docs"


def to_docs(shot: Path, name: str) -> None:
    if os.environ.get("UPDATE_DOCS_SCREENSHOT") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS / name)


def shoot(page: Page, directory: Path, name: str, full_page: bool = True) -> Path:
    path = directory / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    assert path.stat().st_size > 10_000, f"{path.name} looks blank"
    return path


def test_screenshots_at_desktop_width(page: Page, api_json, screenshot_dir: Path):
    everything = api_json("/api/search")
    page.set_viewport_size(DESKTOP)

    page.goto("/search?q=pakistan")
    expect(page.locator("ol.hits .snippet mark").first).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    shoot(page, screenshot_dir, "search-full")
    to_docs(shoot(page, screenshot_dir, "search", full_page=False), "screenshot-search.png")  # seen first
    page.locator("ol.hits > li.hit h2 a").first.click()
    expect(page.locator("div.body mark").first).to_be_visible()
    to_docs(shoot(page, screenshot_dir, "article-from-search", full_page=False), "screenshot-article.png")

    # The filters column, places included: the place facet of the text's countries and cities, one per place.
    page.goto("/search?" + urlencode({"q": "pakistan", "place": "United States"}))
    facets = page.locator("aside.facets")
    expect(facets.locator('section[data-facet="place"]')).to_be_visible()
    facets.screenshot(path=str(screenshot_dir / "facets.png"), animations="disabled")
    to_docs(screenshot_dir / "facets.png", "screenshot-facets.png")

    page.goto("/search?" + urlencode({"person": everything["facets"]["person"][0]["value"]}))
    expect(page.locator("ul.chips li.chip")).to_be_visible()
    shoot(page, screenshot_dir, "facet-selected")

    year = [y for y in everything["facets"]["year"] if y["value"] != "unknown"][-1]["value"]
    page.goto(f"/search?from={year}&to={year}")
    timeline = page.locator("section.timeline")
    expect(timeline.locator("svg.chart a").first).to_be_visible()
    shoot(page, screenshot_dir, "timeline-months")
    timeline.screenshot(path=str(screenshot_dir / "timeline-chart.png"))

    hit = next(h for h in everything["hits"] if h["versions"])
    page.goto(hit["url"])
    expect(page.get_by_role("heading", level=1)).to_have_text(hit["title"])
    shoot(page, screenshot_dir, "article")


def test_screenshots_at_phone_width(page: Page, screenshot_dir: Path):
    page.set_viewport_size(PHONE)
    page.goto("/search?q=pakistan")
    expect(page.locator("ol.hits > li.hit").first).to_be_visible()
    to_docs(shoot(page, screenshot_dir, "phone-search", full_page=False), "screenshot-phone.png")
    shoot(page, screenshot_dir, "phone-search-full")

"""The keyboard alone is enough, and every page fits a 360 px wide phone screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SCROLL_TOLERANCE = 2  # px of rounding


def active(page: Page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName, id: el.id, text: (el.innerText || '').trim(), hit: !!el.closest('li.hit h2'),
                href: el.getAttribute('href')};
    }""")


def test_slash_focuses_the_search_box_from_anywhere(page: Page, api_json):
    page.goto("/search?q=pakistan")
    box = page.get_by_role("searchbox", name="Search the archive")
    expect(box).not_to_be_focused()  # a results page keeps focus at the top
    page.keyboard.press("/")
    expect(box).to_be_focused()
    page.keyboard.type("bolton")  # the old query was selected, so typing replaces it
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=bolton$"))

    page.goto(api_json("/api/search")["hits"][0]["url"])
    page.keyboard.press("/")
    expect(box).to_be_focused()
    page.keyboard.type("a/b")  # inside the box "/" is just a character
    expect(box).to_have_value("a/b")


def test_tab_reaches_the_results_through_the_skip_link(page: Page, api_json):
    first = api_json("/api/search", {"q": "pakistan"})["hits"][0]
    page.goto("/search?q=pakistan")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to results")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown when focused
    page.keyboard.press("Enter")
    presses = 0
    while not active(page)["hit"]:
        presses += 1
        # Only the sort and export links lie between, not the whole filter column.
        assert presses <= 12, f"12 Tabs after the skip link did not reach a result; focus is on {active(page)}"
        page.keyboard.press("Tab")
    assert active(page)["text"] == first["title"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/article/{first['id']}(\?|$)"))


def test_tab_alone_reaches_results_and_facet_links_work_from_the_keyboard(page: Page, api_json):
    page.goto("/search")
    seen = []
    for _ in range(120):
        page.keyboard.press("Tab")
        seen.append(active(page))
        if seen[-1]["hit"]:
            break
    else:
        pytest.fail("Tab never reached a result link")
    people = [s for s in seen if s["href"] and s["href"].startswith("/search?person=")]
    assert people, "the person facet is not reachable with Tab"

    person = api_json("/api/search")["facets"]["person"][0]["value"]
    page.locator('section[data-facet="person"]').get_by_role("link", name=person, exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("ul.chips li.chip")).to_contain_text(f"People: {person}")


def test_every_page_fits_360_px_without_horizontal_scrolling(page: Page, api_json):
    everything = api_json("/api/search")
    person = everything["facets"]["person"][0]["value"]
    story = next(h for h in everything["hits"] if h["versions"])["story"]
    urls = [
        "/",
        "/search?q=pakistan",
        f"/search?person={person}&facet_limit=0",
        "/search?from=2019&to=2019",
        everything["hits"][0]["url"],
        f"/story/{story}",
        "/help",
        "/search?page=abc",
        "/search?q=nothingmatchesthis",
    ]
    page.set_viewport_size(PHONE)
    too_wide = {}
    for url in urls:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + SCROLL_TOLERANCE:
            too_wide[url] = width
    assert too_wide == {}


def test_phone_layout_puts_results_first_with_a_link_to_the_filters(page: Page):
    page.set_viewport_size(PHONE)
    page.goto("/search?q=pakistan")
    box, button = page.get_by_role("searchbox", name="Search the archive"), page.get_by_role("button", name="Search")
    for control in (box, button):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    results = page.locator("ol.hits").bounding_box()
    filters = page.locator("aside#filters").bounding_box()
    assert results["y"] < filters["y"]
    assert results["width"] <= PHONE["width"]
    page.get_by_role("link", name="Filters and dates").click()
    expect(page.locator("#h-dates")).to_be_in_viewport()

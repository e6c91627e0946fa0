"""No results, bad URLs and unknown articles get helpful pages; markup typed by a user stays text."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def search_box(page: Page):
    return page.get_by_role("searchbox", name="Search the archive")


def test_a_query_without_results_explains_what_to_do(page: Page):
    response = page.goto("/search?" + urlencode({"q": "xylophonequartz", "person": "Nobody Known"}))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("No articles found for \u201cxylophonequartz\u201d")
    empty = page.locator("div.empty")
    expect(empty).to_contain_text("Nothing matches these filters.")
    expect(empty.get_by_role("link", name="query help")).to_have_attribute("href", "/help")
    empty.get_by_role("link", name="Remove all filters").click()
    expect(page.locator("ul.chips")).to_have_count(0)
    expect(search_box(page)).to_have_value("xylophonequartz")


@pytest.mark.parametrize(
    ("url", "status", "title", "message"),
    [
        ("/no/such/page", 404, "Not Found", "There is no such page or article."),
        ("/article/no-such-article", 404, "Not Found", "There is no such page or article."),
    ],
)
def test_errors_are_helpful_pages(page: Page, url, status, title, message):
    response = page.goto(url)
    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("p.error-message")).to_contain_text(message)
    expect(page.get_by_role("link", name="Start a new search")).to_have_attribute("href", "/")
    expect(page.locator("main").get_by_role("link", name="query help")).to_be_visible()
    # The search box still works from the error page.
    search_box(page).fill("pompeo")
    search_box(page).press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=pompeo$"))
    expect(page.locator("ol.hits > li.hit").first).to_be_visible()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_a_query_is_shown_as_text(page: Page, payload: str):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/")
    search_box(page).fill(payload)
    search_box(page).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"\u201c{payload}\u201d")
    expect(search_box(page)).to_have_value(payload)
    expect(page).to_have_title(re.compile(re.escape(payload)))

    # The same markup as a facet value, through the URL: shown in its chip, as text.
    page.goto("/search?" + urlencode({"person": payload}))
    expect(page.locator("ul.chips li.chip")).to_contain_text(f"People: {payload}")
    page.wait_for_load_state("load")

    assert dialogs == []
    assert page.locator("img").count() == 0
    scripts = page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
    assert scripts == ["/static/app.js"]
    assert page.evaluate("document.querySelectorAll('[onerror], [onload]').length") == 0

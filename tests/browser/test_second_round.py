"""Issue 17: what a researcher ran into in a first hour, each as a user meets it in chromium.

Expected counts and titles come from the JSON twin of the same app, not hard-coded.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

HITS = "ol.hits > li.hit"
HIT_LINKS = "ol.hits > li.hit h2 a"


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def box(page: Page):
    return page.get_by_role("searchbox", name="Search the archive")


def summary(page: Page):
    return page.locator("h1#h-results")


def titles(data: dict) -> list[str]:
    return [h["title"] for h in data["hits"]]


# 1. A new query keeps the filters; one control starts over.

def test_changing_the_query_keeps_filters_sort_and_dates(page: Page, api_json):
    person = api_json("/api/search")["facets"]["person"][0]["value"]
    start = {"q": "pakistan", "person": person, "from": "2010", "to": "2019", "sort": "newest"}
    page.goto("/search?" + urlencode(start))
    box(page).fill("india")
    box(page).press("Enter")
    expect(page).to_have_url(re.compile(r"q=india"))
    kept = query(page.url)
    assert kept["person"] == [person] and kept["from"] == ["2010"] and kept["to"] == ["2019"], kept
    assert kept["sort"] == ["newest"] and "page" not in kept
    expected = api_json("/api/search", {**start, "q": "india"})
    expect(page.locator(HIT_LINKS)).to_have_text(titles(expected))
    expect(page.locator("ul.chips li.chip")).to_have_count(2)  # the person and the dates

    page.get_by_role("link", name="Start over").click()
    expect(page).to_have_url(re.compile(r"/search$"))
    expect(box(page)).to_have_value("")
    expect(page.locator("ul.chips")).to_have_count(0)
    expect(page.get_by_role("link", name="Start over")).to_have_count(0)  # nothing to start over from


# 2. A leading minus excludes, a leading plus requires.

def test_leading_minus_excludes_and_plus_requires(page: Page, api_json):
    both = api_json("/api/search", {"q": "pakistan india"})
    without = api_json("/api/search", {"q": "pakistan NOT india"})
    assert without["total"] < both["total"]
    page.goto("/search")
    box(page).fill("pakistan -india")
    box(page).press("Enter")
    expect(summary(page)).to_contain_text(f"{without['total']} article")
    expect(page.locator(HIT_LINKS)).to_have_text(titles(without))
    for hit in without["hits"]:
        assert "india" not in (hit["title"] + hit["snippet"]).lower()

    box(page).fill("pakistan +india")
    box(page).press("Enter")
    expect(summary(page)).to_contain_text(f"{both['total']} article")
    # Inside quotes a hyphen stays part of the phrase.
    phrase = api_json("/api/search", {"q": '"united states"'})
    assert api_json("/api/search", {"q": '"united -states"'})["total"] == phrase["total"]


# 5. Dates as people type them; a mistake is shown beside its field, nothing else lost.

def test_typed_dates_are_understood(page: Page, api_json):
    year = next(y["value"] for y in api_json("/api/search")["facets"]["year"] if y["value"] != "unknown")
    page.goto("/search?q=pakistan")
    page.get_by_label("From").fill(f"January {year}")
    page.get_by_label("to", exact=True).fill(f"{year}-12-31")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(rf"from=January\+{year}"))
    expected = api_json("/api/search", {"q": "pakistan", "from": year, "to": year})
    expect(summary(page)).to_contain_text(f"{expected['total']} article")
    expect(page.get_by_label("From")).to_have_value(f"{year}-01")  # shown in the form the archive writes
    expect(page.locator(".field-error")).to_have_count(0)


def test_a_bad_date_is_shown_inline_with_everything_kept(page: Page, api_json):
    person = api_json("/api/search")["facets"]["person"][0]["value"]
    page.goto("/search?" + urlencode({"q": "pakistan", "person": person}))
    page.get_by_label("From").fill("Marhc 20l9")
    page.get_by_role("button", name="Apply").click()
    error = page.locator("#from-error")
    expect(error).to_contain_text("'from' must be a date")
    expect(page.get_by_label("From")).to_have_value("Marhc 20l9")  # what was typed, to correct
    expect(page.get_by_label("From")).to_have_attribute("aria-invalid", "true")
    expect(box(page)).to_have_value("pakistan")
    expect(page.locator("ul.chips li.chip")).to_contain_text(person)
    expected = api_json("/api/search", {"q": "pakistan", "person": person})
    expect(page.locator(HIT_LINKS)).to_have_text(titles(expected))  # the rest of the search still runs
    expect(page.locator("footer")).not_to_contain_text("No index loaded")


def test_ambiguous_day_month_is_asked_not_guessed(page: Page):
    response = page.goto("/search?" + urlencode({"from": "3/2/2019"}))
    assert response.status == 400
    expect(page.locator("#from-error")).to_contain_text("two ways")


# 6. Query syntax: entity fields use the filters' names, typographic quotes, unknown fields, common words.

def test_entity_field_query_finds_what_the_filter_finds(page: Page, api_json):
    org = next(o for o in api_json("/api/search")["facets"]["org"] if o["value"] == "Jaish-e Mohammed")
    filtered = api_json("/api/search", {"org": "JeM"})
    assert filtered["total"] == org["count"]
    page.goto("/search?" + urlencode({"q": "org:JeM"}))
    expect(summary(page)).to_contain_text(f"{filtered['total']} article")


def test_typographic_quotes_make_a_phrase(page: Page, api_json):
    words = api_json("/api/search", {"q": "united states"})
    phrase = api_json("/api/search", {"q": '"united states"'})
    assert phrase["total"] < words["total"]
    page.goto("/search")
    box(page).fill("\u201cunited states\u201d")
    box(page).press("Enter")
    expect(summary(page)).to_contain_text(f"{phrase['total']} article")


def test_unknown_field_is_named_with_the_fields_there_are(page: Page):
    response = page.goto("/search?" + urlencode({"q": "foo:bar"}))
    assert response.status == 400
    error = page.locator("#q-error")
    expect(error).to_contain_text("unknown field 'foo'")
    expect(error).to_contain_text("person, org")
    expect(box(page)).to_have_value("foo:bar")


def test_only_common_words_says_so_instead_of_arbitrary_hits(page: Page, api_json):
    everything = api_json("/api/search")
    page.goto("/search?q=the")
    expect(page.locator("#q-error")).to_contain_text("very common words")
    expect(summary(page)).to_contain_text(f"{everything['total']} articles")  # the filters' articles, said so
    # A common word beside a real one is simply not required.
    alone = api_json("/api/search", {"q": "pakistan"})
    assert api_json("/api/search", {"q": "the pakistan"})["total"] == alone["total"]

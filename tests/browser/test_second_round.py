"""Issue 17: what a researcher ran into in a first hour, each as a user meets it in chromium.

Expected counts and titles come from the JSON twin of the same app, not hard-coded.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.etree import ElementTree

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


# 4. Did you mean: whole words of the archive, names too; a query that finds nothing shows the suggestion's hits.

@pytest.mark.parametrize(("typed", "word"), [("pakistn", "pakistan"), ("goverment", "government"),
                                             ("Pompo", "Pompeo"), ("terorism", "terrorism")])
def test_suggestions_are_whole_words_of_the_archive(api_json, typed, word):
    assert api_json("/api/search", {"q": word})["total"]
    answer = api_json("/api/search", {"q": typed})
    assert answer["total"] == 0 and answer["suggestion"] == word


def test_a_query_that_finds_nothing_shows_the_suggestions_results(page: Page, api_json):
    expected = api_json("/api/search", {"q": "pakistan"})
    page.goto("/search?q=pakistn")
    notice = page.locator("p.corrected")
    expect(notice).to_contain_text("Showing results for pakistan; search instead for pakistn")
    expect(page.locator(HIT_LINKS)).to_have_text(titles(expected))
    expect(box(page)).to_have_value("pakistan")

    notice.get_by_role("link", name="pakistn").click()
    expect(page).to_have_url(re.compile(r"q=pakistn&spell=off$"))
    expect(page.locator(HITS)).to_have_count(0)
    page.locator("p.suggest").get_by_role("link", name="pakistan").click()
    expect(page).to_have_url(re.compile(r"/search\?q=pakistan$"))
    expect(page.locator(HIT_LINKS)).to_have_text(titles(expected))


# 11. Exports: a CSV a spreadsheet opens right, named after the search, with absolute links and snippets.

def test_csv_download_is_named_after_the_query_with_absolute_links(page: Page, api_json, base_url: str):
    expected = api_json("/api/search", {"q": "safe havens", "versions": "all", "per_page": 100})
    page.goto("/search?" + urlencode({"q": "safe havens"}))
    with page.expect_download() as info:
        page.get_by_role("navigation", name="Sort and export").get_by_role("link", name="CSV", exact=True).click()
    download = info.value
    assert download.suggested_filename == "archive-safe-havens.csv"
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheet programs need for UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {"dateline", "source", "snippet"} <= set(rows[0])
    assert sorted(r["id"] for r in rows) == sorted(h["id"] for h in expected["hits"])
    for row in rows:
        assert row["url"] == f"{base_url}/article/{row['id']}"
        assert re.search(r"(?i)safe|haven", row["snippet"]) and "<mark>" not in row["snippet"]
    datelines = {h["id"]: h["dateline"] or "" for h in expected["hits"]}
    assert all(row["dateline"] == datelines[row["id"]] for row in rows)


def test_atom_entries_are_not_all_stamped_midnight(page: Page):
    feed = ElementTree.fromstring(page.request.get("/search.atom").body())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert entries
    for entry in entries:
        assert not entry.find("a:updated", ns).text.endswith("T00:00:00Z")
    dated = [e for e in entries if e.find("a:published", ns) is not None]
    assert dated and all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", e.find("a:published", ns).text) for e in dated)


# 10. Phone: filters one tap from the top, targets of at least 24 x 24 px, a page-size control.

PHONE = {"width": 390, "height": 844}


def test_phone_has_a_filters_jump_at_the_top_and_back(page: Page, api_json):
    person = api_json("/api/search")["facets"]["person"][0]["value"]
    page.set_viewport_size(PHONE)
    page.goto("/search?" + urlencode({"q": "pakistan", "person": person}))
    jump = page.get_by_role("link", name=re.compile(r"^Filters and dates"))
    expect(jump).to_be_in_viewport()
    box_ = jump.bounding_box()
    assert box_["y"] < page.locator("h1#h-results").bounding_box()["y"]  # above the results, not after them
    assert box_["height"] >= 24 and box_["width"] >= 24
    expect(jump).to_contain_text("(1 on)")
    jump.click()
    expect(page.locator("#h-dates")).to_be_in_viewport()
    page.get_by_role("link", name="Back to the results").click()
    expect(page.locator("h1#h-results")).to_be_in_viewport()


def test_phone_targets_are_at_least_24_px(page: Page, api_json):
    person = api_json("/api/search")["facets"]["person"][0]["value"]
    page.set_viewport_size(PHONE)
    page.goto("/search?" + urlencode({"q": "pakistan", "person": person, "per_page": 1, "page": 2}))
    expect(page.locator("nav.pages a").first).to_be_visible()
    small = []
    for selector in ("nav.pages a", "nav.pages strong", "ul.chips a", "nav.tools a", "section.facet li a"):
        for target in page.locator(selector).all():
            if not target.is_visible():
                continue
            b = target.bounding_box()
            if b["width"] < 24 or b["height"] < 24:
                small.append((selector, target.inner_text(), round(b["width"]), round(b["height"])))
    assert small == []


def test_per_page_control_keeps_the_search(page: Page, api_json):
    params = {"q": "pakistan", "sort": "newest"}
    expected = api_json("/api/search", {**params, "per_page": 10, "versions": "all"})
    page.goto("/search?" + urlencode({**params, "versions": "all", "page": 1}))
    tools = page.get_by_role("navigation", name="Sort and export")
    expect(tools.locator("strong.per-page")).to_have_text("20")
    tools.get_by_role("link", name="10 per page").click()
    got = query(page.url)
    assert got["per_page"] == ["10"] and got["q"] == ["pakistan"] and got["sort"] == ["newest"]
    expect(page.locator(HIT_LINKS)).to_have_text(titles(expected))


# 9. One facet opened in full (A-Z or by count, a find box that says when nothing matches); OR within a facet.

def test_more_opens_one_facet_in_full(page: Page, api_json):
    everything = api_json("/api/search", {"facet_limit": 0})
    orgs = [o["value"] for o in everything["facets"]["org"]]
    assert len(orgs) > 10 and len(everything["facets"]["person"]) > 10
    page.goto("/search")
    page.get_by_role("link", name="All organisations\u2026").click()
    expect(page).to_have_url(re.compile(r"expand=org"))
    section = page.locator('section[data-facet="org"]')
    expect(section.locator("li > a:first-child")).to_have_text(orgs)  # every value, by count
    expect(page.locator('section[data-facet="person"] li')).to_have_count(10)  # the others stay short

    section.get_by_role("link", name="A\u2013Z").click()
    expect(section.locator("li > a:first-child")).to_have_text(sorted(orgs, key=str.casefold))
    find = section.get_by_role("searchbox")
    find.fill("zzzz")
    expect(section.locator(".facet-none")).to_be_visible()
    expect(section.locator(".facet-none")).to_contain_text("No value matches")
    find.fill("state")
    expect(section.locator("li:visible")).to_have_count(sum("state" in o.lower() for o in orgs))
    expect(section.locator(".facet-none")).to_be_hidden()


def test_find_box_works_without_javascript(browser, base_url: str):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/search?expand=org&expand_sort=alpha")
    section = page.locator('section[data-facet="org"]')
    section.get_by_role("searchbox").fill("nothing like this")
    section.get_by_role("button", name="Find").click()
    expect(section.locator(".facet-none")).to_have_text("No organisations match \u201cnothing like this\u201d.")
    expect(section.locator("li")).to_have_count(0)
    context.close()


def test_or_within_one_facet(page: Page, api_json):
    people = api_json("/api/search")["facets"]["person"]
    first = people[0]["value"]
    # The first listed person (as the page shows them) who adds articles to the first one's.
    second, either = next((p["value"], e) for p in people[1:10]
                          if (e := api_json("/api/search", [("any_person", first), ("any_person", p["value"])]))
                          ["total"] > people[0]["count"])
    both = api_json("/api/search", [("person", first), ("person", second)])
    assert both["total"] < people[0]["count"] < either["total"]
    page.goto("/search?" + urlencode({"person": first}))
    people_section = page.locator('section[data-facet="person"]')
    expect(people_section.get_by_role("link", name=f"or {second} (any of these)")).to_have_count(0)  # not with A
    people_section.get_by_role("link", name=f"or… {first} or others").click()
    assert query(page.url)["any_person"] == [first]
    people_section.get_by_role("link", name=f"or {second} (any of these)").click()
    assert query(page.url)["any_person"] == [first, second] and "person" not in query(page.url)
    expect(summary(page)).to_contain_text(f"{either['total']} article")
    expect(page.locator("ul.chips li.chip")).to_have_text([re.compile(f"any of: {first}"),
                                                           re.compile(f"any of: {second}")])


# 3. The date chart drills down to days; a range is picked on it without script.

def dated(api_json, params=None) -> list[dict]:
    return [m for m in api_json("/api/search", params)["facets"]["month"] if m["value"] != "unknown"]


def test_chart_drills_from_year_to_month_to_day(page: Page, api_json):
    month = dated(api_json)[-1]["value"]
    year = month[:4]
    page.goto(f"/search?from={year}&to={year}")
    chart = page.locator("section.timeline svg.chart")
    expect(chart.locator("title").first).to_have_text("Matching articles per month")
    chart.locator(f'a[aria-label^="{month}:"]').click()
    expect(page).to_have_url(re.compile(rf"from={month}&to={month}$"))  # the month, not widened back to its year
    expect(chart.locator("title").first).to_have_text("Matching articles per day")
    days = chart.locator("a")
    expect(days.first).to_be_visible()
    day = days.first.get_attribute("aria-label").split(":")[0]
    assert re.fullmatch(rf"{month}-\d\d", day)
    days.first.click()
    expect(page).to_have_url(re.compile(rf"from={day}&to={day}$"))
    expected = api_json("/api/search", {"from": day, "to": day})
    expect(summary(page)).to_contain_text(f"{expected['total']} article")


def test_a_short_span_of_matches_is_drawn_by_day(page: Page, api_json):
    found = api_json("/api/search", {"q": '"concerted action"'})
    days = {h["date"] for h in found["hits"] if h["date"] and h["date_precision"] == "day"}
    assert len(days) == 1 and found["total"] >= 1
    page.goto("/search?" + urlencode({"q": '"concerted action"'}))
    chart = page.locator("section.timeline svg.chart")
    expect(chart.locator("title").first).to_have_text("Matching articles per day")
    expect(page.locator(".bars-legend a")).to_have_text(sorted(days))


def test_range_picked_on_the_chart_without_javascript(browser, base_url: str, api_json):
    years = [y["value"] for y in api_json("/api/search")["facets"]["year"] if y["value"] != "unknown"]
    assert len(years) >= 2
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/search?q=pakistan")
    form = page.get_by_role("form", name="Pick a range of the chart")
    form.get_by_label("First year").select_option(years[-1])
    form.get_by_label("last", exact=True).select_option(years[-1])
    form.get_by_role("button", name="Show").click()
    got = query(page.url)
    assert got["from"] == [years[-1]] and got["to"] == [years[-1]] and got["q"] == ["pakistan"]
    expect(page.locator("section.timeline svg.chart title").first).to_have_text("Matching articles per month")
    context.close()


# 8. The article page from a search: its words marked, back to the results, previous and next result.

def test_article_from_a_search_marks_its_words_and_steps_through_results(page: Page, api_json):
    expected = api_json("/api/search", {"q": "pakistan terror", "per_page": 2})
    assert expected["pages"] >= 2
    page.goto("/search?" + urlencode({"q": "pakistan terror", "per_page": 2}))
    page.locator(HIT_LINKS).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(expected["hits"][0]["title"])
    marks = page.locator("div.body mark")
    expect(marks.first).to_be_visible()
    for text in marks.all_inner_texts():
        assert re.fullmatch(r"(?i)pakistan\w*|terror\w*", text), text
    trail = page.get_by_role("navigation", name="Search results")
    expect(trail.get_by_role("link", name="Previous result")).to_have_count(0)
    trail.get_by_role("link", name="Next result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(expected["hits"][1]["title"])
    trail.get_by_role("link", name="Next result").click()  # on to the next page of results
    third = api_json("/api/search", {"q": "pakistan terror", "per_page": 2, "page": 2})["hits"][0]
    expect(page.get_by_role("heading", level=1)).to_have_text(third["title"])
    trail.get_by_role("link", name=re.compile("Back to the results")).click()
    expect(page).to_have_url(re.compile(r"page=2#hit-3$"))
    expect(page.locator(HIT_LINKS).first).to_have_text(third["title"])
    # Straight to the article (no search): no marks, no trail.
    page.goto(third["url"])
    expect(page.locator("div.body mark")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Search results")).to_have_count(0)


def test_more_like_this_says_what_each_shares(page: Page, api_json):
    hit = api_json("/api/search", {"q": "pompeo"})["hits"][0]
    article = api_json(f"/api/article/{hit['id']}")
    page.goto(hit["url"])
    items = page.locator("section.related", has=page.get_by_role("heading", name="More like this")).locator("li")
    expect(items.first).to_be_visible()
    assert items.count() == len(article["more_like_this"])
    names = set(article["persons"]) | set(article["orgs"])
    body = article["body"].lower()
    for item, other in zip(items.all(), article["more_like_this"], strict=True):
        shares = item.locator(".shares").inner_text().removeprefix("\u00b7 shares ").split(", ")
        assert shares and all(s in names or s in body for s in shares), shares
        assert other["id"] not in article["versions"]  # other stories only


# 7. A place facet (the dateline's city and the places the text names, one value per place); empty panels hidden.

def test_place_facet_filters_and_excludes_and_empty_panels_are_hidden(page: Page, api_json):
    everything = api_json("/api/search")
    places = everything["facets"]["place"]
    assert places and everything["facets"]["source"] == []
    place = next(p for p in places if p["count"] < everything["total"])  # one that excluding leaves articles
    page.goto("/search")
    section = page.locator('section[data-facet="place"]')
    expect(section.get_by_role("heading", name="Places")).to_be_visible()
    expect(section.locator("li > a:first-child")).to_have_text([p["value"] for p in places])
    expect(page.locator('section[data-facet="source"]')).to_have_count(0)  # nothing to show, no panel

    section.get_by_role("link", name=place["value"], exact=True).click()
    assert query(page.url)["place"] == [place["value"]]
    expect(summary(page)).to_contain_text(f"{place['count']} article")
    page.goto("/search?" + urlencode({"not_place": place["value"].upper()}))  # any case: canonical URL
    assert query(page.url)["not_place"] == [place["value"]]
    expect(summary(page)).to_contain_text(f"{everything['total'] - place['count']} article")


def test_place_facet_lists_the_places_the_text_names_once_whatever_the_spelling(page: Page, api_json):
    """"US", "U.S." and "the United States" are one value; "Bombay" is Mumbai; the dateline's city is there too."""
    page.goto("/search?facet_limit=0")
    links = page.locator('section[data-facet="place"] li > a:first-child')
    shown = links.all_inner_texts()
    assert {"United States", "Pakistan", "India", "Mumbai", "New Delhi", "Moscow"} <= set(shown), shown
    assert not {"US", "U.S.", "the United States", "Bombay", "NEW DELHI", "MOSCOW"} & set(shown), shown
    assert len(shown) == len(set(shown))
    named = [h for h in api_json("/api/search", {"versions": "all", "per_page": 100})["hits"]
             if re.search(r"\b(US|U\.S\.|United States)\b", api_json(h["url"].replace("/article", "/api/article"))
                          ["body"])]
    page.get_by_role("link", name="United States", exact=True).click()
    assert query(page.url)["place"] == ["United States"]
    expect(summary(page)).to_contain_text(f"{len(named)} article")

"""Search, facets, articles, Back/Reload/bookmarks, the timeline and story groups, as a user sees them.

What the pages must show is read from the JSON twin of the same app (/api/...), not hard-coded, so these tests
follow the corpus; only the corpus facts the issue names (a person counted 3 times, a two-report story) are assumed.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

HIT_LINKS = "ol.hits > li.hit h2 a"


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def titles(data: dict) -> list[str]:
    return [h["title"] for h in data["hits"]]


def summary(page: Page):
    return page.locator("h1#h-results")


def top_person(api_json) -> str:
    """The person named in most articles for an empty query (3 of the 5 shipped articles)."""
    people = api_json("/api/search")["facets"]["person"]
    assert people[0]["count"] == 3 and people[1]["count"] < 3, people[:3]
    return people[0]["value"]


def test_typed_query_shows_ranked_highlighted_results(page: Page, api_json):
    expected = api_json("/api/search", {"q": "safe havens"})
    assert expected["total"] >= 2
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search the archive")
    expect(box).to_be_focused()  # the front page is ready for typing
    box.fill("safe havens")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search\?q=safe\+havens$"))
    expect(box).to_have_value("safe havens")
    expect(summary(page)).to_contain_text(f"{expected['total']} articles")
    expect(summary(page)).to_contain_text("\u201csafe havens\u201d")
    # Ranked as the engine ranks them, one hit per story.
    expect(page.locator(HIT_LINKS)).to_have_text(titles(expected))
    marks = page.locator("ol.hits .snippet mark")
    expect(marks.first).to_be_visible()
    assert marks.count() >= len(expected["hits"])
    for text in marks.all_inner_texts():
        assert re.fullmatch(r"(?i)safe|havens?", text), text
    # Every snippet shown as the API escapes it: marks are the only markup.
    assert page.locator("ol.hits .snippet *:not(mark)").count() == 0


def test_facet_value_filters_then_chip_removes_it_and_exclude_adds_not(page: Page, api_json):
    person = top_person(api_json)
    everything = api_json("/api/search")
    narrowed = api_json("/api/search", {"person": person})
    excluded = api_json("/api/search", {"not_person": person})
    assert narrowed["total"] == 3 and excluded["total"] == everything["total"] - 3
    org_counts = [str(e["count"]) for e in narrowed["facets"]["org"]]
    assert org_counts != [str(e["count"]) for e in everything["facets"]["org"]]

    page.goto("/search")
    people = page.locator('section[data-facet="person"]')
    orgs = page.locator('section[data-facet="org"]')
    expect(summary(page)).to_contain_text(f"{everything['total']} articles")
    expect(people.locator("li").first).to_contain_text(person)
    expect(people.locator("li").first.locator(".count")).to_have_text("3")

    people.get_by_role("link", name=person, exact=True).click()
    expect(page).to_have_url(re.compile(r"/search\?person="))
    assert query(page.url)["person"] == [person]
    chip = page.locator("ul.chips li.chip")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text(f"People: {person}")
    expect(summary(page)).to_contain_text(f"{narrowed['total']} articles")
    expect(page.locator(HIT_LINKS)).to_have_text(titles(narrowed))
    # The counts follow the filter: the organisations counted are those of the 3 remaining articles.
    expect(orgs.locator("li > a:first-child")).to_have_text([e["value"] for e in narrowed["facets"]["org"]])
    expect(orgs.locator(".count")).to_have_text(org_counts)
    expect(people.locator("li.selected")).to_contain_text(person)

    chip.get_by_role("link", name=f"Remove filter People {person}").click()
    expect(page.locator("ul.chips")).to_have_count(0)
    assert "person" not in query(page.url)
    expect(summary(page)).to_contain_text(f"{everything['total']} articles")

    people.get_by_role("link", name=f"Exclude {person}", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]not_person="))
    assert query(page.url)["not_person"] == [person]
    expect(chip).to_contain_text(f"People: not {person}")
    expect(summary(page)).to_contain_text(f"{excluded['total']} article")
    expect(page.locator(HIT_LINKS)).to_have_text(titles(excluded))


def test_two_values_of_one_facet_must_both_match(page: Page, api_json):
    person = top_person(api_json)
    second = next(e["value"] for e in api_json("/api/search", {"person": person})["facets"]["person"]
                  if e["value"] != person)
    both = api_json("/api/search", [("person", person), ("person", second)])
    page.goto("/search?" + urlencode({"person": person}))
    page.locator('section[data-facet="person"]').get_by_role("link", name=second, exact=True).click()
    expect(page.locator("ul.chips li.chip")).to_have_count(2)
    assert query(page.url)["person"] == [person, second]
    expect(summary(page)).to_contain_text(f"{both['total']} article")
    expect(page.locator(HIT_LINKS)).to_have_text(titles(both))


def test_more_lists_every_value_and_the_filter_box_narrows_them(page: Page, api_json):
    every = api_json("/api/search", {"facet_limit": "0"})["facets"]["person"]
    assert len(every) > 10
    page.goto("/search")
    people = page.locator('section[data-facet="person"]')
    expect(people.locator("li")).to_have_count(10)
    people.get_by_role("link", name="All people\u2026").click()
    expect(page).to_have_url(re.compile(r"expand=person"))
    expect(people.locator("li")).to_have_count(len(every))

    target = every[-1]["value"]
    needle = target.split()[-1][:5]
    shown = [e["value"] for e in every if needle.lower() in e["value"].lower()]
    people.get_by_role("searchbox", name="Find people").fill(needle)
    expect(people.locator("li:visible > a:first-child")).to_have_text(shown)
    people.get_by_role("searchbox", name="Find people").fill("")
    expect(people.locator("li:visible")).to_have_count(len(every))


def test_article_page_then_back_gives_the_same_results(page: Page, api_json):
    results = api_json("/api/search", {"q": "pakistan"})
    dated = next(h for h in results["hits"] if h["date"] and h["date_source"])
    rec = api_json(f"/api/article/{dated['id']}")
    page.goto("/search?q=pakistan")
    expect(page.locator(HIT_LINKS)).to_have_text(titles(results))

    page.locator(HIT_LINKS).filter(has_text=dated["title"]).click()
    expect(page).to_have_url(re.compile(rf"/article/{dated['id']}(\?|$)"))
    expect(page.get_by_role("heading", level=1)).to_have_text(rec["title"])
    facts = page.locator("dl.facts")
    date_line = facts.locator("dt:text-is('Date') + dd")
    expect(date_line).to_contain_text(rec["date"][:4])
    # How the date was obtained, in words.
    expect(date_line).to_contain_text(re.compile(r"\((given with the article|from the (page metadata|dateline|article "
                                                 r"text)|inferred: .+)"))
    if rec["date_source"].startswith("inferred:"):
        expect(date_line).to_contain_text(rec["date_source"])
    people = facts.locator("dt:text-is('People') + dd a")
    expect(people).to_have_text(rec["persons"])
    orgs = facts.locator("dt:text-is('Organisations') + dd a")
    expect(orgs).to_have_text(rec["orgs"])
    for link in people.all() + orgs.all():
        assert re.match(r"/search\?(person|org)=", link.get_attribute("href"))
    if rec["dateline"]:
        expect(facts.locator("dt:text-is('Dateline') + dd")).to_have_text(rec["dateline"])

    page.go_back()
    expect(page).to_have_url(re.compile(r"/search\?q=pakistan$"))
    expect(page.locator(HIT_LINKS)).to_have_text(titles(results))
    expect(page.get_by_role("searchbox", name="Search the archive")).to_have_value("pakistan")


def test_person_link_on_article_page_filters_the_search(page: Page, api_json):
    hit = api_json("/api/search", {"q": "pakistan"})["hits"][0]
    name = hit["persons"][0]
    page.goto(hit["url"])
    page.locator("dl.facts").get_by_role("link", name=name, exact=True).click()
    expect(page.locator("ul.chips li.chip")).to_contain_text(f"People: {name}")
    expect(page.locator(HIT_LINKS).filter(has_text=hit["title"])).to_have_count(1)


def test_bookmarked_url_reloads_to_the_same_titles_in_the_same_order(page: Page, api_json):
    person = top_person(api_json)
    params = [("q", "pakistan"), ("person", person), ("sort", "oldest")]
    expected = titles(api_json("/api/search", params))
    assert len(expected) >= 2
    bookmark = "/search?" + urlencode(params)
    page.goto(bookmark)
    expect(page.locator(HIT_LINKS)).to_have_text(expected)
    expect(page.locator("nav.tools strong[aria-current]")).to_have_text("Oldest")
    expect(page.locator("ul.chips li.chip")).to_contain_text(f"People: {person}")

    page.reload()
    expect(page.locator(HIT_LINKS)).to_have_text(expected)
    fresh = page.context.new_page()  # the bookmark opened again, elsewhere
    fresh.goto(bookmark)
    expect(fresh.locator(HIT_LINKS)).to_have_text(expected)
    expect(fresh.get_by_role("searchbox", name="Search the archive")).to_have_value("pakistan")


def test_timeline_bars_are_links_that_drill_into_a_year_and_the_unknown_date(page: Page, api_json):
    everything = api_json("/api/search")
    years = [y for y in everything["facets"]["year"] if y["value"] != "unknown"]
    unknown = next(y["count"] for y in everything["facets"]["year"] if y["value"] == "unknown")
    page.goto("/search")
    chart = page.locator("section.timeline svg.chart")
    expect(chart).to_be_visible()
    bars = chart.locator("a")
    expect(bars).to_have_count(len(years))
    for bar, year in zip(bars.all(), years, strict=True):
        assert query(bar.get_attribute("href")) == {"from": [year["value"]], "to": [year["value"]]}
        assert bar.get_attribute("aria-label") == f"{year['value']}: {year['count']} articles"
        assert bar.locator("rect").bounding_box()["height"] > 0

    year = years[-1]["value"]
    months = [m for m in api_json("/api/search", {"from": year, "to": year})["facets"]["month"]
              if m["value"].startswith(year)]
    chart.locator(f'a[aria-label^="{year}:"]').click()
    expect(page).to_have_url(re.compile(rf"from={year}&to={year}$"))
    expect(page.locator("#h-dates")).to_have_text(f"Dates: {year}")
    expect(chart.locator("title").first).to_have_text("Matching articles per month")
    expect(bars).to_have_count(len(months))
    expect(page.locator(".bars-legend a")).to_have_text([m["value"] for m in months])
    expect(page.locator("ul.chips li.chip")).to_contain_text(f"Date: {year}")  # a one-period range reads as one
    expect(summary(page)).to_contain_text(f"{years[-1]['count']} article")

    page.get_by_role("link", name="All dates").click()
    expect(bars).to_have_count(len(years))
    page.get_by_role("link", name="Unknown date").click()
    expect(page).to_have_url(re.compile(r"date=unknown"))
    expect(page.locator("ul.chips li.chip")).to_contain_text("Date: unknown")
    expect(summary(page)).to_contain_text(f"{unknown} articles")


def test_from_to_inputs_narrow_the_dates(page: Page, api_json):
    first_year = api_json("/api/search")["facets"]["year"][0]["value"]
    expected = api_json("/api/search", {"from": first_year, "to": first_year})
    page.goto("/search")
    page.get_by_label("From").fill(first_year)
    page.get_by_label("to", exact=True).fill(first_year)
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(rf"from={first_year}&to={first_year}"))
    expect(page.locator(HIT_LINKS)).to_have_text(titles(expected))


def test_other_version_expands_in_place_and_the_story_page_shows_both(page: Page, api_json):
    grouped = next(h for h in api_json("/api/search")["hits"] if h["versions"])
    assert len(grouped["versions"]) == 1
    other = api_json(f"/api/article/{grouped['versions'][0]}")
    page.goto("/search")
    hit = page.locator("li.hit").filter(has=page.get_by_role("link", name=grouped["title"], exact=True))
    details = hit.locator("details.versions")
    compare = details.get_by_role("link", name="Compare the versions side by side")
    expect(details.locator("summary")).to_have_text("1 other version")
    expect(compare).to_be_hidden()
    url = page.url

    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    version = details.get_by_role("link", name=other["title"], exact=True)  # named by its headline, not its id
    expect(version).to_be_visible()
    expect(version).to_have_attribute("href", f"/article/{other['id']}")
    expect(compare).to_be_visible()
    assert page.url == url  # expanded in place, no navigation

    compare.click()
    expect(page).to_have_url(re.compile(rf"/story/{grouped['story']}$"))
    versions = page.locator("article.version")
    expect(versions).to_have_count(2)
    assert sorted(versions.locator("h2").all_inner_texts()) == sorted([grouped["title"], other["title"]])
    left, right = (v.bounding_box() for v in versions.all())
    assert abs(left["y"] - right["y"]) < 2 and right["x"] >= left["x"] + left["width"]  # side by side


def test_export_and_feed_links_keep_the_search(page: Page, api_json):
    person = top_person(api_json)
    params = [("q", "pakistan"), ("person", person), ("sort", "oldest")]
    expected = api_json("/api/search", params)
    page.goto("/search?" + urlencode(params + [("page", "1")]))
    tools = page.get_by_role("navigation", name="Sort and export")
    for name, path in (("CSV", "/search.csv"), ("JSON Lines", "/search.jsonl"), ("Atom feed", "/search.atom")):
        href = tools.get_by_role("link", name=name, exact=True).get_attribute("href")
        assert urlsplit(href).path == path
        assert query(href) == {k: [v] for k, v in params}, (name, href)
    assert query(page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href"))["q"] == [
        "pakistan"]
    rows = page.request.get(tools.get_by_role("link", name="JSON Lines").get_attribute("href")).text().splitlines()
    assert len(rows) == expected["total"]  # every matching article, not one page of story groups

"""The place facet: the dateline's city and the places the text names, one value per real place (issue 17)."""

from __future__ import annotations

from devdata import reuters_records

from indexer import places


def test_every_usual_form_of_a_country_is_one_value():
    assert {places.resolve(m) for m in ("U.S.", "US", "USA", "United States", "the United States")} == {
        "United States"
    }
    assert {places.resolve(m) for m in ("Britain", "U.K.", "United Kingdom")} == {"United Kingdom"}


def test_a_city_is_found_under_its_former_or_foreign_names_only_with_the_gazetteers_evidence():
    assert places.resolve("Bombay") == "Mumbai" and places.resolve("Peking") == "Beijing"
    assert places.resolve("NEW DELHI") == places.resolve("New Delhi") == "New Delhi"
    # A place's own name wins over a country pattern found inside it.
    assert places.resolve("New Mexico") == "New Mexico" and places.resolve("Mexico City") == "Mexico City"
    # No evidence, no value: not a place, lower case, or an alternate name of a small town only.
    assert places.resolve("Comissaria Smith") is None
    assert places.resolve("us") is None
    assert places.resolve("Pompeo") is None


def test_a_place_mention_that_is_one_of_the_articles_people_is_none():
    assert places.from_mentions(["US", "Jordan", "U.S."], persons=["Michael Jordan"]) == ["United States"]


def test_the_gazetteer_alone_skips_the_articles_own_names_and_small_towns():
    text = ("George Washington Carver spoke at the Bank of Japan. In March the U.S. and Britain met in Bombay; "
            "Police in March were quiet.")
    found = places.find_in_text(text, ["George Washington Carver", "Bank of Japan"])
    assert found == ["United States", "United Kingdom", "Mumbai"]


def test_the_dateline_city_comes_first_and_stays_as_written_when_unknown():
    forms = places.article_forms("WASHINGTON", places.model_forms(["the U.S.", "Washington"]))
    assert forms == {"WASHINGTON": "Washington", "U.S.": "United States", "Washington": "Washington"}
    assert places.article_forms("Zzyzx Springs", {"France": "France"}) == {"Zzyzx Springs": "Zzyzx Springs",
                                                                           "France": "France"}


def test_the_facet_counts_one_value_per_place_whether_or_not_the_model_read_the_article(archive_of):
    app = archive_of([
        {"id": "model", "title": "Trade talks", "date": "1987-03-02",
         "body": "TOKYO, March 2 - Japan and the United States opened trade talks in Tokyo on Monday, officials "
                 "said. Bombay traders watched the talks closely."},
        {"id": "given", "title": "Grain sales", "date": "1987-03-03", "persons": ["John Block"], "orgs": [],
         "body": "WASHINGTON, March 3 - The U.S. will sell wheat to Mumbai mills, John Block said."},
    ])
    facet = app.test_client().get("/api/search").get_json()["facets"]["place"]
    counts = {f["value"]: f["count"] for f in facet}
    assert counts["United States"] == 2 and counts["Mumbai"] == 2
    assert counts["Tokyo"] == 1 and counts["Japan"] == 1 and counts["Washington"] == 1
    assert not {"U.S.", "US", "Bombay", "TOKYO"} & set(counts)
    hits = app.test_client().get("/api/search?place=Mumbai&place=Japan").get_json()["hits"]
    assert [h["id"] for h in hits] == ["model"]
    # Any spelling the articles give a place finds it, as for people; the page redirects to the value.
    assert app.test_client().get("/api/search?place=bombay").get_json()["total"] == 2
    resp = app.test_client().get("/search?place=U.S.&not_place=TOKYO")
    assert resp.status_code == 302 and "/search?place=United+States&not_place=Tokyo&" in resp.location


def _mentions_of_reuters(n: int) -> list[str]:
    """Every run of capitalised words (and each part of it) in the first `n` Reuters development articles."""
    forms: set[str] = set()
    for _i, rec in zip(range(n), reuters_records(), strict=False):
        for m in places._CAP_RUN.finditer(rec["body"]):
            words = m.group(0).split()
            forms.update(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    return sorted(forms)


def test_the_screened_country_patterns_match_exactly_as_trying_every_pattern():
    gaz = places.gazetteer()
    odd = ["U.S.", "u.s.a.", "P.R.K.", "Türkiye", "Turkey", "Côte d'Ivoire", "KOREA", "the Congo", "RDC", "BVI",
           "Åland", "Kelvin \u212a", "Saint Barthélemy", "North Korea", "South Africa", "Papua New Guinea", "ſamoa"]
    mentions = odd + _mentions_of_reuters(1500)
    for text in mentions:
        every = [i for i, (rx, _name) in enumerate(gaz.countries) if rx.search(text)]
        assert gaz.country_screen.matching(text) == every, text
    assert sum(1 for t in mentions if gaz.country_screen.matching(t)) > 100  # the check saw matches


def test_a_country_s_whole_name_is_told_from_a_longer_name_built_on_it():
    # The country's pattern finds "Korea" in "South Korea" as in "Reuters Taiwan" it finds "Taiwan": the words of
    # the libraries' short names tell them apart; official names ("Kingdom of Denmark") name an issuer, no place.
    whole = ["United Arab Emirates", "South Korea", "Papua New Guinea", "Ivory Coast", "Trinidad and Tobago",
             "Sierra Leone", "Saudi Arabia", "U.S.", "KUWAIT"]
    assert [n for n in whole if not places.names_a_country(n)] == []
    longer = ["Reuters Taiwan", "Bank of Japan", "Kuwaiti", "Emirates Airline", "Saudi Arabian Oil Co",
              "South Africa Breweries", "United Arab Emirates Central Bank", "Kingdom of Denmark"]
    assert [n for n in longer if places.names_a_country(n)] == []

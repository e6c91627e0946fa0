"""Pages and their JSON twins through Flask's test client: shapes, errors, escaping, exports."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from xml.etree import ElementTree

import pytest

HIT_KEYS = {"id", "title", "date", "date_precision", "url", "snippet", "persons", "orgs", "resolutions", "source",
            "story", "versions"}


def test_api_search_shape(api):
    data = api("/api/search", q="Pompeo")
    assert {"total", "groups", "page", "pages", "hits", "facets", "index"} <= set(data)
    assert set(data["facets"]) >= {"person", "org", "resolution", "year", "month"}
    assert HIT_KEYS <= set(data["hits"][0])
    assert "<mark>" in data["hits"][0]["snippet"]
    assert data["index"]["articles"] == 5 and data["index"]["generation"] and data["index"]["built_at"]


def test_collapsed_hit_lists_its_other_versions(api):
    hits = api("/api/search", q="Gokhale")["hits"]
    assert len(hits) == 1
    assert len(hits[0]["versions"]) == 1
    everything = api("/api/search", q="Gokhale", versions="all")
    assert everything["total"] == 2 and len(everything["hits"]) == 2


def test_pagination_counts_pages_of_hits(api):
    first = api("/api/search", versions="all", per_page=2)
    assert (first["total"], first["pages"], len(first["hits"])) == (5, 3, 2)
    last = api("/api/search", versions="all", per_page=2, page=3)
    assert len(last["hits"]) == 1
    beyond = api("/api/search", versions="all", per_page=2, page=9)
    assert beyond["hits"] == [] and beyond["total"] == 5


def test_a_bug_in_the_query_parser_is_a_500_not_a_400_blaming_the_query(client, monkeypatch):
    """A malformed query is the user's (a 400 that says so: tests/test_fuzz_params.py); an exception the parser
    should never raise is the archive's, and must not be reported as a bad query."""
    from whoosh.qparser import QueryParser

    def broken(self, text, normalize=True, debug=False):  # noqa: ANN001, ANN202
        raise TypeError("a bug")

    monkeypatch.setattr(QueryParser, "parse", broken)
    r = client.get("/api/search", query_string={"q": "oil"})
    assert r.status_code == 500 and "could not be understood" not in r.get_data(as_text=True)
    monkeypatch.undo()
    assert client.get("/api/search", query_string={"q": "oil"}).status_code == 200


def test_facet_limit(api):
    assert len(api("/api/search", facet_limit=1)["facets"]["person"]) == 1
    assert len(api("/api/search", facet_limit=0)["facets"]["person"]) > 10


@pytest.mark.parametrize("query", [{"page": "abc"}, {"from": "2019-13-45"}, {"per_page": "-3"},
                                   {"sort": "sideways"}])
def test_bad_parameters_are_a_400_with_a_message(client, query):
    r = client.get("/api/search", query_string=query)
    assert r.status_code == 400
    assert r.get_json()["error"]
    page = client.get("/search", query_string=query)
    assert page.status_code == 400
    # The page says it beside the search it still shows (issue 17: nothing the user entered is lost).
    assert 'class="field-error" role="alert"' in page.get_data(as_text=True)
    assert r.get_json()["error"].replace("'", "&#39;") in page.get_data(as_text=True)


@pytest.mark.parametrize("q", ["(((", "AND OR NOT", "title:", '"unclosed', "*", "a" * 1999, "\x00", "person:[a TO",
                               "\U0001f642 emoji", "[[[[", "a:b:c", "^2", "~", "NOT", '"" ""'])
def test_awkward_queries_never_fail(client, q):
    r = client.get("/api/search", query_string={"q": q})
    assert r.status_code in (200, 400), r.get_data(as_text=True)[:300]


def test_unknown_article_is_a_404(client):
    assert client.get("/api/article/does-not-exist").status_code == 404
    page = client.get("/article/does-not-exist")
    assert page.status_code == 404 and "no such" in page.get_data(as_text=True)


def test_markup_in_the_query_is_escaped(client):
    html = client.get("/search", query_string={"q": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_variant_spelling_redirects_to_the_canonical_url(client, api):
    pompeo = next(v["value"] for v in api("/api/search")["facets"]["person"] if "Pompeo" in v["value"])
    r = client.get("/search", query_string={"person": pompeo.upper()})
    assert r.status_code == 302
    assert "person=" + pompeo.replace(" ", "+") in r.headers["Location"]


def test_security_headers(client):
    r = client.get("/search?q=Pompeo")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]


def test_pages_render(client, api):
    hit = api("/api/search", q="Gokhale")["hits"][0]
    for url in ("/", "/search?q=Pompeo", hit["url"], f"/story/{hit['story']}", "/help", "/api/"):
        r = client.get(url)
        assert r.status_code == 200, url
    html = client.get(hit["url"]).get_data(as_text=True)
    assert hit["title"].replace("'", "&#39;") in html
    assert "/search?person=" in html


def test_article_json_has_the_contract_fields(api):
    hit = api("/api/search", q="Gokhale")["hits"][0]
    rec = api(f"/api/article/{hit['id']}")
    assert {"body", "sources", "dateline", "title_derived", "date_source", "original_url", "related"} <= set(rec)
    assert rec["related"][0]["kind"] == "same-story" and 0 < rec["related"][0]["similarity"] <= 1


def test_exports_stream_every_matching_article(client):
    r = client.get("/search.csv", query_string={"q": "Pakistan", "per_page": 1})
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert r.status_code == 200 and len(rows) == 5
    lines = client.get("/search.jsonl", query_string={"person": "Mike Pompeo"}).get_data(as_text=True).splitlines()
    assert len(lines) == 3 and all("Mike Pompeo" in json.loads(x)["persons"] for x in lines)
    feed = ElementTree.fromstring(client.get("/search.atom").get_data())
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 5
    assert client.get("/search.csv", query_string={"page": "x"}).status_code == 400


def test_did_you_mean_offers_a_close_spelling(api, client):
    data = api("/api/search", q="Pulwamma")
    assert data["total"] == 0 and data["suggestion"] == "Pulwama"  # the archive's word, in the case typed
    html = client.get("/search", query_string={"q": "Pulwamma"}).get_data(as_text=True)
    assert "Showing results for <strong>Pulwama</strong>" in html and "q=Pulwamma&amp;spell=off" in html
    html = client.get("/search", query_string={"q": "Pulwamma", "spell": "off"}).get_data(as_text=True)
    assert "Did you mean" in html and "q=Pulwama" in html
    assert api("/api/search", q="zzzzqqq")["suggestion"] is None


def test_more_like_this_lists_other_stories(api):
    hit = api("/api/search", q="Gokhale")["hits"][0]
    rec = api(f"/api/article/{hit['id']}")
    others = {m["id"] for m in rec["more_like_this"]}
    assert others and hit["id"] not in others and not (others & set(hit["versions"]))


def test_more_like_this_second_view_is_the_same_list(app, api):
    """The related list of a viewed article is kept for its generation: the page renders from a copy, so
    nothing a caller changes leaks into the next view."""
    from search.similar import more_like_this

    hit = api("/api/search", q="Gokhale")["hits"][0]
    first = api(f"/api/article/{hit['id']}")["more_like_this"]
    seen = more_like_this(app.extensions["archive_index"].current(), hit["id"])
    seen[0]["shares"].append("changed by a caller")
    seen.clear()
    assert api(f"/api/article/{hit['id']}")["more_like_this"] == first and first


@pytest.mark.parametrize("q", ['"safe havens"', "safe NOT zzzz", "hav*"])
def test_ranked_hits_respect_the_filters_on_every_query_path(api, q):
    # Phrases, NOT and wildcards take Whoosh's own ranking; plain words the numpy fast path.
    undated = api("/api/search", q=q, date="unknown", versions="all")
    assert undated["hits"] and all(h["date"] is None for h in undated["hits"])
    assert len(undated["hits"]) == undated["total"]
    dated = api("/api/search", q=q, versions="all", **{"from": "2010", "to": "2010"})
    assert [h["date"] for h in dated["hits"]] == ["2010-10-21"]


def test_a_redirect_to_another_name_says_so_and_keeps_the_literal_words(client, api):
    """Issue 14: 'Showing Central Reserve Police Force; you asked for CRPF', and a way to search the words."""
    orgs = api("/api/search", facet_limit=0)["facets"]["org"]
    full = next(v["value"] for v in orgs if v["value"].startswith("Central Reserve"))
    r = client.get("/search", query_string={"org": "CRPF"})
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert f"Showing {full}; you asked for CRPF." in page
    literal = re.search(r'<p class="renamed">.*?<a href="([^"]+)"', page).group(1)
    words = client.get(html.unescape(literal)).get_data(as_text=True)
    assert "you asked for" not in words and "CRPF" in words
    assert api("/api/search", q='"CRPF"')["total"] >= 1
    # a case difference alone is no other name: nothing to explain
    r = client.get("/search", query_string={"org": full.upper()})
    assert "you asked for" not in client.get(r.headers["Location"]).get_data(as_text=True)

"""Saved news pages: headline, article text only, date, URL, site, authors; robust on anything."""

from __future__ import annotations

import codecs
import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.dates import DateInfo
from indexer.htmlpage import PageInfo, parse_page

PAGES = Path(__file__).resolve().parent / "pages"


def page(name: str) -> PageInfo:
    return parse_page((PAGES / name).read_bytes())


# ---------------------------------------------------------------- structures met on real pages


def test_jsonld_page() -> None:
    info = page("jsonld_article.html")
    assert info.title == "Port strike ends after three weeks"
    assert info.date == DateInfo(dt.date(2021, 6, 4), "day", "page metadata", "+01:00")
    assert info.url == "https://gazette.example/news/port-strike-ends"
    assert info.site_name == "Northern Gazette"
    assert info.authors == ["Ana Costa", "Tom Reid"]
    paras = info.body.split("\n\n")
    assert paras[0].startswith("Dock workers voted on Friday")
    assert "Backlog will take weeks" in paras  # the subhead stays, in order
    assert paras.index("Backlog will take weeks") == 2
    assert paras[-1].startswith("Shipping companies said")
    for junk in (
        "cookies",
        "Share on",
        "Related",
        "Strike talks collapse",
        "About time",
        "Comments",
        "Most read",
        "Copyright",
        "Home",
    ):
        assert junk not in info.body


def test_opengraph_and_time_page() -> None:
    info = page("opengraph_time.html")
    # The site name goes, the colon inside the headline stays.
    assert info.title == "Library opens late on weekdays: a trial starts in April"
    assert info.date == DateInfo(dt.date(2019, 3, 12), "day", "page metadata", "+05:30")
    assert info.url == "https://bugle.example/2019/03/library-hours"
    assert info.site_name == "Daily Bugle"
    assert info.authors == ["Priya Nair"]
    assert len(info.body.split("\n\n")) == 3
    for junk in ("Read more", "Tweet", "newsletter", "Log in", "Advertise"):
        assert junk not in info.body


def test_br_separated_text_and_visible_date_line() -> None:
    info = page("br_paragraphs.html")
    assert info.title == "Bridge tolls to rise in June"
    assert info.date is not None and info.date.iso() == "2019-03-12" and info.date.precision == "day"
    paras = info.body.split("\n\n")
    assert len(paras) == 3 and paras[1].startswith("The authority said") and "eastern approach" in paras[1]
    assert "Weather" not in info.body and "Courier" not in info.body


def test_windows_1252_declared_in_http_equiv() -> None:
    raw = (PAGES / "cp1252_httpequiv.html").read_bytes()
    assert b"\x93" in raw  # really windows-1252 bytes, not UTF-8
    info = parse_page(raw)
    assert info.title == "Café owners welcome the “quiet street” plan"
    assert "caf\u00e9s" in info.body and "\u2014 which closes" in info.body and "mayor\u2019s" in info.body
    assert info.date is None


def test_bom_wins() -> None:
    html = "<html><head><meta charset='windows-1252'></head><body><h1>Zoë’s café</h1></body></html>"
    assert parse_page(codecs.BOM_UTF8 + html.encode("utf-8")).title == "Zoë’s café"
    assert parse_page(codecs.BOM_UTF16_LE + html.encode("utf-16-le")).title == "Zoë’s café"


def test_site_name_removed_without_og_site_name() -> None:
    html = (
        "<html><head><title>Harbour bridge reopens - The Example Times</title></head><body>"
        "<h1>Harbour bridge reopens</h1><p>" + "The bridge reopened to traffic this morning. " * 3 + "</p>"
        "</body></html>"
    )
    assert parse_page(html).title == "Harbour bridge reopens"


def test_site_name_removed_from_og_title() -> None:
    html = (
        '<html><head><meta property="og:title" content="Harbour bridge reopens | The Example Times">'
        '<meta property="og:site_name" content="The Example Times"></head><body><p>Text.</p></body></html>'
    )
    assert parse_page(html).title == "Harbour bridge reopens"


def test_modified_time_is_not_the_publication_date() -> None:
    html = (
        '<html><body><h1>Title of it</h1><time class="updated" datetime="2021-02-02">Feb 2</time>'
        "<p>" + "Words of the story go here. " * 5 + "</p></body></html>"
    )
    assert parse_page(html).date is None


def test_dates_in_related_lists_are_not_taken() -> None:
    html = (
        "<html><body><h1>Title of it</h1><p>" + "Words of the story go here, and more words. " * 5 + "</p>"
        "<ul class='related'><li><a href='/x'>Older story</a> <span>March 3, 2015</span></li></ul>"
        "</body></html>"
    )
    assert parse_page(html).date is None


# ---------------------------------------------------------------- robustness


def test_deep_nesting_does_not_recurse() -> None:
    html = "<html><head><title>Deep</title></head><body>" + "<div>" * 100_000
    html += "<p>Text at the bottom of a very deep page.</p>" + "</div>" * 100_000 + "</body></html>"
    t0 = time.perf_counter()
    info = parse_page(html)
    assert "Text at the bottom of a very deep page." in info.body
    assert info.title == "Deep"
    assert time.perf_counter() - t0 < 10


def test_unclosed_paragraphs_deeply_nested() -> None:
    info = parse_page("<p>" * 50_000 + "hello")
    assert "hello" in info.body


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<",
        "<<<>>>",
        "<html",
        "</p></div></body>",
        b"\xff\xfe\x00",
        b"\x00\x01\x02",
        "<script>",
        "<!--",
        '<script type="application/ld+json">{"@graph": [[[[[',
        "<meta charset='no-such-codec'><p>x</p>",
        b"<meta charset='utf-16'><p>x</p>",
        "<svg><p>" * 1000,
    ],
)
def test_garbage_never_raises(html: str | bytes) -> None:
    info = parse_page(html)
    assert isinstance(info, PageInfo) and isinstance(info.body, str)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("<>/=\"' abcpdivh1") + ["<p>", "</p>", "<div>", "<h1>", "<!--"]), max_size=200
    ).map("".join)
)
def test_random_markup_never_raises(html: str) -> None:
    assert isinstance(parse_page(html), PageInfo)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data: bytes) -> None:
    assert isinstance(parse_page(data), PageInfo)


def test_typical_page_is_fast() -> None:
    raw = (PAGES / "jsonld_article.html").read_bytes()
    parse_page(raw)  # first call compiles regexes
    t0 = time.perf_counter()
    for _ in range(20):
        parse_page(raw)
    assert (time.perf_counter() - t0) / 20 < 0.1


def test_time_in_a_ticker_before_the_headline_is_not_taken() -> None:
    html = (
        "<html><body><div class='ticker'><time datetime='2024-01-01'>Latest</time> <a href='/n'>News</a>"
        "</div>"
        "<h1>Title of it</h1><p>" + "Words of the story go here, and more words. " * 5 + "</p></body></html>"
    )
    assert parse_page(html).date is None


def test_time_marked_as_published_is_taken_anywhere() -> None:
    html = (
        "<html><body><h1>Title of it</h1><p>" + "Words of the story go here, and more words. " * 5 + "</p>"
        "<footer><time itemprop='datePublished' datetime='2018-07-01T09:00:00Z'>1 July</time></footer>"
        "</body></html>"
    )
    info = parse_page(html).date
    assert info is not None and info.iso() == "2018-07-01" and info.tz == "+00:00"


def test_date_from_canonical_url_path_as_last_resort() -> None:
    html = (
        "<html><head><link rel='canonical' href='https://news.example/2017/04/09/fire-at-mill'></head>"
        "<body><h1>Fire at mill</h1><p>"
        + "Words of the story go here, and more words. " * 5
        + "</p></body></html>"
    )
    info = parse_page(html).date
    assert info is not None and info.iso() == "2017-04-09" and info.source == "page metadata"
    assert parse_page(html.replace("2017/04/09", "2017/04")).date is None  # a month path is no day


def test_submitted_on_line_under_headline() -> None:
    html = (
        "<html><body><h1>Fire at mill</h1><span>Submitted on Mon, 2019-01-21 13:49</span><p>"
        + "Words of the story go here, and more words. " * 5
        + "</p></body></html>"
    )
    info = parse_page(html).date
    assert info is not None and info.iso() == "2019-01-21"


def test_site_part_named_by_the_url_host_is_removed() -> None:
    html = (
        "<html><head><title>Council votes to keep the night buses | Riverside-Post.com</title>"
        "<link rel='canonical' href='https://www.riversidepost.com/news/night-buses'></head>"
        "<body><p>" + "Words of the story go here, and more words. " * 5 + "</p></body></html>"
    )
    assert parse_page(html).title == "Council votes to keep the night buses"
    # Without that evidence a separator may belong to the headline itself.
    assert parse_page(html.replace("riversidepost", "example")).title == (
        "Council votes to keep the night buses | Riverside-Post.com"
    )


def test_windows_1252_bytes_that_declare_utf8() -> None:
    html = "<html><head><meta charset='utf-8'></head><body><h1>Café “open”</h1></body></html>"
    assert parse_page(html.encode("cp1252")).title == "Café “open”"


def test_many_br_lines_stay_linear() -> None:
    # 10,000 <br>-separated lines once took minutes (tree edits that look positions up linearly).
    html = "<div>" + "a line of loose text long enough to count as article text<br>" * 10_000 + "</div>"
    t0 = time.perf_counter()
    info = parse_page(html)
    assert info.body.count("a line of loose text") == 10_000
    assert time.perf_counter() - t0 < 20

"""Saved pages that read badly lose nothing: short shared text is no identity; a page without article
text is indexed by its headline and description, marked, and counted (issue 13)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from app import create_app
from indexer import build
from indexer.article import article_from
from indexer.read import RawDoc

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pages"

# Every page of the site carries this line; the story itself is loaded by a script the archive never ran.
FURNITURE = "<p>Sign up for our daily newsletter and never miss a story again.</p>"


def _page(title: str, url: str, date: str, description: str, body: str) -> str:
    return f"""<!doctype html><html><head><title>{title} - The Weekly Drum</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="The Weekly Drum">
<meta property="og:url" content="{url}"><meta name="description" content="{description}">
<meta property="article:published_time" content="{date}"></head>
<body><header><a href="/">The Weekly Drum</a></header><h1>{title}</h1>{body}
<footer>Copyright The Weekly Drum</footer></body></html>"""


@pytest.fixture(scope="module")
def drum(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("drum") / "corpus"
    corpus.mkdir()
    (corpus / "ferry.html").write_text(_page(
        "Harbour ferry strike ends after nine days", "https://drum.example/2024/05/02/ferry-strike",
        "2024-05-02T09:00:00+01:00", "Crews accept a 6 percent offer from the port authority.", FURNITURE))
    (corpus / "orchard.html").write_text(_page(
        "Orchard growers count frost losses", "https://drum.example/2024/04/18/orchard-frost",
        "2024-04-18T07:30:00+01:00", "A late frost took half the apricot blossom in the valley.", FURNITURE))
    (corpus / "council.html").write_text(_page(
        "Council approves new cycle lanes", "https://drum.example/2024/05/01/cycle-lanes",
        "2024-05-01T12:00:00+01:00", "Two new lanes will cross the town centre.",
        "<article><p>The town council voted on Tuesday evening to build two protected cycle lanes across the "
        "centre, after a year of consultation with shop owners and residents.</p><p>Work on the first lane, "
        "along the harbour road, is due to begin in September and will take about four months, the council "
        "said.</p></article>" + FURNITURE))
    # A copy of the ferry page saved twice: the same page, so one article with two sources.
    (corpus / "ferry-copy.html").write_text((corpus / "ferry.html").read_text())
    (corpus / "gallery.html").write_text(_page(
        "Lantern festival in pictures", "https://drum.example/2024/03/09/lanterns",
        "2024-03-09T18:00:00+01:00", "Thousands of paper lanterns rose over the old quay on Saturday.",
        "<div id='gallery' data-src='/api/gallery/77'></div>"))
    index = tmp_path_factory.mktemp("drum-index") / "index"
    summary = build.rebuild(corpus, index)
    app = create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})
    return summary, app.test_client()


def _article(client, q: str) -> dict:
    hits = client.get("/api/search", query_string={"q": q, "versions": "all"}).get_json()["hits"]
    assert len(hits) == 1, [h["title"] for h in hits]
    return client.get(f"/api/article/{hits[0]['id']}").get_json()


def test_pages_sharing_only_furniture_stay_two_articles(drum) -> None:
    summary, client = drum
    ferry, orchard = _article(client, "ferry"), _article(client, "orchard")
    assert ferry["id"] != orchard["id"]
    assert ferry["title"] == "Harbour ferry strike ends after nine days"
    assert (ferry["date"], orchard["date"]) == ("2024-05-02", "2024-04-18")
    # The page saved twice is one article listing both files.
    assert sorted(ferry["sources"]) == ["ferry-copy.html", "ferry.html"]
    assert orchard["sources"] == ["orchard.html"]
    assert summary.duplicates_merged == 1


def test_page_without_article_text_is_indexed_marked_and_counted(drum) -> None:
    summary, client = drum
    art = _article(client, "lanterns")
    assert art["title"] == "Lantern festival in pictures"
    assert art["date"] == "2024-03-09"
    assert art["body_missing"] is True
    assert "paper lanterns rose over the old quay" in art["body"]
    assert _article(client, "ferry")["body_missing"] is True  # its text was only the site's furniture
    assert _article(client, "cycle")["body_missing"] is False
    assert summary.pages_without_body == 4  # ferry (twice), orchard, gallery
    assert not [s for s in summary.skipped if s["file"] == "gallery.html"]


def test_short_identical_texts_merge_only_with_the_same_headline() -> None:
    def art(title: str, url: str):
        return article_from(RawDoc("x.html", "html", _page(title, url, "2024-01-02", "", FURNITURE)))

    a, b = art("Port opens", "https://drum.example/a"), art("Mill closes", "https://drum.example/b")
    assert a.body == b.body and a.key != b.key
    assert art("Port opens", "https://drum.example/a").key == a.key


def _truth(source: str) -> list[dict]:
    """The tuning half of a source's pages (the held-out half is for bench/pages_eval.py only)."""
    from bench.pages_eval import half_of

    path = PAGES / source / "truth.jsonl"
    if not path.is_file():
        pytest.skip("../shared/data/pages is not here")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return [t for t in rows if half_of(source, t["file"]) == "tune"]


def test_real_news_pages_all_give_text_and_their_dates() -> None:
    """Scrapinghub benchmark pages all give article text close to the reference; the postlight-parser
    pages (hand-written reference dates) are dated right or left unknown, never wrong."""
    from bench.pages_eval import date_verdict, word_f1

    scores = []
    for t in _truth("scrapinghub-aeb")[::3]:
        html = gzip.decompress((PAGES / "scrapinghub-aeb" / t["file"]).read_bytes()).decode()
        art = article_from(RawDoc(t["file"], "html", html))
        assert art is not None and not art.body_missing, t["file"]
        scores.append(word_f1(art.body, t["body"]))
    assert sum(scores) / len(scores) >= 0.93
    verdicts = []
    for t in _truth("postlight-parser"):
        if "date" not in t:
            continue
        html = gzip.decompress((PAGES / "postlight-parser" / t["file"]).read_bytes()).decode("utf-8", "replace")
        art = article_from(RawDoc(t["file"], "html", html))
        day = art.date.iso() if art.date and art.date.precision == "day" else None
        verdicts.append((date_verdict(day, t["date"]), t["file"]))
    assert not [f for v, f in verdicts if v == "wrong"]
    # At least 80%: a page that shows another day under its headline than its metadata gives is left unknown
    # (bench/README.md, issue 13, seventh round; 32 of these 38 are dated, all right).
    assert sum(v == "right" for v, _ in verdicts) >= 0.80 * len(verdicts)

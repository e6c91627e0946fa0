"""Pages stay light and helpful: a page of 20 results under 100 KB; an empty archive is explained."""

from __future__ import annotations

import json

from app import create_app
from indexer import build

WORDS = ("harbour council budget river flood convoy minister election court strike port wage union rail "
         "storm bridge school hospital tariff export grain drought").split()


def test_twenty_results_page_is_under_100_kb(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = []
    for i in range(40):
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(120)]
        body = f"Report number {i} from the coast. " + " ".join(words) + ". Officials said the work goes on."
        lines.append(json.dumps({"title": f"Harbour report {i}", "date": f"20{10 + i % 12:02d}-0{1 + i % 9}-1{i % 10}",
                                 "body": body, "persons": [f"Person {i % 13} Example"], "source": f"Wire {i % 3}"}))
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ix = tmp_path / "ix"
    summary = build.rebuild(corpus, ix)
    assert summary.articles == 40
    client = create_app({"INDEX_DIR": str(ix)}).test_client()
    r = client.get("/search", query_string={"q": "harbour", "versions": "all"})
    html = r.get_data()
    assert r.status_code == 200 and html.count(b'class="hit"') == 20
    assert len(html) < 100_000, len(html)
    assert b"page 1 of 2" in html


def test_empty_archive_has_a_helpful_page(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    ix = tmp_path / "ix"
    assert build.rebuild(corpus, ix).articles == 0
    client = create_app({"INDEX_DIR": str(ix)}).test_client()
    r = client.get("/search", query_string={"q": "anything"})
    assert r.status_code == 200 and "Nothing matches" in r.get_data(as_text=True)
    assert client.get("/api/search").get_json()["total"] == 0

"""A wire story printed by many papers: one hit, a bounded list of its versions, all of them one click away."""

from __future__ import annotations

import json
import re

import pytest

from app import create_app
from indexer import build
from web.pages import VERSIONS_LISTED

STORY = ("The port authority of Valmora said on Tuesday that the northern harbour would stay closed for repairs "
         "until the end of the month after a storm damaged two of its piers. Ferry operators were told to use the "
         "southern terminal, where extra berths will be opened from Wednesday morning. The authority said the "
         "repair bill was not yet known but that insurers had already inspected the damage. Fishing boats will be "
         "allowed to unload at the northern quay during daylight hours only.")
PAPERS = 27


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("wire")
    corpus = root / "corpus"
    corpus.mkdir()
    lines = []
    for i in range(PAPERS):
        # each paper adds its own closing line, so the copies are near-duplicates, not identical texts
        body = f"{STORY}\n\nThis report was printed in edition number {i} of paper {i * 37 + 11}."
        lines.append(json.dumps({"id": f"paper-{i:02d}", "title": f"Harbour closed for repairs ({i})",
                                 "body": body, "date": f"2024-03-{1 + i % 3:02d}", "source": f"Paper {i}"}))
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build.rebuild(corpus, root / "ix")
    return create_app({"INDEX_DIR": str(root / "ix"), "CORPUS_DIR": str(corpus)}).test_client()


def test_the_copies_are_one_hit_whose_json_lists_every_other_version(client):
    res = client.get("/api/search", query_string={"q": "harbour repairs"}).get_json()
    assert res["total"] == PAPERS and res["groups"] == 1
    assert len(res["hits"][0]["versions"]) == PAPERS - 1


def test_the_page_lists_a_bounded_number_and_links_the_story_page(client):
    html = client.get("/search", query_string={"q": "harbour repairs"}).get_data(as_text=True)
    listed = re.findall(r'<li><a href="/article/paper-\d\d">', html)
    assert len(listed) == VERSIONS_LISTED
    assert f"and {PAPERS - 1 - VERSIONS_LISTED} more" in html
    assert f"{PAPERS - 1} other versions" in html
    story = re.search(r'href="(/story/[^"]+)"', html).group(1)
    page = client.get(story)
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("edition number") == PAPERS

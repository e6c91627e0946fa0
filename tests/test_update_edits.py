"""An `update` after an article was edited: the old version leaves the results, the new one is found.

Whoosh keeps a replaced document in its segment, marked deleted, until a merge; the app must skip it.
"""

from __future__ import annotations

import shutil

from app import create_app
from indexer import build


def test_an_edited_article_replaces_its_old_version(tmp_path, seed_corpus):
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_corpus, corpus)
    ix = tmp_path / "ix"
    build.rebuild(corpus, ix)
    client = create_app({"INDEX_DIR": str(ix), "CORPUS_DIR": str(corpus)}).test_client()
    edited = sorted(corpus.glob("*.txt"))[-1]
    before = client.get("/api/search", query_string={"q": "havens", "versions": "all"}).get_json()
    old_ids = {h["id"] for h in before["hits"]}

    with edited.open("a", encoding="utf-8") as f:
        f.write("\nThe harbour authority said the ferry service would resume on Thursday.\n")
    summary = build.update(corpus, ix)
    assert summary.articles_added == 1 and summary.articles_removed == 1

    everything = client.get("/api/search", query_string={"versions": "all"})
    assert everything.status_code == 200
    assert everything.get_json()["total"] == 5
    found = client.get("/api/search", query_string={"q": "ferry harbour"}).get_json()
    assert found["total"] == 1
    new_id = found["hits"][0]["id"]
    assert new_id not in old_ids
    # A word of both versions finds the new version, not the old one (deleted in the index, not served).
    again = client.get("/api/search", query_string={"q": "havens", "versions": "all"}).get_json()
    assert again["total"] == before["total"]
    assert new_id in {h["id"] for h in again["hits"]}
    assert len(old_ids - {h["id"] for h in again["hits"]}) == 1
    assert client.get(f"/article/{new_id}").status_code == 200
    assert client.get("/search", query_string={"q": "ferry"}).status_code == 200

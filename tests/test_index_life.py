"""Index life: a running app follows rebuilds without a restart; failed builds leave the old index serving."""

from __future__ import annotations

import json
import shutil

import pytest

from app import create_app
from indexer import build, layout


@pytest.fixture()
def corpus(tmp_path, seed_corpus):
    dest = tmp_path / "corpus"
    shutil.copytree(seed_corpus, dest)
    return dest


def test_app_picks_up_a_new_generation_without_restart(corpus, tmp_path):
    ix = tmp_path / "ix"
    build.rebuild(corpus, ix)
    client = create_app({"INDEX_DIR": str(ix), "CORPUS_DIR": str(corpus)}).test_client()
    before = client.get("/api/search").get_json()
    assert before["total"] == 5
    (corpus / "new.jsonl").write_text(json.dumps({"title": "Harbour reopens", "body": "The harbour reopened."}) + "\n",
                                      encoding="utf-8")
    build.update(corpus, ix)
    after = client.get("/api/search").get_json()
    assert after["total"] == 6
    assert after["index"]["generation"] != before["index"]["generation"]
    assert client.get("/api/search", query_string={"q": "harbour"}).get_json()["total"] == 1


def test_no_index_yet_is_a_helpful_503(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client()
    r = client.get("/search?q=x")
    assert r.status_code == 503 and "python -m indexer rebuild" in r.get_data(as_text=True)
    assert client.get("/api/search").get_json()["error"]
    assert client.get("/help").status_code == 200


def test_a_failing_build_leaves_the_old_index_and_no_leftovers(corpus, tmp_path, monkeypatch):
    ix = tmp_path / "ix"
    build.rebuild(corpus, ix)
    serving = layout.current_name(ix)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build.facetarrays, "build", boom)
    with pytest.raises(build.BuildError, match="No space left"):
        build.rebuild(corpus, ix)
    assert layout.current_name(ix) == serving
    assert not [p for p in (ix / "generations").iterdir() if p.name.startswith("tmp-")]
    client = create_app({"INDEX_DIR": str(ix)}).test_client()
    assert client.get("/api/search").get_json()["total"] == 5


def test_leftovers_of_a_killed_run_are_cleaned_by_the_next(corpus, tmp_path):
    ix = tmp_path / "ix"
    build.rebuild(corpus, ix)
    junk = ix / "generations" / "tmp-g-20200101T000000Z-99999"
    junk.mkdir()
    (junk / "half-written").write_text("x")
    build.update(corpus, ix)
    assert not junk.exists()

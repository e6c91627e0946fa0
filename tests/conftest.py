"""Shared fixtures: a real index on disk built from the shipped corpus, the app and its test client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import create_app
from indexer import build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory) -> Path:
    """A copy of the shipped articles (tests never write into corpus/)."""
    dest = tmp_path_factory.mktemp("seed") / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def seed_index(seed_corpus, tmp_path_factory) -> Path:
    """The index of the shipped articles, built once per test session."""
    index_dir = tmp_path_factory.mktemp("seed-index") / "index"
    build.rebuild(seed_corpus, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def app(seed_index, seed_corpus):
    application = create_app({"INDEX_DIR": str(seed_index), "CORPUS_DIR": str(seed_corpus)})
    application.testing = False  # errors must come back as pages, as a user sees them
    return application


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def api(app):
    """GET a JSON endpoint, asserting 200."""
    c = app.test_client()

    def get(url: str, **params) -> dict:
        resp = c.get(url, query_string=params)
        assert resp.status_code == 200, (url, params, resp.status_code, resp.get_data(as_text=True)[:500])
        return resp.get_json()

    return get


@pytest.fixture(scope="session")
def seed_ids(api) -> dict[str, str]:
    """File prefix ("000") -> article id, read from each article's sources."""
    out = {}
    for hit in api("/api/search", versions="all", per_page=100)["hits"]:
        rec = api(f"/api/article/{hit['id']}")
        for src in rec["sources"]:
            out[Path(src.split("#")[0]).name[:3]] = hit["id"]
    return out

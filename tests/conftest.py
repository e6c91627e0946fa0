"""Shared fixtures: a real index on disk built from the shipped corpus, the app and its test client."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app import create_app
from archive.store import STORE_FILE, Store
from indexer import build, layout

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


def _correction_pair(first: str, second: str) -> list[dict]:
    common = {"title": "U.S. car sales rose in March", "source": "Wire"}
    return [
        {**common, "id": "late", "title": common["title"] + " (corrected)", "body": second,
         "date": "1987-04-02T15:40:00Z"},
        {**common, "id": "early", "body": first, "date": "1987-04-02T09:05:00Z"},
    ]


@pytest.fixture(scope="session")
def correction_pair() -> Callable[[str, str], list[dict]]:
    """A wire item and its correction on one day, the later one first in the file: only the time orders them."""
    return _correction_pair


@pytest.fixture(scope="session")
def archive_of(tmp_path_factory) -> Callable[[list[dict]], object]:
    """`archive_of(records)`: the app over a fresh index of a JSON corpus holding those records."""

    def build_app(records: list[dict]):
        root = tmp_path_factory.mktemp("archive")
        corpus = root / "corpus"
        corpus.mkdir()
        (corpus / "wire.json").write_text(json.dumps(records), encoding="utf-8")
        build.rebuild(corpus, root / "ix")
        return create_app({"INDEX_DIR": str(root / "ix"), "CORPUS_DIR": str(corpus)})

    return build_app


def _stored_records(ix: Path) -> list[dict]:
    store = Store(layout.current_path(ix) / STORE_FILE, readonly=True)
    try:
        return [rec.to_json() for _o, rec in store.records()]
    finally:
        store.close()


@pytest.fixture(scope="session")
def stored_records() -> Callable[[Path], list[dict]]:
    """`stored_records(index_dir)`: every article record of the index's current generation, in store order."""
    return _stored_records


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

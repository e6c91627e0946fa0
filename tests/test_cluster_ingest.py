"""The entity model on a Dask cluster: `--scheduler local:2` builds the index a local build gives.

The CLI runs as a subprocess and starts a real 2-worker LocalCluster (spawned processes, each loading the
model once); the answers and stored records are compared with the session's locally built index.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from indexer.cluster import Scheduler

ROOT = Path(__file__).resolve().parent.parent
URLS = ["/api/search", "/api/search?q=minister", "/api/search?q=talks&versions=all", "/api/search?org=UN",
        '/api/search?q="security council"&facet_limit=0', "/api/search?q=pakist*&sort=newest"]


def _cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def _answers(ix: Path, corpus: Path) -> list[dict]:
    client = create_app({"INDEX_DIR": str(ix), "CORPUS_DIR": str(corpus)}).test_client()
    out = []
    for url in URLS:
        data = client.get(url).get_json()
        data.pop("index")  # the generation's name and build time differ, nothing else may
        out.append(data)
        for hit in data["hits"]:
            article = client.get(f"/api/article/{hit['id']}").get_json()
            article.pop("index", None)
            out.append(article)
    return out


@pytest.fixture(scope="module")
def cluster_index(seed_corpus, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    ix = tmp_path_factory.mktemp("cluster") / "index"
    run = _cli("rebuild", "--corpus", str(seed_corpus), "--index", str(ix), "--scheduler", "local:2", "--json")
    assert run.returncode == 0, run.stderr[-2000:]
    return ix, run


def test_local_cluster_builds_the_index_a_local_build_gives(cluster_index, seed_index, seed_corpus, stored_records):
    ix, run = cluster_index
    summary = json.loads(run.stdout)
    assert summary["extracted"] == summary["articles"] == 5  # every text went through the cluster's model
    assert "2 workers ready" in run.stderr
    assert "on 2 workers" in run.stderr  # batches small enough that both workers got some
    assert stored_records(ix) == stored_records(seed_index)  # entities, canonical names, stories: all the same
    assert _answers(ix, seed_corpus) == _answers(seed_index, seed_corpus)


def test_cached_texts_never_reach_the_cluster(cluster_index, seed_corpus):
    ix, _run = cluster_index
    again = _cli("rebuild", "--corpus", str(seed_corpus), "--index", str(ix), "--scheduler", "local:2", "--json")
    assert again.returncode == 0, again.stderr[-2000:]
    summary = json.loads(again.stdout)
    assert (summary["extracted"], summary["extraction_cached"]) == (0, 5)  # the cache is the source of truth
    assert "workers ready" not in again.stderr  # no cluster started for nothing


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_scheduler_fails_and_the_old_index_keeps_serving(seed_corpus, seed_index, tmp_path):
    corpus, ix = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(seed_corpus, corpus)
    shutil.copytree(seed_index, ix)
    serving = (ix / "CURRENT").read_text()
    (corpus / "new.txt").write_text("Harbour reopens\n\nThe harbour of Genoa reopened after the storm, "
                                    "officials of Italy said.\n", encoding="utf-8")
    address = f"tcp://127.0.0.1:{_closed_port()}"
    run = _cli("update", "--corpus", str(corpus), "--index", str(ix), "--scheduler", address)
    assert run.returncode == 2
    assert f"could not reach the Dask scheduler at {address}" in run.stderr
    assert "Traceback" not in run.stderr
    assert (ix / "CURRENT").read_text() == serving
    bad = _cli("update", "--corpus", str(corpus), "--index", str(ix), "--scheduler", "somewhere")
    assert bad.returncode == 2 and "not a scheduler address: 'somewhere'" in bad.stderr


def test_scheduler_setting(monkeypatch):
    monkeypatch.delenv("ARCHIVE_DASK_SCHEDULER", raising=False)
    assert Scheduler.from_setting() is None
    assert Scheduler.from_setting("local:3") == Scheduler(local_workers=3)
    monkeypatch.setenv("ARCHIVE_DASK_SCHEDULER", "tcp://10.0.0.5:8786")
    assert Scheduler.from_setting() == Scheduler(address="tcp://10.0.0.5:8786")
    assert Scheduler.from_setting("sched.example:8786") == Scheduler(address="sched.example:8786")
    for bad in ("local:0", "local:x", "8786", "tcp://"):
        with pytest.raises(ValueError):
            Scheduler.from_setting(bad)

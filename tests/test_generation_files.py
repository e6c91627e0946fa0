"""A long-running server lets go of old generations: file handles measured over 20 rebuilds while clients search
(pages, the API and exports, from several threads) do not grow, and none points into a removed generation."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from app import create_app
from indexer import build, layout

REBUILDS = 20
URLS = ["/api/search?q=pompeo", "/search?q=minister", "/api/search?q=%22foreign+secretary%22&versions=all",
        "/search.csv?q=talks", "/api/search?sort=newest&page=1", "/search.atom?q=terror*"]


def _open_files() -> list[str]:
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            out.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass
    return out


def _index_files(ix: Path) -> list[str]:
    return [f for f in _open_files() if f.startswith(str(ix))]


def test_old_generations_files_are_released_under_load(seed_index, seed_corpus, tmp_path):
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    shutil.copytree(seed_corpus, corpus)
    shutil.copytree(seed_index, ix)  # its extraction cache knows every text: rebuilds are quick
    app = create_app({"INDEX_DIR": str(ix)})
    stop = threading.Event()
    failures: list[str] = []
    served: set[str] = set()

    def client(n: int) -> None:
        c = app.test_client()
        k = n
        while not stop.is_set():
            resp = c.get(URLS[k % len(URLS)])
            if resp.status_code != 200:
                failures.append(f"{URLS[k % len(URLS)]}: {resp.status_code}")
            elif resp.is_json:
                served.add(resp.get_json()["index"]["generation"])
            resp.close()
            k += 1

    for url in URLS:  # warm: every kind of request has opened what it keeps open
        app.test_client().get(url).close()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(2)]
    for t in threads:
        t.start()
    counts = []
    try:
        for _ in range(REBUILDS):
            build.rebuild(corpus, ix)
            counts.append(len(_index_files(ix)))
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    for url in URLS:  # every thread's next request moves to the newest generation
        app.test_client().get(url).close()
    assert not failures, failures[:5]
    assert len(served) > 3  # the clients followed the rebuilds
    held = _index_files(ix)
    current = str(layout.current_path(ix))
    stale = [f for f in held if not f.startswith(current) and not f.endswith(("cache.sqlite", layout.LOCK))]
    assert stale == [], (len(stale), stale[:5])  # nothing of an old generation stays open
    assert not [f for f in held if f.endswith(" (deleted)")]
    print(f"index files open after each rebuild: {counts}; at the end: {len(held)}")

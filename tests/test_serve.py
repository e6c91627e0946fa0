"""The production server (`make run` -> web/serve.py): waitress in several processes on one port, stopped whole."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(seed_index: Path, tmp_path: Path, workers: int) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "web.serve", f"--workers={workers}", f"--listen=127.0.0.1:{port}",
                             "--threads=2", "--call", "app:create_app"], cwd=ROOT,
                            env={**os.environ, "ARCHIVE_INDEX_DIR": str(seed_index)},
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-2000:]
        try:
            if _get(port, "/api/")[0] == 200:
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the server did not answer within 60 s")


def _get(port: int, url: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", url)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _workers(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except FileNotFoundError:
        return True


def test_workers_share_the_port_and_stop_together(seed_index, tmp_path):
    proc, port = _start(seed_index, tmp_path, workers=2)
    try:
        workers = _workers(proc.pid)
        assert len(workers) == 2
        # Both workers answer: requests sent together are accepted by both (each connection's server end is
        # found among one worker's open files). Batches repeat because the kernel may hand one batch to one.
        served: set[int] = set()
        deadline = time.monotonic() + 30
        while served != set(workers) and time.monotonic() < deadline:
            served |= _batch_owners(port, workers, size=8)
        assert served == set(workers), "one worker answered everything"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    assert all(_gone(w) for w in workers)


def _batch_owners(port: int, workers: list[int], size: int) -> set[int]:
    """Send `size` searches at once on kept-alive connections; the workers that hold their server ends."""
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(size)]
    try:
        for conn in conns:
            conn.request("GET", "/api/search?q=pulwama")
        owners = set()
        for conn in conns:
            resp = conn.getresponse()
            assert resp.status == 200 and json.loads(resp.read())["total"] > 0
            owners.add(_owner(workers, port, conn.sock.getsockname()[1]))
        return owners
    finally:
        for conn in conns:
            conn.close()


def _owner(workers: list[int], port: int, client_port: int) -> int | None:
    """The worker holding the server end of the loopback connection from `client_port`."""
    want = f"{port:04X}", f"{client_port:04X}"
    inode = next(line.split()[9] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if (line.split()[1].rsplit(":")[1], line.split()[2].rsplit(":")[1]) == want)
    link = f"socket:[{inode}]"
    return next((w for w in workers for fd in Path(f"/proc/{w}/fd").iterdir() if _readlink(fd) == link), None)


def _readlink(fd: Path) -> str:
    try:
        return os.readlink(fd)
    except OSError:  # closed between listing and reading
        return ""


def test_a_dead_worker_stops_the_server(seed_index, tmp_path):
    proc, _port = _start(seed_index, tmp_path, workers=2)
    workers = _workers(proc.pid)
    os.kill(workers[0], signal.SIGKILL)
    assert proc.wait(timeout=20) != 0  # a supervisor sees the server exit, not half of it serving
    assert all(_gone(w) for w in workers)


def test_the_parent_warms_the_index_once_and_the_workers_answer_as_before(seed_index, tmp_path):
    """The app is built and warmed in the parent (web/warmup.py); the workers' answers are an unwarmed app's."""
    from app import create_app

    proc, port = _start(seed_index, tmp_path, workers=2)
    try:
        urls = ["/api/search?q=security+council", '/api/search?q="security+council"', "/api/search?q=said&page=2"]
        served = [_get(port, url) for url in urls]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    log = (tmp_path / "serve.log").read_text()
    assert log.count("Warmed before forking: Warmed(words=[") == 1, log
    client = create_app({"INDEX_DIR": str(seed_index)}).test_client()
    for url, (status, body) in zip(urls, served):
        resp = client.get(url)
        assert (status, body) == (resp.status_code, resp.data), url


def test_warm_reads_the_largest_words_and_keeps_no_handle_of_its_thread(seed_index):
    from app import create_app
    from search import postingcache, warm

    app = create_app({"INDEX_DIR": str(seed_index)})
    warmed = app.extensions["warm"]()
    gen = app.extensions["archive_index"].current()
    assert gen._opened == []  # the parent's searcher and SQLite connection are closed before the fork
    largest = [w for w, _size in warm.largest_words(gen, "body")]
    assert warmed.words and warmed.words[:5] == largest[:5] and 0 < warmed.bytes <= gen.postings.max_bytes
    searcher = gen.searcher()
    for word in warmed.words[:5]:
        cached = gen.postings.positions(searcher, "body", word)
        docs, _weights, counts, positions = postingcache.read_positions(searcher, "body", word)
        assert (cached.docs.tolist(), cached.counts.tolist(), cached.positions.tolist()) == (
            docs.tolist(), counts.tolist(), positions.tolist())
    # "More like this" finds every body word's frequency kept, equal to the reader's own.
    kept = gen.derived("body_frequencies", dict)
    reader = searcher.ixreader
    assert len(kept) == len(list(reader.lexicon("body"))) > 100
    assert all(reader.frequency(field, raw) == f for (field, raw), f in kept.items())


def test_warm_reads_the_rarest_words_and_every_name_word_as_the_reader_gives_them(seed_index):
    """Every person/organisation word's positions and the rarest words' postings (rarest first, within the budget)
    are in the cache after the warm step, each equal to what reading the word anew gives."""
    from search import postingcache, warm
    from search.generation import IndexHandle

    gen = IndexHandle(seed_index).current()
    searcher = gen.searcher()
    rare = warm.rarest_words(gen, searcher, {})
    assert [size for _f, _w, size in rare] == sorted(size for _f, _w, size in rare)
    assert {f for f, _w, _s in rare} == {"title", "body", "names"}
    names = [(f, w, size) for f in warm.NAME_FIELDS for w, size in warm.largest_words(gen, f)]
    assert len(names) > 10
    # Every name word and the 50 rarest words fit, not all the words.
    budget = sum(size for _f, _w, size in names) + sum(size for _f, _w, size in rare[:50])
    warmed = warm.warm(gen, 0, budget)
    assert warmed.words == [] and len(names) + 50 <= warmed.rare < len(names) + len(rare)
    cached = dict(gen.postings._items)
    for fieldname, word, _size in names:
        docs, _weights, counts, positions = postingcache.read_positions(searcher, fieldname, word)
        kept = cached[("positions", fieldname, word)]
        assert [a.tolist() for a in kept] == [docs.tolist(), counts.tolist(), positions.tolist()], word
    for fieldname, word, _size in rare[:50]:
        docs, weights = postingcache.read_postings(searcher, fieldname, word)
        kept = cached[("postings", fieldname, word)]
        assert [a.tolist() for a in kept] == [docs.tolist(), weights.tolist()], word
    assert ("postings", *rare[-1][:2]) not in cached

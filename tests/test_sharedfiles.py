"""What one server process decodes (postings, positions) and computes (related lists) is written into a folder
the server's processes share and read by the others: the answers stay byte for byte those of a process that
shares nothing, what is read from the files is what decoding gives, the index folder is never written, and the
server removes the folder when it stops.

A real index of Reuters records (given names: no model) built by the indexer; each "worker" is its own Python
process over the same index, and the production server (`web.serve`, two workers) is started as `make run`
starts it. Skips when ../shared/data is absent.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from itertools import islice
from pathlib import Path

import numpy as np
import pytest
from devdata import reuters_corpus

from bench import load
from indexer import build
from search import postingcache, sharedfiles
from search.generation import IndexHandle

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 200

# One "worker": the app over the index, every URL's status and body's SHA-1 as JSON. Values of any size are
# shared (the small index has no word above the production threshold); without a folder it shares nothing.
WORKER = """
import hashlib, json, sys
from itertools import islice
from pathlib import Path
import search.generation as g
g.SHARED_MIN_BYTES = 0
from app import create_app
app = create_app({"INDEX_DIR": sys.argv[1]})
if len(sys.argv) > 2:
    app.extensions["share"](Path(sys.argv[2]))
client = app.test_client()
out = {}
for url in json.load(sys.stdin):
    r = client.get(url)
    out[url] = [r.status_code, hashlib.sha1(r.get_data()).hexdigest()]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shared")
    reuters_corpus(root / "corpus", ARTICLES)
    build.rebuild(root / "corpus", root / "ix")
    return root / "ix"


def _urls(index: Path) -> list[str]:
    gen = IndexHandle(index).current()
    ids = [rec.id for _o, rec in islice(gen.store().in_order(range(gen.articles)), 0, None, 10)]
    words = ["said", "oil", "company", "year", "billion", "bank", "trade", "prices", "market", "shares"]
    return ([f"/api/search?q={w}" for w in words] + [f"/search?q={w}+{v}" for w, v in zip(words, words[1:])]
            + [f"/api/search?q=%22{w}+{v}%22&versions=all" for w, v in zip(words, words[3:])]
            + [f"/article/{i}" for i in ids] + ["/search.csv?q=oil", "/api/search?q=pri*"])


def _worker(index: Path, urls: list[str], *shared: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", WORKER, str(index), *map(str, shared)], input=json.dumps(urls),
                          cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha1(p.read_bytes()).hexdigest() + f"@{p.stat().st_mtime_ns}"
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_workers_sharing_files_answer_as_one_that_shares_nothing(index, tmp_path):
    urls = _urls(index)
    before = _snapshot(index)
    alone = _worker(index, urls)
    assert all(status in (200, 302) for status, _sha in alone.values())
    first = _worker(index, urls, tmp_path)  # decodes and computes, writes the files
    folder = tmp_path / IndexHandle(index).current().name
    written = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert any(n.endswith(".arr") for n in written) and sum(n.endswith(".bin") for n in written) >= ARTICLES // 10
    second = _worker(index, urls, tmp_path)  # reads them
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == written  # nothing computed again
    assert first == alone and second == alone
    assert _snapshot(index) == before  # the index folder is never written


def test_the_server_shares_a_folder_of_its_own_and_removes_it(index):
    urls = _urls(index)
    alone = _worker(index, urls)
    proc, port = load.start_server(index, threads=2, workers=2)
    try:
        folders = list(Path(tempfile.gettempdir()).glob(f"archive-shared-{proc.pid}-*"))
        assert len(folders) == 1
        for _ in range(2):  # each URL twice: the second often reaches the other worker
            for url in urls:
                status, body = load.get(port, url)
                if ".csv" not in url:  # an export names the host it was asked from
                    assert [status, hashlib.sha1(body).hexdigest()] == alone[url], url
        assert any(p.suffix == ".bin" for p in folders[0].rglob("*"))
    finally:
        proc.terminate()
        proc.wait(20)
    assert not folders[0].exists()


def test_arrays_read_from_the_files_are_the_decoded_ones(index, monkeypatch, tmp_path):
    monkeypatch.setattr("search.generation.SHARED_MIN_BYTES", 0)
    gen = IndexHandle(index).current()
    gen.share_in(tmp_path)
    assert gen.shared is not None
    searcher = gen.searcher()
    words = ["said", "oil", "pct", "company", "dlrs", "would"]
    for word in words:
        gen.postings.positions(searcher, "body", word)  # written here, if the other test's workers did not
    for word in words:
        docs, weights, counts, positions = postingcache.read_positions(searcher, "body", word)
        kept = gen.shared.read_arrays(("positions", "body", word))
        postings = gen.shared.read_arrays(("postings", "body", word))
        assert kept is not None and postings is not None, word
        kept_postings = postingcache.compact(docs, weights)  # the weights in the smallest exact type
        assert kept_postings[1].dtype != weights.dtype and np.array_equal(kept_postings[1], weights), word
        for ours, theirs in zip((*postings, *kept), (*kept_postings, docs, counts, positions), strict=True):
            assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), word
            assert not ours.flags.writeable  # the pages are every process's: nobody may change them
    # A new reader of the generation answers these words from the files alone.
    def no_decoding(*_a, **_k):
        raise AssertionError("decoded although the files hold it")

    monkeypatch.setattr(postingcache, "read_positions", no_decoding)
    monkeypatch.setattr(postingcache, "read_postings", no_decoding)
    fresh = IndexHandle(index)
    fresh.share_in(tmp_path)
    for word in words:
        occ = fresh.current().postings.positions(fresh.current().searcher(), "body", word)
        assert np.array_equal(occ.positions, postingcache.WordPositions(*gen.shared.read_arrays(
            ("positions", "body", word))).positions)
    gen.close()  # a generation let go (the server serves a newer one): its files go
    assert not (tmp_path / gen.name).exists() and occ.positions.sum() >= 0  # what was mapped is still readable


def test_arrays_round_trip_every_dtype_and_size(tmp_path):
    shared = sharedfiles.SharedFiles(tmp_path / "s", max_bytes=1 << 20, min_bytes=0)
    value = (np.arange(5, dtype=np.int32), np.zeros(0, dtype=np.int32), np.linspace(0, 1, 3),
             np.array([2**40, -1], dtype=np.int64), np.array([1, 2, 3], dtype=np.uint8))
    shared.write_arrays(("k",), value)
    back = sharedfiles.SharedFiles(tmp_path / "s", max_bytes=1 << 20, min_bytes=0).read_arrays(("k",))
    assert back is not None and len(back) == len(value)
    for a, b in zip(value, back, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert shared.read_arrays(("other",)) is None


def test_the_byte_budget_and_the_small_values_are_kept(tmp_path):
    shared = sharedfiles.SharedFiles(tmp_path / "s", max_bytes=1000, min_bytes=100)
    shared.write_arrays(("small",), (np.arange(10, dtype=np.int32),))  # 40 bytes: not worth a file
    shared.write_arrays(("large",), (np.arange(200, dtype=np.int32),))  # 800 bytes and a header
    shared.write_arrays(("over",), (np.arange(200, dtype=np.int32),))  # over the budget
    assert shared.read_arrays(("small",)) is None and shared.read_arrays(("over",)) is None
    assert shared.read_arrays(("large",)) is not None
    assert shared.blob(("b",), lambda: b"x" * 50) == b"x" * 50  # computed, answered, and ...
    assert sharedfiles.SharedFiles(tmp_path / "s", 1000, 100).blob(("b",), lambda: b"") == b"x" * 50  # ... kept

"""Index life under stress: kill -9 at seeded checkpoints, concurrent indexers, stale locks, a read-only index
folder and a full disk (run as `nobody`), and searches through the production server (waitress) while the index
is rebuilt and updated, with slow clients and a 10 MB query string alongside.

Kill points are named checkpoints (`ARCHIVE_TEST_KILL_AT=name[:n]`, run through tests/hooked_indexer.py, which
installs the hook; see indexer/layout.py `checkpoint`), some with pass counts drawn by a seeded generator, so a
failure names the point that reproduces it.
"""

from __future__ import annotations

import fcntl
import http.client
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hooked_indexer import processes
from unprivileged import chown_nobody, nobody

from app import create_app
from indexer import build, extract, layout
from search import engine
from search.generation import Generation
from search.params import parse_params

ROOT = Path(__file__).resolve().parent.parent
HOOKED = str(Path(__file__).resolve().parent / "hooked_indexer.py")  # the CLI with the test checkpoint hook
SEED = 20261124
WORDS = ("harbour cargo tariff senate drought cocoa ministry strike rally verdict satellite pipeline refinery "
         "glacier vaccine orchard railway bond auction embassy ceasefire election reactor wheat copper "
         "monsoon parliament budget tribunal frontier coalition summit currency turbine quarry lagoon "
         "fishery vineyard canal airport customs subsidy").split()
REBUILD_POINTS = ["locked", "started", "file:1", "ingested", "extracted", "stories", "doc:1", "indexed", "facets",
                  "info", "synced", "moved", "staged", "switched", "cleaned"]
UPDATE_POINTS = ["locked", "started", "copied", "file:1", "ingested", "extracted", "stories", "doc:1", "indexed",
                 "facets", "info", "synced", "moved", "staged", "switched", "cleaned"]
KILLS_PER_MODE = 20
ADDS_PER_FILE = 3


def _article(rng: random.Random, tag: str) -> dict:
    words = [rng.choice(WORDS) for _ in range(70)]
    sentences = [" ".join(words[i:i + 10]).capitalize() + "." for i in range(0, 70, 10)]
    day = f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    return {"title": f"{tag} {words[0]} {words[1]}", "date": day,
            "body": f"Officials said on Monday that {tag} was under review. " + " ".join(sentences)}


def _write_jsonl(path: Path, recs: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")


def _world_readable(path: Path) -> None:
    for folder, _dirs, files in os.walk(path):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)


@pytest.fixture(scope="module")
def open_tmp():
    """A folder `nobody` can traverse (pytest's own temporary folders are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="archive-reliability-"))
    os.chmod(base, 0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def world(open_tmp, seed_corpus):
    """A corpus of the shipped articles plus 40 synthetic ones in 4 files, files to add later, and an index
    folder whose extraction cache already knows every text (so killed subprocesses never load the model)."""
    rng = random.Random(SEED)
    corpus = open_tmp / "corpus"
    shutil.copytree(seed_corpus, corpus)
    for f in range(4):
        _write_jsonl(corpus / f"wire-{f}.jsonl", [_article(rng, f"wire{f}n{i}") for i in range(10)])
    adds = open_tmp / "adds"
    adds.mkdir()
    for i in range(KILLS_PER_MODE + 4):
        _write_jsonl(adds / f"add-{i:02d}.jsonl", [_article(rng, f"add{i}n{k}") for k in range(ADDS_PER_FILE)])
    warm = open_tmp / "warm"
    shutil.copytree(corpus, warm / "corpus")
    shutil.copytree(adds, warm / "corpus" / "adds")
    build.rebuild(warm / "corpus", warm / "ix")  # fills the extraction cache for every text used below
    template = open_tmp / "template-ix"
    template.mkdir()
    shutil.copy2(warm / "ix" / "cache.sqlite", template / "cache.sqlite")
    summary = build.rebuild(corpus, template)
    assert summary.extracted == 0
    _world_readable(open_tmp)
    return {"corpus": corpus, "adds": adds, "template": template, "articles": summary.articles}


def _fresh(world, dest: Path) -> tuple[Path, Path]:
    corpus, ix = dest / "corpus", dest / "ix"
    shutil.copytree(world["corpus"], corpus)
    shutil.copytree(world["template"], ix)
    return corpus, ix


def cli(mode: str, corpus: Path, ix: Path, env: dict | None = None, prefix: list[str] | None = None,
        preexec=None, timeout: float = 120) -> subprocess.CompletedProcess:
    hooked = any(k.startswith("ARCHIVE_TEST_") for k in env or {})
    cmd = [*(prefix or []), sys.executable, *([HOOKED] if hooked else ["-m", "indexer"]), mode,
           "--corpus", str(corpus), "--index", str(ix), "--json"]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, preexec_fn=preexec,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})})


# One app built at a time: werkzeug compiles its URL rules with `ast.parse`, and CPython 3.11's AST constructor
# keeps its recursion depth in shared state, so two threads parsing at once can raise "AST constructor
# recursion depth mismatch" (CPython gh-106905). The model-stage kill test checks two indexes side by side.
_APP_BUILT = threading.Lock()


def serving(ix: Path) -> tuple[str, int]:
    """The serving generation and its article count, after checking it is whole: CURRENT names a complete
    generation whose Whoosh index, article store, facet arrays and info.json agree, and the app answers from it."""
    name = layout.current_name(ix)
    path = layout.current_path(ix)
    assert name and path is not None, f"CURRENT is missing or names no generation: {name!r}"
    assert not name.startswith("tmp-")
    gen = Generation(path)
    assert gen.ix.doc_count() == gen.articles == int(gen.arrays.live.sum())
    res = engine.search(gen, parse_params(_Args(versions="all", per_page="100")))
    assert res.total == gen.articles
    with _APP_BUILT:
        client = create_app({"INDEX_DIR": str(ix)}).test_client()
    data = client.get("/api/search", query_string={"versions": "all", "per_page": 1}).get_json()
    assert data["total"] == gen.articles and data["index"]["generation"] == name
    art = client.get(f"/api/article/{data['hits'][0]['id']}")
    assert art.status_code == 200
    gen.ix.close()
    return name, gen.articles


class _Args(dict):
    def getlist(self, key):
        return [self[key]] if key in self else []


def _leftovers(ix: Path) -> list[str]:
    gens = ix / "generations"
    tmp = [p.name for p in gens.iterdir() if p.name.startswith("tmp-")] if gens.is_dir() else []
    return tmp + [p.name for p in ix.glob(".CURRENT.*")]


def _points(mode: str, files: int, docs: int) -> list[str]:
    rng = random.Random(f"{SEED}-{mode}")
    named = list(REBUILD_POINTS if mode == "rebuild" else UPDATE_POINTS)
    while len(named) < KILLS_PER_MODE:
        named.append(rng.choice([f"file:{rng.randint(1, files)}", f"doc:{rng.randint(1, docs)}"]))
    rng.shuffle(named)
    return named


def _kill_loop(world, dest: Path, mode: str) -> list[tuple[str, str]]:
    corpus, ix = _fresh(world, dest)
    base = world["articles"]
    before = serving(ix)
    assert before[1] == base
    files = len([p for p in corpus.iterdir() if p.suffix in (".txt", ".jsonl")])
    # An update reads only the one new file (and indexes its articles, at least ADDS_PER_FILE).
    points = _points(mode, files, base) if mode == "rebuild" else _points(mode, 1, ADDS_PER_FILE)
    added = 0
    log = []
    for i, point in enumerate(points):
        if mode == "update":
            shutil.copy2(world["adds"] / f"add-{i:02d}.jsonl", corpus / f"add-{i:02d}.jsonl")
            added += ADDS_PER_FILE
        proc = cli(mode, corpus, ix, env={"ARCHIVE_TEST_KILL_AT": point})
        assert proc.returncode == -signal.SIGKILL, (mode, point, proc.returncode, proc.stderr[-1500:])
        after = serving(ix)  # intact and complete, whatever the point
        if after[0] == before[0]:
            assert after == before, (mode, point)
        else:  # the kill came after the switch: the new generation is the whole new state
            assert point in ("switched", "cleaned"), (mode, point, before, after)
            assert after[1] == base + added
        assert len(_leftovers(ix)) <= 2, (mode, point, _leftovers(ix))  # the previous run's were cleaned
        log.append((mode, point))
        before = after
    proc = cli(mode, corpus, ix)
    assert proc.returncode == 0, proc.stderr[-1500:]
    summary = json.loads(proc.stdout)
    assert summary["articles"] == base + added
    assert serving(ix)[1] == base + added
    assert _leftovers(ix) == []
    assert len(list((ix / "generations").iterdir())) <= layout.KEEP_OLD + 1
    return log


def test_kill_9_at_seeded_points_of_rebuild_and_update_never_harms_the_serving_index(world, tmp_path):
    """20 kill points of `rebuild` and 20 of `update` (40 SIGKILLs), run side by side."""
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(_kill_loop, world, tmp_path / mode, mode) for mode in ("rebuild", "update")]
        logs = [f.result(timeout=400) for f in futures]
    assert [len(x) for x in logs] == [KILLS_PER_MODE, KILLS_PER_MODE]
    assert {p for _, p in logs[0]} >= set(REBUILD_POINTS)
    assert {p for _, p in logs[1]} >= set(UPDATE_POINTS)


def test_two_indexers_at_once_the_second_refuses_with_pid_and_start_time(world, tmp_path):
    corpus, ix = _fresh(world, tmp_path)
    before = serving(ix)
    first = subprocess.Popen([sys.executable, HOOKED, "rebuild", "--corpus", str(corpus), "--index", str(ix),
                              "--json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "ARCHIVE_TEST_PAUSE_AT": "locked:20"})
    try:
        deadline = time.monotonic() + 30
        while f'"pid": {first.pid}' not in (ix / layout.LOCK).read_text(encoding="utf-8"):
            assert time.monotonic() < deadline and first.poll() is None, "the first indexer never took the lock"
            time.sleep(0.05)
        second = cli("update", corpus, ix)
        assert second.returncode == 3, second.stderr
        assert "another indexer is running" in second.stderr
        assert f"pid {first.pid}" in second.stderr
        assert re.search(r"started \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", second.stderr)
        assert second.stdout == ""
        out, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err[-1500:]
    after = serving(ix)
    assert after[0] == json.loads(out)["generation"] != before[0] and after[1] == before[1]
    # Both started in the same instant: one builds, any other refuses; nothing is corrupted.
    procs = [subprocess.Popen([sys.executable, "-m", "indexer", mode, "--corpus", str(corpus), "--index", str(ix)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for mode in ("rebuild", "update", "rebuild")]
    codes = []
    for p in procs:
        _, err = p.communicate(timeout=120)
        codes.append(p.returncode)
        if p.returncode == 3:
            assert "another indexer is running" in err and "pid " in err
    assert set(codes) <= {0, 3} and 0 in codes, codes
    assert serving(ix)[1] == before[1] and _leftovers(ix) == []


def test_a_stale_lock_of_a_dead_indexer_does_not_block(world, tmp_path):
    corpus, ix = _fresh(world, tmp_path)
    dead = subprocess.Popen(["true"])
    dead.wait()
    (ix / layout.LOCK).write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname(),
                                              "started": "2020-01-01T00:00:00+00:00"}), encoding="utf-8")
    proc = cli("rebuild", corpus, ix)
    assert proc.returncode == 0, proc.stderr
    (ix / layout.LOCK).write_text("garbage that is not JSON", encoding="utf-8")
    assert cli("update", corpus, ix).returncode == 0
    assert serving(ix)[1] == world["articles"]


# ------------------------------------------------------------------------------------ kill -9 in the model stage

# The fewest new texts for which the entity model runs in two worker processes (more would only cost time).
MODEL_TEXTS = extract.MIN_TEXTS_PER_MODEL_PROCESS * 2
# Named points of the model stage, with two spaCy workers alive at each: after the n-th entity result and the
# n-th extraction-cache commit (every 64 results), from the first result to the last; most of them early, where
# a kill costs least (each run starts the model again).
MODEL_POINTS = ["entity:1", "entity:2", "entity:17", "entity:33", "entity:64", "cache-commit:1", "entity:65",
                "entity:97", "cache-commit:2", f"entity:{MODEL_TEXTS}"]


def _recombined_articles(corpus: Path, n: int) -> list[dict]:
    """`n` different short articles made of the shipped articles' sentences, drawn by a seeded generator."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    unique = {re.sub(r"\W+", "", s.lower()): s.strip() + "."
              for s in re.split(r"(?<=[a-z])\.\s+", " ".join(text.split())) if 30 < len(s) < 120 and ":" not in s}
    sentences = sorted(unique.values())  # one spelling of each: two articles never normalize to one
    rng = random.Random(SEED)
    out, seen = [], set()
    while len(out) < n:
        body = " ".join(rng.sample(sentences, 2))
        if body not in seen:
            seen.add(body)
            out.append({"title": body.split(",")[0][:80], "body": body})
    return out


def _lock_is_free(ix: Path) -> bool:
    with open(ix / layout.LOCK, "a") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return True


class _WarmIndexer:
    """Runs indexers forked from one process that has imported spaCy (tests/hooked_indexer.py --warm): each is a
    whole indexer run in a process of its own, without paying spaCy's start at every kill."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.server = subprocess.Popen([sys.executable, HOOKED, "--warm"], cwd=ROOT, stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True)

    def run(self, args: list[str], env: dict) -> tuple[int, int, str]:
        err = self.logs / "stderr.txt"
        self.server.stdin.write(json.dumps({"args": args, "env": env, "stderr": str(err)}) + "\n")
        self.server.stdin.flush()
        done = json.loads(self.server.stdout.readline())
        return done["pid"], done["returncode"], err.read_text(encoding="utf-8")

    def close(self) -> None:
        self.server.stdin.close()
        self.server.wait(timeout=30)


def _kill_in_model_stage(run, mode: str, corpus: Path, ix: Path, point: str) -> None:
    (ix / "cache.sqlite").unlink(missing_ok=True)  # every text is new to the model: two workers run
    pid, code, err = run([mode, "--corpus", str(corpus), "--index", str(ix), "--procs", "2"],
                         {"ARCHIVE_TEST_KILL_AT": point})
    # Killed at the point, so it got past the lock the previous killed run had held.
    assert code == -signal.SIGKILL, (mode, point, code, err[-1500:])
    workers = json.loads(re.search(r"killed at \S+; children: (\[.*\])", err).group(1))
    assert len(workers) == 2, (mode, point, workers)  # the two model processes, alive at the kill
    deadline = time.monotonic() + 5
    while processes(group=pid):
        assert time.monotonic() < deadline, (mode, point, "still alive 5 s after the kill", processes(group=pid))
        time.sleep(0.05)
    assert _lock_is_free(ix), (mode, point)


def _model_stage_kills(mode: str, seed_index: Path, seed_corpus: Path, dest: Path) -> list[str]:
    corpus, ix = dest / "corpus", dest / "ix"
    shutil.copytree(seed_corpus, corpus)
    shutil.copytree(seed_index, ix)
    (dest / "logs").mkdir()
    base = serving(ix)
    if mode == "rebuild":
        _write_jsonl(corpus / "recombined.jsonl", _recombined_articles(seed_corpus, MODEL_TEXTS))
    warm = _WarmIndexer(dest / "logs")
    killed = []
    try:
        for point in MODEL_POINTS:
            if mode == "update":  # the killed update never published: the same file is new again
                _write_jsonl(corpus / "recombined.jsonl", _recombined_articles(seed_corpus, MODEL_TEXTS))
            _kill_in_model_stage(warm.run, mode, corpus, ix, point)
            assert serving(ix) == base and len(_leftovers(ix)) <= 1
            killed.append(point)
    finally:
        warm.close()
    for next_mode in (mode, "update" if mode == "rebuild" else "rebuild"):
        proc = cli(next_mode, corpus, ix)
        assert proc.returncode == 0, (next_mode, proc.stderr[-1500:])
        assert json.loads(proc.stdout)["articles"] == base[1] + MODEL_TEXTS
    assert serving(ix)[1] == base[1] + MODEL_TEXTS and _leftovers(ix) == []
    return killed


def test_kill_9_in_the_model_stage_leaves_no_worker_and_no_lock_behind(seed_index, seed_corpus, tmp_path):
    """10 kills of `rebuild` and 10 of `update` while spaCy runs in two worker processes (side by side): within
    5 s nothing of a killed run is alive and the lock is free; the serving index is untouched; then `rebuild`
    and `update` succeed."""
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(_model_stage_kills, mode, seed_index, seed_corpus, tmp_path / mode)
                   for mode in ("rebuild", "update")]
        done = [f.result(timeout=600) for f in futures]
    assert done == [MODEL_POINTS, MODEL_POINTS]


def test_a_lock_kept_by_a_dead_indexers_leftover_names_the_holders_and_how_to_end_them(world, tmp_path):
    """An indexer of an older version died and left a process holding the lock: the message names it."""
    corpus, ix = _fresh(world, tmp_path)
    dead = subprocess.Popen(["true"])
    dead.wait()
    (ix / layout.LOCK).write_text(json.dumps({"pid": dead.pid, "started": "2020-01-01T00:00:00+00:00"}),
                                  encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a'); "
                               "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(120)",
                               str(ix / layout.LOCK)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        proc = cli("update", corpus, ix)
        assert proc.returncode == 3, proc.stderr
        assert f"pid {dead.pid}" in proc.stderr and "is dead" in proc.stderr
        assert f"pid {holder.pid} (" in proc.stderr and f"kill {holder.pid}`" in proc.stderr
    finally:
        holder.kill()
        holder.wait()
    assert cli("update", corpus, ix).returncode == 0


# ------------------------------------------------------------------------------------ unprivileged: permissions





def test_read_only_index_folder_is_a_clear_error_and_the_old_index_serves(world, open_tmp):
    prefix = nobody()
    dest = open_tmp / "readonly"
    dest.mkdir()
    corpus, ix = _fresh(world, dest)
    _world_readable(dest)
    if not prefix:
        for folder, _dirs, _files in os.walk(ix):
            os.chmod(folder, 0o555)
    before = serving(ix)
    for mode in ("rebuild", "update"):
        proc = cli(mode, corpus, ix, env={"HOME": str(open_tmp)}, prefix=prefix)
        assert proc.returncode == 2, (mode, proc.returncode, proc.stderr[-1500:])
        assert "Permission denied" in proc.stderr and "still serving" in proc.stderr
        assert "Traceback" not in proc.stderr and proc.stdout == ""
        assert serving(ix) == before and _leftovers(ix) == []


def test_full_disk_during_a_rebuild_is_a_clear_error_and_the_old_index_serves(world, open_tmp):
    prefix = nobody()
    dest = open_tmp / "fulldisk"
    dest.mkdir()
    corpus, ix = _fresh(world, dest)
    _world_readable(dest)
    chown_nobody(ix)
    before = serving(ix)

    def small_files() -> None:  # every file the indexer writes stops at 48 KB: EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, 48 * 1024))

    for mode in ("rebuild", "update"):
        if mode == "update":
            shutil.copy2(world["adds"] / "add-00.jsonl", corpus / "add-00.jsonl")
            os.chmod(corpus / "add-00.jsonl", 0o644)
        proc = cli(mode, corpus, ix, env={"HOME": str(open_tmp)}, prefix=prefix, preexec=small_files)
        assert proc.returncode == 2, (mode, proc.returncode, proc.stderr[-1500:])
        full = r"error: could not write .*(File too large|disk is full|disk I/O error)"
        assert re.search(full, proc.stderr), proc.stderr[-1500:]
        assert "still serving" in proc.stderr and "Traceback" not in proc.stderr
        assert serving(ix) == before and _leftovers(ix) == []
    # Space again: the next run succeeds.
    proc = cli("update", corpus, ix, env={"HOME": str(open_tmp)}, prefix=prefix)
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert serving(ix)[1] == before[1] + ADDS_PER_FILE


# ------------------------------------------------------------------------------------ serving during rebuilds

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _makefile_waitress_limits() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    m = re.search(r"^WAITRESS_LIMITS \?=(.*)$", text, re.M)
    return m.group(1).split() if m else []


def test_searches_during_rebuild_and_update_never_fail_nor_mix_generations(world, tmp_path):
    """16 clients search continuously through waitress (the `make run` server, with the Makefile's limits) while
    a rebuild and then an update switch the index; 150 slow clients hold connections and one sends a 10 MB
    query string meanwhile. Bounded: 16 x 1500 requests at most, 120 s at most."""
    corpus, ix = _fresh(world, tmp_path)
    g0, base = serving(ix)
    port = _free_port()
    log = open(tmp_path / "waitress.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "web.serve", "--workers=2", f"--listen=127.0.0.1:{port}",
                               "--threads=8", *_makefile_waitress_limits(), "--call", "app:create_app"], cwd=ROOT,
                              env={**os.environ, "ARCHIVE_INDEX_DIR": str(ix)},
                              stdout=subprocess.DEVNULL, stderr=log)  # a file: a full pipe would block the server
    urls = ["/api/search?versions=all&per_page=5", "/api/search?q=add0n1+OR+add1n2+OR+harbour&versions=all",
            "/api/search?q=wire0n3&per_page=1", "/api/search?q=cargo&sort=newest&page=2&versions=all"]
    results: list[tuple[str, int, str | None, int | None, float]] = []
    lock = threading.Lock()
    stop = threading.Event()
    deadline = time.monotonic() + 120
    slow: list[socket.socket] = []

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        for k in range(1500):
            if stop.is_set() or time.monotonic() > deadline:
                break
            url = urls[(n + k) % len(urls)]
            t = time.monotonic()
            try:
                conn.request("GET", url)
                resp = conn.getresponse()
                body = resp.read()
                data = json.loads(body) if resp.status == 200 else {}
                row = (url, resp.status, data.get("index", {}).get("generation"), data.get("total"))
            except (OSError, http.client.HTTPException, ValueError) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
                row = (url, repr(exc), None, None)
            with lock:
                results.append((*row, time.monotonic() - t))
        conn.close()

    try:
        start = time.monotonic()
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"GET /api/ HTTP/1.0\r\n\r\n")
                    if re.match(rb"HTTP/1\.[01] 200", s.recv(12)):
                        break
            except OSError:
                pass
            if server.poll() is not None:
                pytest.fail(f"waitress exited: {(tmp_path / 'waitress.log').read_text()[-2000:]}")
            assert time.monotonic() - start < 60, "waitress did not answer within 60 s"
            time.sleep(0.2)
        for _ in range(150):  # slow clients: a request line and never the end of the headers
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /api/search?q=slow HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(16)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        huge_status, huge_seconds = _send_huge_query(port)
        shutil.copy2(world["adds"] / "add-00.jsonl", corpus / "add-00.jsonl")
        p1 = cli("rebuild", corpus, ix)
        assert p1.returncode == 0, p1.stderr[-1500:]
        g1 = json.loads(p1.stdout)["generation"]
        _until_answered_from(g1, results, lock)
        shutil.copy2(world["adds"] / "add-01.jsonl", corpus / "add-01.jsonl")
        p2 = cli("update", corpus, ix)
        assert p2.returncode == 0, p2.stderr[-1500:]
        g2 = json.loads(p2.stdout)["generation"]
        _until_answered_from(g2, results, lock)
        stop.set()
        for t in threads:
            t.join(timeout=30)
        # No restart: the same server process answers from the newest generation.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        try:
            conn.request("GET", "/api/search")
            last = json.loads(conn.getresponse().read())["index"]["generation"]
        except OSError as exc:
            last = repr(exc)
        conn.close()
    finally:
        stop.set()
        for s in slow:
            s.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    failed = [r for r in results if r[1] != 200]
    assert not failed, (len(failed), len(results), failed[:5])
    assert last == g2
    gens = {g0, g1, g2}
    expected = {}
    for name in gens:
        gen = Generation(ix / "generations" / name)
        for url in urls:
            query = dict(x.split("=") for x in url.split("?")[1].split("&"))
            query = {k: v.replace("+", " ") for k, v in query.items()}
            expected[(url, name)] = engine.search(gen, parse_params(_Args(query))).total
        gen.ix.close()
    assert expected[(urls[0], g0)] == base and expected[(urls[0], g2)] == base + 2 * ADDS_PER_FILE
    for url, _status, name, total, _s in results:
        assert name in gens, name
        assert total == expected[(url, name)], (url, name, total)  # wholly one generation, never a mix
    seen = {r[2] for r in results}
    assert seen == gens, "the clients did not see all three generations"
    latencies = sorted(r[4] for r in results)
    assert len(results) >= 16 * 20
    assert latencies[int(0.99 * len(latencies))] < 5.0
    assert huge_status in (400, 413, 414, 431, "closed") and huge_seconds < 10, (huge_status, huge_seconds)
    print(f"{len(results)} requests, 0 failed, generations {sorted(gens)}, "
          f"p50 {latencies[len(latencies) // 2]:.3f}s p99 {latencies[int(0.99 * len(latencies))]:.3f}s, "
          f"10 MB query: {huge_status} in {huge_seconds:.2f}s")


def _until_answered_from(name: str, results: list, lock: threading.Lock, timeout: float = 30.0) -> None:
    """Wait until a client got an answer from generation `name` (a loaded machine answers in seconds, not at
    once), at most `timeout` seconds; the test then asserts that every generation was seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with lock:
            if any(r[2] == name for r in results):
                return
        time.sleep(0.1)


def _send_huge_query(port: int) -> tuple[int | str, float]:
    """A 10 MB query string: answered with an error status (or the connection closed) quickly."""
    t = time.monotonic()
    payload = b"GET /api/search?q=" + b"a" * (10 * 1024 * 1024) + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        try:
            s.sendall(payload)
        except OSError:
            pass
        try:
            head = s.recv(64)
        except OSError:
            head = b""
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return (int(m.group(1)) if m else "closed"), time.monotonic() - t

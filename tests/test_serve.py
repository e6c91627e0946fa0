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
        # Both workers answer: each connection goes to one of them (busy CPU seconds rise in both).
        before = {w: _cpu(w) for w in workers}
        for _ in range(40):
            status, body = _get(port, "/api/search?q=pulwama")
            assert status == 200 and json.loads(body)["total"] > 0
        assert all(_cpu(w) > before[w] for w in workers), "one worker answered everything"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    assert all(_gone(w) for w in workers)


def test_a_dead_worker_stops_the_server(seed_index, tmp_path):
    proc, _port = _start(seed_index, tmp_path, workers=2)
    workers = _workers(proc.pid)
    os.kill(workers[0], signal.SIGKILL)
    assert proc.wait(timeout=20) != 0  # a supervisor sees the server exit, not half of it serving
    assert all(_gone(w) for w in workers)


def _cpu(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, clock ticks

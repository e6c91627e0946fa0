"""bench/load.py's server: started as `make run` starts it, with or without the warm step, its CPU per request read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import create_app
from bench import load


@pytest.mark.parametrize("warm", [True, False])
def test_server_answers_and_its_cpu_is_read(seed_index, warm):
    proc, port = load.start_server(seed_index, threads=2, workers=1, warm=warm)
    try:
        step = load.timed_rate(proc.pid, port, ["/api/search?q=council", "/search?q=talks"] * 5, 20, 0.5, 2)
        assert step["answered"] == step["sent"] == 10 and step["errors"] == 0
        assert step["server_cpu_ms_per_request"] > 0  # the worker's CPU, not the parent's (which only watches)
        status, body = load.get(port, "/api/")
        assert status == 200 and json.loads(body)["index"]["articles"] > 0
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        assert (b"app:create_app" in cmdline) == warm
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_unwarmed_app_is_the_app_without_its_warm_step(seed_index, monkeypatch):
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", str(seed_index))
    warmed, unwarmed = create_app(), load.create_unwarmed_app()
    assert callable(warmed.extensions["warm"]) and "warm" not in unwarmed.extensions
    url = "/api/search?q=council"
    assert unwarmed.test_client().get(url).get_json() == warmed.test_client().get(url).get_json()

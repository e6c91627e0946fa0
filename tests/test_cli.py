"""The command line as a user runs it: a subprocess, summary on stdout with --json, progress on stderr."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer import layout

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "indexer", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


@pytest.fixture()
def corpus(tmp_path, seed_corpus) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(seed_corpus, dest)
    return dest


def summary_of(proc) -> dict:
    return json.loads(proc.stdout)


def test_rebuild_json_summary(corpus, tmp_path):
    extra = corpus / "extra"
    extra.mkdir()
    src = next(corpus.glob("004_*.txt"))
    (extra / "copy-of-004.txt.gz").write_bytes(gzip.compress(src.read_bytes()))
    (extra / "broken.jsonl").write_text('{"body": "A real line of wire copy about a port strike."}\n{oops\n',
                                        encoding="utf-8")
    (extra / "empty.txt").write_text("", encoding="utf-8")
    proc = run("rebuild", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--json")
    s = summary_of(proc)
    assert (s["files_read"], s["articles"], s["duplicates_merged"], s["story_groups"]) == (7, 6, 1, 1)
    assert {x["file"]: x["reason"] for x in s["skipped"]} == {
        "extra/broken.jsonl#2": s["skipped"][0]["reason"], "extra/empty.txt": "empty file"}
    assert "line 2" in s["skipped"][0]["reason"]
    assert "files read: 7" in proc.stderr  # the human summary goes to stderr


def test_update_adds_changes_and_removes_without_a_rebuild(corpus, tmp_path):
    ix = tmp_path / "ix"
    first = summary_of(run("update", "--corpus", str(corpus), "--index", str(ix), "--json"))
    assert first["mode"] == "rebuild" and first["articles"] == 5
    again = summary_of(run("update", "--corpus", str(corpus), "--index", str(ix), "--json"))
    assert (again["mode"], again["files_read"], again["files_unchanged"], again["extracted"]) == ("update", 0, 5, 0)
    (corpus / "new.jsonl").write_text(json.dumps({"title": "Port strike ends", "date": "2021-08-04",
                                                  "body": "Dock workers returned to work on Wednesday."}) + "\n",
                                      encoding="utf-8")
    next(corpus.glob("003_*.txt")).unlink()
    s = summary_of(run("update", "--corpus", str(corpus), "--index", str(ix), "--json"))
    assert (s["files_read"], s["files_removed"], s["articles_added"], s["articles_removed"], s["articles"]) == \
        (1, 1, 1, 1, 5)
    assert s["extracted"] + s["extraction_cached"] == 1


def test_rebuild_of_unchanged_corpus_uses_the_extraction_cache(corpus, tmp_path):
    ix = tmp_path / "ix"
    run("rebuild", "--corpus", str(corpus), "--index", str(ix))
    s = summary_of(run("rebuild", "--corpus", str(corpus), "--index", str(ix), "--json"))
    assert (s["extracted"], s["extraction_cached"]) == (0, 5)


def test_generations_switch_atomically_and_old_ones_are_cleaned(corpus, tmp_path):
    ix = tmp_path / "ix"
    names = [summary_of(run("rebuild", "--corpus", str(corpus), "--index", str(ix), "--json"))["generation"]
             for _ in range(5)]
    assert layout.current_name(ix) == names[-1]
    kept = sorted(p.name for p in (ix / "generations").iterdir())
    assert kept == sorted(names[-1 - layout.KEEP_OLD:])


def test_missing_corpus_is_an_error_and_keeps_the_old_index(corpus, tmp_path):
    ix = tmp_path / "ix"
    run("rebuild", "--corpus", str(corpus), "--index", str(ix))
    before = layout.current_name(ix)
    proc = run("rebuild", "--corpus", str(tmp_path / "nowhere"), "--index", str(ix), check=False)
    assert proc.returncode != 0 and "corpus folder not found" in proc.stderr
    assert layout.current_name(ix) == before


def test_a_second_indexer_is_refused_while_one_runs(corpus, tmp_path):
    ix = tmp_path / "ix"
    with layout.IndexLock(ix):
        proc = run("rebuild", "--corpus", str(corpus), "--index", str(ix), check=False)
    assert proc.returncode == 3
    assert "another indexer is running" in proc.stderr and f"pid {os.getpid()}" in proc.stderr
    run("rebuild", "--corpus", str(corpus), "--index", str(ix))  # the lock died with its holder


def test_environment_sets_the_folders(corpus, tmp_path):
    ix = tmp_path / "env-ix"
    run("rebuild", env={"ARCHIVE_CORPUS_DIR": str(corpus), "ARCHIVE_INDEX_DIR": str(ix)})
    assert layout.current_name(ix)


def test_stories_lists_the_groups(corpus, tmp_path):
    ix = tmp_path / "ix"
    run("rebuild", "--corpus", str(corpus), "--index", str(ix))
    groups = json.loads(run("stories", "--index", str(ix), "--json").stdout)
    assert len(groups) == 1 and len(groups[0]["articles"]) == 2
    assert "same-story" in run("stories", "--index", str(ix)).stdout

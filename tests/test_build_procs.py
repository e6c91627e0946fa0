"""Building with two processes (spaCy workers, places, story fingerprints, two Whoosh writers) gives the index
one process gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive import config
from indexer import build, canonicalise, extract, write
from search import engine
from search.generation import IndexHandle
from search.params import SearchRequest

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["", "minister", "talks", "bank", '"prime minister"', "security council", "pakist*", "NOT talks",
           "the minister"]


@pytest.fixture()
def corpus(tmp_path, seed_corpus) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(seed_corpus, dest)
    return dest


def _answers(ix: Path) -> list[tuple]:
    gen = IndexHandle(ix).current()
    out = []
    for q in QUERIES:
        for versions in ("", "all"):
            res = engine.search(gen, SearchRequest(q=q, versions=versions or None) if versions
                                else SearchRequest(q=q))
            out.append((q, versions, res.total, res.groups, [(h["id"], h["snippet"]) for h in res.hits], res.facets))
    return out


def test_two_processes_build_the_same_index_as_one(corpus, tmp_path, monkeypatch, stored_records):
    # The shipped corpus is small: lower the thresholds so both the spaCy workers and the second
    # Whoosh writer really run.
    monkeypatch.setattr(extract, "MIN_TEXTS_PER_MODEL_PROCESS", 1)
    monkeypatch.setattr(write, "MIN_DOCS_PER_WRITER", 1)
    monkeypatch.setattr(canonicalise, "MIN_ARTICLES_PER_PROCESS", 1)  # the places found by two processes too
    one, two = tmp_path / "one", tmp_path / "two"
    s1 = build.rebuild(corpus, one, procs=1)
    s2 = build.rebuild(corpus, two, procs=2)
    assert s1.extracted == s2.extracted == s1.articles > 1  # every text went through the model, cold
    assert stored_records(one) == stored_records(two)  # same articles, entities, stories
    assert _answers(one) == _answers(two)
    words = [(IndexHandle(ix).current().path / "words.json").read_bytes() for ix in (one, two)]
    assert words[0] == words[1] and len(words[0]) > 100  # the word list, written beside the stories with two
    gen = IndexHandle(two).current()
    with gen.ix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 2  # one segment per writer
    # An update on top of the two-writer index works as on any other.
    (corpus / "new.txt").write_text("Harbour reopens\n\nThe harbour reopened after the storm, officials said.\n",
                                    encoding="utf-8")
    build.update(corpus, two, procs=2)
    build.update(corpus, one, procs=1)
    assert _answers(one) == _answers(two)
    assert IndexHandle(two).current().info()["articles"] == s1.articles + 1


def test_procs_setting(monkeypatch):
    monkeypatch.delenv("ARCHIVE_INDEX_PROCS", raising=False)
    assert config.procs() == max(1, min(2, os.cpu_count() or 1))
    assert config.procs(3) == 3
    monkeypatch.setenv("ARCHIVE_INDEX_PROCS", "1")
    assert config.procs() == 1
    for bad in ("0", "two"):
        monkeypatch.setenv("ARCHIVE_INDEX_PROCS", bad)
        with pytest.raises(ValueError):
            config.procs()


@pytest.mark.parametrize("args, env", [(["--procs", "0"], {}), (["--procs", "x"], {}),
                                       ([], {"ARCHIVE_INDEX_PROCS": "0"})])
def test_cli_rejects_a_bad_number_of_processes(corpus, tmp_path, args, env):
    proc = subprocess.run([sys.executable, "-m", "indexer", "rebuild", "--corpus", str(corpus), "--index",
                           str(tmp_path / "ix"), *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "procs" in proc.stderr.lower() or "processes" in proc.stderr.lower()
    assert not (tmp_path / "ix" / "CURRENT").exists()


def test_cli_procs_option_builds(corpus, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "indexer", "rebuild", "--corpus", str(corpus), "--index",
                           str(tmp_path / "ix"), "--procs", "2", "--json"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert IndexHandle(tmp_path / "ix").current().info()["articles"] == 5


def test_a_corpus_file_of_many_records_is_read_by_two_processes_as_by_one(tmp_path, stored_records):
    # 150 Reuters records, all but every 15th with their index terms as given names (places found by the
    # gazetteer; the model reads the others), one line of broken JSON, one record without text, a copy of a
    # record and a rewrite of one (a story of two): more than two batches go to the workers in every step
    import json

    from devdata import reuters_records

    from indexer import workers

    lines = []
    for i, rec in zip(range(150), reuters_records(), strict=False):
        names = {} if i % 15 == 0 else {"persons": rec.get("people", []), "orgs": rec.get("orgs", [])}
        lines.append(json.dumps({"title": rec["title"], "body": rec["body"], "date": rec.get("date"), **names}))
    rewrite = json.loads(lines[20])
    rewrite["title"] = "Update: " + rewrite["title"]
    rewrite["body"] = rewrite["body"] + " The figures were confirmed later on Tuesday, a spokesman said."
    lines[40:40] = ["{not json", json.dumps({"title": "", "body": ""}), lines[7], json.dumps(rewrite)]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(lines) > 2 * workers.BATCH
    one, two = tmp_path / "one", tmp_path / "two"
    s1, s2 = build.rebuild(corpus, one, procs=1), build.rebuild(corpus, two, procs=2)
    assert s1.articles == s2.articles >= 140
    assert s1.skipped == s2.skipped and len(s1.skipped) == 2
    assert s1.duplicates_merged == s2.duplicates_merged >= 1
    assert s1.extracted == s2.extracted >= 8 and s1.extraction_given == s2.extraction_given >= 130
    assert s1.story_groups == s2.story_groups >= 1
    assert stored_records(one) == stored_records(two)
    # Again on the same index: the model's entities now come from the cache, through the workers.
    s3 = build.rebuild(corpus, two, procs=2)
    assert s3.extraction_cached == s1.extracted and s3.extracted == 0
    assert stored_records(one) == stored_records(two)


def test_a_rebuild_stopped_in_the_stories_step_ends_its_whoosh_writers(corpus, tmp_path, monkeypatch):
    # The Whoosh writers run beside the stories step (a forked process writing from a copy of the store): a
    # build that stops there must end them, remove its generation with the copy, and publish nothing.
    import multiprocessing

    from indexer import layout

    monkeypatch.setattr(write, "MIN_DOCS_PER_WRITER", 1)
    started: list = []

    def start_whoosh(*a, **k):
        beside = write.start_whoosh(*a, **k)
        started.append(beside)
        return beside

    def stop_at_stories(name: str) -> None:
        if name == "stories":
            raise KeyboardInterrupt

    monkeypatch.setattr(build, "start_whoosh", start_whoosh)
    layout.set_checkpoint_hook(stop_at_stories)
    try:
        with pytest.raises(KeyboardInterrupt):
            build.rebuild(corpus, tmp_path / "ix", procs=2)
    finally:
        layout.set_checkpoint_hook(None)
    assert len(started) == 1 and started[0] is not None  # the writers did start beside the stories
    assert not started[0].proc.is_alive() and not multiprocessing.active_children()
    assert not (tmp_path / "ix" / "CURRENT").exists()
    assert not list((tmp_path / "ix" / "generations").iterdir())  # no generation, no store copy left

"""An update changes the did-you-mean word list by the changed articles only, and gives what a rebuild gives."""

from __future__ import annotations

import json
from pathlib import Path

from indexer import build, layout, wordlist


def _article(n: int, words: str) -> dict:
    # Names given: the entity model is not needed to test the word list.
    return {"id": f"a{n}", "title": f"Report number {n}", "body": f"SYDNEY, March {n} - {words}.", "persons": [],
            "orgs": []}


def _write(corpus: Path, name: str, records: list[dict]) -> None:
    (corpus / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _words(index_dir: Path) -> dict:
    return json.loads((layout.current_path(index_dir) / wordlist.WORDS_FILE).read_text(encoding="utf-8"))


def test_update_gives_the_same_word_list_as_a_rebuild(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "one.jsonl", [_article(1, "Wool exports rose sharply"), _article(2, "Coffee quotas were cut")])
    _write(corpus, "two.jsonl", [_article(3, "Sugar quotas held steady"), _article(4, "Zinc stocks fell")])
    _write(corpus, "three.jsonl", [_article(5, "Tin talks collapsed in Geneva")])
    ix = tmp_path / "ix"
    build.rebuild(corpus, ix)
    before = _words(ix)
    assert before["counts"][before["words"].index("quotas")] == 2

    _write(corpus, "two.jsonl", [_article(3, "Sugar quotas held steady"), _article(6, "Cocoa buffer stock sales")])
    (corpus / "three.jsonl").unlink()
    _write(corpus, "four.jsonl", [_article(7, "Wool prices and cocoa quotas")])
    calls = []
    monkeypatch.setattr(wordlist, "build", lambda *a: calls.append(a))  # an update must not recount everything
    summary = build.update(corpus, ix)
    assert (summary.articles_added, summary.articles_removed) == (2, 2) and calls == []
    updated = _words(ix)
    monkeypatch.undo()

    fresh = tmp_path / "fresh"
    build.rebuild(corpus, fresh)
    assert updated == _words(fresh)
    counts = dict(zip(updated["words"], updated["counts"], strict=True))
    assert counts["quotas"] == 3 and counts["cocoa"] == 2
    assert "zinc" not in counts and "geneva" not in counts and "tin" not in counts  # removed with their articles


def test_words_counted_in_several_processes_are_the_single_process_list(tmp_path, monkeypatch):
    from archive.store import STORE_FILE, Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "one.jsonl", [_article(n, f"Wool {'coffee ' * (n % 3)}quotas, tin number {n}") for n in range(9)])
    ix = tmp_path / "ix"
    build.rebuild(corpus, ix)
    monkeypatch.setattr(wordlist, "MIN_ARTICLES_PER_PROCESS", 2)  # the real figure needs thousands of articles
    store = Store(layout.current_path(ix) / STORE_FILE, readonly=True)
    try:
        outs = []
        for procs in (1, 3):
            out = tmp_path / f"words-{procs}"
            out.mkdir()
            wordlist.build(store, out, procs)
            outs.append(json.loads((out / wordlist.WORDS_FILE).read_text(encoding="utf-8")))
    finally:
        store.close()
    assert outs[0] == outs[1] == _words(ix)
    counts = dict(zip(outs[1]["words"], outs[1]["counts"], strict=True))
    assert counts["wool"] == 9 and counts["coffee"] == 6 and counts["tin"] == 9

"""Articles whose metadata gives their persons and orgs never go to the entity model (issue 18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from archive.store import STORE_FILE, Store
from indexer import build, extract, layout

ROOT = Path(__file__).resolve().parent.parent

BODY = ("UNITED NATIONS, March 12, 2019 - Barack Obama met Angela Merkel at the Security Council, which adopted "
        "resolution 2462 (2019) on the financing of terrorism. Officials of the World Bank attended.")
RECORDS = [
    {"id": "given-both", "title": "Council adopts text", "body": BODY, "persons": ["Ann Other"], "orgs": ["Acme"]},
    {"id": "given-empty", "title": "Council meets again", "body": BODY.replace("2462", "2463"),
     "persons": [], "orgs": []},
    {"id": "given-persons", "title": "Only persons given", "body": BODY.replace("2462", "2464"),
     "persons": ["Ann Other"]},
    {"id": "none-given", "title": "Nothing given", "body": BODY.replace("2462", "2465")},
]


def _write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return folder


def _records(ix: Path) -> dict[str, dict]:
    store = Store(layout.current_path(ix) / STORE_FILE, readonly=True)
    try:
        return {rec.id: rec.to_json() for _o, rec in store.records()}
    finally:
        store.close()


def test_given_names_skip_the_model_and_the_summary_counts_them(tmp_path):
    corpus, ix = _write_corpus(tmp_path / "corpus"), tmp_path / "ix"
    proc = subprocess.run([sys.executable, "-m", "indexer", "rebuild", "--corpus", str(corpus), "--index", str(ix),
                           "--json"], cwd=ROOT, capture_output=True, text=True, env=os.environ.copy(), timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    s = json.loads(proc.stdout)
    # Both persons and orgs given (an empty list counts): 2 skipped; the two others went to the model.
    assert (s["extraction_given"], s["extracted"], s["extraction_cached"]) == (2, 2, 0)
    recs = _records(ix)
    assert recs["given-both"]["persons"] == ["Ann Other"] and recs["given-both"]["orgs"] == ["Acme"]
    assert recs["given-empty"]["persons"] == [] and recs["given-empty"]["orgs"] == []
    # Only persons given: the model still names the orgs.
    assert recs["given-persons"]["persons"] == ["Ann Other"] and "World Bank" in recs["given-persons"]["orgs"]
    assert "Angela Merkel" in recs["none-given"]["persons"]  # the model read this one
    # Resolutions and dates are still read from the text of the skipped articles.
    assert recs["given-both"]["resolutions"] == ["2462"] and recs["given-empty"]["resolutions"] == ["2463"]
    assert recs["given-both"]["date"] == "2019-03-12" and recs["given-empty"]["date"] == "2019-03-12"
    # A second run finds the model's two in the cache and still skips the given two.
    again = subprocess.run([sys.executable, "-m", "indexer", "rebuild", "--corpus", str(corpus), "--index", str(ix),
                            "--json"], cwd=ROOT, capture_output=True, text=True, env=os.environ.copy(), timeout=600)
    s2 = json.loads(again.stdout)
    assert (s2["extraction_given"], s2["extracted"], s2["extraction_cached"]) == (2, 0, 2)


def test_the_model_never_sees_an_article_with_given_names(tmp_path, monkeypatch):
    seen: list[str] = []
    real = extract.EntityExtractor

    class Recording(real):  # the real model; only its input is recorded
        def extract_many(self, texts):
            def recorded():
                for text in texts:
                    seen.append(text)
                    yield text
            return super().extract_many(recorded())

    monkeypatch.setattr(extract, "EntityExtractor", Recording)
    summary = build.rebuild(_write_corpus(tmp_path / "corpus"), tmp_path / "ix", procs=1)
    assert summary.extraction_given == 2
    assert sorted(t.rsplit("\n\n", 1)[1] for t in seen) == ["Nothing given", "Only persons given"]

"""Hostile and broken corpus files: each is skipped with a reason in the summary or read correctly; the run
finishes and every good article is indexed.

The corpus is indexed by the command line as a user runs it, as `nobody` when the tests run as root (root reads
any file, so unreadable files could not be tested otherwise); without setpriv/runuser the unreadable cases are
left out and the rest still runs.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from unprivileged import chown_nobody, nobody

from app import create_app
from indexer import build

ROOT = Path(__file__).resolve().parent.parent
GOOD = {
    # file name -> (unique word, headline)
    "good-1.txt": ("quokkafjord", "Ferry service resumes after storm"),
    "nested/good-2.txt": ("marmotlagoon", "Council approves new harbour budget"),
    "nested/deeper/good-3.txt.gz": ("ibexquarry", "Quarry workers end week-long strike"),
}


def _text(title: str, word: str) -> str:
    return (f"{title}\n\nOfficials said on Tuesday that the {word} plan would go ahead after months of talks. "
            f"Residents welcomed the decision, and the {word} committee will meet again next month.\n")


def _can_drop_root() -> bool:
    try:
        return nobody() is not None
    except pytest.skip.Exception:
        return False


@pytest.fixture(scope="module")
def hostile(seed_corpus):
    base = Path(tempfile.mkdtemp(prefix="archive-hostile-"))
    os.chmod(base, 0o755)
    corpus = base / "corpus"
    (corpus / "nested" / "deeper").mkdir(parents=True)
    for name, (word, title) in GOOD.items():
        data = _text(title, word).encode()
        (corpus / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_bytes(b"  \n\n\t \n")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    whole = gzip.compress(_text("Truncated gzip headline", "truncatedword").encode() * 50)
    (corpus / "truncated.txt.gz").write_bytes(whole[: len(whole) // 2])
    (corpus / "not-gzip.txt.gz").write_bytes(b"plain text pretending to be gzip")
    (corpus / "invalid-utf8.txt").write_bytes(
        "Mayor opens the new bridge\n\nThe bridge, named for the city's founder, carries the wolvercrag road. "
        "Caf\u00e9 owners cheered.\n".encode() + b"Stray bytes: \xff\xfe\xc3\x28 end.\n")
    (corpus / "utf16.txt").write_text("Dock strike ends in Gda\u0144sk\n\nDock workers in Gda\u0144sk ended the "
                                      "pelicanwharf strike on Monday, the union said.\n", encoding="utf-16")
    (corpus / "cp1252.txt").write_bytes("Caf\u00e9 owners protest in Z\u00fcrich\n\n\u201cWe cannot pay,\u201d said "
                                        "the owner of the ocelotbistro caf\u00e9 \u2013 one of 40 in Z\u00fcrich "
                                        "that closed on Friday.\n".encode("cp1252"))
    depth = 100_000
    (corpus / "deep.html").write_text(
        "<html><head><title>Deeply nested page</title></head><body>" + "<div>" * depth
        + "<p>The nested page mentions the narwhalcove inquiry.</p>" + "</div>" * depth + "</body></html>",
        encoding="utf-8")
    lines = [json.dumps({"title": "First line of wire", "body": "The first line tells of the gannetreef vote."}),
             '{"title": "Broken line", "body": "never closed',
             json.dumps({"title": "Third line of wire", "body": "The third line tells of the puffinshoal ruling."})]
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "unsupported.pdf").write_bytes(b"%PDF-1.4 not an article")
    os.symlink(".", corpus / "nested" / "loop")  # a folder that contains itself
    os.symlink("self-link.txt", corpus / "self-link.txt")  # a link to itself
    os.symlink("missing.txt", corpus / "dangling.txt")
    unreadable = _can_drop_root()
    if unreadable:
        (corpus / "secret.txt").write_text(_text("Secret memo", "secretword"), encoding="utf-8")
        (corpus / "locked").mkdir()
        (corpus / "locked" / "inside.txt").write_text(_text("Inside locked", "lockedword"), encoding="utf-8")
    for folder, _dirs, files in os.walk(corpus):
        os.chmod(folder, 0o755)
        for name in files:
            if not os.path.islink(os.path.join(folder, name)):
                os.chmod(os.path.join(folder, name), 0o644)
    if unreadable:
        os.chmod(corpus / "secret.txt", 0o000)
        os.chmod(corpus / "locked", 0o000)
    ix = base / "ix"
    ix.mkdir()
    chown_nobody(ix)
    prefix = nobody() if unreadable else []
    proc = subprocess.run([*prefix, sys.executable, "-m", "indexer", "rebuild", "--corpus", str(corpus), "--index",
                           str(ix), "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(base)})
    yield {"proc": proc, "ix": ix, "unreadable": unreadable}
    shutil.rmtree(base, ignore_errors=True)


def test_the_run_finishes_and_reports_every_bad_file(hostile):
    proc = hostile["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    skipped = {s["file"]: s["reason"] for s in summary["skipped"]}
    expect = {
        "empty.txt": "empty",
        "blank.txt": "empty",
        "image.txt": "binary",
        "truncated.txt.gz": "gzip",
        "not-gzip.txt.gz": "gzip",
        "wire.jsonl#2": "line 2",
        "unsupported.pdf": "unsupported",
        "nested/loop": "loop",
        "self-link.txt": "link",
        "dangling.txt": "link",
    }
    if hostile["unreadable"]:
        expect.update({"secret.txt": "Permission denied", "locked": "Permission denied"})
    for name, word in expect.items():
        assert name in skipped, (name, skipped)
        assert word in skipped[name], (name, skipped[name])
    assert "deep.html" not in skipped or "nested" in skipped["deep.html"]
    for good in ("good-1.txt", "utf16.txt", "cp1252.txt", "invalid-utf8.txt", "wire.jsonl#1", "wire.jsonl#3"):
        assert good not in skipped
    # Each bad file is also listed in the human summary on stderr.
    for name in expect:
        assert name in proc.stderr


@pytest.fixture(scope="module")
def hostile_client(hostile):
    return create_app({"INDEX_DIR": str(hostile["ix"])}).test_client()


def _find(client, word: str) -> list[dict]:
    data = client.get("/api/search", query_string={"q": word, "versions": "all"}).get_json()
    return data["hits"]


def test_every_good_article_is_indexed(hostile_client):
    for _name, (word, title) in GOOD.items():
        hits = _find(hostile_client, word)
        assert [h["title"] for h in hits] == [title]
    for word in ("gannetreef", "puffinshoal"):  # the good lines around the broken one
        assert len(_find(hostile_client, word)) == 1


def test_odd_encodings_are_read_correctly(hostile_client):
    (utf16,) = _find(hostile_client, "pelicanwharf")
    assert utf16["title"] == "Dock strike ends in Gda\u0144sk"
    (western,) = _find(hostile_client, "ocelotbistro")
    assert western["title"] == "Caf\u00e9 owners protest in Z\u00fcrich"
    body = hostile_client.get(f"/api/article/{western['id']}").get_json()["body"]
    assert "Z\u00fcrich" in body and "caf\u00e9" in body and "\ufffd" not in body
    (broken,) = _find(hostile_client, "wolvercrag")
    assert broken["title"] == "Mayor opens the new bridge"


def test_deep_html_is_read_or_reported_and_never_fatal(hostile, hostile_client):
    skipped = {s["file"] for s in json.loads(hostile["proc"].stdout)["skipped"]}
    hits = _find(hostile_client, "narwhalcove")
    assert (len(hits) == 1) != ("deep.html" in skipped)


def test_no_bad_file_leaked_into_the_index(hostile_client):
    for word in ("truncatedword", "secretword", "lockedword", "never closed"):
        assert _find(hostile_client, word) == []
    assert "PNG" not in json.dumps(hostile_client.get("/api/search?per_page=100&versions=all").get_json())


@pytest.mark.slow
def test_a_50_mb_text_is_indexed_whole(tmp_path):
    """The model reads only the start of a 50 MB article; every word of it is searchable, the end included."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = "Grain shipments rose in the third quarter as the port cleared its backlog of vessels. "
    with open(corpus / "huge.txt", "w", encoding="utf-8") as fh:
        fh.write("A very long report\n\nThe opening paragraph names the albatrossridge survey.\n")
        block = line * 1000
        for i in range(50 * 1024 * 1024 // len(block)):
            fh.write(block)
            if i == 300:
                fh.write(" The middle mentions the capybaramarsh accord. ")
        fh.write("\nThe last sentence names the zanzibarquokka treaty.\n")
    (corpus / "small.txt").write_text(_text("A small neighbour", "smallword"), encoding="utf-8")
    assert (corpus / "huge.txt").stat().st_size > 50_000_000
    ix = tmp_path / "ix"
    summary = build.rebuild(corpus, ix)
    assert summary.skipped == [] and summary.articles == 2
    client = create_app({"INDEX_DIR": str(ix)}).test_client()
    for word in ("albatrossridge", "capybaramarsh", "zanzibarquokka"):
        (hit,) = _find(client, word)
        assert hit["title"] == "A very long report"
    assert len(_find(client, "smallword")) == 1

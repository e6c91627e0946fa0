"""Reading corpus files: every format, every kind of broken file reported and skipped."""

from __future__ import annotations

import gzip
import json
import os

from indexer.read import ALIAS_FILE, RawDoc, Skipped, corpus_files, read_file


def _read(root):
    """Every article and every skipped file or line, read as the build reads a corpus (its files, then each file)."""
    docs, skipped = [], {}
    for found in corpus_files(root):
        items = [found] if isinstance(found, Skipped) else [] if found[1] == ALIAS_FILE else read_file(*found)
        for item in items:
            if isinstance(item, Skipped):
                skipped[item.file] = item.reason
            else:
                docs.append(item)
    return docs, skipped


def test_formats_are_read_recursively(tmp_path):
    (tmp_path / "a.txt").write_text("Headline here\n\nBody text of the article.", encoding="utf-8")
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    (sub / "page.htm").write_text("<html><body><h1>T</h1><p>Para.</p></body></html>", encoding="utf-8")
    (sub / "list.json").write_text(json.dumps([{"body": "one"}, {"text": "two", "title": "Two"}]), encoding="utf-8")
    (tmp_path / "lines.jsonl.gz").write_bytes(gzip.compress(b'{"body": "first"}\n{"body": "second"}\n'))
    docs, skipped = _read(tmp_path)
    assert skipped == {}
    by_source = {d.source: d for d in docs}
    assert set(by_source) == {"a.txt", "deep/er/page.htm", "deep/er/list.json#1", "deep/er/list.json#2",
                              "lines.jsonl.gz#1", "lines.jsonl.gz#2"}
    assert by_source["deep/er/page.htm"].kind == "html"
    assert by_source["deep/er/list.json#2"].meta == {"title": "Two"}
    assert by_source["lines.jsonl.gz#2"].text == "second"


def test_broken_files_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(b"some text " * 1000)[:60])
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "good.txt").write_text("Fine headline\n\nFine body.", encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert [d.source for d in docs] == ["good.txt"]
    assert skipped["empty.txt"] == "empty file"
    assert "binary" in skipped["image.txt"]
    assert "gzip" in skipped["cut.txt.gz"]
    assert "invalid JSON" in skipped["bad.json"]
    assert "unsupported file type" in skipped["notes.docx"]


def test_json_lines_with_a_broken_line_keeps_the_others(tmp_path):
    lines = ['{"body": "line one"}', '{"body": "line two", ', '{"body": "line three"}', '{"title": "no body"}']
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert [d.source for d in docs] == ["feed.jsonl#1", "feed.jsonl#3"]
    assert "line 2" in skipped["feed.jsonl#2"]
    assert "no text" in skipped["feed.jsonl#4"]


def test_encodings_are_detected_not_assumed(tmp_path):
    text = "Caf\u00e9 owners said \u201cnon\u201d to the r\u00e8gle, na\u00efvely \u2013 d\u00e9j\u00e0 vu."
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))  # with BOM
    (tmp_path / "cp1252.txt").write_bytes(" ".join([text] * 5).encode("cp1252"))
    (tmp_path / "declared.html").write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
        b"<body><p>" + text.encode("cp1252") + b"</p></body></html>"
    )
    docs, skipped = _read(tmp_path)
    assert skipped == {}
    got = {d.source: d.text for d in docs}
    assert got["utf16.txt"] == text
    assert text in got["cp1252.txt"]
    assert text in got["declared.html"]


def test_alias_file_is_not_an_article_and_loops_are_reported(tmp_path):
    (tmp_path / "aliases.toml").write_text("", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Headline\n\nBody.", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    docs, skipped = _read(tmp_path)
    assert [d.source for d in docs] == ["a.txt"]
    assert any("loop" in reason for reason in skipped.values())
    assert all(isinstance(d, RawDoc) for d in docs)

"""Walk a corpus folder and yield its documents, one at a time, with the files it could not read.

Supported: `.txt`, `.html`/`.htm`, `.json` (one object or a list), `.jsonl` (one object a line), and
`.gz` of each. `aliases.toml` at the root is the alias file, not an article. Everything else is
reported as skipped with a reason; nothing here is fatal.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .decode import Unreadable, decode_bytes

ALIAS_FILE = "aliases.toml"
KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}
# Fields a JSON record may give; everything else in the object is ignored.
GIVEN_FIELDS = ("title", "date", "url", "source", "id", "persons", "orgs", "resolutions")
NAME_FIELDS = ("persons", "orgs")
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass
class RawDoc:
    """One article as found in the corpus, before normalization."""

    source: str  # path relative to the corpus root; "path#N" for line/position N of a JSON file
    kind: str  # "text" | "html" | "record"
    text: str  # the decoded text, the HTML markup, or a record's body
    meta: dict = field(default_factory=dict)  # given metadata of a JSON record
    mtime: float = 0.0


@dataclass
class Skipped:
    """A file (or a line of one) that was not read, and why."""

    file: str
    reason: str


def kind_of(name: str) -> str | None:
    """The reader for a file name (".gz" looks at the name inside), or None when unsupported."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return KINDS.get(os.path.splitext(lower)[1])


def corpus_files(root: Path) -> Iterator[tuple[Path, str] | Skipped]:
    """Every file under `root`, sorted, following directory links once (loops are reported)."""
    root = Path(root)
    seen: set[str] = set()

    def walk(folder: Path) -> Iterator[tuple[Path, str] | Skipped]:
        real = os.path.realpath(folder)
        rel_folder = _rel(folder, root) or "."
        if real in seen:
            yield Skipped(rel_folder, "symbolic link loop: folder already read")
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield Skipped(rel_folder, f"folder not readable: {exc.strerror or exc}")
            return
        for entry in entries:
            path = Path(entry.path)
            rel = _rel(path, root)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                yield Skipped(rel, f"not readable: {exc.strerror or exc}")
                continue
            if is_dir:
                yield from walk(path)
            elif is_file:
                yield path, rel
            elif entry.is_symlink():
                yield Skipped(rel, "broken or looping symbolic link")
            else:
                yield Skipped(rel, "not a regular file")

    yield from walk(root)


def read_file(path: Path, rel: str) -> Iterator[RawDoc | Skipped]:
    """Yield the articles of one corpus file (several for JSON lists and JSON Lines)."""
    kind = kind_of(path.name)
    if kind is None:
        yield Skipped(rel, f"unsupported file type {path.suffix or '(no extension)'!r}")
        return
    try:
        data = _read_bytes(path)
        mtime = path.stat().st_mtime
    except Unreadable as exc:
        yield Skipped(rel, str(exc))
        return
    except OSError as exc:
        yield Skipped(rel, f"not readable: {exc.strerror or exc}")
        return
    try:
        text = decode_bytes(data, html=(kind == "html"))
    except Unreadable as exc:
        yield Skipped(rel, str(exc))
        return
    if kind == "text":
        yield RawDoc(rel, "text", text, mtime=mtime)
    elif kind == "html":
        yield RawDoc(rel, "html", text, mtime=mtime)
    elif kind == "json":
        yield from _json_docs(text, rel, mtime)
    else:
        yield from _jsonl_docs(text, rel, mtime)


def _read_bytes(path: Path) -> bytes:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise Unreadable(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise Unreadable(f"broken gzip file: {exc}") from None
        if len(data) > MAX_FILE_BYTES:
            raise Unreadable(f"uncompressed larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return data
    return path.read_bytes()


def _record(obj: object, source: str, mtime: float) -> RawDoc | Skipped:
    if not isinstance(obj, dict):
        return Skipped(source, f"expected a JSON object, found {type(obj).__name__}")
    body = obj.get("body", obj.get("text"))
    if not isinstance(body, str) or not body.strip():
        return Skipped(source, "JSON record has no text in 'body' or 'text'")
    meta = {k: obj[k] for k in GIVEN_FIELDS if obj.get(k) not in (None, "", [])}
    # An explicit empty list of persons or orgs says "none": it wins over the model like any given list.
    meta.update({k: [] for k in NAME_FIELDS if obj.get(k) == []})
    return RawDoc(source, "record", body, meta, mtime)


def _json_docs(text: str, rel: str, mtime: float) -> Iterator[RawDoc | Skipped]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        yield Skipped(rel, f"invalid JSON: {exc}")
        return
    if isinstance(data, list):
        for n, obj in enumerate(data, 1):
            yield _record(obj, f"{rel}#{n}", mtime)
    else:
        # A single object keeps the plain path as its source.
        yield _record(data, rel, mtime)


def _jsonl_docs(text: str, rel: str, mtime: float) -> Iterator[RawDoc | Skipped]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield Skipped(f"{rel}#{n}", f"invalid JSON on line {n}: {exc}")
            continue
        yield _record(obj, f"{rel}#{n}", mtime)


def _rel(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()

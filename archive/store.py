"""The article store: one SQLite file per generation holding every article record.

Whoosh keeps only what it needs to find articles; bodies and display fields live here, so that the
index writer does the least work and a page of hits is fetched by primary key.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from .layout import STORE_FILE as STORE_FILE  # where a generation keeps it
from .record import ArticleRecord

T = TypeVar("T")
IN_CHUNK = 500  # values per `IN (...)` query: SQLite's limit on parameters is far above, a query stays short

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    ord INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: facet arrays and Whoosh map to it
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,         -- identity of the normalized text
    story TEXT,
    data TEXT NOT NULL                -- the whole record as JSON
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story);
CREATE TABLE IF NOT EXISTS files (
    file TEXT PRIMARY KEY,            -- corpus path, relative
    mtime REAL, size INTEGER,
    articles TEXT NOT NULL            -- JSON list of [source, article key]
);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""


class Store:
    """Read and write article records of one generation."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=OFF")  # a generation is rebuilt, never repaired
            self.db.execute("PRAGMA synchronous=OFF")
            self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    # records
    def put(self, rec: ArticleRecord) -> int:
        """Insert or replace a record (by id); returns its ord."""
        row = self.db.execute("SELECT ord FROM articles WHERE id=?", (rec.id,)).fetchone()
        data = encode(rec)
        if row:
            self.db.execute("UPDATE articles SET key=?, story=?, data=? WHERE ord=?",
                            (rec.key, rec.story, data, row[0]))
            return row[0]
        cur = self.db.execute(
            "INSERT INTO articles (id, key, story, data) VALUES (?, ?, ?, ?)", (rec.id, rec.key, rec.story, data)
        )
        assert cur.lastrowid is not None  # an INSERT sets it
        return cur.lastrowid

    def get(self, art_id: str) -> ArticleRecord | None:
        row = self.db.execute("SELECT data FROM articles WHERE id=?", (art_id,)).fetchone()
        return decode(row[0]) if row else None

    def need(self, art_id: str) -> ArticleRecord:
        """The record of an article known to be stored."""
        rec = self.get(art_id)
        if rec is None:
            raise KeyError(f"article {art_id} is not in the store")
        return rec

    def get_by_key(self, key: str) -> ArticleRecord | None:
        row = self.db.execute("SELECT data FROM articles WHERE key=?", (key,)).fetchone()
        return decode(row[0]) if row else None

    def get_many(self, ords: Iterable[int]) -> dict[int, ArticleRecord]:
        """Records by ord, fetched in one query per 500."""
        out: dict[int, ArticleRecord] = {}
        for chunk, marks in _in_chunks([int(o) for o in ords]):
            for o, data in self.db.execute(f"SELECT ord, data FROM articles WHERE ord IN ({marks})", chunk):
                out[o] = decode(data)
        return out

    def in_order(self, ords: Sequence[int]) -> Iterator[tuple[int, ArticleRecord]]:
        """The records of `ords` in that order (those stored), fetched a chunk at a time: memory stays bounded."""
        for o, data in self.raw_in_order(ords):
            yield o, decode(data)

    def raw_in_order(self, ords: Sequence[int]) -> Iterator[tuple[int, str]]:
        """`in_order` without decoding: each record's ord and stored JSON (for `put_raw` after work elsewhere)."""
        for chunk, marks in _in_chunks(ords):
            rows = dict(self.db.execute(f"SELECT ord, data FROM articles WHERE ord IN ({marks})", chunk).fetchall())
            for o in chunk:
                if o in rows:
                    yield o, rows[o]

    def put_raw(self, ord_: int, key: str, story: str | None, data: str) -> None:
        """Replace the stored record `ord_` by one already encoded (`encode`)."""
        self.db.execute("UPDATE articles SET key=?, story=?, data=? WHERE ord=?", (key, story, data, ord_))

    def delete(self, art_id: str) -> None:
        self.db.execute("DELETE FROM articles WHERE id=?", (art_id,))

    def ids(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT id, ord FROM articles"))

    def records(self) -> Iterator[tuple[int, ArticleRecord]]:
        """Every record in ord order."""
        for o, data in self.db.execute("SELECT ord, data FROM articles ORDER BY ord"):
            yield o, decode(data)

    def story_members(self, story: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE story=? ORDER BY ord", (story,))]

    def story_members_many(self, stories: Iterable[str]) -> dict[str, list[str]]:
        """`story_members` of several stories in one query per 500."""
        stories = list(dict.fromkeys(stories))
        out: dict[str, list[str]] = {s: [] for s in stories}
        for chunk, marks in _in_chunks(stories):
            for story, art_id in self.db.execute(
                f"SELECT story, id FROM articles WHERE story IN ({marks}) ORDER BY ord", chunk
            ):
                out[story].append(art_id)
        return out

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # corpus files, for update
    def set_file(self, file: str, mtime: float, size: int, articles: list[tuple[str, str]]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO files (file, mtime, size, articles) VALUES (?, ?, ?, ?)",
            (file, mtime, size, json.dumps(articles)),
        )

    def files(self) -> dict[str, tuple[float, int, list[list[str]]]]:
        rows = self.db.execute("SELECT file, mtime, size, articles FROM files")
        return {f: (m, s, json.loads(a)) for f, m, s, a in rows}

    def file_mtimes(self, files: Iterable[str]) -> dict[str, float]:
        """Modification times of some corpus files, as the last run read them."""
        out: dict[str, float] = {}
        for chunk, marks in _in_chunks(list(dict.fromkeys(files))):
            out.update(self.db.execute(f"SELECT file, mtime FROM files WHERE file IN ({marks})", chunk))
        return out

    def drop_file(self, file: str) -> None:
        self.db.execute("DELETE FROM files WHERE file=?", (file,))

    # small values
    def set_meta(self, key: str, value: object) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (key, json.dumps(value)))

    def get_meta(self, key: str, default: object = None) -> object:
        row = self.db.execute("SELECT v FROM meta WHERE k=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default


def decode(data: str) -> ArticleRecord:
    """A record from its stored JSON (`raw_in_order`)."""
    return ArticleRecord.from_json(json.loads(data))


def encode(rec: ArticleRecord) -> str:
    """A record as it is stored."""
    return json.dumps(rec.to_json(), ensure_ascii=False)


def _in_chunks(values: Sequence[T]) -> Iterator[tuple[Sequence[T], str]]:
    """`values` in runs of IN_CHUNK, each with its `?,?,...` placeholders."""
    for i in range(0, len(values), IN_CHUNK):
        chunk = values[i:i + IN_CHUNK]
        yield chunk, ",".join("?" * len(chunk))

"""Extraction results cached by text hash and extractor version, shared by all generations.

A rebuild of an unchanged corpus, or an update of a few new articles, then skips the entity model.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

CACHE_FILE = "cache.sqlite"


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class ExtractionCache:
    """A persistent map (text hash, extractor version) -> JSON-serialisable result."""

    def __init__(self, index_dir: Path) -> None:
        Path(index_dir).mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(Path(index_dir) / CACHE_FILE)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS extraction (hash TEXT, version TEXT, data TEXT NOT NULL, "
            "PRIMARY KEY (hash, version))"
        )

    def get(self, digest: str, version: str) -> dict | None:
        row = self.db.execute("SELECT data FROM extraction WHERE hash=? AND version=?", (digest, version)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, digest: str, version: str, data: dict) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO extraction (hash, version, data) VALUES (?, ?, ?)",
            (digest, version, json.dumps(data, ensure_ascii=False)),
        )

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

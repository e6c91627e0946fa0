"""The Xapian side of a generation (optional, GPL: see requirements-xapian.txt): N shards of the full text.

Written from the same documents as the Whoosh index, through the same analyzers (`archive.schema.make_schema`),
so every field holds exactly the terms and positions Whoosh holds: a query means the same on both. Article
`ord` o goes to shard o mod N as document o div N + 1, which makes the document id of a database that joins
the N shards in order (Xapian interleaves them) o + 1: the search side maps matches straight onto the facet
arrays. Each shard records its generation and shard count, so a server answering for another generation is
noticed, not believed, and the term prefix of each field (metadata `prefixes`), so that the search side
needs no code of the indexer's.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from archive.config import env_int
from archive.schema import make_schema

XAPIAN_DIR = "xapian"
FIELDS = tuple(name for name in make_schema().names() if name not in ("id", "ord"))  # the searchable ones
MAX_TERM_BYTES = 240  # Xapian refuses terms over 245 bytes; Whoosh keeps them (they are never typed)
ENV_SHARDS = "ARCHIVE_XAPIAN_SHARDS"


def prefix(field: str) -> str:
    """The term prefix of a Whoosh field."""
    return f"X{field.upper()}:"


def shard_path(gen: Path, shard: int) -> Path:
    return Path(gen) / XAPIAN_DIR / f"shard-{shard}"


def configured_shards() -> int:
    """Shards to write with each generation: ARCHIVE_XAPIAN_SHARDS (0 or unset: no Xapian index)."""
    n = env_int(ENV_SHARDS) or 0
    if n < 0:
        raise ValueError(f"{ENV_SHARDS} must be 0 or more, not {n}")
    if n:
        try:
            import xapian  # noqa: F401
        except ImportError:
            raise ValueError(f"{ENV_SHARDS}={n} needs the optional Xapian bindings: run `make xapian`") from None
    return n


def write(gen: Path, docs: Iterable[dict], shards: int, generation: str) -> int:
    """Write `docs` (Whoosh documents, with their `ord`) as `shards` Xapian databases; returns the count."""
    import xapian  # optional: only a deployment that asked for shards has it

    root = Path(gen) / XAPIAN_DIR
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    schema = make_schema()
    dbs = [xapian.WritableDatabase(str(shard_path(gen, k)), xapian.DB_CREATE_OR_OVERWRITE) for k in range(shards)]
    count = 0
    try:
        for doc in docs:
            o = int(doc["ord"])
            dbs[o % shards].replace_document(o // shards + 1, _document(xapian, schema, doc))
            count += 1
        prefixes = json.dumps({field: prefix(field) for field in FIELDS})
        for k, db in enumerate(dbs):
            db.set_metadata("generation", generation)
            db.set_metadata("prefixes", prefixes)  # the reader learns the fields' prefixes from the shards
            db.set_metadata("shard", f"{k}/{shards}")
            db.commit()
    finally:
        for db in dbs:
            db.close()
    return count


def _document(xapian, schema, doc: dict):  # noqa: ANN001, ANN202 - xapian is imported lazily
    out = xapian.Document()
    out.set_data(doc["id"])
    for field in FIELDS:
        text = doc.get(field) or ""
        if not text:
            continue
        pre = prefix(field)
        for tok in schema[field].analyzer(text, positions=True, mode="index"):
            term = pre + tok.text
            if len(term.encode("utf-8")) <= MAX_TERM_BYTES:
                out.add_posting(term, tok.pos + 1)
    return out


def link_current(index_dir: Path, name: str) -> None:
    """Point `<index>/xapian/shard-k` at generation `name`'s shards: the path `xapian-tcpsrv` and
    `xapian-replicate-server` serve, so that their next connection reads the new generation (each
    connection opens the database anew; open ones keep the old generation, whose files stay a while)."""
    src = Path(index_dir) / "generations" / name / XAPIAN_DIR
    if not src.is_dir():
        return
    live = Path(index_dir) / XAPIAN_DIR
    live.mkdir(exist_ok=True)
    for shard in sorted(src.iterdir()):
        tmp = live / f".{shard.name}.new"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(Path("..") / "generations" / name / XAPIAN_DIR / shard.name)
        os.replace(tmp, live / shard.name)

"""The Xapian side of a generation (optional, GPL: see requirements-xapian.txt): N shards of the full text,
with the facet and date values that let the shards count facets themselves.

Written from the same documents as the Whoosh index, through the same analyzers (`archive.schema.make_schema`),
so every field holds exactly the terms and positions Whoosh holds: a query means the same on both. The facet
values, dates and stories come from the generation's facet arrays (the same value ids the web app shows), so
counts made by the shards are the app's counts:

- a story's articles all go to one shard (story mod N): each shard's story collapse is then exact, and so is
  Xapian's collapsed count over the joined shards (the number of groups);
- a shard's documents are its articles in ord order (document id 1, 2, ...); metadata `ords` (int32) lists
  them, so the reader maps the joined database's document id (shards interleaved) back to the ord;
- value slots (metadata `layout`): the story (collapse key), each article's rank in newest-first and
  oldest-first order (the app's date order, ties and unknown dates included), year and month labels,
  start, end and exact day (sortable numbers), and each multi-valued facet as one slot per position (the
  k-th value of an article in slot k, for the first k that cover 99% of the articles) and one `rest` slot
  with any further values joined by commas: `ValueCountMatchSpy` counts every slot exactly (Xapian 1.4 has no
  multi-valued facet), a spy costs each matching document a value look-up, hence few slots;
- boolean terms for the filters: `F<facet>:<value id>` and `DATE:unknown`.

Each shard also records its generation (a server answering for another generation is noticed, not
believed) and the term prefix of each field (metadata `prefixes`), so the search side needs no indexer code.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from archive.config import env_int
from archive.days import from_day_number
from archive.facetarrays import FACETS, UNKNOWN, FacetArrays
from archive.schema import make_schema

XAPIAN_DIR = "xapian"
FIELDS = tuple(name for name in make_schema().names() if name not in ("id", "ord"))  # the searchable ones
MAX_TERM_BYTES = 240  # Xapian refuses terms over 245 bytes; Whoosh keeps them (they are never typed)
ENV_SHARDS = "ARCHIVE_XAPIAN_SHARDS"
SLOTS = {"story": 0, "newest": 1, "oldest": 2, "year": 3, "month": 4, "start": 5, "end": 6, "day": 7}
FIRST_FACET_SLOT = 8
UNKNOWN_DATE_TERM = "DATE:unknown"


def prefix(field: str) -> str:
    """The term prefix of a Whoosh field."""
    return f"X{field.upper()}:"


def facet_term(facet: str, value_id: int) -> str:
    return f"F{facet}:{value_id}"


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


class Values:
    """Per ord, the values and filter terms of the shards, from the generation's facet arrays."""

    def __init__(self, arrays: FacetArrays) -> None:
        self.a = arrays
        ords = np.arange(arrays.live.size)
        unknown = arrays.start == UNKNOWN
        start = arrays.start.astype(np.int64)
        # The app's date order (search/ranking.py date_order): by start, ties by ord, unknown dates last.
        self.newest = _rank(np.lexsort((-ords, -start, unknown)))
        self.oldest = _rank(np.lexsort((ords, start, unknown)))
        self.bounds = {f: (np.searchsorted(arrays.doc[f], ords), np.searchsorted(arrays.doc[f], ords, side="right"))
                       for f in FACETS}
        self.width = {f: _width(hi - lo) for f, (lo, hi) in self.bounds.items()}

    def layout(self) -> dict:
        facets, slot = {}, FIRST_FACET_SLOT
        for f in FACETS:
            width, wider = self.width[f]
            facets[f] = {"slots": list(range(slot, slot + width)), "rest": slot + width if wider else None}
            slot += width + wider
        return {**SLOTS, "facets": facets, "facet_term": "F{facet}:{id}", "unknown_date": UNKNOWN_DATE_TERM}

    def add(self, xapian, out, o: int, layout: dict) -> None:  # noqa: ANN001 - xapian is imported lazily
        a, ser = self.a, xapian.sortable_serialise
        out.add_value(SLOTS["story"], str(int(a.story[o])))
        out.add_value(SLOTS["newest"], ser(int(self.newest[o])))
        out.add_value(SLOTS["oldest"], ser(int(self.oldest[o])))
        if a.start[o] == UNKNOWN:
            out.add_boolean_term(UNKNOWN_DATE_TERM)
        else:
            day = from_day_number(int(a.start[o]))
            out.add_value(SLOTS["year"], f"{day.year:04d}")
            if a.precision[o] <= 1:  # day or month precision: the month is known
                out.add_value(SLOTS["month"], f"{day.year:04d}-{day.month:02d}")
            out.add_value(SLOTS["start"], ser(int(a.start[o])))
            out.add_value(SLOTS["end"], ser(int(a.end[o])))
            if a.precision[o] == 0:
                out.add_value(SLOTS["day"], ser(int(a.start[o])))
        for f in FACETS:
            lo, hi = self.bounds[f]
            vids = a.val[f][lo[o]:hi[o]].tolist()
            slots = layout["facets"][f]["slots"]
            for slot, vid in zip(slots, vids):
                out.add_value(slot, str(vid))
            if len(vids) > len(slots):
                out.add_value(layout["facets"][f]["rest"], ",".join(map(str, vids[len(slots):])))
            for vid in vids:
                out.add_boolean_term(facet_term(f, vid))


def _width(counts: np.ndarray) -> tuple[int, int]:
    """Position slots of a facet (enough for 99% of the articles) and whether a `rest` slot is needed."""
    if not counts.size or not counts.max():
        return 0, 0
    width = int(np.ceil(np.percentile(counts, 99)))
    return width, int(counts.max() > width)


def _rank(order: np.ndarray) -> np.ndarray:
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    return rank


def write(gen: Path, docs: Iterable[dict], shards: int, generation: str, out_dir: Path | None = None) -> int:
    """Write `docs` (Whoosh documents of generation folder `gen`, with their `ord`, in ord order) as `shards`
    Xapian databases, in `gen`/xapian or `out_dir`; returns the count."""
    import xapian  # optional: only a deployment that asked for shards has it

    root = Path(out_dir) if out_dir else Path(gen) / XAPIAN_DIR
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    schema = make_schema()
    values = Values(FacetArrays.load(gen))
    layout = values.layout()
    dbs = [xapian.WritableDatabase(str(root / f"shard-{k}"), xapian.DB_CREATE_OR_OVERWRITE) for k in range(shards)]
    ords: list[list[int]] = [[] for _ in range(shards)]
    try:
        for doc in docs:
            o = int(doc["ord"])
            if not values.a.live[o]:
                continue
            k = int(values.a.story[o]) % shards
            out = _document(xapian, schema, doc)
            values.add(xapian, out, o, layout)
            ords[k].append(o)
            dbs[k].replace_document(len(ords[k]), out)
        prefixes = json.dumps({field: prefix(field) for field in FIELDS})
        for k, db in enumerate(dbs):
            db.set_metadata("generation", generation)
            db.set_metadata("prefixes", prefixes)  # the reader learns the fields' prefixes from the shards
            db.set_metadata("layout", json.dumps(layout))
            db.set_metadata("ords", np.asarray(ords[k], dtype="<i4").tobytes())
            db.set_metadata("shard", f"{k}/{shards}")
            db.commit()
    finally:
        for db in dbs:
            db.close()
    return sum(len(o) for o in ords)


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

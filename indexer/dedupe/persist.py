"""The story index on disk: the live articles' arrays, flat in one .npz file (postings are rebuilt on load)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

import numpy as np

from indexer.fingerprints import Facts

if TYPE_CHECKING:
    from .storyindex import StoryIndex

FORMAT_VERSION = 3  # 2: fact slots added; 3: table rows added

# One saved article: id, shingle hashes, sentence starts, day number (thresholds.NO_DATE: unknown), facts.
Saved = tuple[str, np.ndarray, np.ndarray, int, Facts]


def save(index: StoryIndex, path: Path) -> None:
    """Write the index's live articles to `path` (any name: np.savez is given a file object, which it does not
    rename to .npz)."""
    live = [s for s, ok in enumerate(index.alive) if ok]
    with open(path, "wb") as f:
        _write(f, index, live)


def _write(f: BinaryIO, index: StoryIndex, live: list[int]) -> None:
    sh = cast(list[np.ndarray], [index.sh[s] for s in live])  # a live slot has its arrays
    st = cast(list[np.ndarray], [index.starts[s] for s in live])
    facts = [index.facts[s] or Facts.empty() for s in live]
    np.savez(
        f,
        meta=np.frombuffer(json.dumps({"version": FORMAT_VERSION}).encode(), dtype=np.uint8),
        ids=np.frombuffer("\n".join(index.ids[s] for s in live).encode(), dtype=np.uint8),
        dates=np.asarray([index.dates[s] for s in live], dtype=np.int32),
        sh=np.concatenate(sh) if sh else np.zeros(0, np.uint32),
        sh_len=np.asarray([len(x) for x in sh], dtype=np.int64),
        st=np.concatenate(st) if st else np.zeros(0, np.int32),
        st_len=np.asarray([len(x) for x in st], dtype=np.int64),
        fs=np.concatenate([x.slots for x in facts]) if facts else np.zeros(0, np.uint32),
        fv=np.concatenate([x.values for x in facts]) if facts else np.zeros(0, np.uint32),
        f_len=np.asarray([len(x.slots) for x in facts], dtype=np.int64),
        rk=np.concatenate([x.row_keys for x in facts]) if facts else np.zeros(0, np.uint32),
        ro=np.concatenate([x.row_of for x in facts]) if facts else np.zeros(0, np.int32),
        r_len=np.asarray([len(x.row_keys) for x in facts], dtype=np.int64),
    )


def read(path: Path) -> list[Saved]:
    """The articles of a file written by `save`, in saved order; ValueError for another format version."""
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(z["meta"].tobytes().decode())
        if meta.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported StoryIndex format {meta!r}")
        raw = z["ids"].tobytes().decode()
        ids = raw.split("\n") if raw else []
        dates, sh, sh_len, st, st_len = z["dates"], z["sh"], z["sh_len"], z["st"], z["st_len"]
        fs, fv, f_len = z["fs"], z["fv"], z["f_len"]
        rk, ro, r_len = z["rk"], z["ro"], z["r_len"]
    sh_parts = np.split(sh, np.cumsum(sh_len)[:-1]) if len(ids) else []
    st_parts = np.split(st, np.cumsum(st_len)[:-1]) if len(ids) else []
    fs_parts = np.split(fs, np.cumsum(f_len)[:-1]) if len(ids) else []
    fv_parts = np.split(fv, np.cumsum(f_len)[:-1]) if len(ids) else []
    rk_parts = np.split(rk, np.cumsum(r_len)[:-1]) if len(ids) else []
    ro_parts = np.split(ro, np.cumsum(r_len)[:-1]) if len(ids) else []
    return [
        (aid, sh_parts[i], st_parts[i], int(dates[i]), Facts(fs_parts[i], fv_parts[i], rk_parts[i], ro_parts[i]))
        for i, aid in enumerate(ids)
    ]

"""The story index on disk: the live articles' arrays, flat in one .npz file (postings are rebuilt on load)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

import numpy as np

from indexer.fingerprints import Facts

if TYPE_CHECKING:
    from .storyindex import StoryIndex

FORMAT_VERSION = 5  # 2: fact slots; 3: table rows; 4: number words and mixed numbers as facts; 5: the lead

# One saved article: id, shingle hashes, sentence starts, day number (thresholds.NO_DATE: unknown), facts.
Saved = tuple[str, np.ndarray, np.ndarray, int, Facts]


def save(index: StoryIndex, path: Path) -> None:
    """Write the index's live articles to `path` (any name: np.savez is given a file object, which it does not
    rename to .npz)."""
    live = [s for s, ok in enumerate(index.alive) if ok]
    with open(path, "wb") as f:
        _write(f, index, live)


def _write(f: BinaryIO, index: StoryIndex, live: list[int]) -> None:
    sh, sh_len = _joined(cast(list[np.ndarray], [index.sh[s] for s in live]), np.uint32)  # a live slot has its arrays
    st, st_len = _joined(cast(list[np.ndarray], [index.starts[s] for s in live]), np.int32)
    facts = [index.facts[s] or Facts.empty() for s in live]
    fs, f_len = _joined([x.slots for x in facts], np.uint32)
    rk, r_len = _joined([x.row_keys for x in facts], np.uint32)
    ld, ld_len = _joined([x.lead for x in facts], np.uint32)
    np.savez(
        f,
        meta=np.frombuffer(json.dumps({"version": FORMAT_VERSION}).encode(), dtype=np.uint8),
        ids=np.frombuffer("\n".join(index.ids[s] for s in live).encode(), dtype=np.uint8),
        dates=np.asarray([index.dates[s] for s in live], dtype=np.int32),
        sh=sh,
        sh_len=sh_len,
        st=st,
        st_len=st_len,
        fs=fs,
        fv=_joined([x.values for x in facts], np.uint32)[0],
        f_len=f_len,
        rk=rk,
        ro=_joined([x.row_of for x in facts], np.int32)[0],
        r_len=r_len,
        ld=ld,
        ld_len=ld_len,
    )


def _joined(parts: list[np.ndarray], dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """The arrays as one, and their lengths (`_split` undoes it)."""
    flat = np.concatenate(parts) if parts else np.zeros(0, dtype)
    return flat, np.asarray([len(x) for x in parts], dtype=np.int64)


def _split(flat: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    return np.split(flat, np.cumsum(lengths)[:-1]) if len(lengths) else []


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
        ld_parts = _split(z["ld"], z["ld_len"])
    sh_parts, st_parts = _split(sh, sh_len), _split(st, st_len)
    fs_parts, fv_parts = _split(fs, f_len), _split(fv, f_len)
    rk_parts, ro_parts = _split(rk, r_len), _split(ro, r_len)
    return [
        (aid, sh_parts[i], st_parts[i], int(dates[i]),
         Facts(fs_parts[i], fv_parts[i], rk_parts[i], ro_parts[i], ld_parts[i]))
        for i, aid in enumerate(ids)
    ]

"""Whoosh 3 posting blocks read straight from their bytes with numpy, without unpickling them.

A block is a zlib-compressed protocol-2 pickle of (id deltas, weights, values). For a `Positions` field each
value is a byte string (a 4-byte count, then a pickled list of position deltas) that protocol 2 pickles as a
`_codecs.encode(text, "latin1")` call: unpickling a block of a frequent word builds three Python objects
and makes one call per document, and splitting the positions out builds one more object per position; at
100,000 articles that was about 0.35 s for `said`, which a first phrase of common words paid. Here the
common layouts are read with vector operations over all the word's blocks at once, every byte of the
layout checked; a block (or a word) laid out any other way is unpickled as before, so the answers are
always Whoosh's (`tests/test_fastpath.py` compares them)."""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from itertools import chain
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher

from .valuebytes import PAD, le32, scan_values

_INT = struct.Struct("!i")  # Whoosh's StructFile.write_int
_FIRST_INT = {0x4B: 1, 0x4D: 2, 0x4A: 4}  # BININT1, BININT2 (unsigned), BININT (signed; ids are >= 0)
IDS_WEIGHTS = 11  # bytes a posting takes in `ids_weights`' layout at most: a 2-byte delta and a 9-byte float


# A block: its data's start and end in the term's bytes, its postings, its last id, its compression.
Span = tuple[int, int, int, int, int]


def read_blocks(m: W3LeafMatcher, offset: int, positions: list | None) -> tuple[list, list]:
    """All posting blocks of a fresh Whoosh 3 matcher, read in one go: Whoosh reads each block's length,
    info and data through several small file reads, which cost as much as decoding them. With `positions` (a
    list), the (positions per document, positions) of this matcher's documents are appended to it."""
    raw, spans = term_blocks(m)
    return decode_blocks(raw, spans, offset, positions)


def term_blocks(m: W3LeafMatcher) -> tuple[bytes, list[Span]]:
    """A term's postings bytes and where each of its blocks is (`Span`), in the layout
    `W3PostingsWriter._write_block` writes: a signed length (negative for the last block), the pickled block
    info, the (maybe compressed) pickled (id deltas, weights, values)."""
    length: Any = m._length  # W3TermInfo.from_bytes gives it as a 1-tuple
    raw = m._postfile.get(m._startoffset, length[0] if isinstance(length, tuple) else length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("unexpected postings header")
    buf = io.BytesIO(raw)
    pos = 4
    spans = []
    while True:
        (length,) = _INT.unpack_from(raw, pos)
        buf.seek(pos + _INT.size)
        count, maxid, _maxweight, compression, _mn, _mx = pickle.load(buf)
        end = pos + _INT.size + abs(length)
        spans.append((buf.tell(), end, count, maxid, compression))
        if length < 0:
            return raw, spans
        pos = end


def decode_blocks(raw: bytes, spans: list[Span], offset: int, positions: list | None) -> tuple[list, list]:
    """The global document numbers and weights of the blocks `spans` of `raw` (each a one-array list); with
    `positions` (a list), their (positions per document, positions) appended to it."""
    deltas: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    blocks: list[tuple] = []  # (data, count, (values offset, memo size) or None, unpickled values or None)
    for start, end, count, _last, compression in spans:
        packed = raw[start:end]
        data = packed
        if compression:
            # Without positions only the ids and weights are read: they come first, in at most IDS_WEIGHTS
            # bytes a posting, and the positions after them are most of the block.
            data = (zlib.decompress(packed) if positions is not None
                    else zlib.decompressobj().decompress(packed, IDS_WEIGHTS * count + 64))
        quick = ids_weights(data, count)
        if quick is None:
            if compression and positions is None:
                data = zlib.decompress(packed)
            ds, w, vs = pickle.loads(data)
            deltas.append(np.asarray(ds, dtype=np.int64))
            weights.append(np.ones(count) if w is None else np.full(count, float(w)) if isinstance(w, float)
                           else np.asarray(w, dtype=np.float64))
            blocks.append((data, count, None, vs))
        else:
            deltas.append(quick[0])
            weights.append(quick[1])
            blocks.append((data, count, quick[2], None))
    if positions is not None:
        positions.append(decode_values(*_block_values(blocks)))
    # Each block's ids are deltas from the block's first, which is given whole.
    counts = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
    running = np.cumsum(np.concatenate(deltas))
    before = np.concatenate(([0], running))[np.cumsum(counts) - counts]
    return [running - np.repeat(before, counts) + offset], [np.concatenate(weights)]


def ids_weights(data: bytes, count: int) -> tuple[np.ndarray, np.ndarray, tuple[int, int], None] | None:
    """A block's id deltas and weights read straight from its pickle, and where its values tuple starts
    (offset, the pickle memo's size there). Only the common layout is read here: more than three ids, the
    first (the block's first document number) any int, the other deltas under 256 (`(J....K.K.K...t`), then
    the tuple's memo (`q.`), then no weights (`N`), one (`G` + 8 bytes) or one per id (`(G........G...tq.`).
    None for anything else: the caller unpickles the block."""
    if count <= 3 or len(data) < 8 or data[2] != 0x28:
        return None
    size = _FIRST_INT.get(data[3])
    if size is None:
        return None
    first = int.from_bytes(data[4:4 + size], "little")
    at = 4 + size  # the other deltas: BININT1 opcode and byte pairs
    n2 = 2 * (count - 1)
    if len(data) < at + n2 + 12 or data[at + n2] != 0x74 or data[at + n2 + 1] != 0x71:
        return None
    if data[at:at + n2:2] != b"K" * (count - 1):
        return None
    deltas = np.empty(count, dtype=np.int64)
    deltas[0] = first
    deltas[1:] = np.frombuffer(data[at + 1:at + n2:2], dtype=np.uint8)
    at += n2 + 3  # after the ids' TUPLE and BINPUT
    if data[at] == 0x4E:  # None: every weight 1.0
        return deltas, np.ones(count), (at + 1, 1), None
    if data[at] == 0x47:  # one float for the block
        w = float(np.frombuffer(data, dtype=">f8", count=1, offset=at + 1)[0])
        return deltas, np.full(count, w), (at + 9, 1), None
    end = at + 1 + 9 * count
    if (data[at] != 0x28 or len(data) <= end + 2 or data[end] != 0x74 or data[end + 1] != 0x71
            or data[at + 1:end:9] != b"G" * count):  # BINFLOATs
        return None
    rows = np.frombuffer(data, dtype=_FLOAT_ROW, count=count, offset=at + 1)
    return deltas, rows["w"].astype(np.float64), (end + 3, 2), None


_FLOAT_ROW = np.dtype([("op", "u1"), ("w", ">f8")])


def _block_values(blocks: list[tuple]) -> tuple[bytes, np.ndarray]:
    """Every block's values (the raw `Positions` byte strings) as one byte string and their lengths.
    `blocks` holds (data, count, (values offset, memo size) or None, unpickled values or None)."""
    fast = [b for b in blocks if b[2] is not None]
    found = scan_values(fast) if fast else {}
    parts: list[bytes] = []
    lens: list[np.ndarray] = []
    for data, _count, where, vs in blocks:
        got = found.get(id(data)) if where is not None else None
        if got is None:
            if vs is None:
                vs = pickle.loads(data)[2]
            got = (b"".join(vs), np.fromiter(map(len, vs), dtype=np.int64, count=len(vs)))
        parts.append(got[0])
        lens.append(got[1])
    return b"".join(parts), np.concatenate(lens) if lens else np.zeros(0, dtype=np.int64)


def decode_values(raw: bytes, lens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions per document, positions) from `Positions` values joined in `raw` (lengths `lens`): each
    a 4-byte count, then `\\x80\\x02]q\\x00`, then one `K`/`M`/`J` integer and `a`, or `(`, the integers and
    `e`; then `.`. Position deltas are added up per document. Values laid out otherwise are unpickled."""
    deltas = _deltas(raw, lens)
    if deltas is None:
        start = np.cumsum(lens) - lens
        values = [raw[a:a + n] for a, n in zip(start.tolist(), lens.tolist())]
        lists = pickle.loads(b"\x80\x02(" + b"".join([v[6:-1] for v in values]) + b"l.")
        if len(lists) != len(values):
            raise ValueError("unexpected positions encoding")
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        deltas = counts, np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    counts, d = deltas
    running = np.cumsum(d)
    before = np.concatenate(([0], running))[np.cumsum(counts) - counts]  # running total before each document
    return counts.astype(np.int32), (running - np.repeat(before, counts)).astype(np.int32)


_HEAD = (0x80, 0x02, 0x5D, 0x71, 0x00)  # PROTO 2, EMPTY_LIST, BINPUT 0


def _deltas(raw: bytes, lens: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(count per value, all position deltas), or None if a value is laid out otherwise (a list of over
    1,000 is pickled in batches, say). Values whose deltas are all under 256 (`K` and a byte each: most)
    are read at once; the others one integer per step."""
    if not lens.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    arr = np.frombuffer(raw + PAD, dtype=np.uint8)
    start = np.cumsum(lens) - lens
    counts = le32(arr, start).astype(np.uint32).byteswap().astype(np.int64)
    if int(lens.sum()) != len(raw) or (counts < 1).any() or (counts > 1000).any():
        return None
    for k, byte in enumerate(_HEAD):
        if (arr[start + 4 + k] != byte).any():
            return None
    multi = counts > 1
    if (arr[start[multi] + 9] != 0x28).any():
        return None
    body = start + 9 + multi  # the first integer's opcode
    end = start + lens
    if ((arr[end - 1] != 0x2E) | (arr[end - 2] != np.where(multi, 0x65, 0x61))).any():  # APPENDS / APPEND, STOP
        return None
    out = np.empty(int(counts.sum()), dtype=np.int64)
    out_at = np.cumsum(counts) - counts
    short = lens == np.where(multi, 12 + 2 * counts, 13)
    if not _short_deltas(arr, body[short], counts[short], out_at[short], out):
        return None
    long_ones = np.flatnonzero(~short)
    if long_ones.size and not _stepped_deltas(arr, body[long_ones], counts[long_ones], out_at[long_ones],
                                              end[long_ones] - 2, out):
        return None
    return counts, out


def _short_deltas(arr: np.ndarray, body: np.ndarray, counts: np.ndarray, out_at: np.ndarray,
                  out: np.ndarray) -> bool:
    """Values of `K` integers only (their length says so): opcode k of a value at body + 2k."""
    if not body.size:
        return True
    before = np.cumsum(counts) - counts
    ops = np.repeat(body - 2 * before, counts) + 2 * np.arange(int(counts.sum()))
    if (arr[ops] != 0x4B).any():
        return False
    if ops.size == out.size:  # every value is short
        out[:] = arr[ops + 1]
    else:
        out[np.repeat(out_at - before, counts) + np.arange(int(counts.sum()))] = arr[ops + 1]
    return True


def _stepped_deltas(arr: np.ndarray, p: np.ndarray, counts: np.ndarray, out_at: np.ndarray, closing: np.ndarray,
                    out: np.ndarray) -> bool:
    """Values with `M` (2-byte) or `J` (4-byte signed) integers: one integer of every value per step."""
    idx = np.arange(p.size)
    k = 0
    while idx.size:
        op = arr[p]
        b1 = arr[p + 1].astype(np.int64)
        word = b1 | arr[p + 2].astype(np.int64) << 8
        is_k, is_m = op == 0x4B, op == 0x4D
        if not (is_k | is_m | (op == 0x4A)).all():
            return False
        out[out_at[idx] + k] = np.where(is_k, b1, np.where(is_m, word, le32(arr, p + 1).astype(np.uint32)
                                                           .view(np.int32)))
        p = p + np.where(is_k, 2, np.where(is_m, 3, 5))
        k += 1
        done = counts[idx] == k
        if done.any():
            if (p[done] != closing[idx[done]]).any():
                return False
            idx, p = idx[~done], p[~done]
    return True

"""The values of Whoosh 3 posting blocks (a `Positions` field's byte strings, one per document) read from the
blocks' pickles with numpy, without unpickling them.

Protocol 2 pickles each byte string as a `_codecs.encode(text, "latin1")` call, three memo entries apiece;
a byte string that is the same object as an earlier one in the block is written as a reference to that
earlier call's memo entry (`h` and one byte, or `j` and four). The indexer shares one object between the
documents where a word occurs once at the same position, so frequent words have such references in most
blocks. Every opcode and memo index of the layout is checked; a block laid out otherwise is left to the
caller, which unpickles it.
"""

from __future__ import annotations

import numpy as np

ENCODE = b"(c_codecs\nencode\n"  # the values tuple's MARK, then the GLOBAL its items call
PAD = b"\0" * 64  # so that reading a few bytes past a malformed length stays inside the buffer
_BINGET, _LONG_BINGET, _BINPUT, _LONG_BINPUT = 0x68, 0x6A, 0x71, 0x72


def scan_values(blocks: list[tuple]) -> dict[int, tuple[bytes, np.ndarray]]:
    """The values of the blocks laid out as `pickle.dumps(..., 2)` writes a tuple of byte strings, read without
    unpickling (id(data) -> (values joined, their lengths)); a block laid out otherwise is left out. `blocks`
    holds (data, count, (values offset, memo size E there), _).

    Layout: `(c_codecs\\nencode\\nq{E}`, item 0 `X{len}{utf-8 of the latin-1 text}q{E+1}X\\x06\\x00\\x00\\x00latin1
    q{E+2}\\x86q{E+3}Rq{E+4}`; then every further item is either new, the k-th new one `h{E}X{len}{text}
    {put E+2+3k}h{E+2}\\x86{put E+3+3k}R{put E+4+3k}`, or a reference to the j-th new one's result (`h` or `j`
    with E+4+3j); then `t{put}\\x87{put}.` (the next two memo indices), the end of the block. A put is `q` and
    one byte, or `r` and four bytes from memo 256."""
    buf = b"".join(b[0] for b in blocks) + PAD
    arr = np.frombuffer(buf, dtype=np.uint8)
    starts, firsts = [], []
    base = 0
    for data, count, (at, memo), _ in blocks:
        starts.append(base)
        firsts.append(_first_item(buf, base + at, memo, count))
        base += len(data)
    block_end = np.asarray(starts[1:] + [base], dtype=np.int64)
    counts = np.asarray([b[1] for b in blocks], dtype=np.int64)
    memo = np.asarray([b[2][1] for b in blocks], dtype=np.int64)
    end0 = np.asarray([f[0] if f else -1 for f in firsts], dtype=np.int64)  # after item 0
    ok = end0 >= 0
    # New items 1 and on: an `X` after `h{E}`, after its block's item 0.
    x = np.flatnonzero(arr[2:base] == 0x58) + 2
    x = x[(arr[x - 1] <= 2) & (arr[x - 2] == _BINGET)]
    blk = np.searchsorted(block_end, x, side="right")
    keep = ok[blk] & (x - 2 >= end0[blk]) & (arr[x - 1] == memo[blk])
    x, blk = x[keep], blk[keep]
    k = np.arange(x.size) - np.searchsorted(blk, blk) + 1  # 1.. among its block's new items
    good, ends = _new_items(arr, x, memo[blk], k)
    ok[blk[~good]] = False
    n_new = 1 + np.bincount(blk, minlength=len(blocks))
    tail_at = _tail(arr, memo, n_new, block_end, ok)
    keep = ok[blk]
    x, blk, k, ends = x[keep], blk[keep], k[keep], ends[keep]
    refs = _references(arr, x, blk, k, ends, end0, tail_at, memo, ok)
    ok &= n_new + np.bincount(refs[1], minlength=len(blocks)) == counts
    return _payloads(buf, arr, blocks, firsts, ok, x, blk, refs)


def _first_item(buf: bytes, v: int, memo: int, count: int) -> tuple[int, int, int] | None:
    """(where item 0 ends, where its text starts, its length) if the values tuple opens as expected."""
    if buf[v:v + 17] != ENCODE or buf[v + 17] != _BINPUT or buf[v + 18] != memo or buf[v + 19] != 0x58:
        return None
    size = int.from_bytes(buf[v + 20:v + 24], "little")
    e = v + 24 + size
    glue = (bytes((_BINPUT, memo + 1)) + b"X\x06\x00\x00\x00latin1"
            + bytes((_BINPUT, memo + 2, 0x86, _BINPUT, memo + 3, 0x52, _BINPUT, memo + 4)))
    if size <= 0 or count < 2 or buf[e:e + len(glue)] != glue:
        return None
    return e + len(glue), v + 24, size


def _put(arr: np.ndarray, at: np.ndarray, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether a memo put of `index` is at `at` (`q` and a byte, or `r` and four from 256), and its width."""
    short = index < 256
    ok = np.where(short, (arr[at] == _BINPUT) & (arr[at + 1] == (index & 0xFF)),
                  (arr[at] == _LONG_BINPUT) & (le32(arr, at + 1) == index))
    return ok, np.where(short, 2, 5)


def _new_items(arr: np.ndarray, x: np.ndarray, memo: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per new item (its `X` at `x`, the k-th of its block): whether its bytes after the text are the layout's
    (put, `h{E+2}`, TUPLE2, put, REDUCE, put, with the memo indices pickle gives them), and where it ends."""
    size = le32(arr, np.minimum(x + 1, arr.size - 8))
    good = size > 0
    e = np.minimum(x + 5 + size, arr.size - 40)  # past the end only if malformed: then the checks fail
    ok, w = _put(arr, e, memo + 2 + 3 * k)
    good &= ok
    e = e + w
    good &= (arr[e] == _BINGET) & (arr[e + 1] == memo + 2) & (arr[e + 2] == 0x86)
    ok, w = _put(arr, e + 3, memo + 3 + 3 * k)
    good &= ok & (arr[e + 3 + w] == 0x52)
    e = e + 4 + w
    ok, w = _put(arr, e, memo + 4 + 3 * k)
    return good & ok, e + w


def _tail(arr: np.ndarray, memo: np.ndarray, n_new: np.ndarray, block_end: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Where each block's values tuple closes (TUPLE, put, TUPLE3 of (ids, weights, values), put, STOP, the end of
    the block); a block that does not close so is marked not `ok`."""
    i1, i2 = memo + 2 + 3 * n_new, memo + 3 + 3 * n_new
    w1, w2 = np.where(i1 < 256, 2, 5), np.where(i2 < 256, 2, 5)
    at = np.maximum(block_end - 3 - w1 - w2, 0)
    p1, _ = _put(arr, at + 1, i1)
    p2, _ = _put(arr, at + 2 + w1, i2)
    ok &= (arr[at] == 0x74) & p1 & (arr[at + 1 + w1] == 0x87) & p2 & (arr[block_end - 1] == 0x2E)
    return at


def _references(arr: np.ndarray, x: np.ndarray, blk: np.ndarray, k: np.ndarray, ends: np.ndarray,
                end0: np.ndarray, tail_at: np.ndarray, memo: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, ...]:
    """The references between the new items (after item 0 and after each new item, up to the next new item or
    the tuple's close): (position, block, which new item of the block each stands for). A gap that is not
    made of references to new items already written marks its block not `ok`."""
    good = np.flatnonzero(ok)
    gap_start = np.concatenate([end0[good], ends])
    gap_blk = np.concatenate([good, blk])
    gap_k = np.concatenate([np.zeros(good.size, dtype=np.int64), k])
    order = np.argsort(gap_start, kind="stable")
    gap_start, gap_blk, gap_k = gap_start[order], gap_blk[order], gap_k[order]
    nxt = np.searchsorted(x, gap_start)  # the next new item, if it is in the same block
    same = nxt < x.size
    same[same] = blk[nxt[same]] == gap_blk[same]
    gap_end = np.where(same, x[np.minimum(nxt, max(x.size - 1, 0))] - 2 if x.size else 0, tail_at[gap_blk])
    gap, at, index, bad = _walk_gets(arr, gap_start, gap_end)
    which = index - memo[gap_blk[gap]] - 4
    bad[gap[(which % 3 != 0) | (which < 0) | (which // 3 > gap_k[gap])]] = True
    ok[gap_blk[bad]] = False
    live = ok[gap_blk[gap]]
    return at[live], gap_blk[gap][live], (which // 3)[live]


def _walk_gets(arr: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, ...]:
    """The memo gets (`h` + 1 byte, `j` + 4) that fill each span [start, end), all spans one get per step:
    (span, position, memo index) of each, and per span whether it is anything else."""
    bad = start > end
    idx = np.flatnonzero(start < end)
    p = start[idx]
    spans, where, index = [], [], []
    while idx.size:
        op = arr[p]
        short = op == _BINGET
        spans.append(idx)
        where.append(p)
        index.append(np.where(short, arr[p + 1].astype(np.int64), le32(arr, p + 1)))
        p = p + np.where(short, 2, 5)
        over = ~(short | (op == _LONG_BINGET)) | (p > end[idx])
        bad[idx[over]] = True
        more = ~over & (p < end[idx])
        idx, p = idx[more], p[more]
    if not spans:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, bad
    return np.concatenate(spans), np.concatenate(where), np.concatenate(index), bad


def _payloads(buf: bytes, arr: np.ndarray, blocks: list[tuple], firsts: list, ok: np.ndarray, x: np.ndarray,
              blk: np.ndarray, refs: tuple[np.ndarray, ...]) -> dict[int, tuple[bytes, np.ndarray]]:
    """The good blocks' values in document order: the new items' texts decoded from UTF-8 back to the latin-1
    bytes they stand for, a reference's copied from the new item it names."""
    good = np.flatnonzero(ok)
    if not good.size:
        return {}
    keep = ok[blk]
    x, blk = x[keep], blk[keep]
    begin = np.concatenate([np.asarray([firsts[b][1] for b in good], dtype=np.int64), x + 5])
    sizes = np.concatenate([np.asarray([firsts[b][2] for b in good], dtype=np.int64), le32(arr, x + 1)])
    owner = np.concatenate([good, blk])
    order = np.argsort(begin, kind="stable")
    begin, sizes, owner = begin[order], sizes[order], owner[order]
    decoded = _texts(arr, begin, sizes)
    if decoded is None:
        return {}
    text, lens = decoded
    live = ok[refs[1]]  # the count check may have dropped blocks after their references were read
    ref_at, ref_blk, ref_which = (r[live] for r in refs)
    if ref_at.size:  # every item in byte order; a reference's source: its block's item 0, plus which
        source = np.concatenate([np.arange(begin.size), np.searchsorted(owner, ref_blk) + ref_which])
        order = np.argsort(np.concatenate([begin, ref_at]), kind="stable")
        source, owner = source[order], np.concatenate([owner, ref_blk])[order]
        text, lens = _gather(text, lens, source)
    ends = np.cumsum(lens).tolist()
    found = {}
    lo = 0
    for b, hi in zip(good.tolist(), np.searchsorted(owner, good, side="right").tolist()):
        found[id(blocks[b][0])] = (text[ends[lo - 1] if lo else 0:ends[hi - 1]], lens[lo:hi])
        lo = hi
    return found


def _texts(arr: np.ndarray, begin: np.ndarray, sizes: np.ndarray) -> tuple[bytes, np.ndarray] | None:
    """The texts at `begin` (sorted, UTF-8 of `sizes` bytes) as the latin-1 bytes they encode, and their
    lengths; None if they are not valid UTF-8 of latin-1 text."""
    # Keep the texts: runs of (gap, text) bytes, alternately dropped and kept.
    gaps = begin - np.concatenate(([0], (begin + sizes)[:-1]))
    runs = np.empty(2 * begin.size, dtype=np.int64)
    runs[0::2], runs[1::2] = gaps, sizes
    keep = np.repeat(np.tile(np.array([False, True]), begin.size), runs)
    utf8 = arr[:keep.size][keep]
    try:
        text = utf8.tobytes().decode("utf-8").encode("latin-1")
    except UnicodeError:
        return None
    # A latin-1 byte of 0x80 and over took two UTF-8 bytes: the second (10xxxxxx) is not in `text`.
    out_at = np.cumsum(sizes) - sizes
    lens = sizes - np.add.reduceat(((utf8 & 0xC0) == 0x80).view(np.uint8), out_at, dtype=np.int64)
    if int(lens.sum()) != len(text):
        return None
    return text, lens


def _gather(text: bytes, lens: np.ndarray, source: np.ndarray) -> tuple[bytes, np.ndarray]:
    """The texts numbered `source`, one after another (a text may be taken more than once)."""
    out_lens = lens[source]
    starts = np.cumsum(lens) - lens
    out_at = np.cumsum(out_lens) - out_lens
    at = np.repeat(starts[source] - out_at, out_lens) + np.arange(int(out_lens.sum()))
    return np.frombuffer(text, dtype=np.uint8)[at].tobytes(), out_lens


def le32(arr: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The little-endian unsigned 32-bit integers at `at`."""
    return (arr[at].astype(np.int64) | arr[at + 1].astype(np.int64) << 8 | arr[at + 2].astype(np.int64) << 16
            | arr[at + 3].astype(np.int64) << 24)

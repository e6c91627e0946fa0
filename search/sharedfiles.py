"""Values one server process computes once and keeps as files, so that the server's other worker processes map
them instead of computing them again: decoded postings (numpy arrays) and the article pages' related lists (bytes).

The folder is the server's own (web/serve.py makes a temporary one before forking and removes it when it
stops), one subfolder per generation; the index folder is never written. A generation never changes, so a file
never goes stale. Each file is written under a name of its own and renamed into place, so a reader sees a whole
file or none, and two workers computing the same value at once write the same bytes. Arrays are read through
`mmap`: the pages are the kernel's, one copy for all the processes, and the arrays are read-only. When a file
cannot be written or the byte budget is spent, values are computed as without this.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

MAGIC = b"ARRAYS1\n"
HEADER_DTYPE = 16  # bytes kept for each array's dtype string (e.g. "<i4")


class SharedFiles:
    """One generation's shared files: at most `max_bytes` written (what is there already counts), values smaller
    than `min_bytes` left to each process (cheaper to compute than to write and map)."""

    def __init__(self, folder: Path, max_bytes: int, min_bytes: int) -> None:
        self.folder = folder
        self.max_bytes, self.min_bytes = max_bytes, min_bytes
        self._lock = threading.Lock()
        self._written: int | None = None  # bytes in the folder, counted on the first write

    def arrays(self, key: tuple, make: Callable[[], tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
        """The arrays kept under `key`, or `make()`'s (written for the others when large enough)."""
        found = self.read_arrays(key)
        if found is not None:
            return found
        value = make()
        self.write_arrays(key, value)
        return value

    def read_arrays(self, key: tuple) -> tuple[np.ndarray, ...] | None:
        try:
            with open(self._path(key, ".arr"), "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if not size:
                    return None
                buf = mmap.mmap(fh.fileno(), size, access=mmap.ACCESS_READ)
            return _unpack(buf)
        except (OSError, ValueError):
            return None

    def write_arrays(self, key: tuple, value: tuple[np.ndarray, ...]) -> None:
        if sum(a.nbytes for a in value) >= self.min_bytes:
            self._write(self._path(key, ".arr"), _pack(value))

    def blob(self, key: tuple, make: Callable[[], bytes]) -> bytes:
        """The bytes kept under `key`, or `make()`'s (written for the others)."""
        path = self._path(key, ".bin")
        try:
            return path.read_bytes()
        except OSError:
            pass
        value = make()
        self._write(path, value)
        return value

    def remove(self) -> None:
        """Delete the files (what is mapped stays readable until let go)."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def _path(self, key: tuple, suffix: str) -> Path:
        return self.folder / (hashlib.sha1(repr(key).encode("utf-8")).hexdigest() + suffix)

    def _write(self, path: Path, data: bytes) -> None:
        with self._lock:
            if self._written is None:
                self._written = _folder_bytes(self.folder)
            if self._written + len(data) > self.max_bytes:
                return
            self._written += len(data)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:  # a read-only or full disk: the value is still answered, only not shared
            tmp.unlink(missing_ok=True)


def _folder_bytes(folder: Path) -> int:
    try:
        return sum(e.stat().st_size for e in os.scandir(folder) if e.is_file())
    except OSError:
        return 0


def _pack(arrays: tuple[np.ndarray, ...]) -> bytes:
    """MAGIC, the number of arrays, then per array its dtype and length, then the arrays (each 8-byte aligned)."""
    head = [MAGIC, np.int64(len(arrays)).tobytes()]
    body = []
    for a in arrays:
        a = np.ascontiguousarray(a)
        head += [a.dtype.str.encode("ascii").ljust(HEADER_DTYPE, b" "), np.int64(a.size).tobytes()]
        raw = a.tobytes()
        body += [raw, b"\0" * (-len(raw) % 8)]
    return b"".join(head + body)


def _unpack(buf: mmap.mmap) -> tuple[np.ndarray, ...] | None:
    if buf[:len(MAGIC)] != MAGIC:
        return None
    at = len(MAGIC)
    n = int(np.frombuffer(buf, np.int64, 1, at)[0])
    at += 8
    specs = []
    for _ in range(n):
        dtype = np.dtype(buf[at:at + HEADER_DTYPE].decode("ascii").strip())
        size = int(np.frombuffer(buf, np.int64, 1, at + HEADER_DTYPE)[0])
        specs.append((dtype, size))
        at += HEADER_DTYPE + 8
    out = []
    for dtype, size in specs:
        out.append(np.frombuffer(buf, dtype, size, at))
        at += dtype.itemsize * size
        at += -at % 8
    return tuple(out)

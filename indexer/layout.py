"""Writing the index folder (`archive.layout` describes it): new generations, publishing one by switching the
pointer, removing leftovers, and the lock that keeps indexers apart.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from archive.layout import POINTER, current_name, generations_dir
from archive.layout import current_path as current_path  # the read side, for the indexer's callers

from . import forks

LOCK = "indexer.lock"
KEEP_OLD = 2  # old generations kept for searchers that may still be reading them


class IndexLocked(Exception):
    """Another indexer holds the lock."""


CheckpointHook = Callable[[str], None]
_hook: CheckpointHook | None = None


def set_checkpoint_hook(hook: CheckpointHook | None) -> None:
    """Install a function called with each named point an indexer passes (tests kill or pause it there)."""
    global _hook
    _hook = hook


def checkpoint(name: str) -> None:
    """A named point of an indexer run; nothing happens unless a test installed a hook."""
    if _hook is not None:
        _hook(name)


def new_generation(index_dir: Path) -> tuple[str, Path]:
    """A fresh temporary folder for a generation being built, and the name it will have."""
    gens = generations_dir(index_dir)
    gens.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"g-{stamp}"
    tmp = gens / f"tmp-{name}-{os.getpid()}"
    tmp.mkdir()
    return name, tmp


def publish(index_dir: Path, name: str, tmp: Path) -> Path:
    """Move a finished generation into place and switch the pointer to it, atomically."""
    final = generations_dir(index_dir) / name
    _fsync_tree(tmp)
    checkpoint("synced")
    os.replace(tmp, final)
    checkpoint("moved")
    pointer = Path(index_dir) / POINTER
    staging = pointer.with_name(f".{POINTER}.{os.getpid()}")
    with open(staging, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    checkpoint("staged")
    os.replace(staging, pointer)
    checkpoint("switched")
    _fsync_dir(Path(index_dir))
    return final


def clean_leftovers(index_dir: Path) -> list[str]:
    """Remove half-built generations of dead runs and all but the newest old generations."""
    gens = generations_dir(index_dir)
    if not gens.is_dir():
        return []
    removed = []
    current = current_name(index_dir)
    old = []
    for entry in sorted(gens.iterdir()):
        if entry.name.startswith("tmp-"):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
        elif entry.name != current and entry.is_dir():
            old.append(entry)
    for entry in old[:-KEEP_OLD] if len(old) > KEEP_OLD else []:
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry.name)
    for stale in Path(index_dir).glob(f".{POINTER}.*"):
        stale.unlink(missing_ok=True)
    return removed


class IndexLock:
    """An exclusive lock on the index folder, released by the kernel if the holder dies."""

    def __init__(self, index_dir: Path, wait: float = 0.0) -> None:
        self.path = Path(index_dir) / LOCK
        self.wait = wait
        self._fh: TextIO | None = None

    def __enter__(self) -> IndexLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    message = _locked_message(self.path, _read_holder(self.path))
                    fh.close()
                    raise IndexLocked(message) from None
                time.sleep(0.2)
        # The lock is ours; whatever the file said before came from a dead holder.
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
        }))
        fh.flush()
        self._fh = fh
        forks.keep_from_children(fh.fileno())  # model workers and writers must not keep the lock alive
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            forks.release(self._fh.fileno())
            self._fh.seek(0)
            self._fh.truncate()
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


def _read_holder(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _locked_message(path: Path, holder: dict) -> str:
    pid, started = holder.get("pid"), holder.get("started", "?")
    if not (isinstance(pid, int) and _alive(pid)):
        others = lock_holders(path)
        if others:
            listed = ", ".join(f"pid {p} ({cmd})" for p, cmd in others)
            pids = " ".join(str(p) for p, _cmd in others)
            return (f"the indexer that took the lock on {path.parent} (pid {pid or '?'}, started {started}) is "
                    f"dead, but other processes still hold {path.name}: {listed}; end them with `kill {pids}` "
                    f"(`kill -9 {pids}` if they stay), then run again")
    return (f"another indexer is running on {path.parent} (pid {pid or '?'}, started {started}); "
            "try again when it has finished")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock_holders(path: Path) -> list[tuple[int, str]]:
    """Other processes with the lock file open (Linux /proc), with their command lines: whoever keeps the
    lock is among them."""
    try:
        st = os.stat(path)
    except OSError:
        return []
    found = []
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else []:
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        if _has_open(entry.path, st):
            found.append((int(entry.name), _cmdline(entry.path)))
    return sorted(found)


def _has_open(proc: str, st: os.stat_result) -> bool:
    try:
        fds = os.scandir(os.path.join(proc, "fd"))
    except OSError:  # gone, or another user's process
        return False
    with fds:
        for fd in fds:
            try:
                other = os.stat(fd.path)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                return True
    return False


def _cmdline(proc: str) -> str:
    try:
        raw = Path(proc, "cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode("utf-8", "replace").strip()[:200] or "?"


def _fsync_tree(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            with open(os.path.join(folder, name), "rb") as fh:
                os.fsync(fh.fileno())
        _fsync_dir(Path(folder))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

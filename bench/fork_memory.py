"""What a forked child copies of its parent's memory (private dirty pages, /proc/<pid>/smaps_rollup) while it only
does work of its own, with and without the indexer's fork hook (`indexer.forks`: the parent's objects frozen for the
fork). Resident memory counts shared pages in both processes; the private pages are the copies.

    python -m bench.fork_memory plain|frozen [--objects N]

The parent holds N small long-lived objects (a dict and a list each, like the build's records and index); the child
allocates and drops lists, as a worker's work does, so the cycle collector runs (a full collection at the end).
"""

from __future__ import annotations

import argparse
import gc
import json
import os


def _private_mb(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) // 1024
    raise KeyError("Private_Dirty")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["plain", "frozen"])
    ap.add_argument("--objects", type=int, default=2_000_000)
    args = ap.parse_args()
    if args.mode == "frozen":
        from indexer import forks  # noqa: F401  # installs the fork hook
    held = [{"k": [i, str(i)]} for i in range(args.objects)]
    recv, send = os.pipe()
    pid = os.fork()
    if pid == 0:
        junk: list = []
        for i in range(3_000_000):
            junk.append([i])
            if len(junk) > 100_000:
                junk = []
        gc.collect()
        os.write(send, str(_private_mb(os.getpid())).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = int(os.read(recv, 64).decode())
    print(json.dumps({"mode": args.mode, "parent_objects": len(held), "parent_private_mb": _private_mb(os.getpid()),
                      "child_private_mb": child}))


if __name__ == "__main__":
    main()

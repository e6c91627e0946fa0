"""The indexer's command line with a test hook at its named checkpoints (indexer/layout.py `checkpoint`).

    python tests/hooked_indexer.py rebuild|update [options]

ARCHIVE_TEST_KILL_AT=name[:n] kills the indexer (SIGKILL) at the n-th pass of the named point, after printing
`killed at name:n; children: [pids]` on stderr (the processes it had forked, alive at that moment);
ARCHIVE_TEST_PAUSE_AT=name:seconds sleeps at the first pass (to hold the lock in a test).

    python tests/hooked_indexer.py --warm

imports the indexer and spaCy once, then runs one indexer per line of stdin (JSON: `args`, `env`, `stderr`, a
file for its stderr) in a forked process that leads its own session, and answers each on stdout with
`{"pid", "returncode"}` when it ends: many short-lived indexers without paying spaCy's start each time.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer import layout  # noqa: E402
from indexer.cli import main  # noqa: E402


def processes(parent: int | None = None, group: int | None = None) -> list[int]:
    """Live processes (from /proc) whose parent is `parent`, or whose process group is `group`."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path("/proc", entry, "stat").read_text()
            except OSError:
                continue
            state, ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
            if state not in "ZX" and (int(ppid) == parent or int(pgrp) == group):
                out.append(int(entry))
    return sorted(out)


def hook_from(kill: str | None, pause: str | None) -> layout.CheckpointHook:
    passes: dict[str, int] = {}

    def hook(name: str) -> None:
        passes[name] = passes.get(name, 0) + 1
        if kill:
            point, _, nth = kill.partition(":")
            if point == name and passes[name] == int(nth or 1):
                print(f"killed at {name}:{passes[name]}; children: {json.dumps(processes(parent=os.getpid()))}",
                      file=sys.stderr, flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
        if pause and pause.partition(":")[0] == name and passes[name] == 1:
            time.sleep(float(pause.partition(":")[2] or 1))
    return hook


def install_hook() -> None:
    layout.set_checkpoint_hook(hook_from(os.environ.get("ARCHIVE_TEST_KILL_AT"),
                                         os.environ.get("ARCHIVE_TEST_PAUSE_AT")))


def serve_warm() -> None:
    import spacy  # noqa: F401 - the point of a warm server: imported once, inherited by every run

    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.setsid()
                err = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(err, 2)
                os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
                os.environ.update(job.get("env", {}))
                install_hook()
                main(job["args"])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"pid": pid, "returncode": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--warm"]:
        serve_warm()
    else:
        install_hook()
        main()

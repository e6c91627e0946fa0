"""Starting and stopping the Xapian servers of an index folder (Debian's `xapian-tools`), for tests, benchmarks
and a single-machine deployment; README "Xapian backend" gives the same as shell commands.

- `xapian-tcpsrv` serves one shard (`<index>/xapian/shard-k`, which follows the serving generation);
- `xapian-replicate-server` offers the shards to replicas, `xapian-replicate` copies one into a replica folder
  (incrementally, or whole when the generation changed), which another `xapian-tcpsrv` serves.

Each server runs in a session of its own: on SIGTERM these servers signal their whole process group, which
would otherwise be the caller's.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

TOOLS = ("xapian-tcpsrv", "xapian-replicate", "xapian-replicate-server")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@dataclass
class Server:
    """A running server process (in its own session) and the port it answers on."""

    proc: subprocess.Popen
    port: int

    def stop(self) -> None:
        """Stop the server and the connection processes it forked."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], port: int, ready_seconds: float = 10.0) -> Server:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    server = Server(proc, port)
    deadline = time.monotonic() + ready_seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{args[0]} ended at once (status {proc.returncode}): {' '.join(args)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"{args[0]} did not answer on port {port}")


def serve_shard(path: Path, port: int | None = None) -> Server:
    """`xapian-tcpsrv` over one shard folder, on 127.0.0.1."""
    port = port or free_port()
    return _start(["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port), str(path)], port)


def serve_replication(shards_dir: Path, port: int | None = None) -> Server:
    """`xapian-replicate-server` offering the shards of a folder (`<index>/xapian`: `shard-k`, by name) to
    replicas."""
    port = port or free_port()
    return _start(["xapian-replicate-server", "--interface", "127.0.0.1", "--port", str(port), str(shards_dir)],
                  port)


def replicate_once(port: int, shard: str, replica: Path, timeout: float = 60.0) -> None:
    """Bring `replica` up to date with the master's `shard` (one pass of `xapian-replicate`)."""
    Path(replica).parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["xapian-replicate", "--host", "127.0.0.1", "--port", str(port), "--master", shard,
                           "--one-shot", str(replica)], timeout=timeout, capture_output=True, text=True,
                          start_new_session=True)
    if done.returncode != 0:
        raise RuntimeError(f"xapian-replicate of {shard} failed: {(done.stderr or done.stdout).strip()[-500:]}")

"""The production server `make run` starts: waitress in one process per core, sharing one listening socket.

    python -m web.serve [--workers N] [waitress options ...] --call app:create_app

Waitress serves from one Python process, so however many threads it has, one core runs the Python code
(the GIL). This binds the address once and forks `--workers` processes (default: the number of cores),
each serving that socket with waitress and the same options; the kernel hands each new connection to one
of them. The app is built once, in the parent, and warmed there if it offers a `warm` extension (this
archive's fills the serving generation's caches and runs one request of each main kind: web/warmup.py), so
the workers start with those caches and share their memory copy-on-write; each worker opens its own
searchers and database connections. If the app offers a `share` extension, it is given a temporary folder
where the workers leave what they decode for each other (search/sharedfiles.py); the parent removes it when
the server stops.
The parent only watches: SIGTERM or SIGINT stops the workers, and if one worker dies the others are
stopped too, so a supervisor sees the server exit instead of half of it serving.
"""

from __future__ import annotations

import gc
import os
import pkgutil
import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from waitress import serve
from waitress.adjustments import Adjustments

BACKLOG = 1024


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    workers = _pop_workers(args)
    kw, rest = Adjustments.parse_args(args)
    if kw.pop("help") or len(rest) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    factory = kw.pop("call")
    target: Callable = pkgutil.resolve_name(rest[0])
    host, port = _address(kw)
    sock = socket.create_server((host, port), backlog=BACKLOG)
    print(f"Serving on http://{host}:{sock.getsockname()[1]} with {workers} waitress processes", flush=True)
    app = target() if factory else target
    extensions = getattr(app, "extensions", {})
    shared = None
    try:
        if callable(extensions.get("share")):
            shared = Path(tempfile.mkdtemp(prefix=f"archive-shared-{os.getpid()}-"))
            extensions["share"](shared)
        if callable(extensions.get("warm")):
            print(f"Warmed before forking: {extensions['warm']()}", flush=True)
        gc.freeze()  # the workers' collections leave the parent's objects alone (no copy of their pages)
        pids = [_fork(sock, kw, app) for _ in range(workers)]
        sock.close()
        return _watch(pids)
    finally:
        if shared is not None:
            shutil.rmtree(shared, ignore_errors=True)


def _pop_workers(args: list[str]) -> int:
    """Take `--workers N` / `--workers=N` out of the arguments (the rest are waitress's)."""
    workers = os.cpu_count() or 1
    for i, a in enumerate(args):
        if a == "--workers" and i + 1 < len(args):
            workers = int(args[i + 1])
            del args[i:i + 2]
            break
        if a.startswith("--workers="):
            workers = int(a.split("=", 1)[1])
            del args[i]
            break
    if workers < 1:
        raise SystemExit("--workers must be at least 1")
    return workers


def _address(kw: dict) -> tuple[str, int]:
    """The one address to bind, from waitress's --listen (or --host/--port), removed from its options."""
    listen = kw.pop("listen", "").split()
    host, port = kw.pop("host", "127.0.0.1"), kw.pop("port", "8080")
    if len(listen) > 1:
        raise SystemExit("web.serve listens on one address")
    if listen:
        host, _, port = listen[0].rpartition(":")
    return host.strip("[]"), int(port)


def _fork(sock: socket.socket, kw: dict, app: Callable) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        serve(app, sockets=[sock], **kw)
    except BaseException:  # noqa: BLE001 - a worker must never return into the parent's code
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _watch(pids: list[int]) -> int:
    """Wait for a signal or the first worker to end; stop the others; the exit status is the first's."""
    def stop(signum, _frame) -> None:  # noqa: ANN001
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    try:
        ended, raw = os.wait()
        pids.remove(ended)
        status = os.waitstatus_to_exitcode(raw) or 1  # a worker never ends by itself when all is well
    except KeyboardInterrupt:
        pass
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    return status


if __name__ == "__main__":
    sys.exit(main())

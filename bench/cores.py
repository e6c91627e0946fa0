"""How many cores a process and its descendants used, and wanted, over time (Linux `/proc/<pid>/task/*/schedstat`:
time on a core, and time runnable but waiting for one). A step that *wants* fewer than two cores leaves a core
idle on an idle two-core machine, whatever the neighbours do; the CPU seconds of a shared machine cannot say that.

    sampler = Sampler(); sampler.start(); ...; sampler.between(t0, t1) -> {"run_cores": .., "demand_cores": ..}
"""

from __future__ import annotations

import os
import threading
import time


def _tree(root: int) -> list[int]:
    """`root` and every process under it."""
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += kids.get(pid, [])
    return out


def _snapshot(root: int) -> dict[tuple[int, str], tuple[int, int]]:
    """Per thread of the tree: nanoseconds on a core and waiting for one, since it started."""
    out = {}
    for pid in _tree(root):
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/schedstat", encoding="ascii") as f:
                    run, wait, _slices = map(int, f.read().split())
                out[(pid, tid)] = (run, wait)
        except (OSError, ValueError):
            continue  # ended meanwhile
    return out


class Sampler:
    """A daemon thread sampling this process's tree every `interval` seconds."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float, float]] = []  # (end time, cores used, cores wanted)

    def start(self) -> Sampler:
        threading.Thread(target=self._loop, args=(os.getpid(),), daemon=True).start()
        return self

    def _loop(self, root: int) -> None:
        prev, t_prev = _snapshot(root), time.perf_counter()
        while True:
            time.sleep(self.interval)
            cur, t = _snapshot(root), time.perf_counter()
            run = sum(max(0, r - prev.get(k, (0, 0))[0]) for k, (r, _w) in cur.items())
            wait = sum(max(0, w - prev.get(k, (0, 0))[1]) for k, (_r, w) in cur.items())
            self.samples.append((t, run / 1e9 / (t - t_prev), (run + wait) / 1e9 / (t - t_prev)))
            prev, t_prev = cur, t

    def between(self, start: float, end: float) -> dict[str, float]:
        """Mean cores used and wanted (used + waiting) between two `time.perf_counter()` readings."""
        inside = [s for s in self.samples if start <= s[0] <= end]
        if not inside:
            return {}
        return {"run_cores": round(sum(s[1] for s in inside) / len(inside), 2),
                "demand_cores": round(sum(s[2] for s in inside) / len(inside), 2)}

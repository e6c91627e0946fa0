"""Processes forked while an indexer holds its lock (spaCy's model workers, the extra Whoosh writers) belong to
that run: they must not keep its lock, and they must not outlive it.

Both are done in every child right after the fork (`os.register_at_fork`), whoever forks: the lock's descriptor
is pointed at /dev/null (its number stays valid for the inherited file object, but the child no longer shares
the lock's open file description, so the kernel releases the lock when the indexer dies), and the child asks
the kernel (Linux `PR_SET_PDEATHSIG`) to be killed when its parent dies. A killed indexer then leaves nothing
behind that blocks the next run.
"""

from __future__ import annotations

import gc
import os
import signal

_PR_SET_PDEATHSIG = 1
_held: dict[int, int] = {}  # descriptor kept from children -> pid of the process that holds it
_forked = [False]  # whether this process is itself a fork (its inherited objects stay frozen)


def keep_from_children(fd: int) -> None:
    """Children forked from now on drop `fd` and die with this process."""
    _held[fd] = os.getpid()


def release(fd: int) -> None:
    _held.pop(fd, None)


def die_with_parent(parent: int | None = None) -> None:
    """Linux: this process gets SIGKILL when its parent dies; it exits at once if the parent is already gone."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))
    except (OSError, AttributeError):  # not Linux: nothing to ask
        return
    if parent is not None and os.getppid() != parent:  # died between the fork and the prctl
        os._exit(1)


def _after_fork_in_child() -> None:
    _forked[0] = True
    if not _held:
        return
    held = dict(_held)
    _held.clear()
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in held:
            os.dup2(null, fd, inheritable=False)
    finally:
        os.close(null)
    die_with_parent(next(iter(held.values())))


# Every object this process holds when it forks is frozen (`gc.freeze`) for the fork: the child's cycle collections
# then never walk the inherited objects (CPU in every worker, every writer) nor write to their headers, which
# makes the child copy pages it would otherwise share with the parent (Python's `gc.freeze` documentation). The
# indexer's own process unfreezes them at once, so its collections go on as before; a forked process that forks
# again (the writers beside the stories fork the second writer) keeps them frozen, or its inherited objects would
# be walked from then on.
def _after_fork_in_parent() -> None:
    if not _forked[0]:
        gc.unfreeze()


os.register_at_fork(before=gc.freeze, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child)

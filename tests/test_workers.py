"""The build's per-article work in forked workers: the results of one process, in the items' order."""

from __future__ import annotations

import os
import time

import pytest
from devdata import reuters_records

from indexer import workers
from indexer.fingerprints import fingerprint


def _pid_and_square(x: int) -> tuple[int, int]:
    # Some work per item: with none, one worker may finish every batch before the other is scheduled (seen
    # at a load average of 6 after a long test run), and the test would say nothing about the pool.
    time.sleep(0.002)
    return os.getpid(), x * x


def _fails_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x


def test_results_come_back_in_order_from_several_processes():
    out = list(workers.ordered_map(_pid_and_square, range(1000), procs=2, batch=16))
    assert [sq for _pid, sq in out] == [x * x for x in range(1000)]
    assert len({pid for pid, _sq in out} - {os.getpid()}) == 2  # both workers did some of it, not this process


def test_a_workers_error_reaches_the_caller():
    with pytest.raises(ValueError, match="seven"):
        list(workers.ordered_map(_fails_on_seven, range(100), procs=2, batch=4))


def test_fingerprints_from_workers_equal_this_processes():
    texts = [rec["body"] for _i, rec in zip(range(200), reuters_records(), strict=False)]
    for here, there in zip(map(fingerprint, texts), workers.ordered_map(fingerprint, texts, procs=2), strict=True):
        assert here.shingles.tolist() == there.shingles.tolist()
        assert here.sentence_starts.tolist() == there.sentence_starts.tolist()
        assert here.facts.slots.tolist() == there.facts.slots.tolist()
        assert here.facts.values.tolist() == there.facts.values.tolist()

"""One time budget per request: matching and ranking (of a page or an export) share it.

A query that needs longer (a pattern such as "a*" on a large archive) is refused with a 400 that says why.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from whoosh.collectors import FilterCollector
from whoosh.searching import TimeLimit

from .params import BadRequest

SEARCH_SECONDS = 3.0
TOO_SLOW = (f"the search took longer than {SEARCH_SECONDS:g} s and was stopped: phrases and NOT of very common words, "
            "or word patterns, are the slow kinds; add words or filters, or put more letters before * or ?")
CHECK_EVERY = 1024  # documents between two readings of the clock

_clock = time.monotonic  # the clock a request's time budget is read from


def deadline() -> float:
    """When a request starting now must have its answer."""
    return _clock() + SEARCH_SECONDS


def past(when: float) -> bool:
    return _clock() > when


def within_time(docs: Iterable[int], when: float) -> Iterator[int]:
    """`docs`, stopped with a 400 and a clear message once the search has used its time."""
    for i, doc in enumerate(docs):
        if not i % CHECK_EVERY and past(when):
            raise BadRequest(TOO_SLOW)
        yield doc


class FilterWithDeadline(FilterCollector):
    """Whoosh's FilterCollector that also gives up at a deadline.

    Wrapping a FilterCollector in Whoosh's TimeLimitCollector would bypass the filter (its loop calls the
    inner collector directly), so the time check lives in the filtering loop itself.
    """

    def __init__(self, child, allow: set[int], when: float) -> None:  # noqa: ANN001 - a Whoosh collector
        super().__init__(child, allow=allow)
        self.deadline = when

    def collect_matches(self) -> None:
        child, allow, offset, when = self.child, self._allow, self.offset, self.deadline
        for n, sub_docnum in enumerate(child.matches()):
            if not n % CHECK_EVERY and past(when):
                raise TimeLimit
            if offset + sub_docnum in allow:
                child.collect(sub_docnum)

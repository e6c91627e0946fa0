"""Which engine finds the articles a query's words match: Whoosh (default, embedded) or Xapian shards.

A backend answers two questions: a whole search request (`search`: the page, totals and facet counts,
made where the documents are, so that the match set never travels), and every article a parsed query
matches with, for relevance order, their ranking (`match`: exports and the article page's result trail,
whose facet filters and dates are the shared code over the generation's facet arrays). The page's records
and snippets and the JSON are the shared code whichever backend answered. The Xapian backend is optional
(GPL): it is imported only when configured.

Configuration (`create_app` keys, else the environment):
- `SEARCH_BACKEND` / `ARCHIVE_SEARCH_BACKEND`: `whoosh` (default) or `xapian`;
- `XAPIAN_SERVERS` / `ARCHIVE_XAPIAN_SERVERS`: the shard servers, `host:port,host:port;host:port` (shards
  in order separated by `;`, the servers of one shard, tried in turn, by `,`);
- `XAPIAN_FACETS` / `ARCHIVE_XAPIAN_FACETS`: where facets are counted, `app` (default: the shards return
  the match set, the app counts over its facet arrays) or `shards` (Xapian's match spies count on the
  shards; only counts and a page come back). Both are exact; `app` measured faster on one machine
  (bench/README "Issue 19, fourth session").
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from whoosh import query as wq

if TYPE_CHECKING:  # the backends' results are the engine's own records
    from .engine import SearchResult
    from .generation import Generation
    from .params import SearchRequest

BACKENDS = ("whoosh", "xapian")
FACET_COUNTERS = ("app", "shards")


class BackendUnavailable(Exception):
    """The backend's servers cannot answer (every server of some shard is down): a 503, not a wrong answer."""


class FullText(Protocol):
    """A generation's full-text matcher other than the embedded Whoosh one."""

    def match(self, q: wq.Query, ranked: bool) -> np.ndarray:
        """Ords of every article `q` matches: best first when `ranked`, else ascending."""
        ...

    def search(self, gen: Generation, req: SearchRequest, full_facet: str | None) -> SearchResult | None:
        """The whole answer to `req` (as search.engine.search); None: the shared code should answer it."""
        ...

    def close(self) -> None: ...


# Given a generation's name, the backend for it; None: the generation's own Whoosh index answers.
FullTextFactory = Callable[[str], FullText]


def setting(config: Mapping[str, Any], key: str) -> str:
    return str(config.get(key) or os.environ.get(f"ARCHIVE_{key}") or "")


def from_config(config: Mapping[str, Any]) -> FullTextFactory | None:
    """The configured backend's factory; None for Whoosh. Raises ValueError for a bad configuration."""
    name = setting(config, "SEARCH_BACKEND").strip().lower() or "whoosh"
    if name not in BACKENDS:
        raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
    if name == "whoosh":
        return None
    spec = setting(config, "XAPIAN_SERVERS")
    if not spec:
        raise ValueError("SEARCH_BACKEND=xapian needs XAPIAN_SERVERS (host:port of each shard's servers)")
    from .xapianfulltext import XapianFullText, parse_endpoints  # optional dependency

    counter = setting(config, "XAPIAN_FACETS").strip().lower() or "app"
    if counter not in FACET_COUNTERS:
        raise ValueError(f"XAPIAN_FACETS must be one of {', '.join(FACET_COUNTERS)}, not {counter!r}")
    shards = parse_endpoints(spec)
    return lambda generation: XapianFullText(shards, generation, count_on_shards=counter == "shards")

"""Which engine finds the articles a query's words match: Whoosh (default, embedded) or Xapian shards.

The backend answers one question, the articles a parsed query matches and, for relevance order, their
ranking; everything else (facet filters, facet counts, dates, story collapse, pages, snippets, the JSON)
is the same code over the generation's facet arrays and store, whichever backend found the matches. The
Xapian backend is optional (GPL): it is imported only when configured.

Configuration (`create_app` keys, else the environment):
- `SEARCH_BACKEND` / `ARCHIVE_SEARCH_BACKEND`: `whoosh` (default) or `xapian`;
- `XAPIAN_SERVERS` / `ARCHIVE_XAPIAN_SERVERS`: the shard servers, `host:port,host:port;host:port` (shards
  in order separated by `;`, the servers of one shard, tried in turn, by `,`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import numpy as np
from whoosh import query as wq

BACKENDS = ("whoosh", "xapian")


class BackendUnavailable(Exception):
    """The backend's servers cannot answer (every server of some shard is down): a 503, not a wrong answer."""


class FullText(Protocol):
    """A generation's full-text matcher other than the embedded Whoosh one."""

    def match(self, q: wq.Query, ranked: bool) -> np.ndarray:
        """Ords of every article `q` matches: best first when `ranked`, else ascending."""
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

    shards = parse_endpoints(spec)
    return lambda generation: XapianFullText(shards, generation)

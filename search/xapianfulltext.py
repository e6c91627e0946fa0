"""Full text on Xapian shards served by `xapian-tcpsrv` (optional backend; GPL: see requirements-xapian.txt).

The web app reads the N shards as one remote database (`xapian.Database` over `remote_open` per shard), so
Xapian merges their statistics archive-wide. Each shard may have several servers (the writer's and
`xapian-replicate` copies): a shard's servers are tried in turn, and a server that stops answering is left
for the next one, mid-request. Queries come parsed by Whoosh (`search.engine.parse_query`) and are
translated node by node: the shards hold the very terms and positions of the Whoosh index
(`indexer/xapianshards.py`), so a query matches the same articles on both. A story's articles are on one
shard; each shard lists its articles' ords (metadata `ords`), from which the joined database's document ids
(the shards interleaved) map back to ords. `search` answers a whole search request on the shards, facet
counts included (`search/xapiansearch.py`); `match` returns every matching ord (exports, the result trail).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import xapian
from whoosh import query as wq

from .backends import BackendUnavailable
from .params import BadRequest

if TYPE_CHECKING:
    from .engine import SearchResult
    from .generation import Generation
    from .params import SearchRequest

log = logging.getLogger("search")
TIMEOUT_MS = 2000  # a server that does not answer within this is treated as down
CONNECT_TIMEOUT_MS = 500
RETRY_DOWN_SECONDS = 5.0  # a server that failed is tried again only after this
T = TypeVar("T")


class Unsupported(BadRequest):
    """A Whoosh query node with no Xapian translation: a 400 that says so."""


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def parse_endpoints(spec: str) -> list[list[Endpoint]]:
    """`host:port,host:port;host:port`: shards separated by `;`, each shard's servers by `,` (in order)."""
    shards = []
    for part in spec.split(";"):
        servers = []
        for item in part.split(","):
            host, sep, port = item.strip().rpartition(":")
            if not sep or not host or not port.isdigit():
                raise ValueError(f"not a host:port for a Xapian server: {item.strip()!r}")
            servers.append(Endpoint(host, int(port)))
        shards.append(servers)
    if not shards:
        raise ValueError("no Xapian shard servers given")
    return shards


@dataclass
class Connection:
    """One thread's joined database and what the shards say about themselves."""

    db: xapian.Database
    used: list[Endpoint]  # the server of each shard
    prefixes: dict[str, str]  # term prefix per field
    layout: dict  # value slots and filter terms (indexer/xapianshards.py)
    ord_of: np.ndarray  # joined document id - 1 -> ord (-1: none)

    def ords(self, docids: np.ndarray) -> np.ndarray:
        return self.ord_of[docids - 1]


class XapianFullText:
    """One generation's full text on the shard servers; one connection set per thread (Xapian objects are not
    shared between threads)."""

    def __init__(self, shards: list[list[Endpoint]], generation: str, count_on_shards: bool = False) -> None:
        self.shards = shards
        self.generation = generation
        self.count_on_shards = count_on_shards  # else the app counts over the match set (search/backends.py)
        self._local = threading.local()
        self._down: dict[Endpoint, float] = {}  # server -> when it failed
        self._lock = threading.Lock()
        self._opened: list[xapian.Database] = []  # every thread's, so that `close` reaches them all

    def run(self, work: Callable[[Connection], T]) -> T:
        """`work` on this thread's connection; a server failing mid-request is left for the next of its shard."""
        for _attempt in range(sum(len(s) for s in self.shards)):
            conn = self._connection()
            try:
                return work(conn)
            except (xapian.NetworkError, xapian.NetworkTimeoutError) as exc:
                self._forget(conn, str(exc))
        raise BackendUnavailable("the Xapian shard servers keep failing")

    def match(self, q: wq.Query, ranked: bool) -> np.ndarray:
        """Ords of every article `q` matches: by Xapian's BM25 when `ranked`, else ascending."""
        def work(conn: Connection) -> np.ndarray:
            enquire = xapian.Enquire(conn.db)
            enquire.set_query(to_xapian(q, conn.prefixes))
            if not ranked:
                enquire.set_weighting_scheme(xapian.BoolWeight())
            mset = enquire.get_mset(0, max(1, conn.db.get_doccount()))
            ords = conn.ords(np.fromiter((item.docid for item in mset), dtype=np.int64, count=mset.size()))
            return ords if ranked else np.sort(ords)
        return self.run(work)

    def search(self, gen: Generation, req: SearchRequest, full_facet: str | None) -> SearchResult | None:
        """The whole answer, facet counts made by the shards; None when the query has no words or the app
        counts (then the engine counts over `match`'s match set)."""
        if not self.count_on_shards:
            return None
        from .xapiansearch import search  # the request's side: filters, spies, the page

        return search(self, gen, req, full_facet)

    def _connection(self) -> Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._opened.append(conn.db)
        return conn

    def _open(self) -> Connection:
        db = xapian.Database()
        used, ords = [], []
        for k, servers in enumerate(self.shards):
            part, server = self._open_shard(k, servers)
            db.add_database(part)
            used.append(server)
            ords.append(np.frombuffer(part.get_metadata("ords"), dtype="<i4"))
        prefixes, layout = (json.loads(db.get_metadata(key).decode("utf-8") or "{}") for key in ("prefixes", "layout"))
        return Connection(db, used, prefixes, layout, _ord_table(ords))

    def _open_shard(self, k: int, servers: list[Endpoint]) -> tuple[xapian.Database, Endpoint]:
        now = time.monotonic()
        with self._lock:
            order = sorted(servers, key=lambda s: self._down.get(s, 0.0) > now - RETRY_DOWN_SECONDS)
        problems = []
        for server in order:
            try:
                part = xapian.remote_open(server.host, server.port, TIMEOUT_MS, CONNECT_TIMEOUT_MS)
                found = part.get_metadata("generation").decode("utf-8")
                if found != self.generation:
                    problems.append(f"{server} serves generation {found or 'none'}")
                    continue
                return part, server
            except (xapian.NetworkError, xapian.NetworkTimeoutError) as exc:
                self._mark_down(server)
                problems.append(f"{server}: {exc}")
        raise BackendUnavailable(f"no server of shard {k} answers for generation {self.generation}: "
                                + "; ".join(problems))

    def _forget(self, conn: Connection, why: str) -> None:
        """A connection failed mid-request: mark its servers suspect and reconnect this thread."""
        log.warning("xapian: %s; reconnecting", why)
        for server in conn.used:
            if str(server) in why:
                self._mark_down(server)
        self._local.conn = None
        conn.db.close()

    def _mark_down(self, server: Endpoint) -> None:
        with self._lock:
            self._down[server] = time.monotonic()

    def close(self) -> None:
        """Close every thread's connections (the generation is retired)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for db in opened:
            db.close()


def _ord_table(ords: list[np.ndarray]) -> np.ndarray:
    """Joined document id - 1 -> ord: Xapian interleaves the shards (id d is shard (d-1) mod N's document
    (d-1) div N + 1), and shard k's documents are `ords[k]` in order."""
    n = len(ords)
    table = np.full(n * max((o.size for o in ords), default=0), -1, dtype=np.int64)
    for k, o in enumerate(ords):
        table[k::n][:o.size] = o
    return table


def to_xapian(q: wq.Query, prefixes: dict[str, str]) -> xapian.Query:
    """The Xapian query matching what the Whoosh query `q` matches over the same terms and positions;
    `prefixes`: each field's term prefix, as the shards record it."""
    def sub(node: wq.Query) -> xapian.Query:
        return to_xapian(node, prefixes)

    if isinstance(q, wq.Term):
        return xapian.Query(prefixes[q.fieldname] + str(q.text))
    if isinstance(q, wq.Phrase):
        words = [prefixes[q.fieldname] + str(w) for w in q.words]
        window = len(words) + (q.slop - 1) * (len(words) - 1)
        return xapian.Query(xapian.Query.OP_PHRASE, words, window)
    if isinstance(q, wq.Not):
        return xapian.Query(xapian.Query.OP_AND_NOT, xapian.Query.MatchAll, sub(q.query))
    if isinstance(q, wq.AndNot):
        return xapian.Query(xapian.Query.OP_AND_NOT, sub(q.a), sub(q.b))
    if isinstance(q, wq.AndMaybe):
        return xapian.Query(xapian.Query.OP_AND_MAYBE, sub(q.a), sub(q.b))
    if isinstance(q, wq.Require):
        return xapian.Query(xapian.Query.OP_FILTER, sub(q.a), sub(q.b))
    if isinstance(q, wq.And):
        return _and([sub(s) for s in q.subqueries if not isinstance(s, wq.Not)],
                    [sub(s.query) for s in q.subqueries if isinstance(s, wq.Not)])
    if isinstance(q, wq.Or):
        return xapian.Query(xapian.Query.OP_OR, [sub(s) for s in q.subqueries])
    if isinstance(q, wq.Every):
        return xapian.Query.MatchAll
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return xapian.Query.MatchNothing
    raise Unsupported(f"this form of query ({type(q).__name__}) is not supported by the Xapian backend")


def _and(positive: list[xapian.Query], negative: list[xapian.Query]) -> xapian.Query:
    # Whoosh reads `a AND NOT b` as And([a, Not(b)]): the Not children exclude, they do not match.
    base = xapian.Query(xapian.Query.OP_AND, positive) if positive else xapian.Query.MatchAll
    for neg in negative:
        base = xapian.Query(xapian.Query.OP_AND_NOT, base, neg)
    return base

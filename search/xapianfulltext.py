"""Full text on Xapian shards served by `xapian-tcpsrv` (optional backend; GPL: see requirements-xapian.txt).

The web app reads the N shards as one remote database (`xapian.Database` over `remote_open` per shard), so
Xapian merges their statistics archive-wide. Each shard may have several servers (the writer's and
`xapian-replicate` copies): a shard's servers are tried in turn, and a server that stops answering is left
for the next one, mid-request. Queries come parsed by Whoosh (`search.engine.parse_query`) and are
translated node by node: the shards hold the very terms and positions of the Whoosh index
(`indexer/xapianshards.py`), so a query matches the same articles on both. Document id = ord + 1.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass

import numpy as np
import xapian
from whoosh import query as wq

from .backends import BackendUnavailable
from .params import BadRequest

log = logging.getLogger("search")
TIMEOUT_MS = 2000  # a server that does not answer within this is treated as down
CONNECT_TIMEOUT_MS = 500
RETRY_DOWN_SECONDS = 5.0  # a server that failed is tried again only after this


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


class XapianFullText:
    """One generation's full text on the shard servers; one connection set per thread (Xapian objects are not
    shared between threads)."""

    def __init__(self, shards: list[list[Endpoint]], generation: str) -> None:
        self.shards = shards
        self.generation = generation
        self._local = threading.local()
        self._down: dict[Endpoint, float] = {}  # server -> when it failed
        self._lock = threading.Lock()
        self._opened: list[xapian.Database] = []  # every thread's, so that `close` reaches them all

    def match(self, q: wq.Query, ranked: bool) -> np.ndarray:
        """Ords of every article `q` matches: by Xapian's BM25 when `ranked` (ties by ord), else ascending."""
        for _attempt in range(sum(len(s) for s in self.shards)):
            db = self._database()
            try:
                xq = to_xapian(q, self._local.prefixes)
                enquire = xapian.Enquire(db)
                enquire.set_query(xq)
                if not ranked:
                    enquire.set_weighting_scheme(xapian.BoolWeight())
                mset = enquire.get_mset(0, max(1, db.get_doccount()))
                docids = np.fromiter((item.docid for item in mset), dtype=np.int64, count=mset.size())
                return np.sort(docids - 1) if not ranked else docids - 1
            except (xapian.NetworkError, xapian.NetworkTimeoutError) as exc:
                self._forget(db, str(exc))
        raise BackendUnavailable("the Xapian shard servers keep failing")

    def _database(self) -> xapian.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db, used = self._open()
            self._local.db, self._local.used = db, used
            self._local.prefixes = json.loads(db.get_metadata("prefixes").decode("utf-8") or "{}")
            with self._lock:
                self._opened.append(db)
        return db

    def _open(self) -> tuple[xapian.Database, list[Endpoint]]:
        db = xapian.Database()
        used = []
        for k, servers in enumerate(self.shards):
            part, server = self._open_shard(k, servers)
            db.add_database(part)
            used.append(server)
        return db, used

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

    def _forget(self, db: xapian.Database, why: str) -> None:
        """A connection failed mid-request: mark its servers suspect and reconnect this thread."""
        log.warning("xapian: %s; reconnecting", why)
        for server in getattr(self._local, "used", []):
            if str(server) in why:
                self._mark_down(server)
        self._local.db = None
        db.close()

    def _mark_down(self, server: Endpoint) -> None:
        with self._lock:
            self._down[server] = time.monotonic()

    def close(self) -> None:
        """Close every thread's connections (the generation is retired)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for db in opened:
            db.close()


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

"""The body of a query worker process: open the store, answer requests from a pipe, forever.

Runs in a child process started by :mod:`policykg.api.sandbox`, so that a query that runs too long
can be stopped by killing the process (pyoxigraph has no cancellation), and a query that crashes
the engine takes only this process down. Everything a request costs happens here, inside its time
limit: the guard (:mod:`.guard`), reading ``$name`` bindings, the engine, content negotiation and
the serialisation (:mod:`.results`). The server's event loop only reads HTTP and hands bytes over.

A reader opens the store read-only; the single writer (only with updates enabled) opens it
read-write. Before each request the worker follows the store's ``current`` link
(:mod:`policykg.api.following`): after a ``policykg build`` it answers from the new generation (the
writer's edits to the old one are replaced by the build, as a build replaces everything); an idle
worker looks every second, so it does not hold an old generation open.

The loop runs in a thread with a large stack (:data:`STACK_BYTES`, reserved, not used): the
engine's parser and optimiser recurse once per nested bracket or chained operator, and a main
thread's 8 MB overflow at a few thousand of them. A worker whose memory grew by more than
:data:`RETIRE_GROWTH` (such a query leaves its stack pages resident) asks to be replaced. The
process's main thread meanwhile watches the pipe, and ends the process if the server is gone.

Requests and replies are plain dicts, pickled and framed as :mod:`multiprocessing.connection`
frames them. A reply is ``{"status", "media_type", "body", "truncated"}`` or an error
``{"status", "code", "message"}``, with ``"retire": True`` added when the worker wants replacing.
"""

from __future__ import annotations

import contextlib
import os
import resource
import select
import socket
import sys
import threading
from multiprocessing.connection import Connection

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Variable,
    parse,
    parse_query_results,
)

from policykg.model.errors import QueryError, StoreError
from policykg.model.vocab import PREFIXES
from policykg.store.generations import Pin, pin_current
from policykg.store.remote import RemoteStore, is_remote

from . import guard, negotiation, results
from .errors import ApiError
from .following import Following

STACK_BYTES = 1 << 30
RETIRE_GROWTH = 256 << 20
_MIN_STACK = 16 << 20
_TICK_SECONDS = 1.0
_TICK_MS = int(_TICK_SECONDS * 1000)
# Engine errors (RuntimeError) that are the query's fault, by the start of pyoxigraph's message.
_QUERY_FAULTS = (
    "The SPARQL query does not contains variable",
    "The function ",
)


def _error(status: int, code: str, message: str) -> dict:
    return {"status": status, "code": code, "message": message}


def _graph(name: str | None) -> NamedNode | DefaultGraph:
    return DefaultGraph() if name is None else NamedNode(name)


def parse_term(name: str, text: str) -> NamedNode | Literal | BlankNode:
    """One RDF term in N-Triples syntax, read by pyoxigraph's SPARQL TSV reader."""
    if not text.strip() or any(c in text for c in "\t\r\n"):
        raise ApiError(400, "bad-request", f"${name}: not a single RDF term: {text!r}")
    try:
        found = parse_query_results(
            b"?x\n" + text.strip().encode("utf-8") + b"\n", format=QueryResultsFormat.TSV
        )
        assert isinstance(found, QuerySolutions)  # a TSV document holds solutions
        rows = list(found)
    except SyntaxError as exc:
        raise ApiError(
            400,
            "bad-request",
            f'${name}: not an RDF term in N-Triples syntax (e.g. "text" or <http://...>): {exc}',
        ) from None
    if len(rows) != 1 or rows[0][0] is None:
        raise ApiError(400, "bad-request", f"${name}: not a single RDF term: {text!r}")
    return rows[0][0]


class Engine:
    """One generation of the store as one worker sees it (``pin`` keeps it from being pruned)."""

    def __init__(self, store: Store | RemoteStore, pin: Pin | None = None) -> None:
        self.store = store
        self.pin = pin

    @classmethod
    def open(cls, location: str, writable: bool) -> Engine:
        """The current generation of the store at ``location``, or the SPARQL server there."""
        if is_remote(location):  # a SPARQL server: the worker forwards each query to it
            return cls(RemoteStore.from_url(location))
        pin = pin_current(location)
        target = str(pin.generation)
        return cls(Store(target) if writable else Store.read_only(target), pin)

    # -- queries -------------------------------------------------------------------------------

    def sparql(self, req: dict) -> dict:
        """A SPARQL Protocol query: checked, evaluated, negotiated and serialised."""
        text, base = req["text"], req.get("base_iri")
        info = guard.inspect_query(text, base)
        kwargs: dict = {"base_iri": base, "prefixes": PREFIXES}
        if req.get("default_graph") or req.get("named_graphs"):
            kwargs["default_graph"] = [NamedNode(g) for g in req.get("default_graph") or []]
            kwargs["named_graphs"] = [NamedNode(g) for g in req.get("named_graphs") or []]
        elif not info.names_dataset:  # a query naming no dataset sees the union of the graphs
            kwargs["use_default_graph_as_union"] = True
        if req.get("bindings"):
            kwargs["substitutions"] = {
                Variable(k): parse_term(k, v) for k, v in req["bindings"].items()
            }
        try:
            result = self.store.query(text, **kwargs)
        except RuntimeError as exc:
            if str(exc).startswith(_QUERY_FAULTS):
                raise ApiError(400, "bad-request", str(exc)) from None
            raise
        graph = not isinstance(result, (QuerySolutions, QueryBoolean))
        fmt = negotiation.choose(
            negotiation.GRAPHS if graph else negotiation.RESULTS, req.get("accept"), req["format"]
        )
        limit = req["max_rows"]
        if isinstance(result, QueryBoolean):
            body, truncated = results.boolean(result, fmt.name), False
        elif isinstance(result, QuerySolutions):
            body, truncated = results.solutions(result, fmt.name, limit)
        else:
            body, truncated = results.triples(result, fmt.name, limit)
        return {
            "status": 200,
            "media_type": fmt.content_type,
            "body": body,
            "truncated": truncated,
        }

    def graphs(self, req: dict) -> dict:
        """The names of the graphs (for the service description)."""
        rows = self.store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g {} } ORDER BY ?g")
        assert isinstance(rows, QuerySolutions)  # a SELECT query
        # Virtuoso answers an empty store with one unbound row
        return {"status": 200, "graphs": [row["g"].value for row in rows if row["g"] is not None]}

    def _local(self) -> Store:
        """The store on disk: the Graph Store Protocol reads and writes it directly."""
        if not isinstance(self.store, Store):
            raise ApiError(
                501,
                "not-supported",
                "the Graph Store Protocol is served for a store on disk only; this server "
                "forwards to a SPARQL server: use that server's own Graph Store endpoint",
            )
        return self.store

    # -- writes --------------------------------------------------------------------------------

    def update(self, req: dict) -> dict:
        base = req.get("base_iri")
        text = guard.inspect_update(req["text"], req["using"], req["using_named"], base)
        self.store.update(text, base_iri=base, prefixes=PREFIXES)
        self.store.flush()
        return {"status": 204, "body": b"", "truncated": False}

    def graph_read(self, req: dict) -> dict:
        graph, store = _graph(req["graph"]), self._local()
        if isinstance(graph, NamedNode) and not store.contains_named_graph(graph):
            return _error(404, "not-found", f"no graph <{req['graph']}>")
        fmt = negotiation.choose(negotiation.GRAPHS, req.get("accept"), req.get("format"))
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        return {
            "status": 200,
            "media_type": fmt.content_type,
            "body": results.graph(triples, fmt.name),
            "truncated": False,
        }

    def graph_write(self, req: dict) -> dict:
        store = self._local()
        graph = _graph(req["graph"])
        quads = []
        for data, media_type in req["parts"]:
            fmt = RdfFormat.from_media_type(media_type)
            if fmt is None:
                return _error(415, "unsupported-media-type", f"cannot read RDF as {media_type!r}")
            fresh: dict[str, BlankNode] = {}  # blank nodes are local to each document
            try:
                parsed = list(parse(data, format=fmt, base_iri=req.get("base_iri")))
            except SyntaxError as exc:
                return _error(400, "rdf-syntax", f"cannot read the {media_type} payload: {exc}")
            for q in parsed:
                s, o = q.subject, q.object
                if isinstance(s, BlankNode):
                    s = fresh.setdefault(s.value, BlankNode())
                if isinstance(o, BlankNode):
                    o = fresh.setdefault(o.value, BlankNode())
                quads.append(Quad(s, q.predicate, o, graph))
        existed = isinstance(graph, DefaultGraph) or store.contains_named_graph(graph)
        if req["replace"] and existed:
            store.clear_graph(graph)
        if isinstance(graph, NamedNode):
            store.add_graph(graph)
        store.extend(quads)
        store.flush()
        return {"status": 204 if existed else 201, "body": b"", "truncated": False}

    def graph_delete(self, req: dict) -> dict:
        graph, store = _graph(req["graph"]), self._local()
        if isinstance(graph, NamedNode):
            if not store.contains_named_graph(graph):
                return _error(404, "not-found", f"no graph <{req['graph']}>")
            store.remove_graph(graph)
        else:
            store.clear_graph(graph)
        store.flush()
        return {"status": 204, "body": b"", "truncated": False}


_OPERATIONS = {
    "sparql": Engine.sparql,
    "graphs": Engine.graphs,
    "update": Engine.update,
    "graph_read": Engine.graph_read,
    "graph_write": Engine.graph_write,
    "graph_delete": Engine.graph_delete,
}


def _answer(engine: Engine, req: dict) -> dict:
    try:
        return _OPERATIONS[req["op"]](engine, req)
    except ApiError as exc:
        return _error(exc.status, exc.code, exc.message)
    except SyntaxError as exc:
        return _error(400, "query-syntax", f"SPARQL syntax error: {exc}")
    except ValueError as exc:
        return _error(400, "bad-request", str(exc))
    except (OSError, RuntimeError) as exc:
        return _error(500, "store-error", str(exc))
    except QueryError as exc:  # the remote SPARQL server refused the request
        return _error(400, "bad-request", str(exc))
    except StoreError as exc:  # the remote SPARQL server failed or is unreachable
        return _error(502, "store-error", str(exc))


def _peak() -> int:
    """The process's peak resident memory in bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _handle(engines: Following[Engine], req: dict) -> dict:
    """Answer ``req`` on the current generation. The engine is not kept past the answer: a
    reference left in the serving loop would pin its generation while the worker sits idle,
    after the idle tick has moved on to a newer one."""
    try:
        engine = engines.get()
    except (OSError, StoreError) as exc:
        return _error(500, "store-error", f"cannot open the store {engines.location}: {exc}")
    return _answer(engine, req)


def _serve(conn: Connection, location: str, writable: bool) -> None:
    engines = Following(location, lambda: Engine.open(location, writable))
    try:
        engines.get()
    except (OSError, StoreError) as exc:
        conn.send(_error(500, "store-error", f"cannot open the store {location}: {exc}"))
        return
    baseline = _peak()
    # one poll object for the worker's life: Connection.poll makes a selector on every call,
    # which took longer than the system call itself (about 0.02 ms of every request)
    requests = select.poll()
    requests.register(conn.fileno(), select.POLLIN)
    conn.send({"status": 0, "ready": True})
    while True:
        try:
            if not requests.poll(_TICK_MS):  # idle: follow a rebuild, letting the old go
                with contextlib.suppress(OSError, StoreError):
                    engines.get()
                continue
            req = conn.recv()
        except EOFError:
            return
        reply = _handle(engines, req)
        if _peak() - baseline > RETIRE_GROWTH:
            reply["retire"] = True
        conn.send(reply)


def _closed(sock: socket.socket) -> bool:
    """Whether the other end of ``sock`` has closed (a pending request is not consumed)."""
    if not select.select([sock], [], [], 0)[0]:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def run(conn: Connection, location: str, writable: bool) -> None:
    """Worker main (the target of the child process): serve from a thread with a large stack,
    as large as the system grants, while this thread watches the server. A server killed
    outright cannot kill its workers: when the server's end of the pipe closes, the worker stops
    at once, whatever query it runs (an orphan would run it to the end, however long)."""
    size = STACK_BYTES
    while size >= _MIN_STACK:
        try:
            threading.stack_size(size)
            serving = threading.Thread(
                target=_serve, args=(conn, location, writable), name="policykg-query", daemon=True
            )
            serving.start()
        except (RuntimeError, ValueError, MemoryError):
            size //= 2
            continue
        with socket.socket(fileno=os.dup(conn.fileno())) as watched:
            while serving.is_alive():
                serving.join(_TICK_SECONDS)
                if _closed(watched):
                    os._exit(1)
        return
    _serve(conn, location, writable)

"""The body of a query worker process: open the store, answer requests from a pipe, forever.

Runs in a child process started by :mod:`policykg.api.sandbox`, so that a query that runs too long
can be stopped by killing the process (pyoxigraph has no cancellation). A reader opens the store
read-only; the single writer (only with updates enabled) opens it read-write. Before each request
the worker follows the store's ``current`` link (:mod:`policykg.api.following`): after a
``policykg build`` it answers from the new generation (the writer's edits to the old one are
replaced by the build, as a build replaces everything).

Requests and replies are plain dicts. A reply is ``{"status", "media_type", "body", "truncated"}``
or an error ``{"status", "code", "message"}``.
"""

from __future__ import annotations

from multiprocessing.connection import Connection

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from policykg.model.errors import QueryError, StoreError
from policykg.model.vocab import PREFIXES
from policykg.store.generations import Pin, pin_current
from policykg.store.remote import RemoteStore, is_remote

from .following import Following


def _error(status: int, code: str, message: str) -> dict:
    return {"status": status, "code": code, "message": message}


def _graph(name: str | None) -> NamedNode | DefaultGraph:
    return DefaultGraph() if name is None else NamedNode(name)


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

    def query(self, req: dict) -> dict:
        kwargs: dict = {"base_iri": req.get("base_iri"), "prefixes": PREFIXES}
        if req.get("default_graph") is not None or req.get("named_graphs") is not None:
            kwargs["default_graph"] = [NamedNode(g) for g in req.get("default_graph") or []]
            kwargs["named_graphs"] = [NamedNode(g) for g in req.get("named_graphs") or []]
        elif req.get("union", True):
            kwargs["use_default_graph_as_union"] = True
        if req.get("bindings"):
            kwargs["substitutions"] = {Variable(k): v for k, v in req["bindings"].items()}
        result = self.store.query(req["text"], **kwargs)
        limit = req["max_rows"]
        if isinstance(result, QueryBoolean):
            body = result.serialize(format=getattr(QueryResultsFormat, req["format"]))
            return {"status": 200, "body": body, "truncated": False}
        if isinstance(result, QuerySolutions):
            return _solutions(result, req["format"], limit)
        triples: list[Triple] = []
        for triple in result:
            if len(triples) == limit:
                return {
                    "status": 200,
                    "truncated": True,
                    "body": _graph_bytes(triples, req["format"]),
                }
            triples.append(triple)
        return {"status": 200, "truncated": False, "body": _graph_bytes(triples, req["format"])}

    def _local(self) -> Store:
        """The store on disk: the Graph Store Protocol reads and writes it directly (updates, and
        so writes, are refused for a remote store: see :class:`~.settings.Settings`)."""
        assert isinstance(self.store, Store), "the Graph Store Protocol needs a store on disk"
        return self.store

    # -- writes --------------------------------------------------------------------------------

    def update(self, req: dict) -> dict:
        self.store.update(req["text"], base_iri=req.get("base_iri"), prefixes=PREFIXES)
        self.store.flush()
        return {"status": 204, "body": b"", "truncated": False}

    def graph_read(self, req: dict) -> dict:
        graph = _graph(req["graph"])
        if isinstance(graph, NamedNode) and not self.store.contains_named_graph(graph):
            return _error(404, "not-found", f"no graph <{req['graph']}>")
        triples = [q.triple for q in self._local().quads_for_pattern(None, None, None, graph)]
        return {"status": 200, "truncated": False, "body": _graph_bytes(triples, req["format"])}

    def graph_write(self, req: dict) -> dict:
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
        store = self._local()
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


def _solutions(result: QuerySolutions, fmt: str, limit: int) -> dict:
    """Serialise at most ``limit`` rows with pyoxigraph's own writers.

    The rows are collected as a SPARQL TSV document (pyoxigraph prints terms in their N-Triples
    form) and re-read, so the output is byte for byte what pyoxigraph writes for the full result.
    """
    names = [v.value for v in result.variables]
    lines = ["\t".join("?" + n for n in names)]
    truncated = False
    for row in result:
        if len(lines) > limit:
            truncated = True
            break
        lines.append("\t".join("" if term is None else str(term) for term in row))
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    target = getattr(QueryResultsFormat, fmt)
    body = (
        tsv
        if target == QueryResultsFormat.TSV
        else parse_query_results(tsv, format=QueryResultsFormat.TSV).serialize(format=target)
    )
    return {"status": 200, "body": body, "truncated": truncated}


def _graph_bytes(triples: list, fmt: str) -> bytes:
    rdf_format = getattr(RdfFormat, fmt)
    prefixes = PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    data = serialize(triples, format=rdf_format, prefixes=prefixes)
    assert data is not None  # without an output, serialize returns the bytes
    return data


_OPERATIONS = {
    "query": Engine.query,
    "update": Engine.update,
    "graph_read": Engine.graph_read,
    "graph_write": Engine.graph_write,
    "graph_delete": Engine.graph_delete,
}


def run(conn: Connection, location: str, writable: bool) -> None:
    """Worker main loop (the target of the child process)."""
    engines = Following(location, lambda: Engine.open(location, writable))
    try:
        engines.get()
    except (OSError, StoreError) as exc:
        conn.send(_error(500, "store-error", f"cannot open the store {location}: {exc}"))
        return
    conn.send({"status": 0, "ready": True})
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        try:
            engine = engines.get()
        except (OSError, StoreError) as exc:
            conn.send(_error(500, "store-error", f"cannot open the store {location}: {exc}"))
            continue
        try:
            reply = _OPERATIONS[req["op"]](engine, req)
        except SyntaxError as exc:
            reply = _error(400, "query-syntax", f"SPARQL syntax error: {exc}")
        except ValueError as exc:
            reply = _error(400, "bad-request", str(exc))
        except (OSError, RuntimeError) as exc:
            reply = _error(500, "store-error", str(exc))
        except QueryError as exc:  # the remote SPARQL server refused the request
            reply = _error(400, "bad-request", str(exc))
        except StoreError as exc:  # the remote SPARQL server failed or is unreachable
            reply = _error(502, "store-error", str(exc))
        conn.send(reply)

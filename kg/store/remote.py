"""A SPARQL server as the store: the SPARQL 1.1 Protocol for queries and updates, the Graph Store
Protocol for writing whole named graphs.

:class:`RemoteStore` answers the part of :class:`pyoxigraph.Store` that policykg uses (``query``,
``update``, ``named_graphs``, ``contains_named_graph``, ``dump``, ``len``), and returns the same
types: results are read back with :func:`pyoxigraph.parse_query_results` and
:func:`pyoxigraph.parse`, so callers cannot tell the two stores apart.

Endpoints. ``--store`` names the server by its query URL; the update and graph-store URLs are
derived from it (``…/query`` → ``…/update`` and ``…/store``, the layout of ``oxigraph serve``; a
bare ``http://host:port`` is read as that layout too; any other URL serves queries and updates
alike, as Virtuoso's ``/sparql`` does) unless ``$POLICYKG_UPDATE_URL`` and
``$POLICYKG_GRAPH_STORE_URL`` say otherwise. Without a graph-store URL (set it to ``none``) graphs
are written with SPARQL Update ``INSERT DATA``.

The server must show the union of its named graphs as the default graph (``oxigraph serve
--union-default-graph``; Virtuoso does so by default), since policykg keeps one named graph per
document and queries their union.

Bindings. A query's bound values are never spliced into its text as strings: each value is written
with pyoxigraph's own term serialisation (N-Triples syntax, which is SPARQL syntax) into a one-row
``VALUES`` block placed first in every group graph pattern of the query (the WHERE clause, each
``OPTIONAL``, ``UNION`` branch, ``EXISTS``, ``GRAPH`` and ``MINUS`` group, and sub-``SELECT``
bodies). So a bound variable has its value wherever it is visible, as with pyoxigraph's
substitution (SEP-0007), and the answers are the same. A string with characters beyond ASCII is
bound there by ``BIND(SUBSTR("…", 1) AS ?v)`` instead, the same value, which Virtuoso 7.2 reads
correctly (see :func:`wide_string`). Known differences: inside ``MINUS`` the
variable becomes a shared one, and ``BIND(… AS ?v)`` of a bound ``?v`` is a syntax error rather
than a replaced value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import BinaryIO, TypeGuard
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from policykg.model.errors import QueryError, StoreError
from policykg.model.query_text import TOKEN

UPDATE_ENV = "POLICYKG_UPDATE_URL"
GRAPH_STORE_ENV = "POLICYKG_GRAPH_STORE_URL"
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8"
ACCEPT = {
    "SELECT": RESULTS_ACCEPT,
    "ASK": RESULTS_ACCEPT,
    "CONSTRUCT": GRAPH_ACCEPT,
    "DESCRIBE": GRAPH_ACCEPT,
}
XSD_STRING = NamedNode("http://www.w3.org/2001/XMLSchema#string")
ASK_RETVAL = "__ASK_RETVAL"  # Virtuoso 7.2 answers ASK with a table of this one variable
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"  # Virtuoso's mark on an answer it truncated
TIMEOUT_ENV = "POLICYKG_REMOTE_TIMEOUT"
INSERT_CHUNK = 2_000  # Virtuoso 7.2's SPARQL parser runs out of stack at ~5,000 triples


def is_remote(location: object) -> TypeGuard[str]:
    """True for an ``http://`` or ``https://`` store location."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Endpoints:
    """Where a SPARQL server answers queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    graph_store: str | None

    @classmethod
    def from_url(cls, url: str) -> Endpoints:
        parts = urlsplit(url)
        path = parts.path.rstrip("/")
        if path in ("", "/query") or path.endswith("/query"):
            base = path[: -len("/query")] if path.endswith("/query") else path

            def at(name: str) -> str:
                return urlunsplit((parts.scheme, parts.netloc, f"{base}/{name}", "", ""))

            query, update, graph_store = at("query"), at("update"), at("store")
        else:
            query = update = url
            graph_store = None
        update = os.environ.get(UPDATE_ENV) or update
        graph_store = os.environ.get(GRAPH_STORE_ENV, graph_store)
        return cls(query, update, None if graph_store in (None, "", "none") else graph_store)


def query_form(sparql: str) -> str | None:
    """``SELECT``, ``CONSTRUCT``, ``ASK`` or ``DESCRIBE``: the query's first form keyword."""
    for m in TOKEN.finditer(sparql):
        if m.lastgroup == "word" and m.group().upper() in ACCEPT:
            return m.group().upper()
    return None


def _group_starts(sparql: str) -> list[int]:
    """The offsets just after each ``{`` that opens a group graph pattern.

    Skipped: braces inside strings, IRIs and comments; a CONSTRUCT template; the data block of a
    ``VALUES`` clause; and a group that holds a sub-``SELECT`` (its own WHERE group is counted).
    """
    form = None
    depth = 0
    template = False
    values = False
    found: list[int] = []
    tokens = list(TOKEN.finditer(sparql))
    for i, m in enumerate(tokens):
        kind, word = m.lastgroup, m.group().upper()
        if kind == "word" and form is None and word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            form = word
            template = word == "CONSTRUCT"
        elif kind == "word" and template and depth == 0 and word == "WHERE":
            template = False
            if tokens[i - 1].lastgroup != "close":
                raise QueryError("bindings need the long form CONSTRUCT { … } WHERE { … }")
        elif kind == "word" and word == "VALUES":
            values = True
        elif kind == "open":
            depth += 1
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if values:
                values = False
            elif not template and not (
                nxt is not None and nxt.lastgroup == "word" and nxt.group().upper() == "SELECT"
            ):
                found.append(m.end())
        elif kind == "close":
            depth -= 1
            if template and depth == 0:
                template = False
    if not found:
        raise QueryError("cannot bind values: the query has no WHERE group")
    return found


def with_values(sparql: str, bindings: Mapping[str, object]) -> str:
    """``sparql`` with ``bindings`` (name → pyoxigraph term) as a VALUES block in every group.

    Terms are written by pyoxigraph (``str(term)`` is their N-Triples form); names must be valid
    SPARQL variable names (:class:`pyoxigraph.Variable` checks them). A one-row VALUES block first
    in every group graph pattern (the WHERE clause, OPTIONAL, UNION branches, EXISTS, GRAPH, MINUS,
    sub-SELECT bodies) binds the variable wherever the query can see it; a non-ASCII string is
    bound there by ``BIND(SUBSTR(…, 1) AS ?v)`` after it.
    """
    if not bindings:
        return sparql
    listed = {k: v for k, v in bindings.items() if not wide_string(v)}
    block = ""
    if listed:
        names = " ".join(str(Variable(k)) for k in listed)
        block = f" VALUES ({names}) {{ ({' '.join(str(v) for v in listed.values())}) }}"
    block += (
        "".join(
            f" BIND(SUBSTR({v}, 1) AS {Variable(k)})"
            for k, v in bindings.items()
            if k not in listed
        )
        + " "
    )
    out, last = [], 0
    for at in _group_starts(sparql):
        out += [sparql[last:at], block]
        last = at
    return "".join(out) + sparql[last:]


def wide_string(term: object) -> bool:
    """A string literal with characters beyond ASCII: bound by ``BIND(SUBSTR(…, 1) AS ?v)``.

    The same value as in a ``VALUES`` block, but Virtuoso 7.2 reads a non-ASCII string of a
    ``VALUES`` block (or a plain ``BIND`` of one) as ISO-8859-1: ``STR(?v)`` turns 대외무역법 into
    ``?????``, so ``STR(?label) = STR(?v)`` never holds. ``SUBSTR`` makes it a proper string there.
    """
    return (
        isinstance(term, Literal)
        and not term.value.isascii()
        and (term.language is not None or term.datatype == XSD_STRING)
    )


class RemoteStore:
    """A SPARQL server behind the subset of :class:`pyoxigraph.Store` policykg uses."""

    def __init__(self, endpoints: Endpoints, timeout: float | None = None) -> None:
        """``timeout``: seconds to wait for an answer (default ``$POLICYKG_REMOTE_TIMEOUT`` or
        600; the server's own limit, e.g. ``oxigraph serve --timeout-s``, applies as well)."""
        self.endpoints = endpoints
        self.timeout = timeout or float(os.environ.get(TIMEOUT_ENV) or 600)

    @classmethod
    def from_url(cls, url: str) -> RemoteStore:
        return cls(Endpoints.from_url(url))

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints.query!r})"

    # -- reading ---------------------------------------------------------------------------------

    def query(
        self,
        query: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        substitutions: Mapping[Variable, object] | None = None,
        base_iri: str | None = None,
        use_default_graph_as_union: bool = False,
        default_graph=None,
        named_graphs=None,
    ):
        """Evaluate on the server; the result has the type pyoxigraph's ``Store.query`` gives.

        ``use_default_graph_as_union`` is accepted for compatibility: the server's default graph
        is expected to be the union already (see the module documentation).
        """
        text = with_values(query, {v.value: t for v, t in (substitutions or {}).items()})
        head = [f"PREFIX {p}: {NamedNode(ns)}\n" for p, ns in (prefixes or {}).items()]
        if base_iri:
            head.insert(0, f"BASE {NamedNode(base_iri)}\n")
        form = [("query", "".join(head) + text)]
        form += [("default-graph-uri", g.value) for g in _graph_list(default_graph)]
        form += [("named-graph-uri", g.value) for g in _graph_list(named_graphs)]
        kind = query_form(text)
        accept = ACCEPT.get(kind or "", f"{RESULTS_ACCEPT}, {GRAPH_ACCEPT}")
        body, media_type = self._send(
            self.endpoints.query,
            urlencode(form).encode("utf-8"),
            "application/x-www-form-urlencoded",
            accept,
        )
        results = QueryResultsFormat.from_media_type(media_type)
        if results is not None:
            answer = parse_query_results(body, format=results)
            return _as_boolean(answer) if kind == "ASK" else answer
        graph = RdfFormat.from_media_type(media_type)
        if graph is None:
            raise StoreError(
                f"{self.endpoints.query} answered with {media_type!r}, "
                f"neither SPARQL results nor RDF"
            )
        return [q.triple for q in parse(body, format=graph)]

    def named_graphs(self) -> list[NamedNode]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [r["g"] for r in rows if isinstance(r["g"], NamedNode)]

    def contains_named_graph(self, graph: NamedNode) -> bool:
        return bool(
            self.query("ASK { GRAPH ?g { ?s ?p ?o } }", substitutions={Variable("g"): graph})
        )

    def quads(self) -> list[Quad]:
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def __len__(self) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0]["n"].value)

    def dump(self, output: BinaryIO, format: RdfFormat) -> None:
        """Every quad of the named graphs (a dataset format) written to ``output``."""
        data = serialize(self.quads(), format=format)
        assert data is not None  # without an output, serialize returns the bytes
        output.write(data)

    # -- writing ---------------------------------------------------------------------------------

    def update(
        self, update: str, *, prefixes: Mapping[str, str] | None = None, base_iri: str | None = None
    ) -> None:
        head = [f"PREFIX {p}: {NamedNode(ns)}\n" for p, ns in (prefixes or {}).items()]
        if base_iri:
            head.insert(0, f"BASE {NamedNode(base_iri)}\n")
        self._send(
            self.endpoints.update,
            ("".join(head) + update).encode("utf-8"),
            "application/sparql-update",
            "*/*",
        )

    def put_graph(self, graph: NamedNode, ntriples: bytes) -> None:
        """Replace ``graph`` with the triples of an N-Triples document (Graph Store Protocol PUT,
        or DROP + INSERT DATA in chunks of :data:`INSERT_CHUNK` triples, one per line)."""
        if self.endpoints.graph_store:
            url = f"{self.endpoints.graph_store}?{urlencode({'graph': graph.value})}"
            self._send(url, ntriples, "application/n-triples", "*/*", method="PUT")
            return
        self.update(f"DROP SILENT GRAPH {graph}")
        lines = ntriples.decode("utf-8").splitlines(keepends=True)
        for start in range(0, len(lines), INSERT_CHUNK):
            chunk = "".join(lines[start : start + INSERT_CHUNK])
            self.update(f"INSERT DATA {{ GRAPH {graph} {{\n{chunk}}} }}")

    def flush(self) -> None:
        """Nothing to flush: the server commits every request."""

    # -- HTTP ------------------------------------------------------------------------------------

    def _send(
        self, url: str, body: bytes, content_type: str, accept: str, method: str = "POST"
    ) -> tuple[bytes, str]:
        request = Request(
            url, data=body, method=method, headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:
                cut = response.headers.get(MAX_ROWS_HEADER)
                if cut:
                    raise StoreError(
                        f"{url} stopped at its row limit ({cut} rows), so the "
                        f"answer may be cut short (Virtuoso: raise ResultSetMaxRows "
                        f"in the [SPARQL] section of virtuoso.ini)"
                    )
                return response.read(), response.headers.get("Content-Type", "")
        except HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:2000]
            if exc.code == 400:  # the SPARQL Protocol's answer to a malformed query or update
                raise QueryError(f"SPARQL syntax error (reported by {url}): {detail}") from None
            if 400 < exc.code < 500:
                raise QueryError(f"{url} refused the request ({exc.code}): {detail}") from None
            raise StoreError(f"{url} failed ({exc.code}): {detail}") from None
        except (URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server {url}: {exc}") from None


def _as_boolean(answer):
    """An ASK answer as a :class:`pyoxigraph.QueryBoolean`, also when the server sent a table.

    Virtuoso 7.2 answers ASK with one variable ``__ASK_RETVAL``: one row (``1``) for true, none
    for false.
    """
    if not isinstance(answer, QuerySolutions):
        return answer
    if [v.value for v in answer.variables] != [ASK_RETVAL]:
        raise StoreError(f"an ASK query was answered with a table of {answer.variables}")
    true = any(row[0] is not None and row[0].value not in ("0", "false") for row in answer)
    verdict = b'{"head": {}, "boolean": true}' if true else b'{"head": {}, "boolean": false}'
    return parse_query_results(verdict, format=QueryResultsFormat.JSON)


def _graph_list(value) -> list[NamedNode]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    if any(isinstance(g, (BlankNode, DefaultGraph)) for g in items):
        raise QueryError("a remote store names its graphs by IRI only")
    return list(items)

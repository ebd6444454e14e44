"""What kg/store/remote.py does for Virtuoso 7.2, checked without a Virtuoso: a stub server answers
as Virtuoso does (the whole suite runs against a real one with ``POLICYKG_TEST_STORE=virtuoso``).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar
from urllib.parse import parse_qs

import pytest
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    Store,
    Triple,
    Variable,
)

from policykg.model.errors import StoreError
from policykg.store.remote import RemoteStore, query_form, with_values

EX = "urn:x:"


def test_a_non_ascii_string_is_bound_by_bind_substr_in_every_group():
    q = "SELECT ?n WHERE { ?s ?p ?o OPTIONAL { ?s <urn:x:label> ?n } }"
    out = with_values(
        q, {"c": Literal("3231"), "n": Literal("대외무역법"), "l": Literal("법", language="ko")}
    )
    block = (
        ' VALUES (?c) { ("3231") } BIND(SUBSTR("대외무역법", 1) AS ?n)'
        ' BIND(SUBSTR("법"@ko, 1) AS ?l) '
    )
    assert out == f"SELECT ?n WHERE {{{block} ?s ?p ?o OPTIONAL {{{block} ?s <urn:x:label> ?n }} }}"


def test_bind_substr_gives_the_rows_substitution_gives():
    """The same answers as pyoxigraph's own substitution, for the term and for STR() of it."""
    store = Store()
    label = NamedNode(EX + "label")
    store.extend(
        [
            Quad(NamedNode(EX + "a"), label, Literal("대외무역법"), NamedNode(EX + "g")),
            Quad(
                NamedNode(EX + "b"),
                label,
                Literal("대외무역법", language="ko"),
                NamedNode(EX + "g"),
            ),
        ]
    )
    q = (
        "SELECT ?s ?n WHERE { { ?s <urn:x:label> ?n } UNION "
        "{ ?s <urn:x:label> ?m FILTER(STR(?m) = STR(?n)) } }"
    )
    for value in (Literal("대외무역법"), Literal("대외무역법", language="ko")):
        by_bind = store.query(with_values(q, {"n": value}), use_default_graph_as_union=True)
        by_subst = store.query(
            q, substitutions={Variable("n"): value}, use_default_graph_as_union=True
        )
        assert sorted(str(r["s"]) for r in by_bind) == sorted(str(r["s"]) for r in by_subst)
        assert (
            len(list(store.query(with_values(q, {"n": value}), use_default_graph_as_union=True)))
            == 3
        )


def test_the_query_form_skips_prefixes_comments_and_strings():
    assert (
        query_form('PREFIX a: <urn:ask:>\n# SELECT\nCONSTRUCT { ?s a:p "ASK" } WHERE { }')
        == "CONSTRUCT"
    )
    assert query_form("ask { }") == "ASK"
    assert query_form("describe <urn:x:a>") == "DESCRIBE"
    assert query_form("INSERT DATA { }") is None


class _VirtuosoLike(BaseHTTPRequestHandler):
    """Answers as Virtuoso 7.2 does: ASK as a table of ``__ASK_RETVAL``, and the first type of
    the Accept header (even for CONSTRUCT, which then comes back as a SPARQL results table)."""

    accepts: ClassVar[list[str]] = []

    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        query = form["query"][0]
        accept = self.headers["Accept"]
        self.accepts.append(accept)
        if accept.startswith("application/n-triples"):
            body, kind = b'<urn:x:a> <urn:x:p> "\\uB300"@ko .\n', "application/n-triples"
        else:
            rows = [
                {
                    "__ASK_RETVAL": {
                        "type": "typed-literal",
                        "value": "1",
                        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                    }
                }
            ]
            ask = "ASK" in query and "<urn:x:table>" not in query
            variables = ["__ASK_RETVAL"] if ask else ["s"]
            if not ask or "<urn:x:none>" in query:
                rows = []
            body = json.dumps(
                {"head": {"link": [], "vars": variables}, "results": {"bindings": rows}}
            ).encode()
            kind = "application/sparql-results+json"
        self.send_response(200)
        if "<urn:x:many>" in query:
            self.send_header("X-SPARQL-MaxRows", "10000")
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def virtuoso_like():
    server = HTTPServer(("127.0.0.1", 0), _VirtuosoLike)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _VirtuosoLike.accepts = []
    yield RemoteStore.from_url(f"http://127.0.0.1:{server.server_port}/sparql")
    server.shutdown()
    server.server_close()


def test_ask_answered_with_a_table_is_a_boolean(virtuoso_like):
    yes = virtuoso_like.query("ASK { ?s ?p ?o }")
    no = virtuoso_like.query("ASK { <urn:x:none> ?p ?o }")
    assert isinstance(yes, QueryBoolean) and bool(yes) is True
    assert isinstance(no, QueryBoolean) and bool(no) is False
    assert _VirtuosoLike.accepts[0].startswith("application/sparql-results+json")


def test_construct_asks_for_rdf_only(virtuoso_like):
    triples = virtuoso_like.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert triples == [
        Triple(NamedNode(EX + "a"), NamedNode(EX + "p"), Literal("대", language="ko"))
    ]
    assert "sparql-results" not in _VirtuosoLike.accepts[0]


def test_a_table_for_an_ask_of_other_variables_is_an_error(virtuoso_like):
    rows = virtuoso_like.query("SELECT ?s WHERE { ?s ?p ?o }")
    assert isinstance(rows, QuerySolutions)
    with pytest.raises(StoreError, match="ASK query was answered with a table"):
        virtuoso_like.query("ASK { <urn:x:table> ?p ?o }")  # the stub answers a table of ?s


def test_an_answer_at_the_servers_row_limit_is_an_error_not_a_short_answer(virtuoso_like):
    """Virtuoso marks an answer it cut at ResultSetMaxRows (10,000 rows as packaged)."""
    with pytest.raises(StoreError, match=r"row limit \(10000 rows\).*ResultSetMaxRows"):
        virtuoso_like.query("SELECT ?s WHERE { ?s ?p <urn:x:many> }")

"""The /sparql endpoint over real HTTP: protocol, negotiation, limits, refusals, the error shape."""

from __future__ import annotations

import csv
import io
import json
import socket
import time

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from tests.support.sparql_server import running, scratch_store

EX = "http://example.org/"
G1, G2 = NamedNode(EX + "g1"), NamedNode(EX + "g2")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
MAX_ROWS = 50
ERROR_CODES = {
    "bad-request",
    "query-syntax",
    "refused",
    "not-acceptable",
    "too-large",
    "unsupported-media-type",
    "method-not-allowed",
    "read-only",
    "unauthorized",
    "timeout",
    "bad-encoding",
    "bad-format",
    "dataset-conflict",
    "not-found",
}


def _quads() -> list[Quad]:
    out = []
    for i in range(120):  # 120 items in g1, 20 of them also labelled in g2
        item = NamedNode(f"{EX}item/{i}")
        out.append(Quad(item, LABEL, Literal(f"과제 {i}", language="ko"), G1))
        if i < 20:
            out.append(
                Quad(
                    item,
                    NamedNode(EX + "rank"),
                    Literal(str(i), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                    G2,
                )
            )
    return out


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory) -> str:
    store = scratch_store(tmp_path_factory.mktemp("sparql") / "store", _quads())
    with running(
        store,
        "--timeout",
        "2",
        "--max-rows",
        str(MAX_ROWS),
        "--workers",
        "2",
        "--max-request-bytes",
        "20000",
    ) as base:
        yield base + "/sparql"


def _get(endpoint: str, query: str, **kw) -> httpx.Response:
    return httpx.get(endpoint, params={"query": query, **kw.pop("params", {})}, timeout=30, **kw)


def assert_error(r: httpx.Response, status: int, code: str) -> str:
    """Every error has the one shape: {"error": {"status", "code", "message"}}."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert code in ERROR_CODES and body["error"]["message"]
    return body["error"]["message"]


# -- the protocol ---------------------------------------------------------------------------------


def test_get_post_form_and_post_direct_agree(endpoint):
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{LABEL.value}> ?o }}"
    answers = [
        _get(endpoint, q),
        httpx.post(endpoint, data={"query": q}),
        httpx.post(
            endpoint, content=q.encode(), headers={"Content-Type": "application/sparql-query"}
        ),
    ]
    for r in answers:
        assert r.status_code == 200, r.text
        assert r.json()["results"]["bindings"][0]["n"]["value"] == "120"


def test_default_graph_is_the_union_unless_a_dataset_is_named(endpoint):
    q = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
    count = lambda r: int(r.json()["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert count(_get(endpoint, q)) == 120
    assert count(_get(endpoint, q, params={"default-graph-uri": G2.value})) == 20
    from_g2 = f"SELECT (COUNT(DISTINCT ?s) AS ?n) FROM <{G2.value}> WHERE {{ ?s ?p ?o }}"
    assert count(_get(endpoint, from_g2)) == 20
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(_get(endpoint, named, params={"named-graph-uri": G1.value})) == 1


def test_from_a_file_iri_reads_no_file(endpoint):
    r = _get(endpoint, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    assert r.status_code == 200
    assert r.json()["results"]["bindings"] == []


@pytest.mark.parametrize(
    "accept, media",
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_content_negotiation(endpoint, accept, media):
    r = _get(endpoint, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize(
    "accept, media",
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
        (None, "text/turtle"),
    ],
)
def test_construct_content_negotiation(endpoint, accept, media):
    headers = {"Accept": accept} if accept else {}
    r = _get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media


def test_format_parameter_overrides_accept(endpoint):
    r = _get(
        endpoint,
        "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2",
        params={"format": "csv"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert r.headers["content-type"].startswith("text/csv")
    assert next(iter(csv.reader(io.StringIO(r.text)))) == ["s"]
    r = _get(endpoint, "DESCRIBE <http://example.org/item/1>", params={"format": "jsonld"})
    assert r.headers["content-type"].startswith("application/ld+json")
    assert json.loads(r.text)


def test_unacceptable_accept_is_406(endpoint):
    assert_error(_get(endpoint, "ASK {}", headers={"Accept": "image/png"}), 406, "not-acceptable")


def test_service_description_without_query(endpoint):
    r = httpx.get(endpoint, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert f"<{endpoint}>" in r.text and "sd:UnionDefaultGraph" in r.text
    assert "SPARQL11Update" not in r.text  # read-only
    assert G1.value in r.text and G2.value in r.text
    r = httpx.get(endpoint, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["location"].endswith("/query")


def test_cors(endpoint):
    r = httpx.options(
        endpoint,
        headers={
            "Origin": "https://example.net",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] in ("*", "https://example.net")
    r = _get(endpoint, "ASK {}", headers={"Origin": "https://example.net"})
    assert r.headers["access-control-allow-origin"] == "*"


# -- bounded by construction ----------------------------------------------------------------------


def test_row_cap_is_signalled(endpoint):
    r = _get(endpoint, "SELECT ?s WHERE { ?s ?p ?o }")
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert r.headers["x-result-truncated"] == "true"
    assert r.headers["x-result-row-limit"] == str(MAX_ROWS)
    r = _get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", headers={"Accept": "application/n-triples"})
    assert len(r.text.strip().splitlines()) == MAX_ROWS
    assert r.headers["x-result-truncated"] == "true"
    r = _get(endpoint, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10")
    assert "x-result-truncated" not in r.headers


def test_a_runaway_query_is_stopped_and_the_next_is_answered_at_once(endpoint):
    forever = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
        "?m ?n1 ?o . ?p ?q ?r }"
    )  # 140^6 rows: hours of work
    started = time.monotonic()
    message = assert_error(_get(endpoint, forever), 503, "timeout")
    assert time.monotonic() - started < 8
    assert "time limit of 2 s" in message
    started = time.monotonic()
    r = _get(endpoint, "ASK { ?s ?p ?o }")
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert time.monotonic() - started < 1.0
    for _ in range(4):  # the killed worker is replaced: the pool keeps answering
        assert _get(endpoint, "ASK {}").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
        "SELECT * WHERE { # a comment {\n SERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
        'SELECT * WHERE { ?s ?p "x" . SERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }',
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . FILTER(1<2) SERVICE ?endpoint { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_without_an_outbound_connection(endpoint, query):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        r = _get(endpoint, query.replace("{port}", str(port)))
        assert "SERVICE" in assert_error(r, 400, "refused")
        with pytest.raises(socket.timeout):
            listener.accept()


def test_service_in_strings_comments_and_names_is_not_a_service_call(endpoint):
    q = (
        "PREFIX ex: <http://example.org/> SELECT ?service WHERE { "
        '?service ex:SERVICE "SERVICE <http://x/> {}" } # SERVICE <http://x/> { }'
    )
    assert _get(endpoint, q).status_code == 200


def test_request_size_limit(endpoint):
    big = "ASK {} #" + "x" * 30_000
    r = httpx.post(
        endpoint, content=big.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert_error(r, 413, "too-large")


def test_updates_are_refused_on_a_read_only_server(endpoint):
    r = httpx.post(
        endpoint, content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert_error(r, 403, "read-only")
    assert_error(
        httpx.get(endpoint.replace("/sparql", "/store"), params={"default": ""}), 403, "read-only"
    )
    assert _get(endpoint, "ASK { ?s ?p ?o }").json()["boolean"] is True


@pytest.mark.parametrize(
    "request_kwargs, status, code",
    [
        ({"method": "GET", "params": {"query": "SELECT * {"}}, 400, "query-syntax"),
        (
            {"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]},
            400,
            "bad-request",
        ),
        ({"method": "PUT", "params": {"query": "ASK {}"}}, 405, "method-not-allowed"),
        (
            {"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}},
            415,
            "unsupported-media-type",
        ),
        (
            {
                "method": "POST",
                "content": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
            "unsupported-media-type",
        ),
        (
            {
                "method": "POST",
                "content": b"ASK { \xff }",
                "headers": {"Content-Type": "application/sparql-query"},
            },
            400,
            "bad-encoding",
        ),
        ({"method": "GET", "params": {"query": "ASK {}", "format": "png"}}, 400, "bad-format"),
    ],
)
def test_malformed_requests_get_the_one_error_shape(endpoint, request_kwargs, status, code):
    kwargs = dict(request_kwargs)
    r = httpx.request(kwargs.pop("method"), endpoint, **kwargs)
    assert_error(r, status, code)


# -- writes with a token --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def writable(tmp_path_factory) -> str:
    store = scratch_store(tmp_path_factory.mktemp("sparql-rw") / "store")
    with running(store, "--allow-update", "--token", "s3cret", "--timeout", "3") as base:
        yield base


def test_updates_need_the_token(writable):
    update = {"Content-Type": "application/sparql-update"}
    body = b"INSERT DATA { GRAPH <http://example.org/g> { <http://a> <http://b> 1 } }"
    assert_error(
        httpx.post(writable + "/sparql", content=body, headers=update), 401, "unauthorized"
    )
    assert_error(
        httpx.post(
            writable + "/sparql", content=body, headers={**update, "Authorization": "Bearer wrong"}
        ),
        401,
        "unauthorized",
    )
    r = httpx.post(
        writable + "/sparql", content=body, headers={**update, "Authorization": "Bearer s3cret"}
    )
    assert r.status_code == 204
    r = _get(writable + "/sparql", "ASK { GRAPH <http://example.org/g> { <http://a> ?p 1 } }")
    assert r.json()["boolean"] is True


def test_load_is_refused_even_with_the_token(writable):
    r = httpx.post(
        writable + "/sparql",
        content=b"LOAD <file:///etc/passwd>",
        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"},
    )
    assert "LOAD" in assert_error(r, 400, "refused")


def test_the_writer_is_replaced_after_a_runaway_query(writable):
    auth = {"Authorization": "Bearer s3cret"}
    triples = " ".join(f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(60))
    r = httpx.post(
        writable + "/sparql", data={"update": f"INSERT DATA {{ {triples} }}"}, headers=auth
    )
    assert r.status_code == 204
    forever = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
    )
    assert_error(_get(writable + "/sparql", forever), 503, "timeout")
    after = "INSERT DATA { <http://example.org/after> <http://example.org/p> 1 }"
    r = httpx.post(writable + "/sparql", timeout=30, headers=auth, data={"update": after})
    assert r.status_code == 204
    r = _get(writable + "/sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }")
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "61"


def test_dollar_parameters_bind_terms_without_touching_the_text(endpoint):
    q = f"SELECT ?s ?label WHERE {{ ?s <{LABEL.value}> ?label }}"
    r = _get(endpoint, q, params={"$s": f"<{EX}item/7>"})
    rows = r.json()["results"]["bindings"]
    assert [row["label"]["value"] for row in rows] == ["과제 7"]
    r = _get(endpoint, q, params={"$label": '"과제 9"@ko'})
    assert [row["s"]["value"] for row in r.json()["results"]["bindings"]] == [f"{EX}item/9"]
    # an injection attempt is just a string that matches nothing
    r = _get(endpoint, q, params={"$label": '"x" } UNION { ?s ?p ?label'})
    assert_error(r, 400, "bad-request")
    r = _get(endpoint, q, params={"$label": '"x\\" } UNION { ?s ?p ?label }"'})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []


def test_bindings_of_a_named_question(endpoint):
    base = endpoint.removesuffix("/sparql")
    r = httpx.get(f"{base}/query/bindings/task-budget", params={"task": "Ⅰ-1-①"})
    assert r.status_code == 200 and r.json()["task"] == '"I-1-1"'
    assert_error(httpx.get(f"{base}/query/bindings/task-budget"), 400, "bad-request")
    assert_error(httpx.get(f"{base}/query/bindings/no-such-question"), 404, "not-found")

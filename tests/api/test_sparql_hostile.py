"""Hostile requests against a real ``policykg serve``: each is answered in the one JSON error shape
(never plain text, never a crashed worker), and none holds up the other clients.

The server runs with the default request limit (1 MB) and two workers; "another client" is another
loopback address (127.0.0.2), so fair sharing counts it apart.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from policykg.api.guard import MAX_NESTING
from tests.support.sparql_server import running, scratch_store

EX = "http://example.org/"
QUERY = {"Content-Type": "application/sparql-query"}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory) -> str:
    quads = [
        Quad(NamedNode(f"{EX}s{i}"), NamedNode(EX + "p"), Literal(str(i)), NamedNode(EX + "g"))
        for i in range(50)
    ]
    store = scratch_store(tmp_path_factory.mktemp("hostile") / "store", quads)
    with running(store, "--timeout", "8", "--workers", "2") as base:
        yield base + "/sparql"


def other_client() -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=60)


def error(r: httpx.Response, status: int, code: str) -> str:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()["error"]
    assert (body["status"], body["code"]) == (status, code)
    return body["message"]


def post(endpoint: str, text: str, client: httpx.Client | None = None) -> httpx.Response:
    send = client.post if client else httpx.post
    return send(endpoint, content=text.encode(), headers=QUERY, timeout=60)


def test_a_megabyte_of_hostile_text_does_not_hold_up_another_client(endpoint):
    """The pre-check once ran on the event loop in quadratic time: a 64 KB ``a-a-a-...`` blocked
    every client for 21 s. Now it runs in a worker, in one pass: while the 1 MB request is being
    checked and refused, another client's ASK is answered, and the big one gets its 400. (The
    text names FROM after a million short words, the slowest text for the guard's lexer, which
    scans up to the dataset clause.)"""
    hostile = "SELECT * " + "a " * 499_000 + "FROM <http://example.org/g> WHERE { ?s ?p ?o }"
    done: list[tuple[str, float, httpx.Response]] = []

    def send_big() -> None:
        r = post(endpoint, hostile)
        done.append(("big", time.monotonic(), r))

    big = threading.Thread(target=send_big)
    big.start()
    time.sleep(0.05)  # the upload is under way
    with other_client() as other:
        asks = [other.get(endpoint, params={"query": "ASK {}"}) for _ in range(3)]
    done.append(("ask", time.monotonic(), asks[-1]))
    big.join()
    assert all(a.status_code == 200 and a.json()["boolean"] is True for a in asks)
    assert [name for name, _, _ in sorted(done, key=lambda d: d[1])] == ["ask", "big"]
    error(next(r for name, _, r in done if name == "big"), 400, "query-syntax")


@pytest.mark.parametrize(
    "text, code",
    [
        ("SELECT * WHERE { ?s ?p ?o } " + "a-" * 499_000, "query-syntax"),
        ("SELECT * WHERE { ?s ?p ?o } # a service\n" + "a-" * 499_000, "refused"),
        ("SELECT * WHERE { ?s ?p ?o } " + "'x" * 499_000, "query-syntax"),
    ],
    ids=["hyphenated-name", "mentions-service", "open-strings"],
)
def test_a_megabyte_of_hostile_text_is_a_json_4xx(endpoint, text, code):
    assert len(text) > 990_000
    error(post(endpoint, text), 400, code)


def test_nested_brackets_are_a_400_not_a_crash(endpoint):
    """1,000 nested parentheses in a text mentioning "service" once gave a plain-text 500
    (RecursionError in rdflib); 10,000 killed a worker. Both are a JSON 400 now, before the
    engine, and the workers that would have crashed answer the next query."""
    for depth in (1_000, 10_000):
        text = "SELECT * { FILTER(" + "(" * depth + "1" + ")" * depth + ") } # service"
        message = error(post(endpoint, text), 400, "too-complex")
        assert f"at most {MAX_NESTING}" in message
    within = "SELECT (" + "(" * 900 + "1" + ")" * 900 + " AS ?x) {}"
    r = post(endpoint, within)
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["x"]["value"] == "1"


def test_a_long_flat_chain_does_not_crash_a_worker(endpoint):
    """Not nested but chained: 10,000 terms of a sum overflowed the engine's 8 MB stack and
    killed the worker; the workers evaluate on a large stack, so the query is answered (or
    stopped at the time limit), never ``worker-crashed``."""
    chain = "SELECT * { FILTER(" + "+".join(["1"] * 10_000) + " > 0) }"
    r = post(endpoint, chain)
    assert r.status_code in (200, 503), r.text[:300]
    if r.status_code == 503:
        error(r, 503, "timeout")
    assert httpx.get(endpoint, params={"query": "ASK {}"}).json()["boolean"] is True


def test_binding_a_variable_outside_the_projection_is_a_400(endpoint):
    r = httpx.get(endpoint, params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "$x": '"a"'})
    assert "?x" in error(r, 400, "bad-request")


def raw(endpoint: str, request: bytes) -> tuple[bytes, bytes]:
    """Send ``request`` as it is (no client library would) and read until the server closes."""
    host, port = endpoint.split("//")[1].split("/")[0].split(":")
    with socket.create_connection((host, int(port))) as s:
        s.sendall(request)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    return head, body


def test_a_url_over_the_limit_is_a_json_414(endpoint):
    url = b"/sparql?query=ASK%20%7B%7D&x=" + b"y" * 70_000
    head, body = raw(endpoint, b"GET " + url + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414") and b"application/json" in head
    assert b'"code":"uri-too-long"' in body and b"POST" in body
    r = httpx.get(endpoint, params={"query": "ASK {}", "x": "y" * 60_000})
    assert r.status_code == 200


def test_a_request_the_http_parser_rejects_is_a_json_400(endpoint):
    head, body = raw(endpoint, b"GET /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and b"application/json" in head
    assert b'"code":"bad-request"' in body


@pytest.mark.parametrize("path", ["/sparql", "/api/search", "/query/bindings/task-budget"])
def test_bad_utf8_in_a_get_is_a_400_not_silently_replaced(endpoint, path):
    base = endpoint.removesuffix("/sparql")
    r = httpx.get(f"{base}{path}?query=ASK%20%7B%7D&q=%FF%FE&task=%C0")
    error(r, 400, "bad-encoding")


def test_405_names_every_allowed_method(endpoint):
    r = httpx.put(endpoint, content=b"ASK {}")
    error(r, 405, "method-not-allowed")
    assert r.headers["allow"] == "GET, POST"
    base = endpoint.removesuffix("/sparql")
    r = httpx.request("PATCH", f"{base}/store/some/graph")
    error(r, 405, "method-not-allowed")
    assert set(r.headers["allow"].split(", ")) == {"GET", "HEAD", "POST", "PUT", "DELETE"}
    r = httpx.delete(f"{base}/api/questions")
    error(r, 405, "method-not-allowed")
    assert r.headers["allow"] == "GET"


@pytest.mark.parametrize(
    "accept, media",
    [("application/n-quads", "application/n-quads"), ("application/trig", "application/trig")],
)
def test_construct_and_describe_as_n_quads_and_trig(endpoint, accept, media):
    for query in (f"CONSTRUCT WHERE {{ <{EX}s1> ?p ?o }}", f"DESCRIBE <{EX}s1>"):
        r = httpx.get(endpoint, params={"query": query}, headers={"Accept": accept})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == media
        assert f"<{EX}s1>" in r.text and '"1"' in r.text


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_server_killed_outright_leaves_no_worker_running(tmp_path):
    """A worker is busy with a query that would run for hours when the server is SIGKILLed:
    the worker notices it is orphaned and stops within a few seconds."""
    quads = [
        Quad(NamedNode(f"{EX}s{i}"), NamedNode(EX + "p"), Literal(str(i)), NamedNode(EX + "g"))
        for i in range(80)
    ]
    store = scratch_store(tmp_path / "store", quads)
    forever = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with running(store, "--timeout", "3600", "--workers", "1") as base:
        port = base.rsplit(":", 1)[1].encode()
        server = next(
            pid
            for pid in _descendants(os.getpid())
            if b"--port\0" + port in Path(f"/proc/{pid}/cmdline").read_bytes()
        )
        below = _descendants(server)

        def ask_forever() -> None:
            with pytest.raises(httpx.RemoteProtocolError):  # the server is killed under it
                httpx.get(base + "/sparql", params={"query": forever}, timeout=60)

        sent = threading.Thread(target=ask_forever)
        sent.start()
        time.sleep(1)  # the query is running in the worker
        os.kill(server, signal.SIGKILL)
        sent.join()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in below):
            time.sleep(0.2)
        left = [p for p in below if Path(f"/proc/{p}").exists()]
        assert below and not left

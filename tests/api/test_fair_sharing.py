"""Fair sharing of the query workers among clients, against a real ``policykg serve``.

Two workers, so each client's share is one; a client is an address (127.0.0.x) and, where given,
a bearer token. The heavy query below runs until the time limit stops it.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from tests.support.sparql_server import running, scratch_store

EX = "http://example.org/"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
TIMEOUT = 5


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory) -> str:
    quads = [
        Quad(NamedNode(f"{EX}s{i}"), NamedNode(EX + "p"), Literal(str(i)), NamedNode(EX + "g"))
        for i in range(60)
    ]  # 60^5 rows for HEAVY: far beyond the time limit
    store = scratch_store(tmp_path_factory.mktemp("fair") / "store", quads)
    options = ("--timeout", str(TIMEOUT), "--workers", "2", "--client-queue", "2")
    with running(store, *options) as base:
        yield base + "/sparql"


def client(address: str, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(
        transport=httpx.HTTPTransport(local_address=address), headers=headers, timeout=60
    )


class Log:
    """Responses with the time they arrived, from several threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[tuple[float, str, httpx.Response]] = []

    def add(self, who: str, r: httpx.Response) -> httpx.Response:
        with self.lock:
            self.entries.append((time.monotonic(), who, r))
        return r

    def codes(self, who: str) -> list[tuple[int, str]]:
        return [
            (r.status_code, r.json()["error"]["code"] if r.status_code != 200 else "ok")
            for _, w, r in sorted(self.entries, key=lambda e: e[0])
            if w == who
        ]

    def first(self, who: str) -> float:
        return min(t for t, w, _ in self.entries if w == who)

    def last(self, who: str) -> float:
        return max(t for t, w, _ in self.entries if w == who)


def heavy(log: Log, c: httpx.Client, endpoint: str, who: str = "heavy") -> httpx.Response:
    return log.add(who, c.get(endpoint, params={"query": HEAVY}))


def wait_idle(endpoint: str) -> None:
    """Until both workers answer again (killed ones are replaced in the background)."""
    with ThreadPoolExecutor(2) as pool:
        for _ in range(100):
            answers = list(
                pool.map(lambda _: httpx.get(endpoint, params={"query": "ASK {}"}), range(2))
            )
            if all(a.status_code == 200 for a in answers):
                return
            time.sleep(0.2)


@pytest.mark.parametrize(
    "other",
    [("127.0.0.3", None), ("127.0.0.2", "second-token")],
    ids=["another-address", "same-address-another-token"],
)
def test_one_client_cannot_hold_every_worker(endpoint, other):
    """A client alone may use both workers; when another client comes, the query it runs beyond
    its share is stopped (503 busy, Retry-After) once it has run a moment, and the newcomer is
    answered long before the time limit would have freed a worker."""
    log = Log()
    with (
        client("127.0.0.2", "first-token") as a,
        client(*other) as b,
        ThreadPoolExecutor(2) as pool,
    ):
        runs = [pool.submit(heavy, log, a, endpoint) for _ in range(2)]
        time.sleep(0.5)  # both workers are busy with the first client's queries
        started = time.monotonic()
        ask = log.add("other", b.get(endpoint, params={"query": "ASK {}"}))
        answered = time.monotonic() - started
        results = [f.result() for f in runs]
    assert ask.status_code == 200 and ask.json()["boolean"] is True
    assert sorted(log.codes("heavy")) == [(503, "busy"), (503, "timeout")]
    stopped = next(r for r in results if r.json()["error"]["code"] == "busy")
    assert stopped.headers["retry-after"] == "1"
    assert "share" in stopped.json()["error"]["message"]
    assert log.first("other") < log.last("heavy")  # before the time limit freed the other
    assert answered < TIMEOUT
    wait_idle(endpoint)


def test_a_client_past_its_queue_gets_503_with_retry_after(endpoint):
    """Two running (both workers, nobody else waits) and two waiting: the fifth request at once
    is turned away at once; another client is still served."""
    log = Log()
    with client("127.0.0.4") as a, ThreadPoolExecutor(5) as pool:
        runs = []
        for _ in range(5):
            runs.append(pool.submit(heavy, log, a, endpoint))
            time.sleep(0.2)
        turned_away = [f.result() for f in runs]
    codes = [r.json()["error"]["code"] for r in turned_away]
    assert codes.count("busy") >= 1
    refused = next(r for r in turned_away if "requests waiting" in r.text)
    assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
    assert refused.json()["error"]["code"] == "busy"
    wait_idle(endpoint)


def test_cheap_queries_keep_being_answered_beside_heavy_ones(endpoint):
    """Four heavy queries from one client; another client's cheap queries are all answered
    (none busy) while the heavy ones run."""
    log = Log()
    with client("127.0.0.5") as a, client("127.0.0.6") as b, ThreadPoolExecutor(4) as pool:
        runs = [pool.submit(heavy, log, a, endpoint) for _ in range(4)]
        time.sleep(0.5)
        for _ in range(20):
            log.add("cheap", b.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}))
        for f in runs:
            f.result()
    assert log.codes("cheap") == [(200, "ok")] * 20
    assert log.last("cheap") < log.last("heavy")
    wait_idle(endpoint)


def test_a_client_that_leaves_has_its_query_stopped(tmp_path):
    """One worker, a time limit of ten minutes: a client sends a query that would run all of it
    and leaves; the query is stopped (once it has run a second), so the next client is answered
    rather than waiting ten minutes."""
    quads = [
        Quad(NamedNode(f"{EX}s{i}"), NamedNode(EX + "p"), Literal(str(i)), NamedNode(EX + "g"))
        for i in range(60)
    ]
    store = scratch_store(tmp_path / "store", quads)
    with running(store, "--timeout", "600", "--workers", "1") as base:
        endpoint = base + "/sparql"
        with client("127.0.0.7") as leaving, pytest.raises(httpx.ReadTimeout):
            leaving.get(endpoint, params={"query": HEAVY}, timeout=2)
        with client("127.0.0.8") as next_one:
            r = next_one.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
        assert r.status_code == 200 and r.json()["boolean"] is True

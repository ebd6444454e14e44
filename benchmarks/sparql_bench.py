"""``policykg serve`` against ``oxigraph serve`` on the same store, side by side in one run.

    policykg build && python3 -m benchmarks.sparql_bench [--store DIR] [--reps 400] [--seconds 15]

Both servers run on this machine, over the same data (the store's N-Quads dump loaded into
``oxigraph``; ``--union-default-graph`` as policykg's union default graph), each with its defaults
(``policykg serve``: query workers killed at the time limit, fair sharing, the guard).

1. **Latency**, one request at a time on one keep-alive connection per server, the two servers
   alternating request by request (so both see the same machine): a request refused before any
   query (a ``PUT``: each server's HTTP alone), ``ASK {}``, the 83 management
   tasks with their labels, and every named question (its example parameters written in, as
   named questions are sent to a server, so both servers get the same text; the row counts of
   both answers are compared). p50 of ``--reps`` requests each (fewer for a slow query:
   ``--budget`` seconds per query and server), and the ratio policykg / Oxigraph.
2. **Throughput** at ``--concurrency`` (32) with ``wrk``, the management tasks query, each server
   twice for half of ``--seconds`` in turn: requests/s, p50 and p99 latency, errors.
3. **Named questions over ``/api/questions``**: p50 of the route against p50 of the same
   ``PolicyGraph.ask`` in-process, request by request (the difference is what HTTP adds; at
   most ``--question-reps`` of each, fewer past ``--budget`` seconds), and the time to write the
   answer as JSON (orjson, :func:`policykg.api.tabular.to_json`) against FastAPI's default
   encoding of the same answer (``jsonable_encoder`` + ``JSONResponse``), which the route used.
   First a name no question has: its ``404`` is the route's fixed cost without a query (the
   routing, the store dependency, the error written as JSON).

The client writes HTTP with plain sockets (:class:`benchmarks.http_load.Connection`), so the
latency is the server's; a client library adds its own (httpx: about 0.5 ms a request).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from benchmarks.http_load import Connection, form_body, oxigraph_server, policykg_server, wrk
from benchmarks.timing import EXAMPLES, answered
from policykg.analysis.questions import questions
from policykg.api.tabular import to_json
from policykg.graph import PolicyGraph
from policykg.model.query_text import written_in
from policykg.model.vocab import PREFIXES
from policykg.store.generations import CURRENT
from policykg.store.policy_store import default_store_path

PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
TASKS = PROLOGUE + "SELECT ?task ?label WHERE { ?task a pk:ManagementTask ; rdfs:label ?label }"


def bound_query(name: str) -> str:
    """The question's text with its example parameters written in, as named questions are sent
    to a server (:func:`~policykg.model.query_text.written_in`)."""
    q = questions()[name]
    return PROLOGUE + written_in(q.sparql, q.bindings(EXAMPLES[name]))


def _rows(body: bytes) -> int:
    answer = json.loads(body)
    return int(answer["boolean"]) if "boolean" in answer else len(answer["results"]["bindings"])


#: Not a query: a request both servers refuse before any query runs (policykg ``405``, Oxigraph
#: ``404``), so its time is the server's HTTP alone — policykg's front layer answers it without a
#: query worker.
HTTP_ALONE = "no query: a PUT, refused (the server's HTTP alone)"


def _exchange(c: Connection, body: bytes | None) -> tuple:
    return c.request(b"PUT", c.path) if body is None else c.post_form(body)


def latency(
    urls: dict[str, str], queries: dict[str, str | None], reps: int, budget: float
) -> list[dict]:
    """p50 of each query on each server; a query of ``None`` is the :data:`HTTP_ALONE` request."""
    out = []
    conns = {name: Connection(url) for name, url in urls.items()}
    try:
        for label, text in queries.items():
            body = None if text is None else form_body(text)  # encoded once: not timed
            rows, samples = {}, {name: [] for name in urls}
            slowest = 0.0
            for name, c in conns.items():  # warm up, and the answer to compare
                for _ in range(2):
                    started = time.perf_counter()
                    status, answer = _exchange(c, body)
                    slowest = max(slowest, time.perf_counter() - started)
                assert status == 200 if text else 400 <= status < 500, (name, label, answer[:300])
                rows[name] = _rows(answer) if text else 0
            for _ in range(max(5, min(reps, int(budget / slowest)))):
                for name, c in conns.items():
                    started = time.perf_counter()
                    _exchange(c, body)
                    samples[name].append(time.perf_counter() - started)
            p50 = {name: _p50_ms(s) for name, s in samples.items()}
            out.append(
                {"query": label, "rows": rows, "p50_ms": p50, "reps": len(samples["oxigraph"])}
            )
    finally:
        for c in conns.values():
            c.sock.close()
    return out


def throughput(urls: dict[str, str], query: str, concurrency: int, seconds: float) -> dict:
    halves: dict[str, list[dict]] = {name: [] for name in urls}
    for _ in range(2):
        for name, url in urls.items():
            halves[name].append(wrk(url, query, concurrency=concurrency, seconds=seconds / 2))
    return {
        name: {
            "rps": statistics.mean(r["rps"] for r in runs),
            "p50_ms": statistics.mean(r["p50_ms"] for r in runs),
            "p99_ms": statistics.mean(r["p99_ms"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
        }
        for name, runs in halves.items()
    }


NO_QUESTION = "no such question (404: the route, its dependencies and the error alone)"


def questions_route(url: str, store: Path, reps: int, budget: float) -> list[dict]:
    """Each named question's route against the same ``ask`` in-process, request by request;
    first a name no question has, whose 404 is the route's fixed cost with no query."""
    graph = PolicyGraph.open(store)
    out = []
    with Connection(url) as c:
        path = "/api/questions/no-such-question"
        status, _ = c.get(path)
        assert status == 404, status
        fixed = []
        for _ in range(reps):
            started = time.perf_counter()
            c.get(path)
            fixed.append(time.perf_counter() - started)
        out.append({"question": NO_QUESTION, "reps": reps, "route_ms": _p50_ms(fixed)})
        for name in questions():
            path = f"/api/questions/{name}?{urlencode(EXAMPLES[name])}"
            status, _ = c.get(path)
            assert status == 200, (name, status)
            route, inproc, ours, default = [], [], [], []
            until = time.perf_counter() + budget
            while len(route) < reps and (len(route) < 5 or time.perf_counter() < until):
                started = time.perf_counter()
                c.get(path)
                route.append(time.perf_counter() - started)
                started = time.perf_counter()
                answer = answered(graph.store, name, EXAMPLES[name])
                inproc.append(time.perf_counter() - started)
                body = {
                    "question": name,
                    "summary": answer.summary,
                    "columns": answer.columns,
                    "rows": answer.rows,
                }
                started = time.perf_counter()
                to_json(body)
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                JSONResponse(jsonable_encoder(body))
                default.append(time.perf_counter() - started)
            out.append(
                {
                    "question": name,
                    "reps": len(route),
                    "route_ms": _p50_ms(route),
                    "ask_ms": _p50_ms(inproc),
                    "json_ms": _p50_ms(ours),
                    "fastapi_json_ms": _p50_ms(default),
                }
            )
    return out


def _p50_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1e3


def report(lat: list[dict], rps: dict, routes: list[dict], concurrency: int) -> None:
    print("\nLatency, one request at a time (p50, ms; ratio = policykg / oxigraph)\n")
    print("| query | rows | requests | policykg | oxigraph | ratio |\n|---|---|---|---|---|---|")
    for r in lat:
        ours, ox = r["p50_ms"]["policykg"], r["p50_ms"]["oxigraph"]
        rows = r["rows"]["policykg"]
        same = "" if rows == r["rows"]["oxigraph"] else f" (oxigraph {r['rows']['oxigraph']})"
        print(
            f"| {r['query']} | {rows}{same} | {r['reps']} | {ours:.3f} | {ox:.3f} | "
            f"{ours / ox:.2f} |"
        )
    print(f"\nThroughput at concurrency {concurrency} (wrk, the management tasks query)\n")
    print("| server | requests/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|")
    for name, r in rps.items():
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
        )
    ratio = rps["policykg"]["rps"] / rps["oxigraph"]["rps"]
    print(f"\nthroughput ratio policykg / oxigraph: {ratio:.2f}")
    print("\nNamed questions over /api/questions (p50, ms)\n")
    print(
        "| question | requests | route | PolicyGraph.ask in-process | HTTP adds | "
        "JSON written (orjson) | FastAPI's encoder would take |\n|---|---|---|---|---|---|---|"
    )
    for r in routes:
        if "ask_ms" not in r:  # the 404: no query, nothing written but the error
            print(f"| {r['question']} | {r['reps']} | {r['route_ms']:.2f} | | | | |")
            continue
        added = r["route_ms"] - r["ask_ms"]
        print(
            f"| {r['question']} | {r['reps']} | {r['route_ms']:.2f} | {r['ask_ms']:.2f} | "
            f"{added:.2f} | {r['json_ms']:.3f} | {r['fastapi_json_ms']:.3f} |"
        )
    print("\n" + json.dumps({"latency": lat, "throughput": rps, "questions": routes}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=default_store_path())
    ap.add_argument("--reps", type=int, default=400, help="most requests per query and server")
    ap.add_argument(
        "--budget", type=float, default=10.0, help="seconds per query and server (fewer reps)"
    )
    ap.add_argument("--seconds", type=float, default=15.0, help="wrk seconds per server")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument(
        "--question-reps", type=int, default=200, help="most requests per named question"
    )
    args = ap.parse_args(argv)
    if not (args.store / CURRENT).exists():
        print(f"no store at {args.store}: run `policykg build` first", file=sys.stderr)
        return 2
    queries: dict[str, str | None] = {HTTP_ALONE: None, "ASK {}": "ASK {}"}
    queries["83 management tasks with labels"] = TASKS
    queries |= {name: bound_query(name) for name in questions()}
    with policykg_server(args.store) as ours, oxigraph_server(args.store) as ox:
        urls = {"policykg": ours, "oxigraph": ox}
        lat = latency(urls, queries, args.reps, args.budget)
        rps = throughput(urls, TASKS, args.concurrency, args.seconds)
        routes = questions_route(
            ours.removesuffix("/sparql"), args.store, args.question_reps, args.budget
        )
    report(lat, rps, routes, args.concurrency)
    return 0


if __name__ == "__main__":
    sys.exit(main())

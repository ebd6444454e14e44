"""Latency and throughput of ``/sparql`` for the named questions, against Oxigraph's own server.

    policykg build && python3 benchmarks/sparql_bench.py [--store DIR] [--concurrency 4]

In one run: the store is dumped to N-Quads and loaded into ``oxigraph`` (PyPI ``oxigraph``) in a
scratch directory; ``oxigraph serve --union-default-graph`` and ``policykg serve`` start on free
ports; a separate load-generator process sends every named question (with the example parameters
below) to both servers, ``--concurrency`` requests at a time, and reports per question the p50 and
p95 latency and the throughput, then the ratios ours / Oxigraph's (latency: lower is better;
throughput: higher is better). Both servers receive the same query text: the parameters are put in
a ``VALUES`` block at the top of the WHERE clause (Oxigraph's server has no binding parameters),
written from pyoxigraph terms; the row counts of both answers are compared. (A VALUES block is not
a substitution: a question that reads a parameter inside a sub-select can answer differently from
``policykg ask``, identically on both servers.)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from pyoxigraph import RdfFormat, Store

from policykg.analysis.questions import questions
from policykg.api.guard import tokens
from policykg.model.vocab import PREFIXES
from policykg.store.policy_store import CURRENT, default_store_path

EXAMPLES = {
    "agenda": "20",
    "task": "I-1-1",
    "program": "3231",
    "a1": "MOTIE",
    "a2": "ME",
    "entity": "대외무역법",
    "law": "대외무역법",
}
EXAMPLES_BY_QUESTION = {"agenda-coverage": {"task": "30"}}


def bound_query(name: str) -> str:
    """The question's text with its example parameters as a leading VALUES block."""
    q = questions()[name]
    examples = {**EXAMPLES, **EXAMPLES_BY_QUESTION.get(name, {})}
    terms = q.bindings(
        {p.name: examples[p.name] for p in q.params if p.required and p.name in examples}
    )
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    if not terms:
        return prologue + q.sparql
    toks = list(tokens(q.sparql))
    start = next(i for i, t in enumerate(toks) if t.keyword == "WHERE" and t.depth == 0)
    brace = next(t for t in toks[start:] if t.text == "{")
    names = " ".join(f"?{k}" for k in terms)
    values = " ".join(str(v) for v in terms.values())
    at = brace.start + 1
    return f"{prologue}{q.sparql[:at]} VALUES ({names}) {{ ({values}) }} {q.sparql[at:]}"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {' '.join(proc.args)}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not start")


def _one(client: httpx.Client, url: str, query: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    r = client.post(
        url, data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    elapsed = time.perf_counter() - started
    rows = len(r.json()["results"]["bindings"]) if r.status_code == 200 else -1
    return elapsed, r.status_code, rows


def load_generator(
    targets: dict[str, str],
    queries: dict[str, str],
    concurrency: int,
    requests: int,
    budget: float,
    out,
) -> None:
    """Runs in its own process: every query on every target; sends the measurements back."""
    results = []
    clients = [httpx.Client(timeout=600) for _ in range(concurrency)]
    with ThreadPoolExecutor(concurrency) as pool:
        for name, query in queries.items():
            for target, url in targets.items():
                warm = [_one(clients[0], url, query) for _ in range(2)]
                n = max(concurrency, min(requests, int(budget / max(warm[-1][0], 1e-3))))
                started = time.perf_counter()
                samples = list(
                    pool.map(
                        lambda i, u=url, q=query: _one(clients[i % concurrency], u, q), range(n)
                    )
                )
                wall = time.perf_counter() - started
                latencies = sorted(s[0] for s in samples)
                results.append(
                    {
                        "question": name,
                        "target": target,
                        "requests": n,
                        "errors": sum(s[1] != 200 for s in samples),
                        "rows": warm[-1][2],
                        "p50": statistics.median(latencies),
                        "p95": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
                        "throughput": n / wall,
                    }
                )
    out.send(results)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=default_store_path())
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--requests", type=int, default=60, help="most requests per question")
    ap.add_argument(
        "--budget",
        type=float,
        default=6.0,
        help="seconds of load per question and server (fewer requests if slow)",
    )
    ap.add_argument("--workers", type=int, default=None, help="policykg serve --workers")
    ap.add_argument("--questions", nargs="*", default=None, help="default: all named questions")
    args = ap.parse_args(argv)
    if not (args.store / CURRENT).exists():
        print(f"no store at {args.store}: run `policykg build` first", file=sys.stderr)
        return 2
    names = args.questions or list(questions())
    queries = {n: bound_query(n) for n in names}
    scratch = Path(tempfile.mkdtemp(prefix="sparql-bench-"))
    procs: list[subprocess.Popen] = []
    try:
        dump = scratch / "data.nq"
        Store.read_only(str((args.store / CURRENT).resolve())).dump(
            str(dump), format=RdfFormat.N_QUADS
        )
        subprocess.run(
            ["oxigraph", "load", "--location", str(scratch / "oxigraph"), "--file", str(dump)],
            check=True,
            capture_output=True,
        )
        ox_port, our_port = _free_port(), _free_port()
        procs.append(
            subprocess.Popen(
                [
                    "oxigraph",
                    "serve",
                    "--location",
                    str(scratch / "oxigraph"),
                    "--bind",
                    f"127.0.0.1:{ox_port}",
                    "--union-default-graph",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        ours = [
            sys.executable,
            "-m",
            "policykg.cli.main",
            "--store",
            str(args.store),
            "serve",
            "--port",
            str(our_port),
            "--timeout",
            "600",
            "--max-rows",
            "1000000",
        ]
        if args.workers:
            ours += ["--workers", str(args.workers)]
        procs.append(subprocess.Popen(ours, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        targets = {
            "policykg": f"http://127.0.0.1:{our_port}/sparql",
            "oxigraph": f"http://127.0.0.1:{ox_port}/query",
        }
        for proc, url in zip(procs, (targets["oxigraph"], targets["policykg"]), strict=False):
            _wait(url, proc)
        recv, send = multiprocessing.Pipe(duplex=False)
        generator = multiprocessing.get_context("spawn").Process(
            target=load_generator,
            args=(targets, queries, args.concurrency, args.requests, args.budget, send),
        )
        generator.start()
        results = recv.recv()
        generator.join()
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)
        shutil.rmtree(scratch, ignore_errors=True)
    report(results, args.concurrency)
    return 0


def report(results: list[dict], concurrency: int) -> None:
    by = {(r["question"], r["target"]): r for r in results}
    print(f"concurrency {concurrency}; latency in ms; ratio = policykg / oxigraph")
    print(
        f"{'question':24} {'rows':>6} {'p50 ours':>9} {'p50 ox':>8} {'ratio':>6} "
        f"{'p95 ours':>9} {'p95 ox':>8} {'req/s ours':>10} {'req/s ox':>9} {'ratio':>6}"
    )
    p50_ratios, rps_ratios = [], []
    for name in dict.fromkeys(r["question"] for r in results):
        ours, ox = by[(name, "policykg")], by[(name, "oxigraph")]
        p50, rps = ours["p50"] / ox["p50"], ours["throughput"] / ox["throughput"]
        p50_ratios.append(p50)
        rps_ratios.append(rps)
        rows = f"{ours['rows']}" if ours["rows"] == ox["rows"] else f"{ours['rows']}≠{ox['rows']}"
        errors = ours["errors"] + ox["errors"]
        print(
            f"{name:24} {rows:>6} {ours['p50'] * 1e3:9.1f} {ox['p50'] * 1e3:8.1f} {p50:6.2f} "
            f"{ours['p95'] * 1e3:9.1f} {ox['p95'] * 1e3:8.1f} {ours['throughput']:10.1f} "
            f"{ox['throughput']:9.1f} {rps:6.2f}" + (f"  ({errors} errors)" if errors else "")
        )
    geo = lambda xs: statistics.geometric_mean(xs) if xs else float("nan")  # noqa: E731
    print(
        f"geometric mean: p50 ratio {geo(p50_ratios):.2f} (aim ≤ 1.5), "
        f"throughput ratio {geo(rps_ratios):.2f}"
    )
    print(json.dumps(results))


if __name__ == "__main__":
    sys.exit(main())

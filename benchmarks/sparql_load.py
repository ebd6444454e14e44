"""Many clients at once on ``policykg serve``: cheap queries alone, then beside heavy ones; and a
megabyte of hostile text beside an ASK.

    policykg build && python3 -m benchmarks.sparql_load [--store DIR] [--seconds 15] [--rounds 3]

One ``policykg serve`` with its defaults (the default number of workers, the 30 s time limit).

1. **Alone**: ``wrk`` sends the cheap query (the 83 management tasks with their labels) from
   ``--concurrency`` (32) connections: requests/s, p50/p99 latency, and the answers by status.
2. **Beside heavy clients**: the same, while ``--heavy`` (4) connections of another client
   (another loopback address, 127.0.0.2) each send, one after the other, a query that runs until
   the time limit stops it. They start first and take every worker; fair sharing gives the cheap
   client the workers back. The aim is at least half the throughput of (1) and no ``503``.

   (1) and (2) alternate ``--rounds`` times, ``--seconds`` in all for each, so that a machine
   whose load changes affects both alike; the heavy clients leave at the end of each round (the
   server stops the queries of clients that have left).
3. **Hostile text**: a 1 MB query (``SELECT * FROM <g> WHERE {...} a a a ...``: naming FROM makes
   the guard scan it all, and a million short words are the slowest text for its lexer; then a
   syntax error) while another client asks ``ASK {}`` over and over: the big one's status and
   time, and the slowest ASK answered meanwhile.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

from benchmarks.http_load import Connection, policykg_server, wrk
from benchmarks.sparql_bench import TASKS
from policykg.store.generations import CURRENT
from policykg.store.policy_store import default_store_path

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HOSTILE = "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o } " + "a " * 499_000


class Heavy:
    """``n`` connections of one client, each sending HEAVY again and again until :meth:`stop`."""

    def __init__(self, url: str, n: int) -> None:
        self.conns = [Connection(url, source="127.0.0.2", reconnect=False) for _ in range(n)]
        self.statuses: list[int] = []
        self.threads = [threading.Thread(target=self._run, args=(c,)) for c in self.conns]
        for t in self.threads:
            t.start()

    def _run(self, c: Connection) -> None:
        try:
            while True:
                status, _ = c.query(HEAVY)
                self.statuses.append(status)
        except OSError:  # closed by stop()
            pass

    def stop(self) -> None:
        for c in self.conns:
            c.sock.close()
        for t in self.threads:
            t.join()


def rounds(url: str, args) -> tuple[list[dict], list[dict], list[int]]:
    alone, beside, heavy_statuses = [], [], []
    seconds = args.seconds / args.rounds
    for _ in range(args.rounds):
        alone.append(wrk(url, TASKS, concurrency=args.concurrency, seconds=seconds))
        heavy = Heavy(url, args.heavy)
        time.sleep(2)  # the heavy queries have taken every worker
        beside.append(wrk(url, TASKS, concurrency=args.concurrency, seconds=seconds))
        heavy.stop()
        heavy_statuses += heavy.statuses
        time.sleep(2)  # the server notices they left and stops their queries
    return alone, beside, heavy_statuses


def hostile(url: str) -> dict:
    asks: list[float] = []
    done = threading.Event()

    def ask_meanwhile() -> None:
        with Connection(url, source="127.0.0.3") as c:
            while not done.is_set():
                started = time.perf_counter()
                c.query("ASK {}")
                asks.append(time.perf_counter() - started)

    asker = threading.Thread(target=ask_meanwhile)
    asker.start()
    time.sleep(0.2)
    with Connection(url) as c:
        started = time.perf_counter()
        status, body = c.request(b"POST", c.path, HOSTILE.encode(), b"application/sparql-query")
        took = time.perf_counter() - started
    done.set()
    asker.join()
    return {
        "bytes": len(HOSTILE),
        "status": status,
        "code": json.loads(body)["error"]["code"] if status != 200 else None,
        "seconds": took,
        "asks": len(asks),
        "slowest_ask_ms": max(asks) * 1e3,
    }


def _total(runs: list[dict]) -> dict:
    return {
        "rps": sum(r["requests"] for r in runs) / sum(r["requests"] / r["rps"] for r in runs),
        "p50_ms": statistics.median(r["p50_ms"] for r in runs),
        "p99_ms": max(r["p99_ms"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "503": sum(r["statuses"].get(503, 0) for r in runs),
    }


def report(alone: list, beside: list, heavy_statuses: list, bad: dict, args) -> None:
    print(
        f"\nCheap queries at concurrency {args.concurrency} (wrk, {args.seconds:g} s each, "
        f"in {args.rounds} rounds)\n"
    )
    print("| run | requests/s | p50 ms | p99 ms | errors | 503 |\n|---|---|---|---|---|---|")
    a, b = _total(alone), _total(beside)
    for name, r in (("alone", a), (f"beside {args.heavy} heavy connections", b)):
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['errors']} | {r['503']} |"
        )
    per_round = ", ".join(f"{y['rps'] / x['rps']:.2f}" for x, y in zip(alone, beside, strict=True))
    print(
        f"\nthroughput kept beside the heavy clients: {b['rps'] / a['rps']:.2f} "
        f"(rounds: {per_round}; aim: at least 0.5, no 503)"
    )
    counts = {s: heavy_statuses.count(s) for s in sorted(set(heavy_statuses))}
    print(f"heavy queries answered meanwhile, by status: {counts}")
    print(
        f"\n1 MB hostile query: {bad['status']} {bad['code']} in {bad['seconds'] * 1e3:.0f} ms; "
        f"{bad['asks']} ASKs from another client meanwhile, the slowest "
        f"{bad['slowest_ask_ms']:.1f} ms"
    )
    print("\n" + json.dumps({"alone": alone, "beside": beside, "hostile": bad}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=default_store_path())
    ap.add_argument("--seconds", type=float, default=15.0, help="wrk seconds for each run")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--heavy", type=int, default=4)
    args = ap.parse_args(argv)
    if not (args.store / CURRENT).exists():
        print(f"no store at {args.store}: run `policykg build` first", file=sys.stderr)
        return 2
    with policykg_server(args.store) as url:
        bad = hostile(url)
        alone, beside, heavy_statuses = rounds(url, args)
    report(alone, beside, heavy_statuses, bad, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Many clients at once on ``policykg serve``: cheap queries alone, then beside heavy ones; and a
megabyte of hostile text beside an ASK.

    policykg build && python3 -m benchmarks.sparql_load [--store DIR] [--seconds 15]

One ``policykg serve`` with its defaults (the default number of workers, the 30 s time limit).

1. **Alone**: ``wrk`` sends the cheap query (the 83 management tasks with their labels) from
   ``--concurrency`` (32) connections for ``--seconds``: requests/s, p50/p99 latency, and the
   answers by status.
2. **Beside heavy clients**: the same, while ``--heavy`` (4) connections of another client
   (another loopback address, 127.0.0.2) each send, one after the other, a query that runs until
   the time limit stops it. Fair sharing gives that client its share of the workers (half of
   them), not all of them; the aim is at least half the throughput of (1) and no ``503``.
3. **Hostile text**: a 1 MB query (``SELECT * FROM <g> WHERE {...} a a a ...``: naming FROM makes
   the guard scan it all, and a million short words are the slowest text for its lexer; then a
   syntax error) while another client asks ``ASK {}`` over and over: the big one's status and
   time, and the slowest ASK answered meanwhile.
"""

from __future__ import annotations

import argparse
import json
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


def _heavy_client(url: str, stop: threading.Event, statuses: list[int]) -> None:
    try:
        with Connection(url, source="127.0.0.2") as c:
            while not stop.is_set():
                status, _ = c.query(HEAVY)
                statuses.append(status)
    except OSError:  # the server stopped under a running query: the run is over
        pass


def beside_heavy(url: str, heavy: int, concurrency: int, seconds: float) -> tuple[dict, list]:
    stop, statuses = threading.Event(), []
    threads = [
        threading.Thread(target=_heavy_client, args=(url, stop, statuses), daemon=True)
        for _ in range(heavy)
    ]
    for t in threads:
        t.start()
    time.sleep(2)  # the heavy queries have taken their workers
    result = wrk(url, TASKS, concurrency=concurrency, seconds=seconds)
    stop.set()  # the heavy clients stop after their current query (the server is stopped next)
    return result, statuses


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


def report(alone: dict, beside: dict, heavy_statuses: list, bad: dict, args) -> None:
    print(f"\nCheap queries at concurrency {args.concurrency} (wrk, {args.seconds:g} s each)\n")
    print("| run | requests/s | p50 ms | p99 ms | errors | 503 |\n|---|---|---|---|---|---|")
    for name, r in (("alone", alone), (f"beside {args.heavy} heavy clients", beside)):
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['errors']} | {r['statuses'].get(503, 0)} |"
        )
    kept = beside["rps"] / alone["rps"]
    print(f"\nthroughput kept beside the heavy clients: {kept:.2f} (aim: at least 0.5, no 503)")
    print(f"heavy queries answered meanwhile, by status: {heavy_statuses}")
    print(
        f"\n1 MB hostile query: {bad['status']} {bad['code']} in {bad['seconds'] * 1e3:.0f} ms; "
        f"{bad['asks']} ASKs from another client meanwhile, the slowest "
        f"{bad['slowest_ask_ms']:.1f} ms"
    )
    print("\n" + json.dumps({"alone": alone, "beside": beside, "hostile": bad}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=default_store_path())
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--heavy", type=int, default=4)
    args = ap.parse_args(argv)
    if not (args.store / CURRENT).exists():
        print(f"no store at {args.store}: run `policykg build` first", file=sys.stderr)
        return 2
    with policykg_server(args.store) as url:
        alone = wrk(url, TASKS, concurrency=args.concurrency, seconds=args.seconds)
        bad = hostile(url)
        beside, heavy_statuses = beside_heavy(url, args.heavy, args.concurrency, args.seconds)
    report(alone, beside, heavy_statuses, bad, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

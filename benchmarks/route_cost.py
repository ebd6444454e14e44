"""What the application itself costs a request, without a network.

    policykg build && python3 -m benchmarks.route_cost [--store DIR] [--reps 1000]

The app (``create_app``, its query workers started) is called as an ASGI application in this
process, each route in turn request by request (so a burst of load from elsewhere hits all
alike), and the p50 and p10 of each are shown. Nothing of uvicorn, the socket or a client is in
the times, so what differs between two routes is the application's own work. The reference,
measured in the same run: a ``PUT`` to ``/sparql``, which the front layer refuses before
FastAPI's middleware and routing and before any query worker (:mod:`policykg.api.front`).

* a name no named question has: ``404``, the route's fixed cost (FastAPI's routing, the store
  dependency, the error written as JSON) without a query;
* a named question (``law-timeline``, one row);
* a file ``/static`` does not have: FastAPI's routing, then the static files' own ``404``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.timing import EXAMPLES
from policykg.api.main import create_app
from policykg.api.settings import Settings
from policykg.store.generations import CURRENT
from policykg.store.policy_store import default_store_path

REFERENCE = ("PUT", "/sparql", "")
#: Each request, and the status it must get (a route that failed would time its error instead).
ROUTES = {
    REFERENCE: 405,
    ("GET", "/api/questions/no-such-question", ""): 404,
    ("GET", "/api/questions/law-timeline", urlencode(EXAMPLES["law-timeline"])): 200,
    ("GET", "/static/no-such-file.css", ""): 404,
}


async def call(app, method: str, path: str, query: str) -> int:
    """One request through ``app``; its status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"]


async def measure(store: Path, reps: int) -> dict[tuple[str, str, str], list[float]]:
    app = create_app(Settings(store=store))
    times: dict[tuple[str, str, str], list[float]] = {route: [] for route in ROUTES}
    async with app.router.lifespan_context(app):
        for route, expected in ROUTES.items():  # warm: the first question reads the store
            for _ in range(20):
                status = await call(app, *route)
                if status != expected:
                    raise SystemExit(f"{' '.join(route)}: {status}, not {expected}")
        for _ in range(reps):
            for route in ROUTES:
                started = time.perf_counter()
                await call(app, *route)
                times[route].append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=default_store_path())
    ap.add_argument("--reps", type=int, default=1000, help="requests per route")
    args = ap.parse_args(argv)
    if not (args.store / CURRENT).exists():
        print(f"no store at {args.store}: run `policykg build` first", file=sys.stderr)
        return 2
    times = asyncio.run(measure(args.store, args.reps))
    reference = statistics.median(times[REFERENCE])
    print("| request | p50 ms | p10 ms | p50 / the PUT |\n|---|---|---|---|")
    for (method, path, query), seconds in times.items():
        shown = f"{method} {path}" + (f"?{query}" if query else "")
        p50, p10 = statistics.median(seconds), sorted(seconds)[len(seconds) // 10]
        print(f"| {shown} | {p50 * 1e3:.3f} | {p10 * 1e3:.3f} | {p50 / reference:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

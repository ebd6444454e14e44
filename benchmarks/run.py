"""The performance benchmark: one command, one table (see docs/performance.md).

    python3 -m benchmarks                      # build, floor, questions in-process / HTTP / remote
    python3 -m benchmarks --scale 1,10,100     # … plus the scale run on synthetic plans
    python3 -m benchmarks --scale 1000 --skip-main   # the N = 1,000 run (outside CI)

Everything is measured in the same run, so the ratios compare like with like on one machine:

* build: ``policykg.pipeline.build`` of the bundled corpus into a fresh on-disk store, in a child
  process (its peak RSS is the build's peak memory), split into its phases by the progress
  messages; the floor is ``Store.bulk_load`` of the same quads (an N-Quads dump of the built store)
  into an empty on-disk store.
* questions: every named question with an example parameter, ``--reps`` times after one warm-up:
  ``policykg.questions.ask`` in-process; the same SPARQL with the same bindings directly on
  ``pyoxigraph.Store.query`` (all rows read); ``GET /api/questions/<name>`` on a real
  ``policykg serve`` on loopback (one kept-alive connection); and ``ask`` against ``oxigraph
  serve`` holding the same build (``--store http://…``).
* scale: see :mod:`benchmarks.scale`.
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from pyoxigraph import RdfFormat, Store, Variable

from policykg.pipeline import build, bundled_sources
from policykg.questions import ask, questions
from policykg.store import CURRENT, PolicyStore
from policykg.vocab import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"agenda-coverage": {"task": "30"}, "budgets-for-agenda": {"agenda": "20"},
            "documents-mentioning": {"entity": "대외무역법"}, "law-timeline": {"law": "기업활력법"},
            "program-uses": {"program": "3231"}, "task-budget": {"task": "I-1-1"},
            "tasks-by-cooperation": {"a1": "MOTIE", "a2": "ME"}}


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, reps: int) -> dict:
    fn()  # warm-up
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return {"p50": statistics.median(samples), "p95": percentile(samples, 0.95)}


# -- build -----------------------------------------------------------------------------------------

def _build_child(conn, store: str) -> None:
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    report = build(bundled_sources(), store,
                   progress=lambda msg: marks.append((msg, time.perf_counter() - start)))
    total = time.perf_counter() - start
    conn.send({"total": total, "marks": marks, "quads": sum(report.documents.values()),
               "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def phases(marks: list[tuple[str, float]], total: float) -> dict[str, float]:
    """Seconds spent parsing, checking across documents, writing, and validating + swapping."""
    def at(prefix: str) -> float:
        return next(t for msg, t in marks if msg.startswith(prefix))
    writing = at("writing")
    linking = next((t for msg, t in marks if msg.startswith("cross-document")), writing)
    validating = at("validating")
    return {"parse": linking, "link": writing - linking, "write": validating - writing,
            "validate+commit": total - validating}


def bench_build(store: Path) -> dict:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_build_child, args=(child, str(store)))
    proc.start()
    out = parent.recv()
    proc.join()
    out["phases"] = phases(out.pop("marks"), out["total"])
    return out


def bench_floor(store: Path, scratch: Path) -> dict:
    """Bulk-load the built store's quads into an empty on-disk store (the floor for loading)."""
    dump = scratch / "dump.nq"
    Store.read_only(str((store / CURRENT).resolve())).dump(str(dump), format=RdfFormat.N_QUADS)
    start = time.perf_counter()
    target = Store(str(scratch / "floor"))
    target.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
    target.flush()
    target.optimize()
    return {"floor": time.perf_counter() - start, "dump_mb": dump.stat().st_size / 2**20}


# -- questions -------------------------------------------------------------------------------------

def bench_questions(store: PolicyStore, reps: int, raw: Store | None) -> dict[str, dict]:
    out = {}
    for name, params in EXAMPLES.items():
        q = questions()[name]
        row = {"rows": len(ask(store, name, **params).rows),
               "ask": timed(lambda: ask(store, name, **params), reps)}
        if raw is not None:
            subs = {Variable(k): v for k, v in q.bindings(params).items()}
            row["direct"] = timed(lambda: list(raw.query(
                q.sparql, use_default_graph_as_union=True, prefixes=PREFIXES,
                substitutions=subs or None)), reps)
        out[name] = row
    return out


def bench_http(store: Path, reps: int) -> dict[str, dict]:
    sys.path.insert(0, str(ROOT / "tests"))
    from oxigraph_server import free_port
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "policykg.cli.main", "--store", str(store),
                             "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        conn = _wait(port, proc)
        out = {}
        for name, params in EXAMPLES.items():
            path = f"/api/questions/{name}?{urlencode(params)}"

            def get() -> None:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                if response.status != 200:
                    raise RuntimeError(f"{path}: {response.status} {body[:200]!r}")
            out[name] = timed(get, reps)
        return out
    finally:
        proc.terminate()
        proc.wait(10)


def _wait(port: int, proc: subprocess.Popen) -> http.client.HTTPConnection:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("policykg serve exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/api/questions")
            conn.getresponse().read()
            return conn
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("policykg serve did not start")


def bench_remote(scratch: Path, reps: int) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from oxigraph_server import oxigraph_server
    with oxigraph_server(scratch / "oxigraph") as url:
        start = time.perf_counter()
        build(bundled_sources(), url)
        total = time.perf_counter() - start
        return {"build": total, "questions": bench_questions(PolicyStore.open(url), reps, None)}


# -- report ----------------------------------------------------------------------------------------

def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def render(result: dict) -> str:
    b, f = result["build"], result["floor"]
    lines = ["## Build (bundled corpus)", "",
             "| measure | value |", "|---|---|",
             f"| quads | {b['quads']:,} |",
             f"| build, total | {b['total']:.2f} s |"]
    lines += [f"| build, {k} | {v:.2f} s |" for k, v in b["phases"].items()]
    lines += [f"| bulk-load floor (`Store.bulk_load` of the same quads) | {f['floor']:.2f} s |",
              f"| **build / floor** | **{b['total'] / f['floor']:.1f}×** |",
              f"| (write + validate + commit) / floor | "
              f"{(b['phases']['write'] + b['phases']['validate+commit']) / f['floor']:.1f}× |",
              f"| build peak memory (max RSS) | {b['maxrss_mb']:.0f} MB |"]
    if "remote" in result:
        lines.append(f"| build into `oxigraph serve` (`--store http://…`) | "
                     f"{result['remote']['build']:.2f} s |")
    lines += ["", "## Named questions (ms)", "",
              "| question | rows | in-process p50 | p95 | direct pyoxigraph p50 | in-process / "
              "direct | HTTP p50 | p95 | HTTP / in-process | remote store p50 | remote / "
              "in-process |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, q in result["questions"].items():
        h = result.get("http", {}).get(name)
        r = result.get("remote", {}).get("questions", {}).get(name)
        cells = [name, str(q["rows"]), ms(q["ask"]["p50"]), ms(q["ask"]["p95"]),
                 ms(q["direct"]["p50"]), f"{q['ask']['p50'] / q['direct']['p50']:.2f}×"]
        cells += [ms(h["p50"]), ms(h["p95"]), f"{h['p50'] / q['ask']['p50']:.2f}×"] if h else \
            ["–"] * 3
        cells += [ms(r["ask"]["p50"]), f"{r['ask']['p50'] / q['ask']['p50']:.2f}×"] if r else \
            ["–"] * 2
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m benchmarks", description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=20, help="timed runs per question (default 20)")
    p.add_argument("--scale", default="", help="comma-separated N for the scale run, e.g. 1,10,100")
    p.add_argument("--scale-reps", type=int, default=5, help="timed runs per question in the "
                   "scale run (default 5)")
    p.add_argument("--skip-main", action="store_true", help="only the scale run")
    p.add_argument("--no-http", action="store_true", help="skip the policykg serve measurements")
    p.add_argument("--no-remote", action="store_true", help="skip the oxigraph serve measurements")
    p.add_argument("--json", help="also write the raw numbers to this file")
    args = p.parse_args(argv)
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        scratch = Path(tmp)
        if not args.skip_main:
            store_dir = scratch / "store"
            result["build"] = bench_build(store_dir)
            result["floor"] = bench_floor(store_dir, scratch)
            raw = Store.read_only(str((store_dir / CURRENT).resolve()))
            result["questions"] = bench_questions(PolicyStore(raw), args.reps, raw)
            if not args.no_http:
                result["http"] = bench_http(store_dir, args.reps)
            if not args.no_remote:
                result["remote"] = bench_remote(scratch, args.reps)
            print(render(result), flush=True)
        if args.scale:
            from .scale import render_scale, run_scale
            sizes = [int(n) for n in args.scale.split(",") if n]
            result["scale"] = run_scale(sizes, scratch, args.scale_reps)
            print(render_scale(result["scale"]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), "utf-8")
    return 0

"""The performance benchmark: one command, one table (see docs/performance.md).

    python3 -m benchmarks                      # build, floor, questions in-process / HTTP / remote
    python3 -m benchmarks --scale 1,10,100     # … plus the scale run on synthetic plans
    python3 -m benchmarks --scale 1000 --skip-main   # the N = 1,000 run (outside CI)

Everything is measured in the same run, so the ratios compare like with like on one machine:

* build: ``policykg.build.pipeline.build`` of the bundled corpus into a fresh on-disk store, in a
  child process (its peak RSS is the build's peak memory), split into its phases by the progress
  messages; the floor is ``Store.bulk_load`` of the same quads (an N-Quads dump of the built store)
  into an empty on-disk store. Both ``--build-reps`` times, in turn; the medians are shown.
* questions: every named question with an example parameter, ``--reps`` times after one warm-up:
  ``policykg.analysis.questions.ask`` in-process; the same SPARQL with the same bindings directly on
  ``pyoxigraph.Store.query`` (all rows read); ``GET /api/questions/<name>`` on a real
  ``policykg serve`` on loopback (one kept-alive connection); and ``ask`` against ``oxigraph
  serve`` holding the same build (``--store http://…``).
* scale: see :mod:`benchmarks.scale`.
"""

from __future__ import annotations

import argparse
import compileall
import http.client
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode

from pyoxigraph import RdfFormat, Store, Variable

import policykg
import policykg.loaders
from policykg.analysis.questions import questions
from policykg.build.pipeline import build, bundled_sources
from policykg.model.vocab import PREFIXES
from policykg.store.generations import CURRENT
from policykg.store.policy_store import PolicyStore
from tests.support.oxigraph_server import free_port, oxigraph_server

from .scale import render_scale, run_scale
from .timing import EXAMPLES, answered, ms, percentile

CPUS = len(os.sched_getaffinity(0))

# -- build -----------------------------------------------------------------------------------------


def _cpu_seconds() -> float:
    """The CPU time this process has used, every thread of it (user and system)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _build_child(conn, store: str) -> None:
    marks: list[tuple[str, float]] = []
    cpu = _cpu_seconds()
    start = time.perf_counter()
    report = build(
        bundled_sources(),
        store,
        progress=lambda msg: marks.append((msg, time.perf_counter() - start)),
    )
    total = time.perf_counter() - start
    conn.send(
        {
            "total": total,
            "cpu": _cpu_seconds() - cpu,
            "marks": marks,
            "quads": sum(report.documents.values()),
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def phases(marks: list[tuple[str, float]], total: float) -> dict[str, float]:
    """Seconds spent parsing and writing (the store loads what is parsed in the background),
    checking across documents, waiting for the last loads (of the in-memory copy the build
    validates), deriving and loading the lookup links, validating + swapping (the swap waits for
    the store's last loads and its compaction, which run during the validation)."""

    def at(prefix: str) -> float:
        return next(t for msg, t in marks if msg.startswith(prefix))

    loading = at("loading the store")
    linking = next((t for msg, t in marks if msg.startswith("cross-document")), loading)
    lookups = at("writing lookup links")
    validating = at("validating")
    return {
        "parse+write": linking,
        "link": loading - linking,
        "load (wait)": lookups - loading,
        "lookups": validating - lookups,
        "validate+commit": total - validating,
    }


def bench_build(store: Path) -> dict:
    """One build of the bundled corpus into ``store``, in a fresh child process."""
    ctx = multiprocessing.get_context("spawn")
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
    if not dump.exists():
        Store.read_only(str((store / CURRENT).resolve())).dump(str(dump), format=RdfFormat.N_QUADS)
    target = scratch / "floor"
    shutil.rmtree(target, ignore_errors=True)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    loaded = Store(str(target))
    loaded.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
    loaded.flush()
    loaded.optimize()
    return {
        "floor": time.perf_counter() - start,
        "cpu": _cpu_seconds() - cpu,
        "dump_mb": dump.stat().st_size / 2**20,
    }


def bench_build_and_floor(store: Path, scratch: Path, reps: int) -> tuple[dict, dict]:
    """The median of ``reps`` builds (each into a fresh store; the last one is kept at ``store``)
    and of as many floor loads, taken in turn so that load from elsewhere hits both alike."""
    builds, floors = [], []
    for n in range(reps):
        target = store if n == reps - 1 else scratch / f"build-{n}"
        builds.append(bench_build(target))
        floors.append(bench_floor(target, scratch))
        if target != store:
            shutil.rmtree(target, ignore_errors=True)
    build = sorted(builds, key=lambda b: b["total"])[len(builds) // 2]
    floor = sorted(floors, key=lambda f: f["floor"])[len(floors) // 2]
    return {**build, "reps": reps}, {**floor, "reps": reps}


# -- questions -------------------------------------------------------------------------------------


def interleaved(modes: dict, reps: int) -> dict[str, dict]:
    """p50/p95 of each mode, timed in turn within every repetition (so load hits all alike)."""
    for fn in modes.values():
        fn()  # warm-up
    samples: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(reps):
        for mode, fn in modes.items():
            start = time.perf_counter()
            fn()
            samples[mode].append(time.perf_counter() - start)
    return {
        m: {"p50": statistics.median(v), "p95": percentile(v, 0.95)} for m, v in samples.items()
    }


def question_modes(
    name: str,
    params: dict,
    store: PolicyStore,
    raw: Store | None,
    http_conn: http.client.HTTPConnection | None,
    remote: PolicyStore | None,
) -> dict:
    """The ways of answering one question: ask, direct pyoxigraph, HTTP, ask on the remote store."""
    q = questions()[name]
    modes = {"ask": lambda: answered(store, name, params)}
    if raw is not None:
        subs = {Variable(k): v for k, v in q.bindings(params).items()}
        modes["direct"] = lambda: list(
            raw.query(
                q.sparql,
                use_default_graph_as_union=True,
                prefixes=PREFIXES,
                substitutions=subs or None,
            )
        )
    if http_conn is not None:
        path = f"/api/questions/{name}?{urlencode(params)}"

        def get() -> None:
            try:
                http_conn.request("GET", path)
                response = http_conn.getresponse()
            except (http.client.RemoteDisconnected, ConnectionError):
                http_conn.close()  # the server dropped an idle kept-alive connection: reconnect
                http_conn.request("GET", path)
                response = http_conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status} {body[:200]!r}")

        modes["http"] = get
    if remote is not None:
        modes["remote"] = lambda: answered(remote, name, params)
    return modes


def bench_questions(
    store: PolicyStore,
    reps: int,
    raw: Store | None = None,
    http_conn=None,
    remote: PolicyStore | None = None,
) -> dict[str, dict]:
    out = {}
    for name, params in EXAMPLES.items():
        row = {"rows": len(answered(store, name, params).rows)}
        row.update(interleaved(question_modes(name, params, store, raw, http_conn, remote), reps))
        out[name] = row
    return out


@contextmanager
def policykg_serve(store: Path) -> Iterator[http.client.HTTPConnection]:
    """A real ``policykg serve`` on loopback, and one kept-alive connection to it."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "policykg.cli.main",
            "--store",
            str(store),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield _wait(port, proc)
    finally:
        proc.terminate()
        proc.wait(10)


def _wait(port: int, proc: subprocess.Popen) -> http.client.HTTPConnection:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("policykg serve exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", "/api/questions")
            conn.getresponse().read()
            return conn
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("policykg serve did not start")


# -- report ----------------------------------------------------------------------------------------


def render(result: dict) -> str:
    b, f = result["build"], result["floor"]
    lines = [
        "## Build (bundled corpus)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| quads | {b['quads']:,} |",
        f"| build, total (median of {b['reps']}) | {b['total']:.2f} s |",
    ]
    lines += [f"| build, {k} | {v:.2f} s |" for k, v in b["phases"].items()]
    lines += [
        f"| bulk-load floor (`Store.bulk_load` of the same quads, median of {f['reps']}) | "
        f"{f['floor']:.2f} s |",
        f"| **build / floor** | **{b['total'] / f['floor']:.1f}×** |",
        f"| CPU time (user + system, every thread): build / floor | {b['cpu']:.2f} s / "
        f"{f['cpu']:.2f} s |",
        f"| the build's CPU time shared over {CPUS} CPUs (the least it could take) / floor | "
        f"{b['cpu'] / CPUS / f['floor']:.1f}× |",
        f"| build peak memory (max RSS) | {b['maxrss_mb']:.0f} MB |",
    ]
    if "remote_build" in result:
        lines.append(
            f"| build into `oxigraph serve` (`--store http://…`) | {result['remote_build']:.2f} s |"
        )
    lines += [
        "",
        "## Named questions (ms)",
        "",
        "| question | rows | in-process p50 | p95 | direct pyoxigraph p50 | in-process / "
        "direct | HTTP p50 | p95 | HTTP / in-process | remote store p50 | remote / "
        "in-process |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, q in result["questions"].items():
        cells = [
            name,
            str(q["rows"]),
            ms(q["ask"]["p50"]),
            ms(q["ask"]["p95"]),
            ms(q["direct"]["p50"]),
            f"{q['ask']['p50'] / q['direct']['p50']:.2f}×",
        ]
        h, r = q.get("http"), q.get("remote")
        cells += (
            [ms(h["p50"]), ms(h["p95"]), f"{h['p50'] / q['ask']['p50']:.2f}×"] if h else ["–"] * 3
        )
        cells += [ms(r["p50"]), f"{r['p50'] / q['ask']['p50']:.2f}×"] if r else ["–"] * 2
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def compile_bytecode() -> None:
    """Compile the package's modules to bytecode, as ``pip install`` does: a build imports the
    loaders, and where ``PYTHONDONTWRITEBYTECODE`` is set (as on the machine of
    docs/performance.md) each process would compile their source again (about 0.07 s)."""
    for package in (policykg, policykg.loaders):
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m benchmarks", description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=20, help="timed runs per question (default 20)")
    p.add_argument(
        "--build-reps",
        type=int,
        default=3,
        help="builds (and floor loads) of the "
        "bundled corpus; the table shows the median (default 3)",
    )
    p.add_argument("--scale", default="", help="comma-separated N for the scale run, e.g. 1,10,100")
    p.add_argument(
        "--scale-reps",
        type=int,
        default=5,
        help="timed runs per question in the scale run (default 5)",
    )
    p.add_argument(
        "--scale-mode",
        default="copies",
        help="synthetic plans of the scale run: copies (every plan a copy of the real one), "
        "national (spread over ministries, years and agenda lists), or both, comma-separated "
        "(default copies)",
    )
    p.add_argument(
        "--scale-virtuoso",
        default="",
        help="comma-separated N at which the scale run loads its store into a private "
        "Virtuoso too and asks the questions there (Debian virtuoso-opensource)",
    )
    p.add_argument(
        "--scale-keep",
        help="a folder where the scale run leaves each store it builds (scale-MODE-N), "
        "instead of removing it",
    )
    p.add_argument(
        "--scale-reuse",
        action="store_true",
        help="with --scale-keep: ask the questions on a store an earlier run left there "
        "instead of building it again",
    )
    p.add_argument("--skip-main", action="store_true", help="only the scale run")
    p.add_argument("--no-http", action="store_true", help="skip the policykg serve measurements")
    p.add_argument("--no-remote", action="store_true", help="skip the oxigraph serve measurements")
    p.add_argument("--json", help="also write the raw numbers to this file")
    args = p.parse_args(argv)
    compile_bytecode()
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        scratch = Path(tmp)
        if not args.skip_main:
            store_dir = scratch / "store"
            result["build"], result["floor"] = bench_build_and_floor(
                store_dir, scratch, args.build_reps
            )
            raw = Store.read_only(str((store_dir / CURRENT).resolve()))
            with ExitStack() as stack:
                conn = None if args.no_http else stack.enter_context(policykg_serve(store_dir))
                remote = None
                if not args.no_remote:
                    url = stack.enter_context(oxigraph_server(scratch / "oxigraph"))
                    start = time.perf_counter()
                    build(bundled_sources(), url)
                    result["remote_build"] = time.perf_counter() - start
                    remote = PolicyStore.open(url)
                result["questions"] = bench_questions(
                    PolicyStore(raw), args.reps, raw, conn, remote
                )
            print(render(result), flush=True)
        if args.scale:
            if args.scale_reuse and not args.scale_keep:
                p.error("--scale-reuse needs --scale-keep: the folder of the kept stores")
            sizes = [int(n) for n in args.scale.split(",") if n]
            for mode in args.scale_mode.split(","):
                key = "scale" if mode == "copies" else f"scale-{mode}"
                virtuoso = tuple(int(n) for n in args.scale_virtuoso.split(",") if n)
                keep = Path(args.scale_keep) if args.scale_keep else None
                result[key] = run_scale(
                    sizes,
                    scratch,
                    args.scale_reps,
                    mode=mode,
                    virtuoso=virtuoso,
                    keep=keep,
                    reuse=args.scale_reuse,
                )
                print(render_scale(result[key]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), "utf-8")
    return 0

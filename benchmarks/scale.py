"""The scale run: N synthetic plans (:mod:`benchmarks.synthetic`) built into one store.

Each N runs in its own child process (its peak RSS is the run's peak memory). The store is written
by the build's own writer, validated by the build's own validation and counted as the build counts
(``policykg.build.pipeline``), graph by graph as the plans are generated — without the
cross-document linkers, which compare law dates across the bundled documents and have nothing to
compare here. Then every named question is asked ``reps`` times with the example parameters of the
main run.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import shutil
import threading
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from policykg.build.pipeline import DocumentWriter, bundled_sources, link_counts, written
from policykg.build.reading import load
from policykg.build.validate import validate
from policykg.store.generations import CURRENT
from policykg.store.policy_store import PolicyStore
from policykg.store.writers import StoreWriter

from .synthetic import synthetic_plans
from .timing import answered, examples, ms, timed

PLAN = "motie-2024-performance-plan.txt"


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def _watchdog(conn, limit_mb: float, current: list[str]) -> None:
    """Stop the run (this child process) when it uses more than ``limit_mb`` (a shared machine)."""
    while True:
        time.sleep(0.5)
        if _rss_mb() > limit_mb:
            conn.send({"over_memory": current[0], "limit_mb": limit_mb})
            os._exit(3)


def _peak_reset() -> None:
    """Start measuring this process's peak memory afresh (Linux: VmHWM back to VmRSS)."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def _peak_mb() -> float:
    """This process's peak resident memory since :func:`_peak_reset` (VmHWM)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024


def _build(conn, n: int, root: Path, limit_mb: float, mode: str) -> None:
    """Write, validate, count and commit ``n`` synthetic plans as a build does (one process)."""
    current = ["build: generate and write"]
    threading.Thread(target=_watchdog, args=(conn, limit_mb, current), daemon=True).start()
    base = load(bundled_sources() / PLAN)
    t: dict[str, float] = {"generate": 0.0, "write": 0.0}
    start = time.perf_counter()
    writer = StoreWriter(root)
    out = DocumentWriter(writer)
    plans = synthetic_plans(base, n, mode)
    for _ in range(n):
        mark = time.perf_counter()
        plan = next(plans)
        t["generate"] += time.perf_counter() - mark
        mark = time.perf_counter()
        out.write(plan)
        t["write"] += time.perf_counter() - mark
        del plan
    # wait for the background loads (of the in-memory copy, if any), write the lookup links and
    # start the compaction, as a build does (the commit waits for it)
    current[0] = "build: load"
    mark = time.perf_counter()
    lookups = [mark]

    def lookups_start(_msg: str) -> None:
        current[0] = "build: lookups"
        lookups[0] = time.perf_counter()

    view = written(writer, lookups_start)
    t["load"] = lookups[0] - mark
    t["lookups"] = time.perf_counter() - lookups[0]
    current[0] = "build: validate"
    mark = time.perf_counter()
    violations = len(validate(view).violations)
    t["validate"] = time.perf_counter() - mark
    quads = len(view)
    current[0] = "build: count"
    mark = time.perf_counter()
    view.count_by_type()
    link_counts(view)
    t["count"] = time.perf_counter() - mark
    current[0] = "build: commit"
    mark = time.perf_counter()
    generation = writer.commit()
    t["commit"] = time.perf_counter() - mark
    t["build"] = time.perf_counter() - start - t["generate"]
    conn.send(
        {
            "n": n,
            "quads": quads,
            "times": t,
            "violations": violations,
            "store_mb": _size_mb(generation),
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )
    conn.send({"done": True})


def _ask(
    conn, root: Path, reps: int, cap: float, skip: set[str], limit_mb: float, mode: str
) -> None:
    """Every named question on the built store, in a process of its own (so that each
    question's peak memory is its own: the process holds only the open store before it)."""
    current = ["questions: open the store"]
    threading.Thread(target=_watchdog, args=(conn, limit_mb, current), daemon=True).start()
    store = PolicyStore.open(root)
    for name, params in examples(mode).items():
        if name in skip:
            continue
        current[0] = name
        _peak_reset()
        before = _rss_mb()
        mark = time.perf_counter()
        rows = len(answered(store, name, params).rows)
        first = time.perf_counter() - mark
        if first > cap:  # too slow to repeat: the one run is the measurement
            timing = {"p50": first, "p95": first, "runs": 1}
        else:
            runs = timed(lambda name=name, params=params: answered(store, name, params), reps)
            timing = {**runs, "runs": reps}
        conn.send(
            {"question": name, "rows": rows, "rss_before_mb": before, "peak_mb": _peak_mb()}
            | timing
        )
    conn.send({"done": True})


def _virtuoso(
    conn,
    root: Path,
    location: Path,
    reps: int,
    cap: float,
    skip: set[str],
    buffers: int,
    mode: str,
) -> None:
    """The same store in a private Virtuoso (``tests/support/virtuoso_server.py``): each named
    graph dumped as N-Triples with a ``.graph`` file naming it, loaded by Virtuoso's bulk
    loader, then every named question asked through the remote store (``--store http://…``)."""
    from tests.support.virtuoso_server import bulk_load, virtuoso_server

    shutil.rmtree(location, ignore_errors=True)
    location.mkdir(parents=True)
    mark = time.perf_counter()
    source = Store.read_only(str((root / CURRENT).resolve()))
    for i, graph in enumerate(source.named_graphs()):
        source.dump(str(location / f"g{i}.nt"), RdfFormat.N_TRIPLES, from_graph=graph)
        (location / f"g{i}.nt.graph").write_text(graph.value, "utf-8")
    del source
    dumped = time.perf_counter() - mark
    with virtuoso_server(location, ready_timeout=300, buffers=buffers) as url:
        mark = time.perf_counter()
        bulk_load(location, "*.nt")
        loaded = time.perf_counter() - mark
        for f in location.glob("g*.nt*"):
            f.unlink()
        conn.send({"dump_s": dumped, "load_s": loaded, "db_mb": _size_mb(location)})
        store = PolicyStore.open(url)
        for name, params in examples(mode).items():
            if name in skip:
                continue
            mark = time.perf_counter()
            rows = len(answered(store, name, params).rows)
            first = time.perf_counter() - mark
            if first > cap:
                timing = {"p50": first, "p95": first, "runs": 1}
            else:
                runs = timed(lambda name=name, params=params: answered(store, name, params), reps)
                timing = {**runs, "runs": reps}
            conn.send({"question": name, "rows": rows} | timing)
    shutil.rmtree(location, ignore_errors=True)
    conn.send({"done": True})


def run_scale(
    sizes: list[int],
    scratch: Path,
    reps: int,
    cap: float = 20.0,
    limit_mb: float = 6000,
    mode: str = "copies",
    virtuoso: tuple[int, ...] = (),
    virtuoso_buffers: int = 340_000,
    keep: Path | None = None,
    reuse: bool = False,
) -> dict:
    """Build and ask at each N, the plans made in ``mode`` (:data:`~.synthetic.MODES`). A
    question slower than ``cap`` seconds is run once at that N and not at the larger ones (its
    growth is already clear and it would dominate the run); a run that needs more than
    ``limit_mb`` of memory is stopped, and the step it was in recorded. At each N of
    ``virtuoso`` the same store is loaded into Virtuoso too and the questions asked there
    (``virtuoso_buffers``: its page cache, 8 KB pages). ``keep``: the folder where each N's store
    is left (``scale-{mode}-{N}``, e.g. for ``tests.support.question_rewrites``), else it is
    removed once measured; with ``reuse``, a store already there is asked, not built again
    (its row in the build table says so)."""
    start = time.perf_counter()
    load(bundled_sources() / PLAN)
    out = {
        "parse_real_plan": time.perf_counter() - start,
        "runs": [],
        "cap_s": cap,
        "limit_mb": limit_mb,
        "mode": mode,
    }
    skip: set[str] = set()
    ctx = multiprocessing.get_context("spawn")  # a fork would inherit the parent's store locks
    for n in sizes:
        root = (keep or scratch) / f"scale-{mode}-{n}"
        run: dict = {"n": n, "questions": {}, "over_memory": None}
        if reuse and (root / CURRENT).exists():
            run["kept"] = {"store_mb": _size_mb(root)}
        else:
            _child(ctx, _build, (n, root, limit_mb, mode), run)
        if not run["over_memory"]:
            _child(ctx, _ask, (root, reps, cap, set(skip), limit_mb, mode), run)
        if n in virtuoso and not run["over_memory"]:
            run["virtuoso"] = {"questions": {}, "over_memory": None}
            where = scratch / f"virtuoso-{mode}-{n}"
            args = (root, where, reps, cap, set(), virtuoso_buffers, mode)
            _child(ctx, _virtuoso, args, run["virtuoso"])
        out["runs"].append(run)
        skip |= {name for name, q in run["questions"].items() if q["p50"] > cap}
        if run["over_memory"]:
            skip.add(run["over_memory"])
        print(f"scale {mode} N={n}: {json.dumps(run)}", flush=True)
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return out


def _child(ctx, target, args: tuple, run: dict) -> None:
    """Run ``target(conn, *args)`` in a fresh process, its messages recorded in ``run``."""
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=target, args=(child, *args))
    proc.start()
    while True:
        try:
            msg = parent.recv()
        except EOFError:
            break
        if "question" in msg:
            run["questions"][msg.pop("question")] = msg
        elif "over_memory" in msg:
            run["over_memory"] = msg["over_memory"]
            break
        elif "done" in msg:
            break
        else:
            run.update(msg)
    proc.join()


def render_scale(result: dict) -> str:
    runs = result["runs"]
    first = runs[0]
    lines = [
        f"## Scale run (synthetic plans, {result.get('mode', 'copies')} mode)",
        "",
        f"Parsing the real plan once (the loader, per text document): "
        f"{result['parse_real_plan']:.1f} s.",
        "",
        "| N | quads | build s (write / load / lookups / validate / count / commit) | "
        "build s per plan | "
        "generate s | store MB | MB per plan | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        if "kept" in r:
            lines.append(
                f"| {r['n']} | a kept store, built by an earlier run | | | | "
                f"{r['kept']['store_mb']:.0f} | {r['kept']['store_mb'] / r['n']:.1f} | |"
            )
            continue
        if "times" not in r:
            lines.append(
                f"| {r['n']} | stopped over {result['limit_mb']:.0f} MB in "
                f"{r['over_memory']} | | | | | | |"
            )
            continue
        t = r["times"]
        peak = f"{r['maxrss_mb']:.0f}" if "maxrss_mb" in r else f"> {result['limit_mb']:.0f}"
        lines.append(
            f"| {r['n']} | {r['quads']:,} | {t['build']:.1f} ({t['write']:.1f} / "
            f"{t['load']:.1f} / {t['lookups']:.1f} / {t['validate']:.1f} / {t['count']:.1f} / "
            f"{t['commit']:.1f}) | "
            f"{t['build'] / r['n']:.2f} | {t['generate']:.1f} | {r['store_mb']:.0f} | "
            f"{r['store_mb'] / r['n']:.1f} | {peak} |"
        )
    lines += [
        "",
        "Named questions, p50 ms (rows), each in a process of its own with the store open; "
        "peak MB: the most that process held while asking the question (at any N):",
        "",
        "| question | "
        + " | ".join(f"N={r['n']}" for r in runs)
        + f" | largest N / N={first['n']} | per answer row | peak MB |",
        "|---|" + "---|" * (len(runs) + 3),
    ]
    for name in first["questions"]:
        cells = []
        for r in runs:
            q = r["questions"].get(name)
            if q is None:
                cells.append(
                    f"stopped: over {result['limit_mb']:.0f} MB"
                    if r.get("over_memory") == name
                    else "not run"
                )
            else:
                cells.append(f"{ms(q['p50'])} ({q['rows']}){' once' if q['runs'] == 1 else ''}")
        last = next(r for r in reversed(runs) if name in r["questions"])
        a, b = first["questions"][name], last["questions"][name]
        growth = b["p50"] / a["p50"]
        per_row = growth * max(a["rows"], 1) / max(b["rows"], 1)
        peak = max(r["questions"][name].get("peak_mb", 0) for r in runs if name in r["questions"])
        lines.append(
            f"| {name} | "
            + " | ".join(cells)
            + f" | {growth:.1f}× at N={last['n']} | {per_row:.1f}× | {peak:.0f} |"
        )
    for r in runs:
        v = r.get("virtuoso")
        if not v or "load_s" not in v:
            continue
        lines += [
            "",
            f"The same store at N={r['n']} in Virtuoso (dump {v['dump_s']:.0f} s, bulk load "
            f"{v['load_s']:.0f} s, database {v['db_mb']:.0f} MB), p50 ms (rows):",
            "",
            "| question | pyoxigraph | Virtuoso | Virtuoso / pyoxigraph |",
            "|---|---|---|---|",
        ]
        for name, q in v["questions"].items():
            own = r["questions"].get(name)
            mine = f"{ms(own['p50'])} ({own['rows']})" if own else "not run"
            ratio = f"{q['p50'] / own['p50']:.2f}×" if own else "–"
            lines.append(f"| {name} | {mine} | {ms(q['p50'])} ({q['rows']}) | {ratio} |")
    return "\n".join(lines)

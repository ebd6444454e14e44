"""How fast an answer page renders: ``python3 -m benchmarks.answers`` (see docs/answers.md).

    python3 -m benchmarks.answers                     # builds the bundled corpus first
    python3 -m benchmarks.answers --store DIR         # an existing build
    python3 -m benchmarks.answers --rounds 5 --reps 10

Each round starts a fresh ``policykg serve`` on the store (it reads the line index, the findings
and its templates as it starts; no question has run), opens its list of questions (``/answers``,
which runs none: the tab, styles and fonts a person's browser already has) and goes to the first
answer page, ``/answers/budgets-for-agenda?agenda=20&scheme=2022&year=2024``, in headless
Chromium (Debian's ``/usr/bin/chromium`` through Playwright), reading the browser's navigation
timing: the server's answer (first byte), the document parsed, *rendered* (parsed and, where the
browser reports its first paint, painted: the page as a person first sees it — the target is read
on this one), and the page loaded (every font piece and style in). The reference, measured in
the same round on a second fresh server: ``GET /api/questions/budgets-for-agenda`` with the same
parameters (the question the page answers, as JSON). Then every answer page once more and
``--reps`` times warm. The target: the first page rendered in under 1 s; ratios are given against
it and against the reference.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from tests.support.browser import ARGS, CHROMIUM
from tests.support.sparql_server import running

FIRST = "/answers/budgets-for-agenda?agenda=20&scheme=2022&year=2024"
REFERENCE = "/api/questions/budgets-for-agenda?agenda=20&scheme=2022&year=2024"
PAGES = [
    FIRST,
    "/answers/budget-cut?program=3231&cut=0.3&year=2024",
    "/answers/tasks-by-cooperation?a1=MOTIE&a2=ME&a3=none&successors=no",
    "/answers/agenda-coverage?task=30&scheme=2025",
    "/answers/task-budget?task=I-2-1",
    "/answers/program-uses?program=3231&year=2024",
    "/answers/law-timeline?law=석유화학 특별법",
    "/answers/documents-mentioning?entity=대외무역법",
]
TARGET = 1.0  # seconds: the first answer page, loaded

_TIMING = """() => { const n = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const parsed = n.domContentLoadedEventEnd / 1000;
  const painted = paint ? paint.startTime / 1000 : parsed;
  return {server: n.responseStart / 1000, painted, parsed,
          rendered: Math.max(parsed, painted), loaded: n.loadEventEnd / 1000}; }"""


def _ready(base: str) -> None:
    """Wait until the server answers a page that opens nothing of the store."""
    with urllib.request.urlopen(base + "/answers", timeout=60) as res:
        res.read()


def _load(page, url: str) -> dict[str, float]:
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page.evaluate(_TIMING)


def _fetch(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as res:
        res.read()
    return time.perf_counter() - start


def run(store: Path, rounds: int, reps: int) -> dict:
    from playwright.sync_api import sync_playwright

    firsts, references, warm = [], [], {p: [] for p in PAGES}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for _ in range(rounds):
            with running(store, "--workers", "1") as base:
                _ready(base)
                page = browser.new_page()
                _load(page, base + "/answers")  # the list of questions: a tab open on the server
                firsts.append(_load(page, base + FIRST))
                for url in PAGES:
                    _load(page, base + url)  # each page once (its own first queries)
                for url in PAGES:
                    warm[url] += [_load(page, base + url)["rendered"] for _ in range(reps)]
                page.close()
            with running(store, "--workers", "1") as base:
                _ready(base)
                references.append(_fetch(base + REFERENCE))
        browser.close()
    keys = ("server", "painted", "parsed", "rendered", "loaded")
    first = {k: statistics.median(f[k] for f in firsts) for k in keys}
    reference = statistics.median(references)
    return {
        "rounds": rounds,
        "reps": reps,
        "first": first,
        "first_all": firsts,
        "reference": reference,
        "vs_target": first["rendered"] / TARGET,
        "loaded_vs_target": first["loaded"] / TARGET,
        "vs_reference": first["rendered"] / reference,
        "warm": {url: statistics.median(v) for url, v in warm.items()},
    }


def render(r: dict) -> str:
    f = r["first"]
    each = ", ".join(f"{x['rendered'] * 1000:.0f}" for x in r["first_all"])
    lines = [
        f"first answer page, fresh server (median of {r['rounds']} rounds):",
        f"  server answered   {f['server'] * 1000:7.0f} ms",
        f"  document parsed   {f['parsed'] * 1000:7.0f} ms",
        f"  rendered          {f['rendered'] * 1000:7.0f} ms"
        f"   = {r['vs_target']:.2f} x the 1 s target (the whole document parsed and painted)",
        f"  page loaded       {f['loaded'] * 1000:7.0f} ms   = {r['loaded_vs_target']:.2f} x 1 s"
        " (every font piece and style in)",
        f"  reference (the question as JSON, fresh server) {r['reference'] * 1000:.0f} ms;"
        f" page / reference = {r['vs_reference']:.2f}",
        f"  rendered, every round: {each} ms",
        f"warm pages, rendered (median of {r['reps']}):",
    ]
    lines += [f"  {v * 1000:7.0f} ms  {url}" for url, v in r["warm"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python3 -m benchmarks.answers", description=__doc__.split("\n")[0]
    )
    p.add_argument("--store", type=Path, help="a built store (default: build the bundled corpus)")
    p.add_argument(
        "--rounds", type=int, default=3, help="fresh servers, each loading the first page"
    )
    p.add_argument("--reps", type=int, default=5, help="warm loads of each page per round")
    p.add_argument("--json", type=Path, help="also write the numbers here")
    args = p.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"needs {CHROMIUM} (Debian's chromium)", file=sys.stderr)
        return 2
    with ExitStack() as stack:
        store = args.store
        if store is None:
            from policykg.build.pipeline import build, bundled_sources

            store = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "store"
            build(bundled_sources(), store)
        result = run(store, args.rounds, args.reps)
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), "utf-8")
    return 0 if result["vs_target"] < 1 else 1


if __name__ == "__main__":
    sys.exit(main())

"""How ``policykg build`` scales with the length of one document.

    python3 -m benchmarks.parse_scale              # the regional brief at 5, 10, 20, 50 MB
    python3 -m benchmarks.parse_scale --sizes 1,2,4 --document moti-2025-12-work-report

One document of the bundled corpus (default the regional brief) is repeated until it is about
each size, and built alone into a fresh on-disk store by the real command in a child process:
its wall time, its peak memory (the child's maximum resident set), and the seconds per MB as a
ratio to the smallest size's, measured in the same run. Parse time linear in the text keeps the
ratio near 1; a quadratic step makes it grow with the size (before the outline look-ups were made
linear, the brief's ratio was 1.5 at 10 MB, 1.9 at 20 MB and 5.1 at 50 MB, against 1 MB).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policykg.build.pipeline import bundled_sources


def long_copy(document: Path, megabytes: float, folder: Path) -> Path:
    """``document`` repeated to about ``megabytes`` MB, under its own name in ``folder``."""
    text = document.read_text("utf-8")
    copies = max(1, round(megabytes * 1e6 / len(text.encode("utf-8"))))
    folder.mkdir(parents=True)
    path = folder / document.name
    path.write_text(text * copies, "utf-8")
    return path


def timed_build(sources: Path, store: Path) -> dict:
    """Build ``sources`` into ``store`` in a child process: seconds, peak MB, triples."""
    command = [sys.executable, "-m", "policykg.cli.main", "--store", str(store), "build"]
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*command, "--sources", str(sources)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {sources} failed:\n{out[-2000:]}")
    triples = sum(int(n) for n in re.findall(r"^  \S+: (\d+)$", out.split("entities")[0], re.M))
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "triples": triples}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="5,10,20,50", help="MB, comma-separated")
    p.add_argument("--document", default="geri-2021-03-gumi-issue-focus-49")
    args = p.parse_args(argv)
    document = bundled_sources() / f"{args.document}.txt"
    sizes = [float(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="policykg-parse-scale-") as scratch:
        for size in sizes:
            folder = Path(scratch) / f"{size:g}MB"
            path = long_copy(document, size, folder / "sources")
            mb = path.stat().st_size / 1e6
            result = timed_build(folder / "sources", folder / "store")
            rows.append({"mb": mb, **result})
            print(f"{mb:.1f} MB: {result['seconds']:.1f} s", file=sys.stderr, flush=True)
    base = rows[0]["seconds"] / rows[0]["mb"]
    print(f"policykg build of {document.name} repeated (python3 -m benchmarks.parse_scale)")
    print(f"{'MB':>6} {'triples':>10} {'s':>8} {'s/MB':>6} {'ratio':>6} {'peak MB':>8}")
    for r in rows:
        per_mb = r["seconds"] / r["mb"]
        print(
            f"{r['mb']:6.1f} {r['triples']:10d} {r['seconds']:8.1f} {per_mb:6.2f} "
            f"{per_mb / base:6.2f} {r['peak_mb']:8.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

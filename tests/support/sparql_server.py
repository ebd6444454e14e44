"""Start a real ``policykg serve`` (uvicorn) on 127.0.0.1 and a free port, for HTTP-level tests."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from pyoxigraph import Quad

from policykg.store.writers import StoreWriter
from tests.support.processes import free_port, stop


def scratch_store(root: Path, quads: list[Quad] = ()) -> Path:
    """A store directory in the ``current -> gen-*`` layout holding ``quads``."""
    writer = StoreWriter(root)
    writer.store.bulk_extend(list(quads))
    writer.commit()
    return root


@contextmanager
def running(store: Path, *options: str, ready_timeout: float = 60.0) -> Iterator[str]:
    """The base URL of a server on ``store``; the server is stopped on exit.

    Its output goes to a temporary file (a pipe nobody reads would block a chatty server) and
    is shown if the server does not start.
    """
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "policykg.cli.main",
        "--store",
        str(store),
        "serve",
        "--port",
        str(port),
        *options,
    ]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + ready_timeout
            while True:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        f"server did not start on {base}:\n{log.read().decode(errors='replace')}"
                    )
                try:
                    if httpx.get(f"{base}/sparql", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
            yield base
        finally:
            stop(proc)

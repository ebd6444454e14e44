"""Start a real ``policykg serve`` (uvicorn) on 127.0.0.1 and a free port, for HTTP-level tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
from pyoxigraph import Quad

from policykg.store import StoreWriter


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_store(root: Path, quads: list[Quad] = ()) -> Path:
    """A store directory in the ``current -> gen-*`` layout holding ``quads``."""
    writer = StoreWriter(root)
    writer.store.bulk_extend(list(quads))
    writer.commit()
    return root


@contextmanager
def running(store: Path, *options: str, ready_timeout: float = 60.0) -> Iterator[str]:
    """The base URL of a server on ``store``; the server is stopped on exit."""
    port = free_port()
    cmd = [sys.executable, "-m", "policykg.cli.main", "--store", str(store), "serve",
           "--port", str(port), *options]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stdout.read().decode(errors='replace')}")
            try:
                if httpx.get(f"{base}/sparql", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

"""Start ``oxigraph serve`` (PyPI ``oxigraph``) on 127.0.0.1 for tests that use a remote store.

``POLICYKG_TEST_STORE=oxigraph python3 -m pytest tests`` builds the corpus into such a server and
every store-dependent test runs against it (see ``tests/conftest.py``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.processes import free_port, stop, wait_until_answers

TEST_STORE_ENV = "POLICYKG_TEST_STORE"


@contextmanager
def oxigraph_server(location: Path, ready_timeout: float = 30.0) -> Iterator[str]:
    """The base URL (``/query``, ``/update``, ``/store``) of a server on ``location``."""
    binary = shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    with open(location.parent / f"{location.name}.log", "wb") as log:
        proc = subprocess.Popen(
            [
                binary,
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answers(
                proc, f"{base}/query?query=ASK%7B%7D", "oxigraph serve", ready_timeout
            )
            yield base
        finally:
            stop(proc)

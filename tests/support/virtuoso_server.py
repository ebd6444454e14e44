"""Start a private, throwaway Virtuoso (Debian ``virtuoso-opensource``) for tests of a remote store.

``POLICYKG_TEST_STORE=virtuoso python3 -m pytest tests -m uses_store`` builds the corpus into such a
server and every store-dependent test runs against it (see ``tests/conftest.py``).

The instance is a plain child process (``virtuoso-t +foreground``), not the system service: its
database, log and ``virtuoso.ini`` live in a temporary directory, it listens on two free loopback
ports (SQL for ``isql-vt``, HTTP for ``/sparql``), and the ``SPARQL`` user (the anonymous
``/sparql`` endpoint) is granted ``SPARQL_UPDATE`` so that a build can write through it. Never do
that on a shared server.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.processes import free_port, stop, wait_until_answers

INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 0
NumberOfBuffers    = 20000
MaxDirtyBuffers    = 15000
DirsAllowed        = .

[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = {db}
ServerThreads = 4
Charset       = UTF-8

[SPARQL]
; the packaged default of 10,000 rows would cut `policykg export` and the tests' full reads short
ResultSetMaxRows           = 10000000
MaxQueryExecutionTime      = 0
MaxQueryCostEstimationTime = 0
"""


# What Virtuoso 7.2 (Debian 7.2.5) answers differently from the SPARQL 1.1 specification, and the
# tests that meet it. Each reason names the server's limitation; docs/performance.md lists them.
NESTED_EXISTS = (
    "Virtuoso 7.2 cannot compile a query with a value bound by VALUES used in a FILTER EXISTS "
    "nested in a FILTER EXISTS: SP031 'Internal error: sparp_find_origin_of_external_var()' "
    "(the same query with the values written in compiles; named questions are sent so)"
)
LIMITS = {
    "test_remote_store.py::test_bindings_in_union_branches_answer_as_substitution_does": (
        NESTED_EXISTS
    ),
}  # by test file name and test name


def mark_limits(items) -> None:
    """Mark the tests that meet a Virtuoso limitation as expected failures, naming it."""
    for item in items:
        reason = LIMITS.get(item.nodeid.rsplit("/", 1)[-1])
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=False))


def _isql(sql_port: int, statement: str) -> None:
    """Run one SQL statement as ``dba`` (password ``dba``, a fresh database's default)."""
    done = subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql-vt {statement!r} failed: {done.stdout}{done.stderr}")


@contextmanager
def virtuoso_server(location: Path, ready_timeout: float = 60.0) -> Iterator[str]:
    """The ``/sparql`` URL (queries and updates alike) of a new Virtuoso keeping its files in
    ``location``."""
    binary = shutil.which("virtuoso-t")
    if binary is None or shutil.which("isql-vt") is None:
        raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    location.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = location / "virtuoso.ini"
    ini.write_text(INI.format(db=location, sql_port=sql_port, http_port=http_port), "utf-8")
    with open(location / "server.out", "wb") as log:
        proc = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=location,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{http_port}/sparql"
        try:
            wait_until_answers(
                proc,
                f"{url}?query=ASK%7B%7D",
                f"Virtuoso (see {location})",
                ready_timeout,
                poll=0.2,
            )
            _isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
            yield url
        finally:
            stop(proc)

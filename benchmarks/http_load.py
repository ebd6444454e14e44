"""What the HTTP benchmarks share: the servers under test, a lean client, and wrk.

* :func:`policykg_server` and :func:`oxigraph_server` start ``policykg serve`` and ``oxigraph
  serve`` (PyPI ``oxigraph``) on free loopback ports; Oxigraph gets the store's N-Quads dump, loaded
  into a scratch directory, and serves the union of its graphs as the default graph, as policykg
  does.
* :class:`Connection` is one keep-alive HTTP/1.1 connection written with plain sockets: a request
  costs the client a few microseconds, so latency measures the server, not the client library.
* :func:`wrk` runs ``wrk`` (Debian's ``wrk`` package) with a Lua script that POSTs one query and
  counts the answers by status; it reports requests per second, p50/p99 latency and the statuses.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from pyoxigraph import RdfFormat, Store

from policykg.store.generations import CURRENT

_LUA = r"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/sparql-results+json"
wrk.body = os.getenv("WRK_BODY")
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do counts[tostring(k)] = (counts[tostring(k)] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(counts) do table.insert(parts, string.format('"%s": %d', k, v)) end
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %f, "p50_us": %d, "p99_us": %d, "socket_errors": %d, '
    .. '"statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ", ")))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {' '.join(map(str, proc.args))}")
        try:
            with Connection(url) as c:
                if c.query("ASK {}")[0] == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not start")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def policykg_server(store: Path, *options: str) -> Iterator[str]:
    """``policykg serve`` on ``store``; yields its ``/sparql`` URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "policykg.cli.main", "--store", str(store), "serve"]
    cmd += ["--port", str(port), *options]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        _wait(url, proc)
        yield url
    finally:
        _stop(proc)


@contextmanager
def oxigraph_server(store: Path) -> Iterator[str]:
    """``oxigraph serve`` over the same data as ``store``; yields its ``/query`` URL."""
    scratch = Path(tempfile.mkdtemp(prefix="oxigraph-bench-"))
    proc = None
    try:
        dump = scratch / "data.nq"
        Store.read_only(str((store / CURRENT).resolve())).dump(str(dump), format=RdfFormat.N_QUADS)
        location = scratch / "db"
        subprocess.run(
            ["oxigraph", "load", "--location", str(location), "--file", str(dump)],
            check=True,
            capture_output=True,
        )
        port = free_port()
        proc = subprocess.Popen(
            [
                "oxigraph",
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/query"
        _wait(url, proc)
        yield url
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(scratch, ignore_errors=True)


def form_body(text: str) -> bytes:
    """A SPARQL query as the body of a form post (``query=...``)."""
    return urlencode({"query": text}).encode()


class Connection:
    """One keep-alive HTTP/1.1 connection to ``url``, from ``source`` (a loopback address)."""

    def __init__(
        self,
        url: str,
        source: str = "127.0.0.1",
        headers: dict | None = None,
        reconnect: bool = True,
    ) -> None:
        parts = urlsplit(url)
        self.path = (parts.path or "/").encode()
        self.host = parts.netloc.encode()
        self.address = (parts.hostname, parts.port)
        self.source = source
        self.reconnect = reconnect
        self.sock = self._connect()
        self.extra = b"".join(f"{k}: {v}\r\n".encode() for k, v in (headers or {}).items())

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(self.address, source_address=(self.source, 0))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc) -> None:
        self.sock.close()

    def request(self, method: bytes, path: bytes, body: bytes = b"", ctype: bytes = b"") -> tuple:
        """``(status, body)``; a connection the server closed while idle is opened again."""
        try:
            return self._exchange(method, path, body, ctype)
        except (ConnectionError, BrokenPipeError):
            if not self.reconnect:
                raise
            self.sock.close()
            self.sock = self._connect()
            return self._exchange(method, path, body, ctype)

    def _exchange(self, method: bytes, path: bytes, body: bytes, ctype: bytes) -> tuple:
        head = [method, b" ", path, b" HTTP/1.1\r\nHost: ", self.host, b"\r\n", self.extra]
        head.append(b"Accept: application/sparql-results+json\r\n")
        if method == b"POST":
            head += [b"Content-Type: ", ctype, b"\r\nContent-Length: ", str(len(body)).encode()]
            head.append(b"\r\n")
        self.sock.sendall(b"".join([*head, b"\r\n", body]))
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            buf += chunk
        head_bytes, _, rest = buf.partition(b"\r\n\r\n")
        lines = head_bytes.split(b"\r\n")
        fields = {
            k.strip().lower(): v.strip() for k, _, v in (x.partition(b":") for x in lines[1:])
        }
        if b"content-length" in fields:
            size = int(fields[b"content-length"])
            while len(rest) < size:
                rest += self.sock.recv(65536)
            return int(lines[0].split()[1]), rest
        body, rest = [], bytearray(rest)  # chunked
        while True:
            while b"\r\n" not in rest:
                rest += self.sock.recv(65536)
            line, _, tail = bytes(rest).partition(b"\r\n")
            size = int(line.split(b";")[0], 16)
            while len(tail) < size + 2:
                tail += self.sock.recv(65536)
            body.append(tail[:size])
            rest = bytearray(tail[size + 2 :])
            if size == 0:
                return int(lines[0].split()[1]), b"".join(body)

    def query(self, text: str) -> tuple[int, bytes]:
        return self.post_form(form_body(text))

    def post_form(self, body: bytes) -> tuple[int, bytes]:
        """A query already encoded (:func:`form_body`), so that its encoding is not timed."""
        return self.request(b"POST", self.path, body, b"application/x-www-form-urlencoded")

    def get(self, path_and_query: str) -> tuple[int, bytes]:
        return self.request(b"GET", path_and_query.encode())


def wrk(url: str, query: str, *, concurrency: int, seconds: float, threads: int = 2) -> dict:
    """``wrk`` POSTing ``query`` to ``url``: requests/s, p50/p99 (ms), statuses, errors."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (Debian: apt install wrk)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_LUA)
    try:
        done = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{round(seconds)}s", "-s", f.name, url],
            env={**os.environ, "WRK_BODY": urlencode({"query": query})},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(f.name)
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRK "))
    out = json.loads(line[4:])
    return {
        "requests": out["requests"],
        "rps": out["requests"] / out["seconds"],
        "p50_ms": out["p50_us"] / 1000,
        "p99_ms": out["p99_us"] / 1000,
        "statuses": {int(k): v for k, v in out["statuses"].items()},
        "errors": out["socket_errors"] + sum(v for k, v in out["statuses"].items() if k != "200"),
    }

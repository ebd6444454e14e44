"""Query evaluation isolated in worker processes that can be killed at the time limit.

pyoxigraph cannot cancel a running query, so a time limit that really stops the work has to stop
the process doing it. The :class:`Sandbox` keeps a small pool of reader processes (each with the
store open read-only) or, when updates are enabled, a single writer process that answers reads and
writes alike (RocksDB cannot be read safely by other processes while it is being written). A
request waits for an idle worker, runs there, and if it overruns the limit the worker is killed
and a fresh one is started in the background while the other workers keep answering. Each worker
follows the store's ``current`` link itself, so a rebuild needs no restart.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import worker
from .errors import ApiError

_START_TIMEOUT = 60.0


def _context():
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["policykg.api.worker"])
    return ctx


class Worker:
    """One child process and the pipe to it."""

    def __init__(self, ctx, location: Path | str, writable: bool) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=worker.run,
            args=(child, str(location), writable),
            daemon=True,
            name="policykg-writer" if writable else "policykg-reader",
        )
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        try:
            reply = self.conn.recv() if self.conn.poll(_START_TIMEOUT) else None
        except EOFError:
            reply = None
        if reply is None:
            self.kill()
            raise ApiError(500, "worker-crashed", "a query worker did not start")
        if not reply.get("ready"):
            self.kill()
            raise ApiError(reply["status"], reply["code"], reply["message"])

    def call(self, request: dict, timeout: float) -> dict | None:
        """The reply, or ``None`` when the time limit passed first."""
        self.conn.send(request)
        if not self.conn.poll(timeout):
            return None
        return self.conn.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class Sandbox:
    """A pool of query workers over one store."""

    def __init__(
        self, store: Path | str, *, workers: int, timeout: float, writable: bool = False
    ) -> None:
        self.store = store
        self.size = 1 if writable else workers
        self.timeout = timeout
        self.writable = writable
        self._ctx = _context()
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._executor = ThreadPoolExecutor(
            max_workers=workers + 4, thread_name_prefix="policykg-sandbox"
        )
        self._replacing: set[asyncio.Future] = set()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        started = await asyncio.gather(
            *(loop.run_in_executor(self._executor, self._spawn) for _ in range(self.size))
        )
        for w in started:
            self._idle.put_nowait(w)

    def _spawn(self) -> Worker:
        w = Worker(self._ctx, self.store, self.writable)
        w.wait_ready()
        return w

    async def run(self, request: dict) -> dict:
        """Evaluate a request in an idle worker, within the time limit."""
        try:
            w = await asyncio.wait_for(self._idle.get(), self.timeout)
        except asyncio.TimeoutError:
            raise ApiError(
                503, "busy", "every query worker is busy; try again shortly", {"Retry-After": "1"}
            ) from None
        loop = asyncio.get_running_loop()
        call = loop.run_in_executor(self._executor, self._call, w, request)
        try:
            reply = await asyncio.shield(call)
        except asyncio.CancelledError:  # the client left: settle the worker when it is done
            call.add_done_callback(lambda f: self._settle(w, f.result()))
            raise
        if not self._settle(w, reply):
            raise self._failure(reply)
        assert reply is not None  # the worker answered (_settle)
        return reply

    async def write(self, request: dict) -> dict:
        """Run a write (only a writable sandbox has the writer)."""
        if not self.writable:
            raise ApiError(403, "read-only", "this server is read-only")
        return await self.run(request)

    def _call(self, w: Worker, request: dict) -> dict | None:
        try:
            return w.call(request, self.timeout)
        except (EOFError, OSError):
            return {
                "status": 500,
                "code": "worker-crashed",
                "message": "the query worker stopped unexpectedly (out of memory?)",
            }

    def _settle(self, w: Worker, reply: dict | None) -> bool:
        """Back to the pool if it answered; otherwise killed and replaced. True if it answered."""
        if reply is not None and reply.get("code") != "worker-crashed":
            self._idle.put_nowait(w)
            return True
        self._replace(w)
        return False

    def _respawn(self, dead: Worker) -> Worker:
        dead.kill()
        attempts = 3  # the store lock of a killed writer may take a moment to be released
        while True:
            try:
                return self._spawn()
            except ApiError:
                attempts -= 1
                if not attempts:
                    raise
                time.sleep(0.5)

    def _replace(self, dead: Worker) -> None:
        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(self._executor, self._respawn, dead)
        self._replacing.add(fut)

        def done(f: asyncio.Future) -> None:
            self._replacing.discard(f)
            if not f.cancelled() and f.exception() is None:
                self._idle.put_nowait(f.result())

        fut.add_done_callback(done)

    def _failure(self, reply: dict | None) -> ApiError:
        if reply is not None:
            return ApiError(reply["status"], reply["code"], reply["message"])
        return ApiError(
            503,
            "timeout",
            f"the query was stopped at the time limit of "
            f"{self.timeout:g} s; narrow it down or add a LIMIT",
        )

    async def close(self) -> None:
        await asyncio.gather(*self._replacing, return_exceptions=True)
        workers = []
        while not self._idle.empty():
            workers.append(self._idle.get_nowait())
        for w in workers:
            w.kill()
        self._executor.shutdown(wait=False)

"""Queries in worker processes that are killed at the time limit, shared fairly among clients.

pyoxigraph cannot cancel a running query, so a time limit that really stops the work has to stop
the process doing it. The :class:`Sandbox` keeps a small pool of reader processes (each with the
store open read-only) or, when updates are enabled, a single writer process that answers reads and
writes alike (RocksDB cannot be read safely by other processes while it is being written). A
request runs in a worker; if it overruns the limit the worker is killed and a fresh one is started
in the background while the other workers keep answering. Each worker follows the store's
``current`` link itself, so a rebuild needs no restart.

The hand-off costs the event loop almost nothing: a request is one pickled dict written to the
worker's socket, and the reply (the answer already serialised by the worker) is read by a callback
when the socket becomes readable; the time limit is a timer. Nothing blocks the loop.

**Fair sharing.** Requests are told apart by client (:func:`client_key`: the address, and the bearer
token when one is given). A client runs at most ``client_queries`` queries at once while other
clients are waiting; beyond that its requests queue (at most ``client_queue`` of them, then ``503
busy`` with ``Retry-After``), and a request that waits longer than the time limit gets the same.
A worker that falls free goes to a waiting client under its share, else (a client alone may use
every worker) to one over it; among them, the one that used the workers least (the time its
queries ran and run, decaying with a half-life of :data:`USAGE_HALF_LIFE`). When a client within
its share is kept waiting by another client's queries beyond that client's share which have run
:data:`BORROW_GRACE` or longer, the youngest of them is stopped (``503 busy``, ``Retry-After``)
and its worker replaced: one client cannot hold every worker against others. A query that has
run :data:`SLOW_AFTER` continues at a lower CPU priority (:data:`SLOW_NICE`), so quick queries
keep the processors.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import socket
import struct
import time
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from . import worker
from .errors import ApiError

USAGE_HALF_LIFE = 3.0
BORROW_GRACE = 1.0
BORROW_MARGIN = 1.25
SLOW_AFTER = 1.0
SLOW_NICE = 10
_USAGE_KEPT = 1024
_START_TIMEOUT = 60.0
_LOG = logging.getLogger("policykg.api")


def _context():
    ctx = multiprocessing.get_context("forkserver")
    # the main module too: a worker process imports it again before it starts (multiprocessing
    # prepares its children so), from this process at once rather than each time from disk
    ctx.set_forkserver_preload(["__main__", "policykg.api.worker"])
    return ctx


def client_key(address: str | None, authorization: str | None) -> Hashable:
    """Who a request comes from, for fair sharing: its address, and its bearer token if any."""
    scheme, _, token = (authorization or "").partition(" ")
    return (address, token.strip() if scheme.lower() == "bearer" else None)


def _restore(w: Worker) -> bool:
    """Give a lowered worker its priority back (the server's own); False if not allowed."""
    try:
        os.setpriority(os.PRIO_PROCESS, w.process.pid or 0, os.getpriority(os.PRIO_PROCESS, 0))
    except OSError:
        return False
    w.lowered = False
    return True


def busy(message: str) -> ApiError:
    return ApiError(503, "busy", message, {"Retry-After": "1"})


def _frame(data: bytes) -> bytes:
    """``data`` framed as :class:`multiprocessing.connection.Connection` frames it."""
    n = len(data)
    if n > 0x7FFFFFFF:
        return struct.pack("!iQ", -1, n) + data
    return struct.pack("!i", n) + data


@dataclass
class Job:
    """A request running in a worker."""

    future: asyncio.Future
    client: Hashable
    started: float
    timer: asyncio.TimerHandle
    gone: Callable[[], Awaitable] | None = None  # resolves when the client has gone
    watcher: asyncio.Task | None = None


@dataclass(eq=False)
class Worker:
    """One child process and the socket to it."""

    process: multiprocessing.process.BaseProcess
    conn: Connection  # until the worker is ready; then ``sock``
    sock: socket.socket | None = None
    job: Job | None = None
    buffer: bytearray = field(default_factory=bytearray)
    lowered: bool = False  # running at a lower CPU priority (see Sandbox._watch)

    @classmethod
    def start(cls, ctx, location: Path | str, writable: bool) -> Worker:
        parent, child = ctx.Pipe()
        process = ctx.Process(
            target=worker.run,
            args=(child, str(location), writable),
            daemon=True,
            name="policykg-writer" if writable else "policykg-reader",
        )
        process.start()
        child.close()
        return cls(process, parent)

    def wait_ready(self) -> None:
        """Block until the worker has opened the store (run in a thread)."""
        conn = self.conn
        try:
            reply = conn.recv() if conn.poll(_START_TIMEOUT) else None
        except EOFError:
            reply = None
        if reply is None:
            self.kill()
            raise ApiError(500, "worker-crashed", "a query worker did not start")
        if not reply.get("ready"):
            self.kill()
            raise ApiError(reply["status"], reply["code"], reply["message"])
        self.sock = socket.socket(fileno=os.dup(conn.fileno()))
        self.sock.setblocking(False)
        conn.close()

    def frames(self) -> list[bytes]:
        """The complete frames received so far, taken out of the buffer."""
        out = []
        buf = self.buffer
        while len(buf) >= 4:
            (size,) = struct.unpack_from("!i", buf)
            start = 4
            if size == -1:
                if len(buf) < 12:
                    break
                (size,) = struct.unpack_from("!Q", buf, 4)
                start = 12
            if len(buf) < start + size:
                break
            out.append(bytes(buf[start : start + size]))
            del buf[: start + size]
        return out

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        if self.sock is not None:
            self.sock.close()
        else:
            self.conn.close()


class Sandbox:
    """A pool of query workers over one store, shared fairly among clients."""

    def __init__(
        self,
        store: Path | str,
        *,
        workers: int,
        timeout: float,
        writable: bool = False,
        client_queries: int | None = None,
        client_queue: int = 64,
    ) -> None:
        self.store = store
        self.size = 1 if writable else workers
        self.timeout = timeout
        self.writable = writable
        self.share = client_queries or max(1, self.size // 2)
        self.queue = client_queue
        self._ctx = _context()
        self._executor = ThreadPoolExecutor(
            max_workers=self.size + 3, thread_name_prefix="policykg-sandbox"
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: deque[Worker] = deque()
        self._busy: set[Worker] = set()
        self._replacing: set[asyncio.Future] = set()
        self._running: dict[Hashable, int] = {}
        self._waiting: dict[Hashable, deque[asyncio.Future]] = {}
        self._usage: dict[Hashable, tuple[float, float]] = {}  # client -> (seconds, as of)
        self._checks: dict[Hashable, asyncio.TimerHandle] = {}
        self._closed = False
        self._watching: asyncio.TimerHandle | None = None
        self._spare: Worker | None = None  # started and ready, to replace a stopped worker

    # -- the pool ------------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._watching = self._loop.call_later(SLOW_AFTER / 2, self._watch)
        started = await asyncio.gather(
            *(self._loop.run_in_executor(self._executor, self._spawn) for _ in range(self.size))
        )
        for w in started:
            self._enlist(w)
            self._release(w)
        self._restock()

    def _spawn(self) -> Worker:
        w = Worker.start(self._ctx, self.store, self.writable)
        w.wait_ready()
        return w

    def _respawn(self) -> Worker:
        attempts = 3  # the store lock of a killed writer may take a moment to be released
        while True:
            try:
                return self._spawn()
            except ApiError:
                attempts -= 1
                if not attempts:
                    raise
                time.sleep(0.5)

    def _enlist(self, w: Worker) -> None:
        assert self._loop is not None and w.sock is not None  # started, and the worker is ready
        self._loop.add_reader(w.sock.fileno(), self._readable, w)

    def _retire(self, w: Worker) -> None:
        """Stop a worker and start another in its place."""
        assert self._loop is not None  # started
        self._busy.discard(w)
        if w in self._idle:
            self._idle.remove(w)
        if w.sock is not None:
            self._loop.remove_reader(w.sock.fileno())
        if self._closed:
            w.kill()
            return
        w.process.kill()
        self._loop.run_in_executor(self._executor, w.kill)  # reaped while the pool goes on
        if self._spare is not None:  # ready at once; another spare is started behind it
            fresh, self._spare = self._spare, None
            self._join(fresh)
            self._restock()
            return
        self._replace(self._join)

    def _join(self, fresh: Worker) -> None:
        """A ready worker joins the pool."""
        self._enlist(fresh)
        self._release(fresh)

    def _restock(self) -> None:
        """Start the spare worker (readers only: a writer has the store to itself)."""
        if not self.writable and self._spare is None and not self._closed:
            self._replace(self._keep_spare)

    def _keep_spare(self, fresh: Worker) -> None:
        if self._spare is None:
            self._spare = fresh
        else:  # a spare was made meanwhile: this one joins the pool
            self._join(fresh)

    def _replace(self, then) -> None:
        """Start a worker in the background and hand it to ``then`` when it is ready."""
        assert self._loop is not None  # started
        fut = self._loop.run_in_executor(self._executor, self._respawn)
        self._replacing.add(fut)

        def done(f: asyncio.Future) -> None:
            self._replacing.discard(f)
            if f.cancelled() or f.exception() is not None:
                _LOG.error("a query worker could not be started: %s", f.exception())
                return
            fresh = f.result()
            if self._closed:
                fresh.kill()
                return
            then(fresh)

        fut.add_done_callback(done)

    # -- a request -----------------------------------------------------------------------------

    async def run(
        self,
        request: dict,
        client: Hashable = None,
        gone: Callable[[], Awaitable] | None = None,
    ) -> dict:
        """Evaluate a request in a worker, within the time limit; the worker's reply, or the
        error it reports raised as :class:`ApiError`. ``gone`` is awaited when the query has run
        :data:`SLOW_AFTER`: the query is stopped if it returns (the client has left)."""
        w = await self._acquire(client)
        assert self._loop is not None and w.sock is not None  # started; a ready worker
        future = self._loop.create_future()
        timer = self._loop.call_later(self.timeout, self._expire, w)
        w.job = Job(future, client, time.monotonic(), timer, gone)
        try:
            data = _frame(pickle.dumps(request, protocol=5))
            try:
                sent = w.sock.send(data)
            except BlockingIOError:
                sent = 0
            if sent < len(data):  # a large request: the rest as the socket drains
                await self._loop.sock_sendall(w.sock, memoryview(data)[sent:])
        except BaseException as exc:
            if w.job is not None and w.job.future is future:
                self._finish(w)
                self._retire(w)  # half a request may have been written
                raise
            if not (isinstance(exc, OSError) and future.done()):
                raise
            # the worker was stopped while the request was being written: the reason is below
        reply = await future
        if "code" in reply:
            raise ApiError(reply["status"], reply["code"], reply["message"])
        return reply

    async def write(self, request: dict, client: Hashable = None) -> dict:
        """Run a write (only a writable sandbox has the writer; a write is never abandoned)."""
        if not self.writable:
            raise ApiError(403, "read-only", "this server is read-only")
        return await self.run(request, client)

    def _finish(self, w: Worker) -> Job:
        """End the job of ``w``: its timer, the client's count, the client's usage."""
        job = w.job
        assert job is not None  # called for a busy worker
        w.job = None
        job.timer.cancel()
        if job.watcher is not None:
            job.watcher.cancel()
        self._running[job.client] -= 1
        if not self._running[job.client]:
            del self._running[job.client]
        now = time.monotonic()
        self._usage[job.client] = (self._used(job.client, now) + now - job.started, now)
        if len(self._usage) > _USAGE_KEPT:  # forget clients whose usage has decayed away
            for c in [c for c in self._usage if self._used(c, now) < 1e-3]:
                del self._usage[c]
        return job

    def _readable(self, w: Worker) -> None:
        assert w.sock is not None  # a ready worker
        try:
            data = w.sock.recv(1 << 16)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the process is gone
            self._crashed(w)
            return
        w.buffer += data
        for frame in w.frames():
            try:
                reply = pickle.loads(frame)
            except Exception:  # never from a sound worker: treat it as a crashed one
                self._crashed(w)
                return
            if w.job is None:  # stray output: never happens with a sound worker
                continue
            job = self._finish(w)
            if not job.future.done():
                job.future.set_result(reply)
            self._busy.discard(w)
            if reply.get("retire") or (w.lowered and not _restore(w)):
                self._retire(w)
            else:
                self._release(w)

    def _crashed(self, w: Worker) -> None:
        if w.job is not None:
            job = self._finish(w)
            if not job.future.done():
                job.future.set_exception(
                    ApiError(
                        500,
                        "worker-crashed",
                        "the query worker stopped unexpectedly (out of memory?)",
                    )
                )
        self._retire(w)

    def _expire(self, w: Worker) -> None:
        job = self._finish(w)
        if not job.future.done():
            job.future.set_exception(
                ApiError(
                    503,
                    "timeout",
                    f"the query was stopped at the time limit of "
                    f"{self.timeout:g} s; narrow it down or add a LIMIT",
                )
            )
        self._retire(w)

    # -- fair sharing --------------------------------------------------------------------------

    def _used(self, client: Hashable, now: float) -> float:
        seconds, since = self._usage.get(client, (0.0, now))
        return seconds * 0.5 ** ((now - since) / USAGE_HALF_LIFE)

    async def _acquire(self, client: Hashable) -> Worker:
        if self._idle:  # nobody waits while a worker is idle: anyone may take it
            self._running[client] = self._running.get(client, 0) + 1
            w = self._idle.popleft()
            self._busy.add(w)
            return w
        queue = self._waiting.setdefault(client, deque())
        if len(queue) >= self.queue:
            raise busy(f"this client already has {self.queue} requests waiting; try again shortly")
        assert self._loop is not None  # started
        waiter = self._loop.create_future()
        queue.append(waiter)
        timer = self._loop.call_later(self.timeout, self._give_up, waiter)
        self._check(client)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # granted, then the client left
                self._running[client] -= 1
                if not self._running[client]:
                    del self._running[client]
                self._busy.discard(waiter.result())
                self._release(waiter.result())
            raise
        finally:
            timer.cancel()
            if waiter in queue:
                queue.remove(waiter)
            if not queue and self._waiting.get(client) is queue:
                del self._waiting[client]

    def _give_up(self, waiter: asyncio.Future) -> None:
        if not waiter.done():
            waiter.set_exception(
                busy(f"every query worker stayed busy for {self.timeout:g} s; try again shortly")
            )

    def _release(self, w: Worker) -> None:
        """Give a free worker to the next waiting request, or keep it idle."""
        while True:
            client = self._next_client()
            if client is None:
                self._idle.append(w)
                return
            waiter = self._waiting[client].popleft()
            if not self._waiting[client]:
                del self._waiting[client]
            if waiter.done():  # gave up or cancelled
                continue
            self._running[client] = self._running.get(client, 0) + 1
            self._busy.add(w)
            waiter.set_result(w)
            return

    def _loads(self, now: float) -> dict[Hashable, float]:
        """Each client's usage: decayed past use plus what its running queries have run."""
        loads = {c: self._used(c, now) for c in self._usage}
        for w in self._busy:
            if w.job is not None:
                loads[w.job.client] = loads.get(w.job.client, 0.0) + now - w.job.started
        return loads

    def _next_client(self) -> Hashable | None:
        if not self._waiting:
            return None
        loads = self._loads(time.monotonic())
        return min(
            self._waiting,
            key=lambda c: (self._running.get(c, 0) >= self.share, loads.get(c, 0.0)),
        )

    def _check(self, client: Hashable) -> None:
        """``client`` waits: stop a query another client runs beyond its share once that query
        has run :data:`BORROW_GRACE` (or look again when one will have), if ``client`` is within
        its share or has used the workers clearly less (:data:`BORROW_MARGIN`)."""
        if client not in self._waiting:
            return
        assert self._loop is not None  # started
        now = time.monotonic()
        loads = self._loads(now)
        within = self._running.get(client, 0) < self.share
        limit = BORROW_MARGIN * loads.get(client, 0.0) + BORROW_GRACE
        over = [
            w
            for w in self._busy
            if w.job is not None
            and w.job.client != client
            and self._running.get(w.job.client, 0) > self.share
            and (within or loads.get(w.job.client, 0.0) > limit)
        ]
        if not over:
            return
        ready = [w for w in over if now - w.job.started >= BORROW_GRACE]  # type: ignore[union-attr]
        if not ready:
            soonest = min(w.job.started for w in over) + BORROW_GRACE  # type: ignore[union-attr]
            if client not in self._checks:
                self._checks[client] = self._loop.call_later(soonest - now, self._recheck, client)
            return
        victim = max(ready, key=lambda w: w.job.started)  # type: ignore[union-attr]
        job = self._finish(victim)
        if not job.future.done():
            job.future.set_exception(
                busy(
                    "the query was stopped: it ran beyond this client's share of the workers "
                    "while another client waited; send fewer queries at once"
                )
            )
        self._retire(victim)

    def _recheck(self, client: Hashable) -> None:
        self._checks.pop(client, None)
        self._check(client)

    def _watch(self) -> None:
        """Lower the CPU priority of workers whose query has run :data:`SLOW_AFTER`, so that
        quick queries keep the processors; runs twice a second."""
        assert self._loop is not None  # started
        now = time.monotonic()
        for w in self._busy:
            if w.job is not None and not w.lowered and now - w.job.started >= SLOW_AFTER:
                try:
                    os.setpriority(os.PRIO_PROCESS, w.process.pid or 0, SLOW_NICE)
                    w.lowered = True
                except (OSError, AttributeError):  # gone meanwhile, or no priorities here
                    pass
                if w.job.gone is not None and w.job.watcher is None:
                    w.job.watcher = self._loop.create_task(self._abandon(w, w.job))
        if not self._closed:
            self._watching = self._loop.call_later(SLOW_AFTER / 2, self._watch)

    async def _abandon(self, w: Worker, job: Job) -> None:
        """Stop ``job`` when its client leaves (no one would read the answer)."""
        assert job.gone is not None  # watched only with a way to tell
        await job.gone()
        if w.job is job:
            self._finish(w)
            if not job.future.done():
                job.future.set_exception(ApiError(499, "gone", "the client left"))
            self._retire(w)

    async def close(self) -> None:
        self._closed = True
        if self._watching is not None:
            self._watching.cancel()
        for handle in self._checks.values():
            handle.cancel()
        for queue in self._waiting.values():
            for waiter in queue:
                if not waiter.done():
                    waiter.set_exception(busy("the server is shutting down"))
        await asyncio.gather(*self._replacing, return_exceptions=True)
        for w in [*self._idle, *self._busy, *([self._spare] if self._spare else [])]:
            if self._loop is not None and w.sock is not None:
                self._loop.remove_reader(w.sock.fileno())
            w.kill()
        self._idle.clear()
        self._busy.clear()
        self._executor.shutdown(wait=False)

"""Writing a store: the graphs of a build, loaded in the background, then swapped in at once.

* :class:`StoreWriter` writes a new generation directory of an on-disk store and swaps the
  ``current`` link to it on :meth:`~StoreWriter.commit` (:mod:`policykg.store.generations`);
* :class:`RemoteWriter` builds in memory, uploads each graph to a SPARQL server under a staging
  name and swaps them all in with one SPARQL Update.

Both load graphs through :class:`GraphLoader` (:class:`Loads`: bulk loads on a thread of their own
while the build goes on). :func:`writer` picks one for a store location.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store, Triple, serialize

from policykg.model import iri
from policykg.model.errors import QueryError, StoreError
from policykg.store.generations import CURRENT, remove_unless_pinned
from policykg.store.policy_store import PolicyStore, default_store_path, store_location
from policykg.store.remote import RemoteStore, is_remote

COPY_LIMIT = 500_000  # quads: an in-memory copy of a build's store takes up to about 200 MB
KEEP_GENERATIONS = 2  # at least: a generation still pinned by a reader is left for a later build


def writer(location: str | Path | None = None) -> StoreWriter | RemoteWriter:
    """The writer a build uses for ``location``: a new generation, or an upload to a server."""
    root = store_location(location)
    return RemoteWriter(root) if is_remote(root) else StoreWriter(root)


class Loads:
    """Bulk loads of N-Quads into one pyoxigraph store, one after the other on a thread of their
    own: the bulk loader parses bytes without Python's GIL, so a load overlaps what the build
    does meanwhile (``Store.bulk_extend`` of Python quads holds the GIL; docs/performance.md).
    What is queued while a load runs waits, and the next load takes all of it: each load has a
    fixed cost (files written and synced, and merged again by a compaction), so fewer, larger
    loads cost less. :meth:`wait` raises a load's error.
    """

    def __init__(self, store: Store, name: str) -> None:
        self.store: Store | None = store  # None once stopped
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._jobs: list[Future] = []
        self._lock = threading.Lock()
        self._waiting: list[bytes] | None = None  # the batch of the load queued last, open

    def queue(self, data: bytes) -> None:
        with self._lock:
            if self._waiting is not None:  # a load is queued and has not started: it takes this
                self._waiting.append(data)
                return
            batch = self._waiting = [data]
        self._jobs.append(self._thread.submit(self._load, batch))

    def _load(self, batch: list[bytes]) -> None:
        with self._lock:  # from now on, what is queued goes to the next load
            if self._waiting is batch:
                self._waiting = None
        assert self.store is not None  # stop() waits for a running load, cancels queued ones
        self.store.bulk_load(b"".join(batch), RdfFormat.N_QUADS, lenient=True)

    def then(self, job) -> None:
        """Run ``job()`` on the thread once what is queued so far is loaded."""
        with self._lock:
            self._waiting = None  # what is queued from now on goes to a load after it
        self._jobs.append(self._thread.submit(job))

    def wait(self) -> None:
        jobs, self._jobs = self._jobs, []
        for job in jobs:
            job.result()

    def stop(self) -> None:
        """No more loads: the thread ends once a load already running is done, and the store is
        let go."""
        self._thread.shutdown(cancel_futures=True)
        self.store = None


class GraphLoader:
    """The writing half of a build: graphs bulk-loaded into a pyoxigraph store in the background
    (:class:`Loads`), and, for a store on disk, into an in-memory copy as well.

    The build validates and counts the copy (:meth:`view`): the same quads, read about 2.5
    times faster than from disk, while the disk store is compacted. A copy takes about 400
    bytes a quad: past :data:`COPY_LIMIT` quads it is dropped and the store itself is read.
    """

    def __init__(self, store: Store, *, copy: bool) -> None:
        self.store = store
        self._loads = Loads(store, "policykg-load")
        self._copy = Loads(Store(), "policykg-copy") if copy else None
        self._quads = 0
        self.written: dict[NamedNode, None] = {}  # the graphs written, in order

    def add_graph(self, graph: NamedNode, triples: Iterable[Triple]) -> int:
        """Write triples into a named graph (replacing anything already in it)."""
        if graph in self.written:
            self._wait()
            for loads in self._all():
                assert loads.store is not None  # _all() holds no stopped loads
                loads.store.remove_graph(graph)
        return self.extend_graph(graph, triples)

    def extend_graph(self, graph: NamedNode, triples: Iterable[Triple]) -> int:
        """Add triples to a named graph (one already there is kept once); how many were given."""
        triples = list(triples)
        if triples:
            data = n_quads(triples, graph)
            self._quads += len(triples)
            if self._copy is not None and self._quads > COPY_LIMIT:
                self._copy.stop()
                self._copy = None
            for loads in self._all():
                loads.queue(data)
            self.written[graph] = None
        return len(triples)

    def compact(self) -> None:
        """Compact the store once what is written so far is loaded (in the background): it reads
        faster after (many loads leave many files to look in; docs/performance.md). Reading
        meanwhile is safe; :meth:`commit` waits for it."""
        self._loads.then(self.store.optimize)

    def view(self) -> PolicyStore:
        """What is written so far, once loaded: the in-memory copy if there is one."""
        read = self._copy or self._loads
        read.wait()
        assert read.store is not None  # not stopped: the build is still writing
        return PolicyStore(read.store, None)

    def _all(self) -> list[Loads]:
        return [self._loads] + ([self._copy] if self._copy is not None else [])

    def _wait(self) -> None:
        for loads in self._all():
            loads.wait()

    def _stop(self) -> None:
        for loads in self._all():
            loads.stop()
        self._copy = None


def n_quads(triples: list[Triple], graph: NamedNode) -> bytes:
    """``triples`` in ``graph`` as N-Quads: their N-Triples with the graph name added to each line
    (a line ends in " .\\n" and nothing else does: N-Triples escapes line breaks in literals). Six
    times faster than serialising a :class:`~pyoxigraph.Quad` made for each triple."""
    data = serialize(triples, format=RdfFormat.N_TRIPLES)
    assert data is not None  # without an output, serialize returns the bytes
    return data.replace(b" .\n", f" {graph} .\n".encode())


class StoreWriter(GraphLoader):
    """Builds a new generation of a store and swaps it in on :meth:`commit`."""

    def __init__(self, root: str | Path | None = None) -> None:
        location = Path(root) if root else default_store_path()
        if not isinstance(location, Path):  # $POLICYKG_STORE names a SPARQL server
            raise StoreError(f"cannot write a new generation at {location}: not a directory")
        self.root = location
        self.root.mkdir(parents=True, exist_ok=True)
        now = time.time_ns()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now // 10**9))
        self.generation = self.root / f"gen-{stamp}-{now % 10**9:09d}"
        try:
            super().__init__(Store(str(self.generation)), copy=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.generation}: {exc}") from exc

    def commit(self) -> Path:
        """Flush, swap ``current`` to the new generation, and prune old generations."""
        self._wait()
        self._stop()
        self.store.flush()
        del self.store
        link = self.root / CURRENT
        tmp = self.root / f".{CURRENT}.{os.getpid()}"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(self.generation.name)
        os.replace(tmp, link)
        self._prune()
        return self.generation

    def abort(self) -> None:
        """Drop the new generation; the current one is untouched."""
        self._stop()
        self.__dict__.pop("store", None)
        shutil.rmtree(self.generation, ignore_errors=True)

    def _prune(self) -> None:
        gens = sorted(p for p in self.root.glob("gen-*") if p.is_dir())
        keep = {self.generation.name}
        for old in reversed(gens):
            if len(keep) >= KEEP_GENERATIONS:
                break
            keep.add(old.name)
        for old in gens:
            if old.name not in keep:
                remove_unless_pinned(old)


class RemoteWriter(GraphLoader):
    """Builds in memory, then uploads to a SPARQL server and swaps the graphs in on
    :meth:`commit`."""

    def __init__(self, url: str) -> None:
        super().__init__(Store(), copy=False)  # in memory already
        self.root = url
        self.remote = RemoteStore.from_url(url)
        self.build = f"{time.time_ns():x}"

    def commit(self) -> str:
        """Upload every graph under its staging name, then swap all in with one update."""
        self._wait()
        self._stop()
        staged = {}
        for graph in self.written:
            staged[graph] = iri.staging_graph(self.build, graph)
            data = self.store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph)
            assert data is not None  # without an output, dump returns the bytes
            self.remote.put_graph(staged[graph], data)
        stale = [
            g
            for g in self.remote.named_graphs()
            if g.value.startswith(iri.BASE) and g not in staged and g not in staged.values()
        ]
        ops = [f"MOVE SILENT GRAPH {staged[g]} TO {g}" for g in self.written]
        ops += [f"DROP SILENT GRAPH {g}" for g in stale]
        self.remote.update(" ;\n".join(ops))
        del self.store
        return self.root

    def abort(self) -> None:
        """Drop what was staged; the served graphs are untouched."""
        self._stop()
        self.__dict__.pop("store", None)
        drops = [f"DROP SILENT GRAPH {iri.staging_graph(self.build, g)}" for g in self.written]
        if drops:
            # unreachable now: the next build drops these staging graphs as stale
            with contextlib.suppress(StoreError, QueryError):
                self.remote.update(" ;\n".join(drops))

"""The store: one named graph per document, the ontology in its own graph.

Two backends answer the same :class:`PolicyStore` API (both give pyoxigraph's result types):

* embedded (a directory): generations (``gen-*``) and a ``current`` symlink. A build writes a new
  generation and swaps the link atomically, so a failed build leaves the previous store intact and
  readers of the old generation keep working: it stays on disk while a reader has it open (a pin,
  see :mod:`~.generations`), and a later build prunes it once nobody has.
* remote (an ``http(s)://`` URL): a SPARQL server reached through :class:`~.remote.RemoteStore`.
  A build is parsed and validated in memory first, uploads each graph under a staging name
  (:func:`~.iri.staging_graph`), then swaps them all in with one SPARQL Update (``MOVE`` per graph,
  ``DROP`` of policykg graphs the build no longer has). A build that fails before the swap leaves
  the served graphs as they were (its staging graphs are dropped, or by the next build); while the
  staging graphs are being uploaded they are visible in the server's union default graph.

Queries see the union of named graphs.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, Mapping

from pyoxigraph import (Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store, Triple,
                       Variable, serialize)

from policykg.model import iri
from policykg.model.errors import QueryError, StoreError
from policykg.store.generations import CURRENT, Pin, pin_current, remove_unless_pinned
from policykg.store.remote import RemoteStore, is_remote
from policykg.model.vocab import PREFIXES

COPY_LIMIT = 500_000  # quads: an in-memory copy of a build's store takes up to about 200 MB
KEEP_GENERATIONS = 2  # at least: a generation still pinned by a reader is left for a later build


def default_store_path() -> Path | str:
    """``$POLICYKG_STORE`` (a directory or a SPARQL server URL), else ``~/.local/share/policykg/store``."""
    env = os.environ.get("POLICYKG_STORE")
    if is_remote(env):
        return env
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "policykg" / "store"


def _as_term(value: object) -> NamedNode | Literal:
    if isinstance(value, (NamedNode, Literal)):
        return value
    if isinstance(value, bool):
        return Literal("true" if value else "false",
                       datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return Literal(str(value))


def store_location(location: str | Path | None = None) -> Path | str:
    """A store location as given (a URL stays a string), else the default."""
    if location is None or location == "":
        return default_store_path()
    return location if is_remote(location) else Path(location)


def prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class PolicyStore:
    """A read-only view of a store: the current generation on disk, or a SPARQL server.

    ``store`` is the backend: a :class:`pyoxigraph.Store`, or a :class:`~.remote.RemoteStore`
    answering the same methods (``query``, ``named_graphs``, ``dump``, ``len``). An embedded
    store opened with :meth:`open` pins its generation (``pin.generation``) for as long as the
    object lives, so a later build does not delete it from under its readers.
    """

    def __init__(self, store: Store | RemoteStore, path: Path | str | None = None, *,
                 pin: Pin | None = None) -> None:
        self.store = store
        self.path = path
        self.pin = pin

    @property
    def remote(self) -> bool:
        return isinstance(self.store, RemoteStore)

    @classmethod
    def open(cls, path: str | Path | None = None) -> "PolicyStore":
        root = store_location(path)
        if is_remote(root):
            return cls(RemoteStore.from_url(root), root)
        pin = pin_current(root)
        try:
            return cls(Store.read_only(str(pin.generation)), root, pin=pin)
        except OSError as exc:
            raise StoreError(f"cannot open store {root}: {exc}") from exc

    @classmethod
    def in_memory(cls, quads: Iterable[Quad] = ()) -> "PolicyStore":
        store = Store()
        store.extend(quads)
        return cls(store)

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None, *,
              prefixes: bool = True):
        """Run SPARQL over the union of graphs; ``bindings`` are substituted, never spliced.

        Bound variables must appear in the query's projection (pyoxigraph's rule).
        """
        subs = {Variable(k): _as_term(v) for k, v in (bindings or {}).items() if v is not None}
        try:
            return self.store.query(sparql, use_default_graph_as_union=True,
                                    prefixes=PREFIXES if prefixes else None,
                                    substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (ValueError, TypeError) as exc:
            raise QueryError(str(exc)) from exc

    def select(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[dict]:
        """SELECT rows as dicts of variable name → term (unbound variables left out)."""
        result = self.query(sparql, bindings)
        if not isinstance(result, QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: t for n, t in zip(names, row) if t is not None} for row in result]

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def count_by_type(self) -> dict[str, int]:
        rows = self.select("SELECT ?type (COUNT(DISTINCT ?s) AS ?n) "
                           "WHERE { ?s a ?type } GROUP BY ?type ORDER BY ?type")
        return {r["type"].value: int(r["n"].value) for r in rows}

    def dump(self, output, format) -> None:
        """Every quad, in an RDF dataset ``format`` (N-Quads, TriG), to a binary ``output``."""
        self.store.dump(output, format=format)

    def __len__(self) -> int:
        return len(self.store)


def writer(location: str | Path | None = None) -> "StoreWriter | RemoteWriter":
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
        self.store = store
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
    return serialize(triples, format=RdfFormat.N_TRIPLES).replace(b" .\n",
                                                                   f" {graph} .\n".encode())


class StoreWriter(GraphLoader):
    """Builds a new generation of a store and swaps it in on :meth:`commit`."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root else default_store_path()
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
    """Builds in memory, then uploads to a SPARQL server and swaps the graphs in on :meth:`commit`."""

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
            self.remote.put_graph(staged[graph], self.store.dump(format=RdfFormat.N_TRIPLES,
                                                                 from_graph=graph))
        stale = [g for g in self.remote.named_graphs()
                 if g.value.startswith(iri.BASE) and g not in staged and g not in staged.values()]
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
            try:
                self.remote.update(" ;\n".join(drops))
            except (StoreError, QueryError):
                pass  # unreachable now: the next build drops these staging graphs as stale

"""The on-disk store: one named graph per document, the ontology in its own graph.

A store path is a directory holding generations (``gen-*``) and a ``current`` symlink. A build
writes a new generation and swaps the link atomically, so a failed build leaves the previous store
intact and readers of the old generation keep working. Queries see the union of named graphs.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Iterable, Mapping

from pyoxigraph import (DefaultGraph, Literal, NamedNode, Quad, QueryBoolean, QuerySolutions,
                        QueryTriples, Store, Triple, Variable)

from .errors import QueryError, StoreError
from .vocab import PREFIXES

CURRENT = "current"
KEEP_GENERATIONS = 2


def default_store_path() -> Path:
    """``$POLICYKG_STORE``, else ``~/.local/share/policykg/store``."""
    env = os.environ.get("POLICYKG_STORE")
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


def prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class PolicyStore:
    """A read-only view of the current generation of an on-disk store."""

    def __init__(self, store: Store, path: Path | None = None) -> None:
        self.store = store
        self.path = path

    @classmethod
    def open(cls, path: str | Path | None = None) -> "PolicyStore":
        root = Path(path) if path else default_store_path()
        current = root / CURRENT
        if not current.exists():
            raise StoreError(f"no store at {root}: run `policykg build` first")
        try:
            return cls(Store.read_only(str(current.resolve())), root)
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
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def count_by_type(self) -> dict[str, int]:
        rows = self.select("SELECT ?type (COUNT(DISTINCT ?s) AS ?n) "
                           "WHERE { ?s a ?type } GROUP BY ?type ORDER BY ?type")
        return {r["type"].value: int(r["n"].value) for r in rows}

    def __len__(self) -> int:
        return len(self.store)


class StoreWriter:
    """Builds a new generation of a store and swaps it in on :meth:`commit`."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root else default_store_path()
        self.root.mkdir(parents=True, exist_ok=True)
        now = time.time_ns()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now // 10**9))
        self.generation = self.root / f"gen-{stamp}-{now % 10**9:09d}"
        try:
            self.store = Store(str(self.generation))
        except OSError as exc:
            raise StoreError(f"cannot create {self.generation}: {exc}") from exc

    def add_graph(self, graph: NamedNode, triples: Iterable[Triple]) -> int:
        """Write triples into a named graph (replacing anything already in it)."""
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)
        quads = [Quad(t.subject, t.predicate, t.object, graph) for t in triples]
        self.store.bulk_extend(quads)
        return len(quads)

    def view(self) -> PolicyStore:
        return PolicyStore(self.store, None)

    def commit(self) -> Path:
        """Flush, swap ``current`` to the new generation, and prune old generations."""
        self.store.flush()
        self.store.optimize()
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
                shutil.rmtree(old, ignore_errors=True)

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
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QuerySolutions, Store, Triple, Variable

from policykg.model.errors import QueryError, StoreError
from policykg.model.query_text import written_in
from policykg.model.terms import as_term
from policykg.model.vocab import PREFIXES
from policykg.store.generations import Pin, pin_current
from policykg.store.remote import RemoteStore, is_remote, wide_string


def default_store_path() -> Path | str:
    """``$POLICYKG_STORE`` (a directory or a SPARQL server URL), else
    ``~/.local/share/policykg/store``."""
    env = os.environ.get("POLICYKG_STORE")
    if is_remote(env):
        return env
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "policykg" / "store"


def store_location(location: str | Path | None = None) -> Path | str:
    """A store location as given (a URL stays a string), else the default."""
    if location is None or location == "":
        return default_store_path()
    return location if is_remote(location) else Path(location)


def _in_expression(remote: bool) -> Callable[[Literal], str]:
    """How a literal is written where an expression may stand, for a store on disk or on a
    SPARQL server (a string beyond ASCII as ``SUBSTR("…", 1)``: :func:`~.remote.wide_string`)."""
    if not remote:
        return str

    def written(term: Literal) -> str:
        return f"SUBSTR({term}, 1)" if wide_string(term) else str(term)

    return written


class PolicyStore:
    """A read-only view of a store: the current generation on disk, or a SPARQL server.

    ``store`` is the backend: a :class:`pyoxigraph.Store`, or a :class:`~.remote.RemoteStore`
    answering the same methods (``query``, ``named_graphs``, ``dump``, ``len``). An embedded
    store opened with :meth:`open` pins its generation (``pin.generation``) for as long as the
    object lives, so a later build does not delete it from under its readers.
    """

    def __init__(
        self, store: Store | RemoteStore, path: Path | str | None = None, *, pin: Pin | None = None
    ) -> None:
        self.store = store
        self.path = path
        self.pin = pin

    @property
    def remote(self) -> bool:
        return isinstance(self.store, RemoteStore)

    @classmethod
    def open(cls, path: str | Path | None = None) -> PolicyStore:
        root = store_location(path)
        if is_remote(root):
            return cls(RemoteStore.from_url(root), root)
        pin = pin_current(root)
        try:
            return cls(Store.read_only(str(pin.generation)), root, pin=pin)
        except OSError as exc:
            raise StoreError(f"cannot open store {root}: {exc}") from exc

    @classmethod
    def in_memory(cls, quads: Iterable[Quad] = ()) -> PolicyStore:
        store = Store()
        store.extend(quads)
        return cls(store)

    def query(
        self, sparql: str, bindings: Mapping[str, object] | None = None, *, prefixes: bool = True
    ):
        """Run SPARQL over the union of graphs; ``bindings`` are substituted, never spliced.

        Bound variables must appear in the query's projection (pyoxigraph's rule).
        """
        subs: dict[Variable, NamedNode | BlankNode | Literal | Triple] = {
            Variable(k): as_term(v) for k, v in (bindings or {}).items() if v is not None
        }
        try:
            return self.store.query(
                sparql,
                use_default_graph_as_union=True,
                prefixes=PREFIXES if prefixes else None,
                substitutions=subs or None,
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (ValueError, TypeError) as exc:
            raise QueryError(str(exc)) from exc

    def query_written(self, sparql: str, bindings: Mapping[str, NamedNode | Literal]):
        """Run a SELECT with its bound values written into its text as constants
        (:func:`~policykg.model.query_text.written_in`), so that the planner sees them.

        On a SPARQL server a string beyond ASCII is written ``SUBSTR("…", 1)`` where an
        expression may stand: Virtuoso 7.2 reads such a string written in a query as ISO-8859-1
        (:func:`~.remote.wide_string`), so it would never equal a stored one.
        """
        return self.query(written_in(sparql, bindings, expression=_in_expression(self.remote)))

    def select(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[dict]:
        """SELECT rows as dicts of variable name → term (unbound variables left out)."""
        result = self.query(sparql, bindings)
        if not isinstance(result, QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: t for n, t in zip(names, row, strict=False) if t is not None} for row in result]

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def count_by_type(self) -> dict[str, int]:
        rows = self.select(
            "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) "
            "WHERE { ?s a ?type } GROUP BY ?type ORDER BY ?type"
        )
        return {r["type"].value: int(r["n"].value) for r in rows}

    def dump(self, output, format) -> None:
        """Every quad, in an RDF dataset ``format`` (N-Quads, TriG), to a binary ``output``."""
        self.store.dump(output, format=format)

    def __len__(self) -> int:
        return len(self.store)

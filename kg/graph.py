"""``PolicyGraph``: the Python API analysts script against.

One object over one store: SPARQL and the named questions, entity lookup, search, neighbours,
paths and impact tracing over the networkx projection (built once, on first use).

>>> from policykg import PolicyGraph
>>> g = PolicyGraph.open()                                        # doctest: +SKIP
>>> g.impact("program/motie/3231", cut=0.3, year=2024).counts     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, overload

import networkx as nx
from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions

from policykg.analysis.answers import answer_view
from policykg.analysis.answers.common import short
from policykg.analysis.answers.view import AnswerView
from policykg.analysis.describe import Entity, describe
from policykg.analysis.findings import FindingIndex
from policykg.analysis.impact import BudgetCut, Trace, budget_cut, trace
from policykg.analysis.interpret import Interpretation, Interpreter
from policykg.analysis.lines import LineIndex
from policykg.analysis.projection import DEPENDENCY, KINDS, TYPE_ORDER, project, restrict
from policykg.analysis.questions import Answer, ask
from policykg.analysis.search import Hit, SearchIndex
from policykg.model import iri as iris
from policykg.model.errors import NotFoundError, QueryError
from policykg.model.terms import python_value
from policykg.model.text import ascii_code
from policykg.store.policy_store import PolicyStore

if TYPE_CHECKING:
    from policykg.build.pipeline import BuildReport

MAX_PATHS = 20
MAX_PATH_LENGTH = 8
_EXISTS = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


def _as_written(path: str) -> str | None:
    """The IRI whose path relative to ``id/`` is ``path`` as it stands (None if it is not one)."""
    try:
        return NamedNode(iris.ID + path).value
    except ValueError:
        return None


@dataclass(frozen=True)
class Neighbor:
    """A node next to another in the projection, and the edge between them."""

    node: str
    type: str | None
    label: str | None
    code: str | None
    relation: str
    kind: str
    direction: str

    def row(self) -> dict[str, object]:
        return {
            "iri": self.node,
            "type": self.type,
            "code": self.code,
            "label": self.label,
            "relation": self.relation,
            "kind": self.kind,
            "direction": self.direction,
        }


class PolicyGraph:
    """The knowledge graph of a store, for analysis in Python.

    Parameters
    ----------
    store : PolicyStore
        An open store; see :meth:`open` and :meth:`build`.

    Examples
    --------
    >>> g = PolicyGraph.open()                                          # doctest: +SKIP
    >>> g.search("환경부")[0].node                                       # doctest: +SKIP
    'https://w3id.org/policykg/id/agency/ME'
    >>> g.ask("budgets-for-agenda", agenda="20").to_dataframe()          # doctest: +SKIP
    """

    report: BuildReport  # set by :meth:`build`

    def __init__(self, store: PolicyStore) -> None:
        self.store = store

    @classmethod
    def open(cls, path: str | Path | None = None) -> PolicyGraph:
        """Open the store at ``path`` (default ``$POLICYKG_STORE`` or the user data folder)."""
        return cls(PolicyStore.open(path))

    @classmethod
    def build(cls, sources=None, path: str | Path | None = None, *, progress=None) -> PolicyGraph:
        """Build a store from ``sources`` (default: the bundled corpus) and open it.

        The build report is kept as ``.report``.
        """
        from policykg.build.pipeline import build

        report = build(sources, path, progress=progress)
        graph = cls.open(report.store)
        graph.report = report
        return graph

    # -- SPARQL and named questions
    def query(self, sparql: str, **bindings: object):
        """Run SPARQL; keyword arguments are bound to variables of the projection.

        A SELECT gives an :class:`~policykg.analysis.questions.Answer` (``.rows``,
        ``.to_dataframe()``), an ASK a ``bool``, a CONSTRUCT or DESCRIBE a list of triples. Strings
        are bound as literals; pass ``g.iri("task/…")`` or a ``NamedNode`` to bind an IRI.
        """
        result = self.store.query(sparql, bindings)
        if isinstance(result, QueryBoolean):
            return bool(result)
        if isinstance(result, QuerySolutions):
            columns = [v.value for v in result.variables]
            return Answer(
                "query", columns, [{c: python_value(row[c]) for c in columns} for row in result]
            )
        return list(result)

    def ask(self, name: str, **params: object) -> Answer:
        """Run the named question ``name`` (see ``policykg questions``)."""
        return ask(self.store, name, **params)

    def answer(self, name: str, **params: object) -> AnswerView:
        """The answer page of ``name`` as data: sentences, headline figures, charts, tables with
        their sources and the findings that touch them (see :mod:`policykg.analysis.answers`)."""
        return answer_view(self, name, {k: str(v) for k, v in params.items()})

    # -- data quality
    @property
    def lines(self) -> LineIndex:
        """The text of every line the graph quotes (read once, held by :attr:`findings`)."""
        return self.findings.lines

    @cached_property
    def findings(self) -> FindingIndex:
        """The data-quality findings with their readings (read once)."""
        return FindingIndex.from_store(self.store)

    # -- entities
    def iri(self, ref: str) -> NamedNode:
        """The IRI of ``ref``: a full IRI, ``id:`` or ``id/``-relative path, or a code."""
        return NamedNode(self.resolve(ref))

    def resolve(self, ref: str) -> str:
        """The IRI (as a string) an IRI, relative path or code refers to.

        A relative path (``law/산업입지법``, or ``id:`` and the path) is read as written out,
        each segment escaped as the IRI's are; or, if no entity has that IRI, as it stands in
        an IRI, escapes and all (``law/%EC%84%9D…``, the ``id`` of an entity in the API's
        answers). A code (``I-2-1``, ``3231``, ``20-1``) is looked up among the codes of the
        graph; when several entities share it, the most specific type wins, and a tie is an error
        naming them.
        """
        ref = (ref or "").strip()
        if not ref:
            raise QueryError("empty entity reference")
        if ref.startswith(("http://", "https://")):
            try:
                readings = [NamedNode(ref).value]
            except ValueError as exc:
                raise QueryError(f"not an IRI: {ref!r} ({exc})") from None
        elif ref.startswith("id:") or "/" in ref:
            path = ref.removeprefix("id:").strip("/")
            readings = [iris.node(path).value]
            if "%" in path and (written := _as_written(path)):
                readings.append(written)
        else:
            return self._by_code(ref)
        found = next((node for node in readings if self._exists(node)), None)
        if found is None:
            raise NotFoundError(f"no entity {readings[0]}")
        return found

    def _exists(self, node: str) -> bool:
        return node in self.networkx or bool(self.store.select(_EXISTS, {"s": NamedNode(node)}))

    def _by_code(self, code: str) -> str:
        key = ascii_code(code).casefold()
        found = [n for n, c in self._codes.items() if c == key]
        if not found:
            raise NotFoundError(f"no entity has the code {code!r}")
        rank = {t: i for i, t in enumerate(TYPE_ORDER)}
        best = min(rank.get(self.networkx.nodes[n]["type"], len(rank)) for n in found)
        found = sorted(
            n for n in found if rank.get(self.networkx.nodes[n]["type"], len(rank)) == best
        )
        if len(found) > 1:
            raise QueryError(f"the code {code!r} is ambiguous: {', '.join(found)}")
        return found[0]

    @cached_property
    def _codes(self) -> dict[str, str]:
        return {n: a["code"].casefold() for n, a in self.networkx.nodes(data=True) if a["code"]}

    def names(self, nodes: Iterable[str]) -> dict[str, str]:
        """How pages name each of ``nodes`` (IRIs): its code and label, or, for a node the graph
        does not project, its path under ``id/``."""
        G, out = self.networkx, {}
        for n in nodes:
            a = G.nodes[n] if n in G else {}
            out[n] = " ".join(x for x in (a.get("code"), a.get("label")) if x) or short(n)
        return out

    def entity(self, iri_or_code: str) -> Entity:
        """Types, labels, properties, neighbours by relation, source lines, yearly budget and
        data-quality findings of one entity."""
        found = describe(self.store, self.resolve(iri_or_code), self.networkx)
        found.findings = [
            {
                k: row[k]
                for k in (
                    "id",
                    "kind",
                    "kind_ko",
                    "severity",
                    "severity_ko",
                    "message",
                    "document",
                    "line",
                )
            }
            for row in (e.row() for e in self.findings.select(entity=found.iri))
        ]
        return found

    @cached_property
    def _index(self) -> SearchIndex:
        return SearchIndex.from_store(self.store)

    def search(
        self, text: str, *, limit: int = 20, types: tuple[str, ...] | None = None
    ) -> list[Hit]:
        """Korean-aware search; see :mod:`policykg.analysis.search` for matching and ranking."""
        return self._index.search(text, limit=limit, types=types)

    @cached_property
    def _interpreter(self) -> Interpreter:
        return Interpreter.from_store(self._index, self.store)

    def interpret(self, text: str) -> Interpretation:
        """What a question typed in Korean or English asks: a named question (or the budget cut)
        and its parameters, or ``question=None`` (see :mod:`policykg.analysis.interpret`)."""
        return self._interpreter.interpret(text)

    # -- the networkx projection
    @cached_property
    def networkx(self) -> nx.MultiDiGraph:
        """The full projection (all edge kinds, all years), built once; do not modify it."""
        return project(self.store)

    def to_networkx(
        self, kinds: tuple[str, ...] | None = None, year: int | None = None
    ) -> nx.MultiDiGraph:
        """A copy of the projection with edges of ``kinds`` only (and ``funds`` of ``year``)."""
        unknown = set(kinds or ()) - set(KINDS)
        if unknown:
            raise QueryError(f"unknown edge kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
        return nx.MultiDiGraph(restrict(self.networkx, tuple(kinds or KINDS), year))

    def neighbors(
        self,
        node: str,
        *,
        kinds: tuple[str, ...] | None = None,
        direction: str = "both",
        relation: str | None = None,
    ) -> list[Neighbor]:
        """The entities one edge away from ``node``, optionally of given kinds or relation."""
        if direction not in ("both", "out", "in"):
            raise QueryError(f"direction must be both, out or in, not {direction!r}")
        G, source = self.networkx, self.resolve(node)
        if source not in G:
            return []
        edges = []
        if direction in ("both", "out"):
            edges += [(v, d, "out") for _, v, d in G.out_edges(source, data=True)]
        if direction in ("both", "in"):
            edges += [(u, d, "in") for u, _, d in G.in_edges(source, data=True)]
        out, seen = [], set()
        for other, d, way in edges:
            if (kinds and d["kind"] not in kinds) or (relation and d["relation"] != relation):
                continue
            if (other, d["relation"], way) in seen:
                continue
            seen.add((other, d["relation"], way))
            a = G.nodes[other]
            out.append(
                Neighbor(other, a["type"], a["label"], a["code"], d["relation"], d["kind"], way)
            )
        return sorted(out, key=lambda n: (n.relation, n.direction, n.code or "", n.node))

    def path(
        self, a: str, b: str, *, max_paths: int = 5, kinds: tuple[str, ...] | None = None
    ) -> list[list[dict[str, object]]]:
        """Shortest paths between two entities (edges in either direction), at most ``max_paths``.

        Each path is a list of steps ``{"iri", "type", "label", "code", "relation",
        "direction"}``; the first step has no relation. Paths longer than
        :data:`MAX_PATH_LENGTH` edges are not searched.
        """
        source, target = self.resolve(a), self.resolve(b)
        max_paths = max(1, min(int(max_paths), MAX_PATHS))
        G = restrict(self.networkx, tuple(kinds or KINDS))
        U: nx.Graph[str] = nx.Graph()
        U.add_nodes_from(G.nodes)
        for u, v, d in G.edges(data=True):
            U.add_edge(u, v, relation=d["relation"], tail=u)
        if source not in U or target not in U:
            return []
        try:
            if nx.shortest_path_length(U, source, target) > MAX_PATH_LENGTH:
                return []
            found = list(islice(nx.all_shortest_paths(U, source, target), max_paths))
        except nx.NetworkXNoPath:
            return []
        return [self._steps(U, p) for p in found]

    def _steps(self, U: nx.Graph, nodes: list[str]) -> list[dict[str, object]]:
        steps = []
        for i, n in enumerate(nodes):
            a = self.networkx.nodes[n]
            step = {
                "iri": n,
                "type": a["type"],
                "label": a["label"],
                "code": a["code"],
                "relation": None,
                "direction": None,
            }
            if i:
                edge = U.edges[nodes[i - 1], n]
                step["relation"] = edge["relation"]
                step["direction"] = "out" if edge["tail"] == nodes[i - 1] else "in"
            steps.append(step)
        return steps

    # -- impact
    @overload
    def impact(
        self,
        node: str,
        *,
        cut: None = ...,
        year: int | None = ...,
        depth: int | None = ...,
        direction: str = ...,
        kinds: tuple[str, ...] = ...,
    ) -> Trace: ...
    @overload
    def impact(
        self,
        node: str,
        *,
        cut: float,
        year: int | None = ...,
        depth: int | None = ...,
        direction: str = ...,
        kinds: tuple[str, ...] = ...,
    ) -> BudgetCut: ...
    def impact(
        self,
        node: str,
        *,
        cut: float | None = None,
        year: int | None = None,
        depth: int | None = None,
        direction: str = "downstream",
        kinds: tuple[str, ...] = (DEPENDENCY,),
    ) -> Trace | BudgetCut:
        """What ``node`` affects (or depends on); with ``cut``, a budget-cut simulation.

        ``impact("program/motie/3231", cut=0.3, year=2024)`` cuts program 3231 by 30% in 2024
        (see :func:`policykg.analysis.impact.budget_cut`); without ``cut`` it is
        :func:`policykg.analysis.impact.trace`.
        """
        source = self.resolve(node)
        if source not in self.networkx:
            raise NotFoundError(f"{source} is not an entity of the graph")
        if cut is not None:
            if direction != "downstream":
                raise QueryError("a budget cut is traced downstream only")
            if year is None:
                raise QueryError("a budget cut needs a fiscal year")
            return budget_cut(self.networkx, source, cut, int(year), depth=depth)
        return trace(
            self.networkx, source, direction=direction, depth=depth, kinds=kinds, year=year
        )

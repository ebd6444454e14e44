"""Impact tracing over the dependency edges of the projection (see
:mod:`policykg.analysis.projection`).

Plain functions over a ``MultiDiGraph`` whose edges carry ``kind`` and ``relation``; an edge
``u → v`` of kind ``dependency`` means a change to ``u`` reaches ``v``. :func:`trace` walks
downstream (what a node affects) or upstream (what it depends on); :func:`budget_cut` simulates
cutting a program or sub-project for one fiscal year.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from policykg.analysis.budget_totals import Share, count_once
from policykg.analysis.projection import DEPENDENCY, DEPENDENCY_KO, restrict
from policykg.model.errors import NotFoundError, QueryError

PROGRAM_TYPES = frozenset({"Program", "SubProject"})
DIRECTIONS = ("downstream", "upstream")


@dataclass(frozen=True)
class Affected:
    """One node reached by a trace, with the shortest path from the start to it."""

    node: str
    type: str
    label: str | None
    code: str | None
    depth: int
    path: tuple[str, ...]
    relations: tuple[str, ...]
    path_text: str = ""
    path_text_ko: str = ""  # the same path, each step by its relation's Korean name

    def row(self) -> dict[str, object]:
        return {
            "iri": self.node,
            "type": self.type,
            "code": self.code,
            "label": self.label,
            "depth": self.depth,
            "path_text": self.path_text,
            "path_text_ko": self.path_text_ko,
            "path": list(self.path),
        }


class _Table:
    """Rows that convert to a pandas DataFrame and show as a table in Jupyter."""

    def rows(self) -> list[dict[str, object]]:
        raise NotImplementedError

    def to_dataframe(self):
        """The rows as a pandas DataFrame (needs the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame(self.rows())

    def _repr_html_(self) -> str:
        return self.to_dataframe()._repr_html_()


@dataclass
class Trace(_Table):
    """The result of :func:`trace`: every affected node and the counts by type."""

    COLUMNS = ("iri", "type", "code", "label", "depth", "path_text", "path_text_ko", "path")

    source: str
    direction: str
    affected: list[Affected]

    @property
    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(a.type for a in self.affected).items()))

    def rows(self) -> list[dict[str, object]]:
        return [a.row() for a in self.affected]


def _neighbours(G: nx.MultiDiGraph, node: str, direction: str):
    if direction == "downstream":
        return ((v, d["relation"]) for _, v, d in G.out_edges(node, data=True))
    return ((u, d["relation"]) for u, _, d in G.in_edges(node, data=True))


def _walk(
    G: nx.MultiDiGraph, sources: list[str], direction: str, depth: int | None
) -> dict[str, tuple[str | None, str | None, int]]:
    """Breadth-first: node → (parent, relation from parent, depth), shortest paths first."""
    seen: dict[str, tuple[str | None, str | None, int]] = dict.fromkeys(sources, (None, None, 0))
    queue = deque(sources)
    while queue:
        node = queue.popleft()
        d = seen[node][2]
        if depth is not None and d >= depth:
            continue
        for nxt, relation in sorted(_neighbours(G, node, direction)):
            if nxt not in seen:
                seen[nxt] = (node, relation, d + 1)
                queue.append(nxt)
    return seen


def _path(seen, node: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    nodes, relations = [node], []
    while seen[nodes[-1]][0] is not None:
        parent, relation, _ = seen[nodes[-1]]
        relations.append(relation)
        nodes.append(parent)
    return tuple(reversed(nodes)), tuple(reversed(relations))


def _affected(G: nx.MultiDiGraph, seen, node: str) -> Affected:
    path, relations = _path(seen, node)
    attrs = G.nodes[node]
    return Affected(
        node,
        attrs.get("type", "Thing"),
        attrs.get("label"),
        attrs.get("code"),
        seen[node][2],
        path,
        relations,
        describe_path(G, path, relations),
        describe_path(G, path, relations, DEPENDENCY_KO),
    )


def _check_node(G: nx.MultiDiGraph, node: str) -> None:
    if node not in G:
        raise NotFoundError(f"{node} is not a node of the graph")


def trace(
    G: nx.MultiDiGraph,
    source: str,
    *,
    direction: str = "downstream",
    depth: int | None = None,
    kinds: tuple[str, ...] = (DEPENDENCY,),
    year: int | None = None,
) -> Trace:
    """Every node ``source`` affects (downstream) or depends on (upstream).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection; edges need ``kind`` and ``relation`` attributes.
    source : str
        The start node.
    direction : {"downstream", "upstream"}
        Follow edges forwards (what is affected) or backwards (what it depends on).
    depth : int, optional
        The largest number of edges from ``source``; unlimited by default.
    kinds : tuple of str
        Edge kinds to follow; dependency edges only by default.
    year : int, optional
        Follow only ``funds`` edges of this fiscal year.

    Returns
    -------
    Trace
        The affected nodes, nearest first, each with its shortest path, and ``counts`` by type.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("P", {"type": "Program"}), ("T", {"type": "ManagementTask"}),
    ...                   ("G", {"type": "PerformanceGoal"}), ("A", {"type": "Agency"})])
    >>> _ = G.add_edge("P", "T", kind="dependency", relation="funds", year=2024, amount=100)
    >>> _ = G.add_edge("T", "G", kind="dependency", relation="serves-goal")
    >>> _ = G.add_edge("T", "A", kind="mention", relation="mentions-agency")
    >>> t = trace(G, "P")
    >>> [(a.node, a.depth, a.path) for a in t.affected]
    [('T', 1, ('P', 'T')), ('G', 2, ('P', 'T', 'G'))]
    >>> t.counts
    {'ManagementTask': 1, 'PerformanceGoal': 1}
    >>> [a.node for a in trace(G, "G", direction="upstream", depth=1).affected]
    ['T']
    """
    _check_node(G, source)
    if direction not in DIRECTIONS:
        raise QueryError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    if depth is not None and depth < 0:
        raise QueryError(f"depth must be zero or more, not {depth}")
    view = restrict(G, kinds, year)
    seen = _walk(view, [source], direction, depth)
    order = sorted((n for n in seen if n != source), key=lambda n: (seen[n][2], n))
    return Trace(source, direction, [_affected(G, seen, n) for n in order])


@dataclass(frozen=True)
class CutEffect:
    """What a budget cut does to one node downstream of the cut program.

    ``funding_krw`` is the node's identified funding for the year and ``lost_krw`` the part the
    cut removes, each counting a program (or sub-project) once however many of the node's tasks
    draw on it; ``*_gross`` count it once per task. ``share`` is ``lost_krw / funding_krw``.
    """

    affected: Affected
    funding_krw: int | None
    lost_krw: int | None
    share: float | None
    funding_gross_krw: int | None
    lost_gross_krw: int | None
    tasks: tuple[str, ...]

    def row(self) -> dict[str, object]:
        return {
            **self.affected.row(),
            "funding_krw": self.funding_krw,
            "lost_krw": self.lost_krw,
            "share": self.share,
            "funding_gross_krw": self.funding_gross_krw,
            "lost_gross_krw": self.lost_gross_krw,
            "tasks": len(self.tasks),
        }


@dataclass
class BudgetCut(_Table):
    """The result of :func:`budget_cut`."""

    COLUMNS = (
        "iri",
        "type",
        "code",
        "label",
        "depth",
        "path_text",
        "path_text_ko",
        "funding_krw",
        "lost_krw",
        "share",
        "funding_gross_krw",
        "lost_gross_krw",
        "tasks",
        "path",
    )  # of :meth:`rows`

    program: str
    cut: float
    year: int
    units: tuple[str, ...]
    lost_krw: int | None
    effects: list[CutEffect] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(e.affected.type for e in self.effects).items()))

    def rows(self) -> list[dict[str, object]]:
        return [e.row() for e in self.effects]


PARTS = ("sub-project", "budget-item")


class _Amounts:
    """What each task draws on, through the program → sub-project → item hierarchy.

    A budget table may give a program's row, its sub-projects' rows and their item lines for the
    same task; the lower rows break the upper one down. So a task's :class:`Share` of a unit is
    its row for that unit, broken down into the nearest parts it has rows for (a part without a
    row is broken down in turn). A unit whose parent is unknown counts as a program of its own.
    """

    def __init__(self, D: nx.MultiDiGraph) -> None:
        self.parts: dict[str, list[str]] = {}
        self.parent: dict[str, str] = {}
        for u, v, d in D.edges(data=True):
            if d.get("relation") in PARTS:
                self.parts.setdefault(u, []).append(v)
                self.parent[v] = u
        self.rows: dict[str, dict[str, int]] = {}
        for u, v, d in D.edges(data=True):
            if d.get("relation") == "funds" and d.get("amount") is not None:
                per_task = self.rows.setdefault(v, {})
                per_task[u] = per_task.get(u, 0) + int(d["amount"])
        self.by_root = {
            t: {r: self.share(t, r) for r in {self.root(u) for u in rows}}
            for t, rows in self.rows.items()
        }

    def root(self, unit: str) -> str:
        while unit in self.parent:
            unit = self.parent[unit]
        return unit

    def below(self, unit: str) -> set[str]:
        """``unit`` and all its parts."""
        out, todo = {unit}, [unit]
        while todo:
            for part in self.parts.get(todo.pop(), ()):
                if part not in out:
                    out.add(part)
                    todo.append(part)
        return out

    def share(self, task: str, unit: str) -> Share:
        return Share(self.rows.get(task, {}).get(unit), self._leaves(task, unit), task)

    def _leaves(self, task: str, unit: str) -> dict[tuple[Hashable, Hashable], int]:
        """(part, "") for each part of ``unit`` the task has a row for; else (part, item)."""
        rows = self.rows.get(task, {})
        out: dict[tuple[Hashable, Hashable], int] = {}
        for part in self.parts.get(unit, ()):
            if part in rows:
                out[(part, "")] = rows[part]
            else:
                out.update(
                    {
                        (part, item): rows[item]
                        for item in self.parts.get(part, ())
                        if rows.get(item)
                    }
                )
        return out

    def of(self, unit: str) -> dict[str, dict[str, Share]]:
        """task → {unit: share} for every task that draws on ``unit`` or its parts."""
        return {t: {unit: s} for t in self.rows if (s := self.share(t, unit)).total}


def _once(
    shares: dict[str, dict[str, Share]], tasks, units=None, whole: dict[str, int] | None = None
) -> tuple[int, int]:
    """Funding of ``tasks`` from ``units`` (all if None): each unit counted once, and gross.

    Each unit counts once by :func:`policykg.analysis.budget_totals.count_once` (distinct leaves,
    capped at the unit's whole budget for the year, ``whole``, when the documents state it).

    >>> shares = {"T1": {"P": Share(100, task="T1")},
    ...           "T2": {"P": Share(100, task="T2"), "Q": Share(30, task="T2")}}
    >>> _once(shares, ["T1", "T2"])
    (130, 230)
    >>> split = {"T1": {"P": Share(100, {("S1", ""): 100}, "T1")},
    ...          "T2": {"P": Share(80, {("S2", ""): 80}, "T2")}}
    >>> _once(split, ["T1", "T2"]), _once(split, ["T1", "T2"], whole={"P": 150})
    ((180, 180), (150, 180))
    """
    per_unit: dict[str, list[Share]] = {}
    for t in tasks:
        for unit, share in shares.get(t, {}).items():
            if units is None or unit in units:
                per_unit.setdefault(unit, []).append(share)
    once = sum(count_once(found, (whole or {}).get(unit)).krw for unit, found in per_unit.items())
    return once, sum(s.total for found in per_unit.values() for s in found)


def budget_cut(
    G: nx.MultiDiGraph, program: str, cut: float, year: int, *, depth: int | None = None
) -> BudgetCut:
    """Cut a program or sub-project by ``cut`` (a fraction) in ``year``: who loses what.

    The cut reaches every funding of the program and of its sub-projects in that year, and from
    the funded tasks travels along dependency edges to goals, agenda tasks, indicators,
    cooperation items and their agencies. For each node the share lost is the cut part of the
    funding identified for the tasks under it, a program shared by several tasks counted once by
    :func:`policykg.analysis.budget_totals.count_once` (its distinct sub-projects, the largest
    amount any table gives each, never more than the program's whole budget for the year when a
    document states it). A task's sub-project rows break its program row down and are not added
    to it; cutting a sub-project cuts only the amounts tasks record for that sub-project.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection (see :func:`policykg.analysis.projection.project`).
    program : str
        A node of type ``Program`` or ``SubProject``.
    cut : float
        The fraction cut, ``0 < cut <= 1`` (0.3 for 30%).
    year : int
        The fiscal year whose fundings are cut.
    depth : int, optional
        The largest number of edges from the program to report.

    Returns
    -------
    BudgetCut
        ``effects`` nearest first, each with its path, funding, loss and share.

    Examples
    --------
    Program P funds two tasks; T2's table repeats P's amount and adds Q. Both serve goal G,
    which counts P once:

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("P", {"type": "Program"}), ("Q", {"type": "Program"}),
    ...                   ("T1", {"type": "ManagementTask"}), ("T2", {"type": "ManagementTask"}),
    ...                   ("G", {"type": "PerformanceGoal"})])
    >>> for p, t, amount in [("P", "T1", 100), ("P", "T2", 100), ("Q", "T2", 300)]:
    ...     _ = G.add_edge(p, t, kind="dependency", relation="funds", year=2024, amount=amount)
    >>> for t in ("T1", "T2"):
    ...     _ = G.add_edge(t, "G", kind="dependency", relation="serves-goal")
    >>> r = budget_cut(G, "P", 0.3, 2024)
    >>> r.lost_krw
    30
    >>> [(e.affected.node, e.funding_krw, e.lost_krw, e.share) for e in r.effects]
    [('T1', 100, 30, 0.3), ('T2', 400, 30, 0.075), ('G', 400, 30, 0.075)]
    >>> r.effects[2].affected.path
    ('P', 'T1', 'G')
    """
    _check_node(G, program)
    if G.nodes[program].get("type") not in PROGRAM_TYPES:
        raise QueryError(
            f"{program} is a {G.nodes[program].get('type')}, not a program or sub-project"
        )
    if not 0 < cut <= 1:
        raise QueryError(f"cut must be a fraction in (0, 1], not {cut}")
    D = restrict(G, (DEPENDENCY,), year)
    funded = _Amounts(D)
    units = funded.below(program)
    amounts, cut_amounts = funded.by_root, funded.of(program)
    if not any(d.get("relation") == "funds" for u in units for *_, d in D.out_edges(u, data=True)):
        years = sorted(
            {
                d["year"]
                for u in units
                for *_, d in G.out_edges(u, data=True)
                if d.get("relation") == "funds" and d.get("year") is not None
            }
        )
        raise QueryError(
            f"{program} funds no task in {year}; years with fundings: "
            f"{', '.join(map(str, years)) or 'none'}"
        )
    seen = _walk(D, [program], "downstream", depth)
    no_money = nx.subgraph_view(
        D, filter_edge=lambda u, v, k: D.edges[u, v, k]["relation"] not in ("funds", *PARTS)
    )
    whole = {
        n: a["budgets"][year] for n, a in G.nodes(data=True) if year in (a.get("budgets") or {})
    }
    cut_once, _ = _once(cut_amounts, cut_amounts, {program}, whole)
    report = BudgetCut(program, cut, year, tuple(sorted(units)), round(cut * cut_once))
    order = sorted((n for n in seen if n not in units), key=lambda n: (seen[n][2], n))
    for node in order:
        tasks = (
            {node}
            if node in amounts or G.nodes[node].get("type") == "ManagementTask"
            else {a for a in nx.ancestors(no_money, node) if a in amounts}
        )
        funding, funding_gross = _once(amounts, tasks, whole=whole)
        lost, lost_gross = _once(cut_amounts, tasks, {program}, whole)
        report.effects.append(
            CutEffect(
                _affected(G, seen, node),
                funding or None,
                round(cut * lost),
                round(cut * lost / funding, 6) if funding else None,
                funding_gross or None,
                round(cut * lost_gross),
                tuple(sorted(tasks)),
            )
        )
    return report


def describe_path(
    G: nx.MultiDiGraph, path, relations, names: Mapping[str, str] | None = None
) -> str:
    """A path as text: each node by code (or label), each step by its relation (by its name in
    ``names``, if there).

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("p", {"code": "3231"}), ("t", {"code": "I-2-1"})])
    >>> describe_path(G, ("p", "t"), ("funds",))
    '3231 —funds→ I-2-1'
    >>> describe_path(G, ("p", "t"), ("funds",), DEPENDENCY_KO)
    '3231 —재원 지원→ I-2-1'
    """

    def name(n: str) -> str:
        attrs = G.nodes[n]
        return attrs.get("code") or attrs.get("label") or n

    parts = [name(path[0])]
    for relation, node in zip(relations, path[1:], strict=False):
        parts.append(f"—{(names or {}).get(relation, relation)}→ {name(node)}")
    return " ".join(parts)

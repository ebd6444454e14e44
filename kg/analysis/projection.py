"""The one projection of the RDF graph onto a networkx ``MultiDiGraph``.

Nodes are entity IRIs (strings) with the attributes ``type`` (the most specific ``pk:`` class,
short name), ``types``, ``label`` and ``code``. Every edge has a ``kind`` and a ``relation``:

``dependency`` edges point the way an effect travels — ``u → v`` means a change to ``u`` reaches
``v``:

============  ======================================================  =====================
relation      from → to                                               RDF
============  ======================================================  =====================
funds         program, sub-project or item → task (per funding)       ``pk:Funding``
sub-project   program → its sub-project                               ``pk:subProjectOf``
budget-item   sub-project → an item line of it                        ``pk:itemOf``
serves-goal   task → performance goal → strategic goal                 ``pk:partOf``
supports      task → national agenda task (and 민생/work-plan items)   ``pk:supportsAgenda``
broader       agenda sub-task → agenda task                           ``skos:broader``
measures      task or goal → its indicator                            ``pk:hasIndicator``
cooperation   task → cooperation item that relates to it              ``pk:relatedTask``
participant   cooperation item → agency taking part                   ``pk:participant``
============  ======================================================  =====================

``funds`` edges carry ``year``, ``amount`` (won, or ``None`` when not stated), ``account`` and
``funding`` (the IRI of the ``pk:Funding`` node); a funding may draw on a program, a sub-project
or an item line. ``containment`` edges (goal in plan, agenda task in scheme) and ``mention``
edges (``pk:mentionsAgency``, ``pk:involvesUnit``, ``pk:mentions``) keep the RDF direction; every
other link between projected entities is kept as a ``reference`` edge. Impact tracing follows
dependency edges only.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, cast

import networkx as nx

from policykg.analysis.budget_totals import stated_whole
from policykg.model.terms import python_value
from policykg.model.vocab import LOOKUP_LINKS, PK, PK_NS, PREFIXES, SKOS

DEPENDENCY, CONTAINMENT, MENTION, REFERENCE = "dependency", "containment", "mention", "reference"
KINDS = (DEPENDENCY, CONTAINMENT, MENTION, REFERENCE)

#: Classes that are not nodes of the projection (provenance, reified values, funding rows, the
#: build's program-year lookups).
NOT_PROJECTED = frozenset(
    {
        "SourceSpan",
        "Finding",
        "Funding",
        "Budget",
        "IndicatorValue",
        "Mention",
        "AmountFigure",
        "ProgramYear",
    }
)

#: Most specific class first: the ``type`` attribute of a node with several classes.
TYPE_ORDER = (
    "ManagementTask",
    "PerformanceGoal",
    "StrategicGoal",
    "NationalAgendaTask",
    "LivelihoodTask",
    "WorkplanItem",
    "PerformanceIndicator",
    "SubProject",
    "Program",
    "BudgetItem",
    "CooperationItem",
    "Agency",
    "OrgUnit",
    "PerformancePlan",
    "Document",
)

GOAL_TYPES = frozenset({"PerformanceGoal", "StrategicGoal"})


#: The Korean name of each dependency relation, as pages show a path (the graph page's
#: ``palette.json`` names them the same; a test compares the two).
DEPENDENCY_KO = {
    "funds": "재원 지원",
    "sub-project": "세부사업",
    "budget-item": "내역사업",
    "serves-goal": "상위 목표",
    "supports": "국정과제 연계",
    "broader": "상위 국정과제",
    "measures": "성과지표",
    "cooperation": "협업",
    "participant": "참여기관",
}


@dataclass(frozen=True)
class Rule:
    """How one RDF predicate becomes an edge: its kind, relation and direction."""

    kind: str
    relation: str
    reverse: bool = False


#: Predicate IRI → edge rule. ``pk:partOf`` is special-cased: towards a goal it is a dependency.
RULES: dict[str, Rule] = {
    PK.subProjectOf.value: Rule(DEPENDENCY, "sub-project", reverse=True),
    PK.supportsAgenda.value: Rule(DEPENDENCY, "supports"),
    PK.supportsLivelihoodTask.value: Rule(DEPENDENCY, "supports"),
    PK.supportsWorkplanItem.value: Rule(DEPENDENCY, "supports"),
    SKOS.broader.value: Rule(DEPENDENCY, "broader"),
    PK.hasIndicator.value: Rule(DEPENDENCY, "measures"),
    PK.owner.value: Rule(DEPENDENCY, "measures", reverse=True),
    PK.relatedTask.value: Rule(DEPENDENCY, "cooperation", reverse=True),
    PK.participant.value: Rule(DEPENDENCY, "participant"),
    PK.lead.value: Rule(DEPENDENCY, "participant"),
    PK.partOf.value: Rule(CONTAINMENT, "part-of"),
    SKOS.inScheme.value: Rule(CONTAINMENT, "in-scheme"),
    PK.itemOf.value: Rule(DEPENDENCY, "budget-item", reverse=True),
    PK.mentionsAgency.value: Rule(MENTION, "mentions-agency"),
    PK.involvesUnit.value: Rule(MENTION, "involves-unit"),
    PK.mentions.value: Rule(MENTION, "mentions"),
}

#: Predicates that never make edges (provenance, typing, the hop to a funding or budget node).
SKIPPED = frozenset(
    {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/ns/prov#wasDerivedFrom",
        PK.hasFunding.value,
        PK.task.value,
        PK.program.value,
        PK.budget.value,
        PK.document.value,
        PK.about.value,
        PK.indicatorValue.value,
    }
    | LOOKUP_LINKS  # derived by the build for the questions: no document states them
)

_ENTITIES = """
SELECT DISTINCT ?s ?type WHERE { ?s a ?type . FILTER(STRSTARTS(STR(?type), STR(pk:))) }"""
_LABELS = """
SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?code) WHERE {
  { ?s rdfs:label ?l . FILTER(LANG(?l) = "ko" || LANG(?l) = "") } UNION { ?s pk:code ?c }
} GROUP BY ?s"""
_LINKS = """
SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(isIRI(?o)) }"""
_FUNDINGS = """
SELECT DISTINCT ?funding ?task ?program ?year ?amount ?account WHERE {
  ?funding a pk:Funding ; pk:program ?program .
  { ?funding pk:task ?task } UNION { ?task pk:hasFunding ?funding }
  OPTIONAL { ?funding pk:fiscalYear ?year }
  OPTIONAL { ?funding pk:amountKRW ?amount }
  OPTIONAL { ?funding pk:account ?account }
}"""
_BUDGETS = """
SELECT DISTINCT ?program ?year ?amount WHERE {
  ?program pk:budget ?b . ?b pk:fiscalYear ?year ; pk:amountKRW ?amount .
}"""


def short(iri: str) -> str:
    """A prefixed name for an IRI of a known namespace.

    >>> short("https://w3id.org/policykg/ontology#partOf")
    'pk:partOf'
    >>> short("https://w3id.org/policykg/id/agency/ME")
    'id:agency/ME'
    """
    best = max(
        ((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def primary_type(types: set[str] | list[str]) -> str:
    """The most specific of a node's ``pk:`` class names (see :data:`TYPE_ORDER`)."""
    for name in TYPE_ORDER:
        if name in types:
            return name
    return min(types) if types else "Thing"


def project(
    store, *, kinds: tuple[str, ...] | None = None, year: int | None = None
) -> nx.MultiDiGraph:
    """Project a :class:`~policykg.store.policy_store.PolicyStore` onto a ``MultiDiGraph``.

    ``kinds`` keeps only edges of those kinds; ``year`` keeps only ``funds`` edges of that fiscal
    year (edges of other relations have no year and are always kept).
    """
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    types: dict[str, set[str]] = {}
    for row in store.select(_ENTITIES):
        name = row["type"].value[len(PK_NS) :]
        types.setdefault(row["s"].value, set()).add(name)
    for node, names in types.items():
        if not names & NOT_PROJECTED:
            G.add_node(node, type=primary_type(names), types=sorted(names), label=None, code=None)
    for row in store.select(_LABELS):
        node = row["s"].value
        if node in G:
            G.nodes[node]["label"] = row["label"].value if "label" in row else None
            G.nodes[node]["code"] = row["code"].value if "code" in row else None
    readings: dict[str, dict[int, list[int]]] = {}
    for row in store.select(_BUDGETS):
        node = row["program"].value
        if node in G:
            fy = cast(int, python_value(row["year"]))  # an xsd:gYear
            amount = cast(int, python_value(row["amount"]))  # an xsd:integer
            readings.setdefault(node, {}).setdefault(fy, []).append(amount)
    for node, by_year in readings.items():  # conflicting wholes: see stated_whole
        G.nodes[node]["budgets"] = {y: stated_whole(found) for y, found in by_year.items()}
    wanted = set(kinds) if kinds is not None else set(KINDS)
    if DEPENDENCY in wanted:
        _add_fundings(G, store, year)
    for row in store.select(_LINKS):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        if p in SKIPPED or s not in G or o not in G or s == o:
            continue
        rule = _rule(G, p, o)
        if rule.kind not in wanted:
            continue
        u, v = (o, s) if rule.reverse else (s, o)
        between: dict[Hashable, dict[str, Any]] = G.get_edge_data(u, v, default={})
        if not any(d.get("relation") == rule.relation for d in between.values()):
            G.add_edge(u, v, kind=rule.kind, relation=rule.relation, predicate=p)
    return G


def _rule(G: nx.MultiDiGraph, predicate: str, obj: str) -> Rule:
    if predicate == PK.partOf.value and G.nodes[obj]["type"] in GOAL_TYPES:
        return Rule(DEPENDENCY, "serves-goal")
    return RULES.get(predicate) or Rule(REFERENCE, short(predicate))


def _add_fundings(G: nx.MultiDiGraph, store, year: int | None) -> None:
    for row in store.select(_FUNDINGS):
        program, task = row["program"].value, row["task"].value
        fy = python_value(row["year"]) if "year" in row else None
        if program not in G or task not in G or (year is not None and fy != year):
            continue
        G.add_edge(
            program,
            task,
            key=row["funding"].value,
            kind=DEPENDENCY,
            relation="funds",
            predicate=PK.program.value,
            funding=row["funding"].value,
            year=fy,
            amount=python_value(row["amount"]) if "amount" in row else None,
            account=python_value(row["account"]) if "account" in row else None,
        )


def restrict(
    G: nx.MultiDiGraph, kinds: tuple[str, ...] = (DEPENDENCY,), year: int | None = None
) -> nx.MultiDiGraph:
    """A view of ``G`` with only edges of ``kinds`` (and ``funds`` edges of ``year``).

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("P", "T", kind="dependency", relation="funds", year=2023)
    0
    >>> G.add_edge("P", "T", kind="dependency", relation="funds", year=2024)
    1
    >>> G.add_edge("T", "A", kind="mention", relation="mentions-agency")
    0
    >>> sorted(restrict(G, year=2024).edges(keys=True))
    [('P', 'T', 1)]
    """

    def keep(u, v, k) -> bool:
        data = G.edges[u, v, k]
        if data.get("kind") not in kinds:
            return False
        return year is None or data.get("relation") != "funds" or data.get("year") == year

    return nx.subgraph_view(G, filter_edge=keep)

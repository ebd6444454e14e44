"""Links the build writes so that each named question is a few index lookups (docs/performance.md).

Derived from one document's own triples (or the reference graph's), so a document is written
with its lookups and no document needs another's; the union of the graphs holds them all:

* ``pk:nameKey`` — every ``rdfs:label`` and ``skos:altLabel`` as the questions compare names
  (:func:`~policykg.model.text.name_key`: lower case, no white space). A question given a name
  looks it up instead of comparing it with every label of the store.
* ``pk:programYear`` — a funding's program in its fiscal year, a ``pk:ProgramYear``
  (``program/{ministry}/{code}/year/{year}``, :func:`~policykg.model.iri.program_year`) with
  ``pk:yearOf`` its program, ``pk:fiscalYear`` and ``pk:budget`` each whole amount stated for
  the program that year. The fundings of one program in one year, from every plan that prints
  them, are then one lookup, where the program alone leads to the fundings of every year.
* ``pk:issuedBy`` — each cooperation item and management task, the agency that issued the
  document stating it (the document's ``pk:issuer``; the document is the graph). Which agencies
  a cooperation item or a task involves is then a lookup of the item, not a join through the
  graph that holds it.
* ``pk:lineage`` — each agency the triples name (a participant, a mentioned agency, an issuer,
  an agency in a succession), every agency linked to it by successions (``pk:successor`` in
  either direction, directly or through others) and itself. An agency "or its successors and
  predecessors" is then one lookup, where a property path is one the planner takes for a
  thousand. Successions are the agency registry's (the reference graph): those of one
  document's triples would be linked within that document only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Triple

from policykg.model import iri
from policykg.model.text import name_key
from policykg.model.vocab import PK, RDF, RDFS, SKOS

NAMES = frozenset({RDFS.label, SKOS.altLabel})
ISSUED = frozenset({PK.CooperationItem, PK.ManagementTask})
NAMING_AGENCIES = frozenset({PK.participant, PK.mentionsAgency, PK.issuer})


def lookup_triples(triples: Iterable[Triple], graph: NamedNode | None = None) -> list[Triple]:
    """The lookup links of a document written to ``graph`` (or of the reference graph), from
    its triples."""
    out: set[Triple] = set()
    issued: list[NamedNode] = []  # cooperation items and management tasks
    issuers: list[NamedNode] = []  # of the document
    agencies: set[NamedNode] = set()
    successions: list[tuple[NamedNode, NamedNode]] = []
    programs: list[tuple[NamedNode, NamedNode]] = []  # (funding, its pk:ofProgram)
    budgets: list[tuple[NamedNode, NamedNode]] = []  # (program, its pk:budget)
    years: dict[NamedNode, list[Literal]] = defaultdict(list)  # of a funding or a budget
    for t in triples:
        p, s, o = t.predicate, t.subject, t.object
        if not isinstance(s, NamedNode):
            continue  # (policykg mints no blank nodes)
        if p in NAMES:
            if isinstance(o, Literal):
                out.add(Triple(s, PK.nameKey, Literal(name_key(o.value))))
        elif isinstance(o, Literal):
            if p == PK.fiscalYear:
                years[s].append(o)
        elif not isinstance(o, NamedNode):
            continue
        elif p == PK.ofProgram:
            programs.append((s, o))
        elif p == PK.budget:
            budgets.append((s, o))
        elif p == RDF.type:
            if o in ISSUED:
                issued.append(s)
        elif p == PK.successor:
            successions.append((s, o))
        elif p in NAMING_AGENCIES:
            agencies.add(o)
            if p == PK.issuer and s == graph:
                issuers.append(o)
    for funding, program in programs:
        for year in years.get(funding, ()):
            out.add(Triple(funding, PK.programYear, _program_year(program, year, out)))
    for program, budget in budgets:
        for year in years.get(budget, ()):
            out.add(Triple(_program_year(program, year, out), PK.budget, budget))
    out.update(Triple(s, PK.issuedBy, agency) for s in issued for agency in issuers)
    for group in _lineages(agencies, successions):
        out.update(Triple(a, PK.lineage, b) for a in group for b in group)
    return list(out)


def _lineages(
    agencies: set[NamedNode], successions: list[tuple[NamedNode, NamedNode]]
) -> list[list[NamedNode]]:
    """The agencies grouped by successions (connected, either direction); one alone is a group."""
    parent = {a: a for a in agencies}

    def root(a: NamedNode) -> NamedNode:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in successions:
        parent[root(a)] = root(b)
    groups: dict[NamedNode, list[NamedNode]] = defaultdict(list)
    for a in list(parent):
        groups[root(a)].append(a)
    return list(groups.values())


def _program_year(program: NamedNode, fiscal_year: Literal, out: set[Triple]) -> NamedNode:
    py = iri.program_year(program, fiscal_year.value)
    out.add(Triple(py, RDF.type, PK.ProgramYear))
    out.add(Triple(py, PK.yearOf, program))
    out.add(Triple(py, PK.fiscalYear, fiscal_year))
    return py

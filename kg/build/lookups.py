"""Links the build writes so that each named question is a few index lookups (docs/performance.md).

Derived from everything the documents and the reference graph state, once it is written (read
from the in-memory copy a build validates, or from the new store itself), into one graph of their
own, :data:`~policykg.model.iri.LOOKUPS_GRAPH`:

* ``pk:nameKey`` — every ``rdfs:label`` and ``skos:altLabel`` as the questions compare names
  (:func:`~policykg.model.text.label_key`: lower case without white space, the value of the
  questions' ``REPLACE(LCASE(STR(?name)), "\\\\s", "")``). A question given a name looks it up
  instead of comparing it with every name of the store.
* ``pk:programYear`` — a funding's program (``pk:ofProgram``) in its fiscal year, a
  ``pk:ProgramYear`` (``program/{ministry}/{code}/year/{year}``,
  :func:`~policykg.model.iri.program_year`) with ``pk:yearOf`` its program, ``pk:fiscalYear``, and
  ``pk:budget`` each whole amount stated for the program that year. The fundings of one program
  in one year, from every plan that prints them, are then one lookup, where the program alone
  leads to the fundings of every year.
* ``pk:issuedBy`` — each cooperation item and management task, the agency that issued the
  document stating it (the ``pk:issuer`` of the graph that types it). Which agencies an item or a
  task involves is then a lookup of it, not a join through the graph that holds it.
* ``pk:lineage`` — each agency a document names (a participant, a mentioned agency, an issuer)
  or a succession links: itself, and every agency linked to it by successions (``pk:successor``
  in either direction, directly or through others). An agency "or its successors and
  predecessors" is then one lookup, where a property path is one the planner takes for a
  thousand.

Each is read by a scan of one or two properties and joined here: on a store of a thousand plans
SPARQL's row-by-row joins and regular expressions would take longer than the validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from pyoxigraph import Literal, NamedNode, Triple

from policykg.model import iri
from policykg.model.text import label_key
from policykg.model.vocab import PK, RDF

CHUNK = 100_000  # triples handed to the writer at a time
ISSUED = ("CooperationItem", "ManagementTask")


def lookup_triples(store) -> Iterator[Triple]:
    """The lookup links of what ``store`` (a :class:`~policykg.store.policy_store.PolicyStore`)
    holds (a link may come more than once: the store keeps it once)."""
    yield from _name_keys(store)
    yield from _program_years(store)
    yield from _issuers(store)
    yield from _lineages(store)


def write_lookups(store, writer) -> int:
    """Derive the lookup links of ``store`` and write them to the lookups graph with ``writer``
    (a build's :class:`~policykg.store.writers.GraphLoader`), :data:`CHUNK` at a time; how
    many."""
    triples = lookup_triples(store)
    written = 0
    while chunk := list(islice(triples, CHUNK)):
        written += writer.extend_graph(iri.LOOKUPS_GRAPH, chunk)
    return written


def _rows(store, sparql: str) -> Iterable:
    return store.query(sparql)


def _name_keys(store) -> Iterator[Triple]:
    for s, name in _rows(store, "SELECT ?s ?n WHERE { ?s rdfs:label|skos:altLabel ?n }"):
        if isinstance(name, Literal):
            yield Triple(s, PK.nameKey, Literal(label_key(name.value)))


def _program_years(store) -> Iterator[Triple]:
    programs = list(_rows(store, "SELECT ?f ?p WHERE { ?f pk:ofProgram ?p }"))
    budgets = list(_rows(store, "SELECT ?p ?b WHERE { ?p pk:budget ?b }"))
    wanted = {*(f for f, _ in programs), *(b for _, b in budgets)}
    years: dict[object, list[Literal]] = {}
    for s, year in _rows(store, "SELECT ?s ?y WHERE { ?s pk:fiscalYear ?y }"):
        if s in wanted:
            years.setdefault(s, []).append(year)
    made: set[NamedNode] = set()

    def program_year(program: NamedNode, year: Literal) -> Iterator[Triple]:
        py = iri.program_year(program, year.value)
        if py not in made:
            made.add(py)
            yield Triple(py, RDF.type, PK.ProgramYear)
            yield Triple(py, PK.yearOf, program)
            yield Triple(py, PK.fiscalYear, year)

    for funding, program in programs:
        for year in years.get(funding, ()):
            yield from program_year(program, year)
            yield Triple(funding, PK.programYear, iri.program_year(program, year.value))
    for program, budget in budgets:
        for year in years.get(budget, ()):
            yield from program_year(program, year)
            yield Triple(iri.program_year(program, year.value), PK.budget, budget)


def _issuers(store) -> Iterator[Triple]:
    issuers: dict[object, list[NamedNode]] = {}
    for g, agency in _rows(store, "SELECT ?g ?a WHERE { ?g pk:issuer ?a }"):
        issuers.setdefault(g, []).append(agency)
    for kind in ISSUED:
        for g, x in _rows(store, f"SELECT ?g ?x WHERE {{ GRAPH ?g {{ ?x a pk:{kind} }} }}"):
            for agency in issuers.get(g, ()):
                yield Triple(x, PK.issuedBy, agency)


def _lineages(store) -> Iterator[Triple]:
    named = "SELECT DISTINCT ?a WHERE { ?x pk:participant|pk:mentionsAgency|pk:issuer ?a }"
    agency_successions = "SELECT ?a ?b WHERE { ?a pk:successor ?b . ?a a pk:Agency }"
    successions = list(_rows(store, agency_successions))  # regions and strategies succeed too
    parent = {a: a for (a,) in _rows(store, named)}

    def root(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in successions:
        parent[root(a)] = root(b)
    groups: dict[object, list] = {}
    for a in list(parent):
        groups.setdefault(root(a), []).append(a)
    for group in groups.values():
        yield from (Triple(a, PK.lineage, b) for a in group for b in group)

"""Links the build writes so that each named question is a few index lookups (docs/performance.md).

Derived by SPARQL from everything the documents and the reference graph state, once they are
written (on the in-memory copy a build validates, or on the new store itself), into one graph of
their own, :data:`~policykg.model.iri.LOOKUPS_GRAPH`:

* ``pk:nameKey`` — every ``rdfs:label`` and ``skos:altLabel`` as the questions compare names:
  ``REPLACE(LCASE(STR(?name)), "\\\\s", "")``, lower case without white space, computed by the
  same engine. A question given a name looks it up instead of comparing it with every name of
  the store.
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
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from pyoxigraph import Triple

from policykg.model import iri

# One CONSTRUCT per kind of link, each link once (DISTINCT where a pattern would repeat it)
QUERIES = {
    "name keys": """
        CONSTRUCT { ?s pk:nameKey ?key }
        WHERE { { SELECT DISTINCT ?s ?key WHERE {
                    ?s rdfs:label|skos:altLabel ?name
                    BIND(REPLACE(LCASE(STR(?name)), "\\\\s", "") AS ?key) } } }""",
    "program years of fundings": """
        CONSTRUCT { ?f pk:programYear ?py }
        WHERE { ?f pk:ofProgram ?p ; pk:fiscalYear ?year
                BIND(IRI(CONCAT(STR(?p), "/year/", STR(?year))) AS ?py) }""",
    "program years": """
        CONSTRUCT { ?py a pk:ProgramYear ; pk:yearOf ?p ; pk:fiscalYear ?year }
        WHERE { { SELECT DISTINCT ?p ?year WHERE { ?f pk:ofProgram ?p ; pk:fiscalYear ?year } }
                BIND(IRI(CONCAT(STR(?p), "/year/", STR(?year))) AS ?py) }""",
    "budgets of program years": """
        CONSTRUCT { ?py pk:budget ?b }
        WHERE { ?p pk:budget ?b . ?b pk:fiscalYear ?year
                BIND(IRI(CONCAT(STR(?p), "/year/", STR(?year))) AS ?py) }""",
    "issuers": """
        CONSTRUCT { ?x pk:issuedBy ?agency }
        WHERE { { SELECT DISTINCT ?x ?agency WHERE {
                    VALUES ?type { pk:CooperationItem pk:ManagementTask }
                    GRAPH ?g { ?x a ?type } ?g pk:issuer ?agency } } }""",
    "lineages": """
        CONSTRUCT { ?a pk:lineage ?b }
        WHERE {
          { { SELECT DISTINCT ?a WHERE { ?x pk:participant|pk:mentionsAgency|pk:issuer ?a } }
            BIND(?a AS ?b) }
          UNION { ?a (pk:successor|^pk:successor)+ ?b } }""",
}
CHUNK = 100_000  # triples handed to the writer at a time


def lookup_triples(store) -> Iterator[Triple]:
    """The lookup links of what ``store`` (a :class:`~policykg.store.policy_store.PolicyStore`)
    holds (a link met by two queries comes twice)."""
    for sparql in QUERIES.values():
        yield from store.query(sparql)


def write_lookups(store, writer) -> int:
    """Derive the lookup links of ``store`` and write them to the lookups graph with ``writer``
    (a build's :class:`~policykg.store.writers.GraphLoader`), :data:`CHUNK` at a time; how
    many."""
    triples = lookup_triples(store)
    written = 0
    while chunk := list(islice(triples, CHUNK)):
        written += writer.extend_graph(iri.LOOKUPS_GRAPH, chunk)
    return written

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

from pyoxigraph import Triple

from policykg.model import iri

# One CONSTRUCT per kind of link (pyoxigraph answers each in one pass over what it reads).
QUERIES = {
    "name keys": """
        CONSTRUCT { ?s pk:nameKey ?key }
        WHERE { ?s rdfs:label|skos:altLabel ?name
                BIND(REPLACE(LCASE(STR(?name)), "\\\\s", "") AS ?key) }""",
    "program years": """
        CONSTRUCT { ?f pk:programYear ?py . ?py a pk:ProgramYear ; pk:yearOf ?p ;
                                                 pk:fiscalYear ?year }
        WHERE { ?f pk:ofProgram ?p ; pk:fiscalYear ?year
                BIND(IRI(CONCAT(STR(?p), "/year/", STR(?year))) AS ?py) }""",
    "program year budgets": """
        CONSTRUCT { ?py pk:budget ?b }
        WHERE { ?p pk:budget ?b . ?b pk:fiscalYear ?year
                BIND(IRI(CONCAT(STR(?p), "/year/", STR(?year))) AS ?py) }""",
    "issuers": """
        CONSTRUCT { ?x pk:issuedBy ?agency }
        WHERE { VALUES ?type { pk:CooperationItem pk:ManagementTask }
                GRAPH ?g { ?x a ?type } ?g pk:issuer ?agency }""",
    "lineages": """
        CONSTRUCT { ?a pk:lineage ?b }
        WHERE {
          { { SELECT DISTINCT ?a WHERE { ?x pk:participant|pk:mentionsAgency|pk:issuer ?a } }
            BIND(?a AS ?b) }
          UNION { ?a (pk:successor|^pk:successor)+ ?b } }""",
}


def lookup_triples(store) -> list[Triple]:
    """The lookup links of what ``store`` (a :class:`~policykg.store.policy_store.PolicyStore`)
    holds, each once."""
    out: set[Triple] = set()
    for sparql in QUERIES.values():
        out.update(store.query(sparql))
    return list(out)


def write_lookups(store, writer) -> int:
    """Derive the lookup links of ``store`` and write them to the lookups graph with ``writer``
    (a build's :class:`~policykg.store.writers.GraphLoader`); how many."""
    return writer.add_graph(iri.LOOKUPS_GRAPH, lookup_triples(store))

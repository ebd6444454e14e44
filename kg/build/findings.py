"""Data-quality findings as triples in a document's graph, and read back from a store."""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Triple

from policykg.model import iri
from policykg.model.records import Finding, integer
from policykg.model.vocab import PK, RDF

QUERY = """
SELECT ?f ?doc ?kind ?severity ?message ?line
       (GROUP_CONCAT(DISTINCT STR(?l); separator=",") AS ?lines)
       (GROUP_CONCAT(DISTINCT STR(?a); separator=" ") AS ?about)
WHERE {
  ?f a pk:Finding ; pk:findingKind ?kind ; pk:severity ?severity ; pk:message ?message ;
     pk:document ?d .
  BIND(REPLACE(STR(?d), "^.*/doc/", "") AS ?doc)
  OPTIONAL { ?f pk:startLine ?line }
  OPTIONAL { ?f pk:endLine ?l }
  OPTIONAL { ?f pk:about ?a }
} GROUP BY ?f ?doc ?kind ?severity ?message ?line ORDER BY ?doc ?line ?kind
"""


def finding_triples(findings: Iterable[Finding]) -> list[Triple]:
    """``pk:Finding`` nodes; every involved line is a ``pk:endLine`` value (the first the start)."""
    out = []
    for f in findings:
        node = iri.keyed("finding", f.document, f.kind, f.line, f.message)
        out += [
            Triple(node, RDF.type, PK.Finding),
            Triple(node, PK.document, iri.document(f.document)),
            Triple(node, PK.findingKind, Literal(f.kind)),
            Triple(node, PK.severity, Literal(f.severity)),
            Triple(node, PK.message, Literal(f.message)),
        ]
        if f.line:
            out.append(Triple(node, PK.startLine, integer(f.line)))
        out += [Triple(node, PK.endLine, integer(n)) for n in f.lines]
        out += [Triple(node, PK.about, NamedNode(a)) for a in f.about]
    return out


def stored_findings(store) -> list[Finding]:
    """Every finding recorded in a store, in document and line order."""
    out = []
    for r in store.select(QUERY):
        lines = (
            tuple(sorted(int(x) for x in r["lines"].value.split(",") if x)) if "lines" in r else ()
        )
        about = tuple(r["about"].value.split()) if "about" in r else ()
        out.append(
            Finding(
                r["doc"].value,
                int(r["line"].value) if "line" in r else None,
                r["kind"].value,
                r["message"].value,
                r["severity"].value,
                lines,
                about,
            )
        )
    return out

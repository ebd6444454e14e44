"""Data-quality findings as the store holds them: the query that reads them back.

A build writes each :class:`~policykg.model.records.Finding` as a ``pk:Finding`` node of its
document's graph (:func:`policykg.build.findings.finding_triples`); :func:`stored_findings` reads
them back from any store answering ``select`` (the build's validation and the read path both use
it, so the shape of a stored finding is known in one place).
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from policykg.model import iri
from policykg.model.records import Finding

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


def finding_node(finding: Finding) -> NamedNode:
    """The IRI of a finding's ``pk:Finding`` node, minted from what it says (not where it is
    stored), so a page can link to one finding across rebuilds."""
    return iri.keyed("finding", finding.document, finding.kind, finding.line, finding.message)


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

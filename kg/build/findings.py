"""Data-quality findings as triples in a document's graph (read back by
:func:`policykg.model.findings.stored_findings`)."""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Triple

from policykg.model import iri
from policykg.model.findings import finding_node
from policykg.model.records import Finding, integer
from policykg.model.vocab import PK, RDF


def finding_triples(findings: Iterable[Finding]) -> list[Triple]:
    """``pk:Finding`` nodes; every involved line is a ``pk:endLine`` value (the first the start)."""
    out = []
    for f in findings:
        node = finding_node(f)
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

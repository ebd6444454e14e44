"""Validation of a store: the SHACL shapes of ``ontology/shapes.ttl`` and stored findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import RdfFormat, serialize

from policykg.build.duplicates import LikelyDuplicate, likely_duplicates
from policykg.build.shacl import compile_shapes, evaluate, subclass_closure
from policykg.model.findings import stored_findings
from policykg.model.records import Finding
from policykg.model.vocab import ontology_text, shapes_text

_SHACL_RESULTS = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?focus ?path ?message ?severity WHERE {
  ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity .
  OPTIONAL { ?r sh:resultPath ?path } OPTIONAL { ?r sh:resultMessage ?message }
} ORDER BY ?focus ?path
"""


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    severity: str


@dataclass
class ValidationReport:
    """SHACL violations and the data-quality findings of a store, and the likely duplicate laws
    and strategies a person should confirm (they do not fail a validation)."""

    violations: list[Violation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    duplicates: list[LikelyDuplicate] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        """True when no shape is violated and no finding is an error."""
        return not self.violations and not self.errors


def validate(store) -> ValidationReport:
    """Run the SHACL shapes over the union graph of ``store`` and collect its findings.

    The shapes are evaluated on the store itself (:mod:`policykg.build.shacl`) when they only use
    the SHACL Core components it implements, else by pyshacl on a copy of the whole graph.
    """
    shapes = compile_shapes(shapes_text())
    if shapes is None:
        return validate_with_pyshacl(store)
    report = ValidationReport(findings=stored_findings(store), duplicates=likely_duplicates(store))
    for r in evaluate(store, shapes, subclass_closure(ontology_text())):
        if r.severity == "Violation":
            report.violations.append(Violation(r.focus, r.path, r.message, r.severity))
    return report


def validate_with_pyshacl(store) -> ValidationReport:
    """The same report computed by pyshacl (any SHACL shapes; slow: copies the graph to rdflib)."""
    import rdflib
    from pyshacl import validate as shacl

    data = rdflib.Graph()
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    ntriples = serialize(triples, format=RdfFormat.N_TRIPLES)
    assert ntriples is not None  # without an output, serialize returns the bytes
    data.parse(data=ntriples.decode("utf-8"), format="nt")
    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    ontology = rdflib.Graph().parse(data=ontology_text(), format="turtle")
    _conforms, results, _text = shacl(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True
    )
    report = ValidationReport(findings=stored_findings(store), duplicates=likely_duplicates(store))
    for row in results.query(_SHACL_RESULTS):
        severity = str(row.severity).rsplit("#", 1)[-1]
        if severity == "Violation":
            report.violations.append(
                Violation(str(row.focus), str(row.path or ""), str(row.message or ""), severity)
            )
    return report
